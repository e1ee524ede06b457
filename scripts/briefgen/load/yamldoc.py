"""Strict YAML loading that keeps the line of every value.

PyYAML's `safe_load` silently keeps the last of duplicate keys, turns `no` into False, `1.10`
into 1.1 and `2024-06-19` into a date. Here only `true`/`false` and plain decimal integers are
typed; text that *looks* typed (`no`, `1.10`, `2024-06-19`, `010`, `1:30`) is an error asking
for quotes, so that what the author wrote is what gets published. Anchors, aliases and tags are
refused, and every problem has a file and a line.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

import yaml

from briefgen.base.dates import date_problem
from briefgen.base.errors import Problem
from briefgen.load.decode import decode_utf8

PathKey = tuple[str | int, ...]

MAX_BYTES = 8 * 1024 * 1024
MAX_DEPTH = 40

_Loader: type[Any] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_BOOL = {"true": True, "false": False}
_INT = re.compile(r"[-+]?(0|[1-9][0-9]*)\Z")
_AMBIGUOUS_BOOL = re.compile(r"(yes|Yes|YES|no|No|NO|on|On|ON|off|Off|OFF|True|TRUE|False|FALSE)\Z")
_NULL = re.compile(r"(~|null|Null|NULL)?\Z")
_NUMBER_LIKE = re.compile(
    r"""[-+]?(
        [0-9][0-9_]*\.[0-9_]*([eE][-+]?[0-9]+)?   # 1.10, 1., 1.0e3
      | \.[0-9_]+([eE][-+]?[0-9]+)?              # .5
      | [0-9][0-9_]*[eE][-+]?[0-9]+              # 1e3
      | 0[0-9_]+ | 0x[0-9a-fA-F_]+ | 0o[0-7_]+ | 0b[01_]+   # 010, 0x1f
      | [0-9][0-9_]*(:[0-5]?[0-9])+(\.[0-9_]*)?  # 1:30 (base 60)
      | \.(inf|Inf|INF|nan|NaN|NAN)
    )\Z""",
    re.VERBOSE,
)
_DATE_LIKE = re.compile(r"[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([Tt ].*)?\Z")

_STR = "tag:yaml.org,2002:str"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"


@dataclass
class LoadedYaml:
    """A YAML document as plain Python values, with the line of every key and item."""

    file: str
    data: Any
    lines: dict[PathKey, int] = field(default_factory=dict)
    block_scalars: set[PathKey] = field(default_factory=set)
    """Paths of `|` block scalars, whose text starts on the line after `lines[path]`."""
    spans: dict[PathKey, tuple[int, int, int]] = field(default_factory=dict)
    """Text values that do not sit on their key's line, or span lines: (first line, its column,
    last line), 1-based, where the value starts (for a block scalar, its `|` or `>`)."""
    source: str | None = field(default=None, compare=False, repr=False)
    """The text the document was read from (for exact positions inside text values)."""

    def line(self, path: PathKey) -> int:
        """The line of `path`, or of its nearest located ancestor."""
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), 1)

    def text_line(self, path: PathKey, offset_lines: int) -> int:
        """The line of the `offset_lines`-th line inside the text value at `path`."""
        base = self.line(path)
        if path in self.block_scalars:
            return base + 1 + offset_lines
        return base + offset_lines

    def position(self, path: PathKey, value: str, offset: int) -> tuple[int, int]:
        """(line, column) in the file of character `offset` of the text `value` at `path`, both
        1-based; the column is 0 when it cannot be told (an escape before it). Exact inside
        literal `|` and folded `>` blocks, whose lines YAML joins."""
        lines = self.source.split("\n") if self.source is not None else None
        span = self.spans.get(path)
        if lines is None:
            return self.text_line(path, value.count("\n", 0, offset)), 0
        if span is None:  # on the key's line, on one line
            number = self.line(path)
            text = lines[number - 1] if 0 < number <= len(lines) else ""
            start = text.find(value, text.find(":") + 1 if ":" in text else 0)
            return number, (start + offset + 1 if start >= 0 else 0)
        first, column, last = span
        if path in self.block_scalars:
            pieces = [(n, lines[n - 1]) for n in range(first + 1, last + 1) if n <= len(lines)]
        else:
            pieces = [(first, " " * (column - 1) + lines[first - 1][column - 1 :].lstrip("\"'"))]
            pieces += [(n, lines[n - 1]) for n in range(first + 1, last + 1) if n <= len(lines)]
        anchor = (0, first, 0)
        pos = 0
        for number, text in pieces:
            content = text.strip().rstrip("\"'") if number == last and path not in self.block_scalars else text.strip()
            if not content:
                continue
            found = value.find(content, pos)
            if found < 0 or found > offset:
                break
            anchor = (found, number, len(text) - len(text.lstrip()) + 1)
            pos = found + len(content)
        found, number, col = anchor
        return number, (col + offset - found if col else 0)


class YamlProblem(Exception):
    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


def format_path(path: PathKey) -> str:
    """`('parts', 2, 'claims', 3)` -> `parts[2].claims[3]`."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else part
    return out or "(top level)"


