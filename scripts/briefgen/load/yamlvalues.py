"""How strict YAML types a value: only `true`/`false` and plain decimal integers are typed; text
that *looks* typed (`no`, `1.10`, `2024-06-19`, `010`, `1:30`) is an error asking for quotes,
and tags are refused. Each rule with its message."""

from __future__ import annotations

import functools
import re
import unicodedata
from typing import Any

import yaml

from briefgen.base.dates import date_problem
from briefgen.base.errors import Problem
from briefgen.load.yamldoc import LoadedYaml, PathKey, format_path

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
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")
"""Characters no text field may hold: control characters (tab and line feed are fine) and
Unicode line separators. In HTML they are invisible or garble the page."""


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


def _scalar(  # long: YAML 1.1's implicit types, refused in the order PyYAML resolves them
    node: yaml.ScalarEvent, line: int, path: PathKey, doc: LoadedYaml, problems: list[Problem]
) -> Any:
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
            problems.append(Problem(doc.file, line, format_path(path), tag_problem(tag)))
            return None
        return value
    expected = _implicit_tag(value)
    # An untagged plain scalar gets exactly the implicit tag; only an explicit one can differ.
    tag = expected if node.tag is None and node.implicit == (True, False) else _scalar_tag(node)
    if tag != expected:
        problems.append(Problem(doc.file, line, format_path(path), tag_problem(tag)))
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


def tag_problem(tag: str) -> str:
    """The message for a YAML tag: every tag is refused (a tag can make PyYAML build objects)."""
    return f"YAML tag '{_short(tag)}' is not allowed (remove it)"


def _short(tag: str) -> str:
    return tag.replace("tag:yaml.org,2002:", "!!")
