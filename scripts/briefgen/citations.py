"""Pandoc-style citations: `[@key]`, `[@key, p. 66]`, `[see @a; @b, pp. 28–46]`.

`find_citations` locates them in Markdown (skipping code) for validation; `CitationExtension`
renders them in Python-Markdown as author-date text linked to the works-cited page, and adds a
reference list to each page that cites something. Inline processors never see code spans or
fenced blocks (both are stashed earlier), so `@` inside code is never touched.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Protocol

from markdown import Markdown
from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor
from markdown.treeprocessors import Treeprocessor

from .csl import CiteGroup, CiteItem

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


class CitationRenderer(Protocol):
    """What the Markdown extension needs from the build: formatted text and where works live."""

    def known(self, key: str) -> bool: ...

    def cite_html(self, group: CiteGroup, page_url: str) -> str: ...

    def reference_html(self, key: str, page_url: str, style: str | None = None) -> str: ...

    def reference_styles(self) -> list[tuple[str, bool]]: ...

    def reference_order(self, keys: list[str], style: str) -> list[str]: ...

    def current_page_url(self) -> str: ...

    def report_unknown(self, key: str, page_url: str) -> None: ...

    def references_title(self) -> str: ...


class _CitationProcessor(InlineProcessor):
    def __init__(self, pattern: str, md: Markdown, ext: CitationExtension) -> None:
        super().__init__(pattern, md)
        self.ext = ext

    def handleMatch(self, m: re.Match[str], data: str) -> tuple[Any, int | None, int | None]:
        group = parse_group(m.group("body"))
        if group is None:
            return None, None, None
        renderer = self.ext.renderer
        page = renderer.current_page_url()
        unknown = [k for k in group.keys if not renderer.known(k)]
        element = ET.Element("span")
        if unknown:
            for key in unknown:
                renderer.report_unknown(key, page)
            element.set("class", "bg-cite bg-cite-unknown")
            element.text = m.group(0)
            return element, m.start(0), m.end(0)
        for key in group.keys:
            if key not in self.ext.cited:
                self.ext.cited.append(key)
        element.set("class", "bg-cite")
        element.set("data-cites", " ".join(group.keys))
        element.text = self.md.htmlStash.store(renderer.cite_html(group, page))
        return element, m.start(0), m.end(0)


class _ReferenceListProcessor(Treeprocessor):
    def __init__(self, md: Markdown, ext: CitationExtension) -> None:
        super().__init__(md)
        self.ext = ext

    def run(self, root: ET.Element) -> None:
        if not self.ext.cited or not self.ext.getConfig("reference_list"):
            return
        renderer = self.ext.renderer
        page = renderer.current_page_url()
        # Out of the search index: the works page holds every entry once, with links back here.
        heading = ET.SubElement(root, "h2", {"id": "references", "data-search-exclude": ""})
        heading.text = renderer.references_title()
        # One list per style, in that style's order; the reader's style is shown (briefgen.js).
        for style, shown in renderer.reference_styles():
            attrs = {"class": "bg-references", "data-style": style, "data-search-exclude": ""}
            if not shown:
                attrs["hidden"] = ""
            listing = ET.SubElement(root, "ul", attrs)
            for key in renderer.reference_order(self.ext.cited, style):
                item = ET.SubElement(listing, "li", {"data-key": key})
                item.text = self.md.htmlStash.store(renderer.reference_html(key, page, style))


class CitationExtension(Extension):
    """Python-Markdown extension: `[@key, p. 5]` citations and a per-page reference list."""

    def __init__(self, **kwargs: Any) -> None:
        self.config = {
            "renderer": [None, "an object implementing CitationRenderer (set by the build)"],
            "reference_list": [True, "append a References section to pages that cite works"],
        }
        self.cited: list[str] = []
        super().__init__(**kwargs)

    @property
    def renderer(self) -> CitationRenderer:
        renderer = self.getConfig("renderer")
        if renderer is None:
            from .session import current_renderer

            renderer = current_renderer()
        return renderer

    def extendMarkdown(self, md: Markdown) -> None:
        md.registerExtension(self)
        # After code spans (190) and escapes (180), before links (160) and references (170).
        md.inlinePatterns.register(_CitationProcessor(GROUP_PATTERN, md, self), "briefgen_citation", 175)
        # After inline processing (20), before the table of contents (5) so the heading is listed.
        md.treeprocessors.register(_ReferenceListProcessor(md, self), "briefgen_references", 10)

    def reset(self) -> None:
        self.cited = []


def makeExtension(**kwargs: Any) -> CitationExtension:
    return CitationExtension(**kwargs)
