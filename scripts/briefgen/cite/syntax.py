"""Pandoc-style citations: `[@key]`, `[@key, p. 66]`, `[see @a; @b, pp. 28–46]`.

`find_citations` locates them in Markdown (skipping code) for validation; the Python-Markdown
extension that renders them (render/citeext.py) reads them with the same `GROUP_PATTERN`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from briefgen.model.articles import CiteRef
from briefgen.model.timeline import EventSource


@dataclass(frozen=True)
class CiteItem:
    """One cited work in a citation: its key, locator and prefix."""

    key: str
    locator: str = ""
    """Everything after the first comma: "p. 66", "pp. 28–46"."""
    prefix: str = ""
    """Text before the key: "see"."""


@dataclass(frozen=True)
class CiteGroup:
    """One bracketed citation: `[see @a, p. 5; @b]`."""

    items: tuple[CiteItem, ...]

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(i.key for i in self.items)

    def markdown(self) -> str:
        """The citation in briefgen's own Markdown syntax: `[see @a, p. 5; @b]`."""
        parts = []
        for item in self.items:
            text = f"{item.prefix} @{item.key}" if item.prefix else f"@{item.key}"
            parts.append(f"{text}, {item.locator}" if item.locator else text)
        return "[" + "; ".join(parts) + "]"

    def pandoc_markdown(self, page_label: str = "p.") -> str:
        parts = []
        for item in self.items:
            text = f"{item.prefix} @{{{item.key}}}" if item.prefix else f"@{{{item.key}}}"
            if item.locator:
                text += f", {localize_locator(item.locator, page_label)}"
            parts.append(text)
        return "[" + "; ".join(parts) + "]"


_PAGE_LOCATOR = re.compile(r"(?:p|pp|page|pages|с|стр)\.?\s+(?P<value>\S.*)\Z", re.I)
_INFERRED_PAGES = re.compile(r"\[([^\[\]]*)\]")
INFERRED_OPEN, INFERRED_CLOSE = "\u27e8", "\u27e9"
"""How a citation shows an inferred page, `⟨67⟩`: a GOST citation is itself in square brackets,
so the square brackets that mark an inferred page everywhere else would nest there
(`[Фэн, б. г., с. [63]]`). Every style uses the same mark, so switching styles never changes it."""


def inferred_in_citation(value: str) -> str:
    """`66–[67]` -> `66–⟨67⟩`: square-bracketed (inferred) pages as they appear inside a citation."""
    return _INFERRED_PAGES.sub(lambda m: f"{INFERRED_OPEN}{m.group(1)}{INFERRED_CLOSE}", value)


def localize_locator(locator: str, page_label: str) -> str:
    """`p. 66` -> `с. 66` for a Russian style; an inferred page `p. [67]` -> `с. ⟨67⟩`."""
    match = _PAGE_LOCATOR.match(locator.strip())
    if not match:
        return inferred_in_citation(locator)
    value = inferred_in_citation(match.group("value"))
    if INFERRED_OPEN in value:  # braces make pandoc read the label and take the rest literally
        return f"{{{page_label} {value}}}"
    return f"{page_label} {value}"


TEXT_LINK = re.compile(r"(!?)\[(?P<text>[^\]\n]*)\]\((?P<target>[^)\s]*)(?:\s+\"[^\"]*\")?\)")
"""A link in a text field, `[text](target)` (an image when it starts with `!`): the form whose
`KIND:id` targets the pages resolve."""


def source_group(key: str) -> CiteGroup:
    """The citation of a whole work, without a locator: how pages name the work they summarise."""
    return CiteGroup((CiteItem(key, ""),))


def cite_group(cites: list[CiteRef] | list[EventSource]) -> CiteGroup:
    """The one citation that renders a claim's or an event's list of sources."""
    return CiteGroup(tuple(CiteItem(c.key, c.locator or "") for c in cites))


def plain_text(markdown_text: str) -> str:
    """A text field without its markup: citations dropped, links reduced to their text."""
    text = re.sub(r"\s*" + GROUP_PATTERN, "", markdown_text)
    text = TEXT_LINK.sub(lambda m: m.group("text"), text)
    return re.sub(r"[*_]{1,2}([^*_]+)[*_]{1,2}", r"\1", text)


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
    """A citation found in Markdown text, with where it is."""

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