def load_yaml(raw: bytes, file: str, *, partial: bool = False) -> tuple[LoadedYaml | None, list[Problem]]:
    """Parse `raw` strictly. Returns the document, or None and the problems found. With
    `partial`, a document whose problems are all in values (not in the syntax) is returned too,
    with those values left out: its text can still be checked in the same run."""
    text, problem = _decode(raw, file)
    if problem:
        return None, [problem]
    assert text is not None
    if not text.strip() or all(not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()):
        return None, [Problem(file, 1, "(top level)", "file is empty (add the fields this file kind needs)")]
    doc = LoadedYaml(file=file, data=None, source=text)
    problems: list[Problem] = []
    try:
        found = _Builder(text, doc, problems).document()
    except YamlProblem as exc:
        return None, [Problem(file, exc.line, "(syntax)", exc.message)]
    except yaml.MarkedYAMLError as exc:
        return None, [_syntax_problem(exc, file, text)]
    except yaml.reader.ReaderError as exc:
        # A character YAML does not allow (a control character); the reader gives no line. It is
        # the first such character, so the first occurrence of it in the text.
        return None, [_control_problem(file, text, max(text.find(chr(exc.character)), 0))]
    except yaml.YAMLError as exc:  # pragma: no cover - libyaml reports everything as marked
        return None, [Problem(file, 1, "(syntax)", f"invalid YAML: {exc} (fix the syntax)")]
    except RecursionError:
        return None, [Problem(file, 1, "(syntax)", f"nesting is too deep (at most {MAX_DEPTH} levels)")]
    if not found:
        return None, [Problem(file, 1, "(top level)", "file is empty (add the fields this file kind needs)")]
    if problems:
        return (doc if partial else None), problems
    return doc, []


