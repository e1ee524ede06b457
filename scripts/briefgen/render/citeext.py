"""The Python-Markdown extension: `[@key, p. 5]` citations and a reference list per page.

Citations render as author-date text linked to the works-cited page, and each page that cites
something gets a reference list. Inline processors never see code spans or fenced blocks (both
are stashed earlier), so `@` inside code is never touched. The renderer comes from the build
through the extension's `renderer` option: briefgen renders every page itself (htmlpage.py), so
an engine never needs one; if an engine ever meets a citation, the page was not made by briefgen
and the extension says so.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import Any, Protocol

from markdown import Markdown
from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor
from markdown.treeprocessors import Treeprocessor

from briefgen.cite.syntax import GROUP_PATTERN, CiteGroup, parse_group

EXTENSION = "briefgen.citations"
"""The name briefs give the extension in mkdocs.yml (`markdown_extensions:`)."""


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
            # Not None: Python-Markdown would read an option whose default is None as a boolean.
            "renderer": ["", "an object implementing CitationRenderer (briefgen's renderer; engines never need one)"],
            "reference_list": [True, "append a References section to pages that cite works"],
        }
        self.cited: list[str] = []
        super().__init__(**kwargs)

    @property
    def renderer(self) -> CitationRenderer:
        """The build's renderer (render/htmlpage.py passes it)."""
        renderer: CitationRenderer | str = self.getConfig("renderer")
        if isinstance(renderer, str):
            raise RuntimeError(
                "briefgen's citation extension met a citation in a page briefgen did not render "
                "(build with `briefgen build`, preview with `briefgen serve`)"
            )
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
    """The extension, as Python-Markdown loads it by name (`briefgen.citations`)."""
    return CitationExtension(**kwargs)
