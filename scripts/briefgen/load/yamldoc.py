"""A YAML document as plain values with the line of every key and item (load/yamlread.py reads
it strictly)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

PathKey = tuple[str | int, ...]

MAX_BYTES = 8 * 1024 * 1024
MAX_DEPTH = 40


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
    """A problem that ends the reading of a YAML document (syntax, anchors, nesting)."""

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