class _Builder:
    """Builds the values straight from libyaml's events, in one pass (PyYAML's composer would
    parse the text a second time and make a node object for every value).

    Every event is first checked for anchors, aliases and nesting depth; those problems, and
    syntax errors anywhere in the file, are reported alone (as if found before any value was
    built): the caller drops the value problems when one is raised. The values are built as
    PyYAML's composer would type them (the same resolver, the same tags)."""

    def __init__(self, text: str, doc: LoadedYaml, problems: list[Problem]) -> None:
        self._loader = _Loader(text)
        self._get_event = self._loader.get_event  # what yaml.parse() yields, without its generator
        self._depth = 0
        self.doc = doc
        self.problems = problems

    def _next(self) -> yaml.Event:
        event = self._get_event()
        if type(event) is yaml.ScalarEvent:  # most events: the same checks, fewer steps
            if self._depth > MAX_DEPTH:
                raise YamlProblem(_line(event), f"nesting is too deep (at most {MAX_DEPTH} levels)")
            if event.anchor:
                raise YamlProblem(
                    _line(event), f"YAML anchor '&{event.anchor}' is not allowed (write the value out in full)"
                )
            return event
        anchor = getattr(event, "anchor", None)
        if isinstance(event, yaml.CollectionEndEvent):
            self._depth -= 1
        elif isinstance(event, yaml.NodeEvent) and self._depth > MAX_DEPTH:
            # Bounds the nesting before anything recursive sees it.
            raise YamlProblem(_line(event), f"nesting is too deep (at most {MAX_DEPTH} levels)")
        elif isinstance(event, yaml.CollectionStartEvent):
            self._depth += 1
        if isinstance(event, yaml.AliasEvent):
            raise YamlProblem(_line(event), f"YAML alias '*{anchor}' is not allowed (write the value out in full)")
        if anchor:
            # Refused at once: an alias bomb never gets expanded.
            raise YamlProblem(_line(event), f"YAML anchor '&{anchor}' is not allowed (write the value out in full)")
        checked: yaml.Event = event
        return checked

    def document(self) -> bool:
        """Build the one document into `doc.data`; False when the stream holds none."""
        try:
            return self._document()
        finally:
            self._loader.dispose()

    def _document(self) -> bool:
        self._next()  # stream start
        event = self._next()
        if isinstance(event, yaml.StreamEndEvent):
            return False
        self.doc.data = self._value(self._next(), (), 0)
        self._next()  # document end
        event = self._next()
        if not isinstance(event, yaml.StreamEndEvent):
            second = event
            while not isinstance(event, yaml.StreamEndEvent):  # the rest may hold a worse problem
                event = self._next()
            raise yaml.composer.ComposerError(
                "expected a single document in the stream",
                None,
                "but found another document",
                second.start_mark,  # type: ignore[arg-type]
            )
        return True

    def _skip(self, event: yaml.Event) -> None:
        """Consume the rest of the value that starts with `event`, building nothing."""
        if isinstance(event, yaml.CollectionStartEvent):
            depth = 1
            while depth:
                event = self._next()
                if isinstance(event, yaml.CollectionStartEvent):
                    depth += 1
                elif isinstance(event, yaml.CollectionEndEvent):
                    depth -= 1

    def _problem(self, line: int, path: PathKey, message: str) -> None:
        self.problems.append(Problem(self.doc.file, line, format_path(path), message))

    def _value(self, event: yaml.Event, path: PathKey, depth: int) -> Any:
        doc = self.doc
        line = _line(event)
        doc.lines.setdefault(path, line)
        if depth > MAX_DEPTH:
            self._problem(line, path, f"nesting is too deep (at most {MAX_DEPTH} levels)")
            self._skip(event)
            return None
        if isinstance(event, yaml.MappingStartEvent):
            tag = _collection_tag(event, yaml.MappingNode)
            if tag != _MAP:
                self._problem(line, path, f"YAML tag '{_short(tag)}' is not allowed (remove it)")
                self._skip(event)
                return None
            out: dict[str, Any] = {}
            first_line: dict[str, int] = {}
            while not isinstance(key_event := self._next(), yaml.MappingEndEvent):
                key_line = _line(key_event)
                key = self._key(key_event, key_line, path)
                if key is None:
                    self._skip(key_event)
                    self._skip(self._next())
                    continue
                if key in first_line:
                    self._problem(
                        key_line, (*path, key), f"duplicate key '{key}' (first at line {first_line[key]}; keep one)"
                    )
                    self._skip(self._next())
                    continue
                first_line[key] = key_line
                doc.lines[(*path, key)] = key_line
                out[key] = self._value(self._next(), (*path, key), depth + 1)
            return out
        if isinstance(event, yaml.SequenceStartEvent):
            tag = _collection_tag(event, yaml.SequenceNode)
            if tag != _SEQ:
                self._problem(line, path, f"YAML tag '{_short(tag)}' is not allowed (remove it)")
                self._skip(event)
                return None
            items: list[Any] = []
            while not isinstance(item := self._next(), yaml.SequenceEndEvent):
                items.append(self._value(item, (*path, len(items)), depth + 1))
            return items
        assert isinstance(event, yaml.ScalarEvent)
        return _scalar(event, line, path, doc, self.problems)

    def _key(self, event: yaml.Event, line: int, path: PathKey) -> str | None:
        """The key `event` gives, or None (and a problem) when it is not a plain text key."""
        if not isinstance(event, yaml.ScalarEvent):
            self._problem(line, path, "keys must be plain text (rename the key)")
            return None
        key: str = unicodedata.normalize("NFC", event.value)
        if _CONTROL.search(key) or "\n" in key or "\t" in key:
            self._problem(line, path, f"key {key!r} contains a control character (rename the key)")
            return None
        if key == "<<" and not event.style:
            self._problem(line, path, "YAML merge keys '<<' are not allowed (write the fields out)")
            return None
        tag = _key_tag(key) if event.tag is None and event.implicit == (True, False) else _scalar_tag(event)
        if tag != _STR:
            self._problem(line, path, f"key '{key}' is not text (keys must be field names such as 'title')")
            return None
        return key


def _line(event: yaml.Event) -> int:
    return event.start_mark.line + 1 if event.start_mark is not None else 1


def _collection_tag(event: yaml.CollectionStartEvent, kind: type[yaml.Node]) -> str:
    # As PyYAML's composer tags a collection: no tag, or the non-specific '!', means resolved.
    if event.tag is None or event.tag == "!":
        resolved: str = _resolve(kind, None, event.implicit)
        return resolved
    return str(event.tag)


