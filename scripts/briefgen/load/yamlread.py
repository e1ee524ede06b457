"""Strict YAML loading that keeps the line of every value.

PyYAML's `safe_load` silently keeps the last of duplicate keys, turns `no` into False, `1.10`
into 1.1 and `2024-06-19` into a date. Here only `true`/`false` and plain decimal integers are
typed; text that *looks* typed (`no`, `1.10`, `2024-06-19`, `010`, `1:30`) is an error asking
for quotes, so that what the author wrote is what gets published. Anchors, aliases and tags are
refused, and every problem has a file and a line.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

import yaml

from briefgen.base.errors import Problem
from briefgen.load.decode import decode_utf8
from briefgen.load.yamldoc import MAX_BYTES, MAX_DEPTH, LoadedYaml, PathKey, YamlProblem, format_path
from briefgen.load.yamlvalues import (
    _CONTROL,
    _MAP,
    _SEQ,
    _STR,
    _collection_tag,
    _key_tag,
    _line,
    _scalar,
    _scalar_tag,
    tag_problem,
)

_Loader: type[Any] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


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
                self._problem(line, path, tag_problem(tag))
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
                self._problem(line, path, tag_problem(tag))
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
