"""A page's Markdown -> its body HTML, its table of contents and its title, as MkDocs would
have made them: the site's Markdown extensions in MkDocs' order, links to other files of the
site made relative `.html` URLs, the title taken from the first heading. briefgen converts every
page here, once, before any engine runs; the engines only place the result (engine/pagebody.py).

One converter serves a whole run: Python-Markdown is reset between pages, and the citation
renderer is told which page it is on. Pure: strings in, strings out.
"""

from __future__ import annotations

import copy
import posixpath
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote, urlsplit, urlunsplit

from markdown import Markdown
from markdown.treeprocessors import Treeprocessor, UnescapeTreeprocessor
from markdown.util import AMP_SUBSTITUTE

from briefgen.base import routes
from briefgen.render.citeext import EXTENSION as CITATIONS
from briefgen.render.citeext import CitationExtension
from briefgen.render.renderer import SiteRenderer

BUILTINS = ("toc", "tables", "fenced_code")
"""Extensions MkDocs always loads before the site's own list (its `markdown_extensions` builtins)."""
ENGINE_ONLY = frozenset({"briefgen.pagebody"})
"""Extensions that only place pages briefgen made: nothing for them to do here."""


@dataclass(frozen=True)
class MarkdownSetup:
    """The Markdown extensions pages are rendered with: the site's, with their options."""

    extensions: tuple[str, ...]
    """Names, in the order MkDocs loads them (its builtins first, each name once)."""
    configs: dict[str, dict[str, Any]]
    """Options by name, as Python objects (tags made into the objects MkDocs makes)."""
    digest: str
    """A hash of the settings as written (part of every page's cache key)."""

    @classmethod
    def of(cls, entries: list[tuple[str, dict[str, Any]]], digest: str) -> MarkdownSetup:
        """From the site configuration's (name, options) pairs."""
        names = list(dict.fromkeys([*BUILTINS, *(name for name, _ in entries)]))
        if CITATIONS not in names:  # generated pages need it, whatever the site lists
            names.insert(len(BUILTINS), CITATIONS)
        configs: dict[str, dict[str, Any]] = {}
        for name, options in entries:
            configs.setdefault(name, {}).update(options)
        return cls(tuple(n for n in names if n not in ENGINE_ONLY), configs, digest)


@dataclass(frozen=True)
class Converted:
    """One page converted."""

    html: str
    toc: list[dict[str, Any]]
    """Python-Markdown's toc_tokens (what the engine shows as the page's contents)."""
    title: str | None
    """The first heading's text, as MkDocs takes it (HTML-escaped text), when the page opens with one."""
    unresolved: list[str] = field(default_factory=list)
    """Relative links that lead to no page or file of the site."""


class _SiteLinks(Treeprocessor):
    """Relative links to files of the site made the URLs they have in the built site (MkDocs'
    relative-path step): `../works.md#ref-x` -> `../works.html#ref-x`."""

    def __init__(self, md: Markdown, files: frozenset[str]) -> None:
        super().__init__(md)
        self.files = files
        self.page = routes.HOME
        self.unresolved: list[str] = []

    def run(self, root: ET.Element) -> None:
        for element in root.iter():
            key = "href" if element.tag == "a" else "src" if element.tag == "img" else None
            if key is not None and element.get(key) is not None:
                element.set(key, self.url(str(element.get(key))))

    def url(self, url: str) -> str:
        scheme, netloc, path, query, anchor = urlsplit(url)
        if scheme or netloc or url.startswith(("/", "\\")) or AMP_SUBSTITUTE in url or not path:
            return url
        target = posixpath.normpath(posixpath.join(posixpath.dirname(self.page), unquote(path)).lstrip("/"))
        if target not in self.files:
            self.unresolved.append(url)
            return url
        return urlunsplit(("", "", routes.relative(routes.page_url(target), routes.page_url(self.page)), query, anchor))


class _Title(Treeprocessor):
    """The text of the first element when it is a level-1 heading (MkDocs' page title)."""

    title: str | None = None

    def run(self, root: ET.Element) -> None:
        self.title = None
        first = next(iter(root), None)
        if first is not None and first.tag == "h1":
            self.title = heading_text(first, self.md)


def heading_text(element: ET.Element, md: Markdown) -> str:
    """A heading's text without its permalink and footnote marks, images as their alt text, as
    MkDocs takes a page's title (HTML entities kept: templates print it as it is)."""
    element = copy.deepcopy(element)
    if len(element) and element[-1].tag == "a" and element[-1].get("class") == "headerlink":
        del element[-1]
    for parent in list(element.iter()):
        _replace_with_text(parent, _footnote_mark)
        _replace_with_text(parent, _alt_text)
    text = UnescapeTreeprocessor().unescape(md.serializer(element))
    text = text[text.index(">") + 1 : text.rindex("<")].strip()
    for postprocessor in md.postprocessors:
        text = postprocessor.run(text)
    while (start := text.find("<!--")) != -1 and (end := text.find("-->", start)) != -1:
        text = text[:start] + text[end + 3 :]
    while (start := text.find("<")) != -1 and (end := text.find(">", start)) != -1:
        text = text[:start] + text[end + 1 :]
    return " ".join(text.split())


def _footnote_mark(element: ET.Element) -> str | None:
    return "" if element.tag == "sup" and (element.get("id") or "").startswith("fnref") else None


def _alt_text(element: ET.Element) -> str | None:
    return element.get("alt") or None if element.tag == "img" else None


def _replace_with_text(parent: ET.Element, replacement: Callable[[ET.Element], str | None]) -> None:
    """Children for which `replacement` gives text replaced by it (their tails kept)."""
    carry = ""
    for child in reversed(parent):
        text = replacement(child)
        if text is not None:
            carry = text + (child.tail or "") + carry
            parent.remove(child)
        elif carry:
            child.tail = (child.tail or "") + carry
            carry = ""
    if carry:
        parent.text = (parent.text or "") + carry


class PageConverter:
    """Converts the pages of one run, with one Python-Markdown instance reset between pages."""

    def __init__(self, setup: MarkdownSetup, renderer: SiteRenderer, files: frozenset[str]) -> None:
        self.renderer = renderer
        extensions: list[Any] = [
            CitationExtension(renderer=renderer, **setup.configs.get(CITATIONS, {})) if name == CITATIONS else name
            for name in setup.extensions
        ]
        configs = {k: v for k, v in setup.configs.items() if k != CITATIONS and k not in ENGINE_ONLY}
        self.md = Markdown(extensions=extensions, extension_configs=configs)
        self.links = _SiteLinks(self.md, files)
        self.md.treeprocessors.register(self.links, "briefgen_site_links", 0)
        self.title = _Title(self.md)
        self.md.treeprocessors.register(self.title, "briefgen_title", 1)

    def convert(self, markdown: str, src: str) -> Converted:
        """Page `src`'s Markdown as HTML, with its contents and title."""
        self.renderer.page = src
        self.links.page = src
        self.links.unresolved = []
        self.md.reset()
        html = self.md.convert(markdown)
        toc = copy.deepcopy(getattr(self.md, "toc_tokens", []))
        return Converted(html, toc, self.title.title, list(self.links.unresolved))