def _scalar_tag(event: yaml.ScalarEvent) -> str:
    if event.tag is None or event.tag == "!":
        resolved: str = _resolve(yaml.ScalarNode, event.value, event.implicit)
        return resolved
    return str(event.tag)


def _decode(raw: bytes, file: str) -> tuple[str | None, Problem | None]:
    if len(raw) > MAX_BYTES:
        return None, Problem(
            file,
            1,
            "(file)",
            f"file is {len(raw)} bytes, more than the {MAX_BYTES} allowed (split it into smaller files)",
        )
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, Problem(file, 1, "(file)", "file is UTF-16 (save it as UTF-8)")
    text, problem = decode_utf8(raw, file)
    if text is None:
        return None, problem
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        return None, Problem(file, line, "(file)", "file contains a NUL byte (remove it; is this a binary file?)")
    separator = _LINE_SEPARATOR.search(text)
    if separator:
        # YAML counts these as line breaks and editors do not: every later line number would be off.
        return None, _control_problem(file, text, separator.start())
    return text, None


_LINE_SEPARATOR = re.compile("[\x85\u2028\u2029]")
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")
"""Characters no text field may hold: control characters (tab and line feed are fine) and
Unicode line separators. In HTML they are invisible or garble the page."""


def _control_problem(file: str, text: str, pos: int) -> Problem:
    before = text[:pos]
    line = before.count("\n") + 1
    col = pos - (before.rfind("\n") + 1) + 1
    kind = "control character" if _CONTROL.match(text, pos) else "character"
    return Problem(
        file, line, "(file)", f"{kind} U+{ord(text[pos]):04X} at column {col} (remove it, or retype the text around it)"
    )


def _syntax_problem(exc: yaml.MarkedYAMLError, file: str, text: str) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark is not None else 1
    problem = (exc.problem or "").strip()
    context = (exc.context or "").strip()
    lines = text.splitlines()
    source_line = lines[line - 1] if 0 < line <= len(lines) else ""
    if "\t" in source_line or "'\\t'" in problem:
        msg = "tab character in indentation or value (indent with spaces; quote values that contain tabs)"
    elif "expected a single document" in context or "expected a single document" in problem:
        msg = "more than one YAML document ('---') in the file (keep one document per file)"
    elif "expected <document start>" in problem:
        # Text after a '...' line: point at the marker, not at the text after it.
        ends = [i for i, text_line in enumerate(lines[: line - 1], start=1) if text_line.startswith("...")]
        line = ends[-1] if ends else line
        msg = "'...' ends the YAML document before the end of the file (remove the '...' line)"
    elif mark is not None and (indented := _over_indented(lines, line, mark.column, problem)):
        msg = indented
    elif "mapping values are not allowed" in problem:
        msg = "': ' inside an unquoted value (put the value in double quotes)"
    elif "found character" in problem and "cannot start any token" in problem:
        msg = f"{problem} (quote the value)"
    elif "found undefined alias" in problem or "found undefined tag handle" in problem:
        msg = f"{problem} (values starting with '*', '&' or '!' must be quoted)"
    else:
        where = f"{context}; " if context else ""
        msg = f"invalid YAML: {where}{problem} (check indentation and quoting)"
    return Problem(file, line, "(syntax)", msg)


_KEY_LINE = re.compile(r"([ ]*(?:-[ ]+)*)([^\s:#'\"][^:#]*?):(?:[ ]|$)")


def _over_indented(lines: list[str], line: int, column: int, problem: str) -> str | None:
    """The message when line `line` is a `key:` indented deeper than the key above it (YAML then
    reads it as the continuation of that key's value, or finds no key where it expects one), or
    None."""
    text = lines[line - 1] if 0 < line <= len(lines) else ""
    here = _KEY_LINE.match(text)
    if here is None:
        return None
    if "mapping values are not allowed" in problem:
        if here.end(2) != column:
            return None  # the ': ' is after other text on the line: a value that needs quotes
    elif "did not find expected key" not in problem or column != len(here.group(1)):
        return None
    for number in range(line - 1, 0, -1):
        above = lines[number - 1]
        if not above.strip() or above.lstrip().startswith("#"):
            continue
        key = _KEY_LINE.match(above)
        if key is None:
            return None
        width = len(key.group(1))
        if len(here.group(1)) <= width:
            return None
        where = f"indent it by {width} spaces" if width else "start it at the beginning of the line"
        return (
            f"key '{here.group(2).strip()}' is indented more than '{key.group(2).strip()}' on line {number}, so YAML "
            f"reads it as part of that value ({where}, like '{key.group(2).strip()}')"
        )
    return None


