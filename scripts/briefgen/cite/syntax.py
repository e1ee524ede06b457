"""Pandoc-style citations: `[@key]`, `[@key, p. 66]`, `[see @a; @b, pp. 28–46]`.

`find_citations` locates them in Markdown (skipping code) for validation; the Python-Markdown
extension that renders them (engine/markdown.py) reads them with the same `GROUP_PATTERN`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from briefgen.cite.csl import CiteGroup, CiteItem

# A key is what pandoc accepts: starts with a word character, may hold internal punctuation.
_KEY = r"[\w][\w:.#$%&+?<>~/-]*"
_ITEM = re.compile(rf"^(?P<prefix>.*?)(?:^|(?<=[\s]))-?@(?P<key>{_KEY})(?P<rest>.*)$", re.S)
GROUP_PATTERN = (
    r"\[(?P<body>[^\[\]\n]*(?:\[[^\[\]\n]*\][^\[\]\n]*)*@[^\[\]\n]*(?:\[[^\[\]\n]*\][^\[\]\n]*)*)\](?![(\[:])"
)
_GROUP_RE = re.compile(GROUP_PATTERN)
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(`+)(?:.+?)\1", re.S)
_CITE_LIKE = re.compile(r"(?:^|[\s;])-?@\w")


def parse_group(body: str) -> CiteGroup | None:
    """The citation in `body` (the text inside the brackets), or None if it is not one."""
    items: list[CiteItem] = []
    for part in body.split(";"):
        match = _ITEM.match(part.strip())
        if not match:
            return None
        key = match.group("key").rstrip(".:,;?")
        rest = match.group("key")[len(key) :] + match.group("rest")
        locator = ""
        rest = rest.strip()
        if rest.startswith(","):
            locator = rest[1:].strip()
        elif rest:
            return None  # `[@a b]` is not a citation form we accept
        items.append(CiteItem(key=key, locator=locator, prefix=match.group("prefix").strip()))
    return CiteGroup(tuple(items)) if items else None


@dataclass(frozen=True)
class FoundCitation:
    line: int
    """0-based line within the text."""
    column: int
    raw: str
    group: CiteGroup


def find_citations(markdown_text: str, *, malformed: list[tuple[int, str]] | None = None) -> Iterator[FoundCitation]:
    """Every citation in Markdown text, outside fenced code blocks and code spans.

    Bracketed text that holds an `@key` but is not a citation (`[@key p. 5]`, without the comma)
    would be published as it stands; with `malformed`, each such (0-based line, raw text) is
    appended to it."""
    if "@" not in markdown_text or "[" not in markdown_text:
        return  # every citation, and every malformed one, is a bracket holding an '@'
    in_fence = ""
    for lineno, line in enumerate(markdown_text.split("\n")):
        fence = _FENCE.match(line)
        if in_fence:
            if fence and fence.group(1)[0] == in_fence[0] and len(fence.group(1)) >= len(in_fence):
                in_fence = ""
            continue
        if fence:
            in_fence = fence.group(1)
            continue
        if line.startswith(("    ", "\t")) and not line.strip().startswith(("-", "*", "[")):
            continue  # indented code block (approximation: list continuations start with a marker)
        masked = _CODE_SPAN.sub(lambda m: " " * len(m.group(0)), line) if "`" in line else line
        for match in _GROUP_RE.finditer(masked):
            group = parse_group(match.group("body"))
            raw = line[match.start() : match.end()]
            if group is not None:
                yield FoundCitation(lineno, match.start(), raw, group)
            elif malformed is not None and _CITE_LIKE.search(match.group("body")):
                malformed.append((lineno, raw))