def _scalar(node: yaml.ScalarEvent, line: int, path: PathKey, doc: LoadedYaml, problems: list[Problem]) -> Any:
    value: str = node.value
    if not value.isascii() and not unicodedata.is_normalized("NFC", value):
        # «é» typed as e + U+0301 and as one character are the same text: one form is published.
        value = unicodedata.normalize("NFC", value)
    if node.style in ("|", ">"):
        doc.block_scalars.add(path)
    end = node.end_mark.line + 1 if node.end_mark is not None else line
    if end != line or doc.lines.get(path) != line or node.style in ("|", ">"):
        last = end - 1 if node.style in ("|", ">") and node.end_mark is not None and node.end_mark.column == 0 else end
        doc.spans[path] = (line, (node.start_mark.column + 1) if node.start_mark is not None else 1, last)
    control = _CONTROL.search(value)
    if control:
        # Only an escape in a quoted value ("\x07") gets here; raw ones are refused when reading.
        offset = value.count("\n", 0, control.start())
        problems.append(
            Problem(
                doc.file,
                doc.text_line(path, offset) if node.style in ("|", ">") else line,
                format_path(path),
                f"text contains the control character U+{ord(control.group()):04X} (remove the escape)",
            )
        )
        return None
    # Quoted or block scalars are always text, unless an explicit tag says otherwise.
    # (libyaml reports plain scalars with an empty style.)
    if node.style:
        tag = _scalar_tag(node)
        if tag != _STR:
            problems.append(
                Problem(doc.file, line, format_path(path), f"YAML tag '{_short(tag)}' is not allowed (remove it)")
            )
            return None
        return value
    expected = _implicit_tag(value)
    # An untagged plain scalar gets exactly the implicit tag; only an explicit one can differ.
    tag = expected if node.tag is None and node.implicit == (True, False) else _scalar_tag(node)
    if tag != expected:
        problems.append(
            Problem(doc.file, line, format_path(path), f"YAML tag '{_short(tag)}' is not allowed (remove it)")
        )
        return None
    if value in _BOOL:
        return _BOOL[value]
    if _INT.match(value):
        return int(value)
    if _NULL.match(value):
        return None
    if _AMBIGUOUS_BOOL.match(value):
        problems.append(
            Problem(
                doc.file,
                line,
                format_path(path),
                f"'{value}' is ambiguous (write true or false, or quote it as text: \"{value}\")",
            )
        )
        return None
    if _DATE_LIKE.match(value):
        problems.append(Problem(doc.file, line, format_path(path), _unquoted_date(value)))
        return None
    if _NUMBER_LIKE.match(value):
        problems.append(
            Problem(doc.file, line, format_path(path), f"'{value}' would be read as a number (quote it: \"{value}\")")
        )
        return None
    return value


def _unquoted_date(value: str) -> str:
    """The message for a date YAML would read as a date: quoting advice, with the calendar and
    the form checked at once (so that quoting it does not reveal a second error)."""
    parts = re.fullmatch(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})", value)
    if parts is None:  # with a time: briefgen dates have none
        return f'unquoted date {value} (quote it: "{value}")'
    year, month, day = (int(p) for p in parts.groups())
    padded = f"{year:04d}-{month:02d}-{day:02d}"
    if date_problem(padded) is not None:  # the brief's one date rule
        return f'unquoted date {value} is not a real calendar date (check month and day, and quote it: "YYYY-MM-DD")'
    if padded != value:
        return f'unquoted date {value} (write it with two-digit month and day, in quotes: "{padded}")'
    return f'unquoted date {value} (quote it: "{value}")'


@functools.lru_cache(maxsize=1024)
def _key_tag(key: str) -> str:
    """The implicit tag of a plain key: the same few field names, thousands of times."""
    return _implicit_tag(key)


def _implicit_tag(value: str) -> str:
    """The tag PyYAML's resolver gives an untagged plain scalar with this text."""
    resolved: str = _resolve(yaml.ScalarNode, value, (True, False))
    return resolved


_RESOLVER = yaml.resolver.Resolver()


def _resolve(kind: type[yaml.Node], value: str | None, implicit: bool | tuple[bool, bool]) -> str:
    """PyYAML's resolver (untyped in its stubs), as its composer calls it."""
    resolve: Any = _RESOLVER.resolve
    return str(resolve(kind, value, implicit))


def _short(tag: str) -> str:
    return tag.replace("tag:yaml.org,2002:", "!!")
