"""Offline PDF of the brief, made from the built site and rendered by WeasyPrint.

The PDF is assembled from the HTML that `mkdocs build` wrote, so it says exactly what the site
says: every nav page becomes a chapter, in nav order, but for the works cited, which close the
book as its bibliography. From each page only the article content is taken, without what only
the site has (the edition line, the cite block, buttons, the style switch); ids get a page
prefix (`brief.feng.intro--claims`) so that links between pages become links inside the PDF.
Citations keep the site's author-date form, each once, linked to its entry in the bibliography;
the per-page reference lists go (the bibliography lists every work once; a single page's PDF
keeps its own list). A cover, contents with page numbers, bookmarks, running heads and page
numbers come from print.css.

Nothing is fetched from the network: the only URLs WeasyPrint may open are files inside the site
folder and data: URLs, checked before rendering (naming the page) and again by the URL fetcher.
Material's CSS is never loaded; print.css is the only stylesheet. The assembled HTML is kept in
memory and never written next to the site.
"""

from __future__ import annotations

import html
import importlib
import logging
import posixpath
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname
from xml.etree.ElementTree import Element, SubElement

import briefgen
from briefgen.base import routes
from briefgen.base.errors import BuildFailed
from briefgen.base.project import Project
from briefgen.cite.csl import STYLES
from briefgen.cite.record import ACCESSED_BLANK
from briefgen.index.context import BriefContext
from briefgen.index.nav import nav_sections
from briefgen.publish.pdfmeta import expected_metadata, finish_pdf, html_head_meta
from briefgen.render.generate import Generated
from briefgen.render.markup import format_date

PDF_PATH = routes.PDF
"""Where the whole-brief PDF goes, relative to the site root."""
PRINT_CSS = resources.files("briefgen") / "assets" / "print.css"
HOME = routes.page_url(routes.HOME)
WORKS = routes.page_url(routes.WORKS)
ALLOWED = "only files inside the site and data: URLs are allowed"

_SVG_NS = "http://www.w3.org/2000/svg"
_NAMESPACE_PREFIX = {
    "http://www.w3.org/1999/xlink": "xlink:",
    "http://www.w3.org/XML/1998/namespace": "xml:",
    "http://www.w3.org/2000/xmlns/": "xmlns:",
}
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
_DROP = {
    "script",
    "style",
    "noscript",
    "template",
    "iframe",
    "object",
    "embed",
    "form",
    "button",
    "link",
    "meta",
    "base",
}
# Element -> attributes whose URL WeasyPrint would load while rendering.
_RESOURCE_ATTRS = {
    "img": ("src", "srcset"),
    "source": ("src", "srcset"),
    "image": ("href", "xlink:href"),
    "use": ("href", "xlink:href"),
    "video": ("src", "poster"),
    "audio": ("src",),
    "input": ("src",),
    "track": ("src",),
    "feimage": ("href", "xlink:href"),
}
_CSS_URL = re.compile(r"""url\(\s*(?:"([^"]*)"|'([^']*)'|([^)\s]*))\s*\)""", re.I)
_SPACE = re.compile(r"\s+")
_HOME_TITLE = "Introduction"
"""The home page's chapter title: its own h1, the brief's title, is on the cover."""


class PdfFetchRefused(Exception):
    """The URL fetcher was asked for something outside the site (never fetched)."""


@dataclass(frozen=True)
class RenderedPdf:
    """A PDF made in memory (the build hands it to the writer)."""

    data: bytes
    pages: int
    """Its number of pages."""


def build_pdf(project: Project, generated: Generated, site: Path) -> RenderedPdf:
    """The whole brief as a PDF, from the built site; raises BuildFailed."""
    return _render(project, generated, site, pdf_chapters(generated.nav), PDF_PATH, single=False)


def pdf_chapters(nav: list[object]) -> list[str]:
    """The built pages that make the whole brief's PDF, in order: the navigation's, with the
    works cited moved to the end, where a printed bibliography belongs."""
    pages = [path for path, _ in nav_pages(nav)]
    return [p for p in pages if p != WORKS] + [p for p in pages if p == WORKS]


def build_page_pdf(project: Project, generated: Generated, site: Path, page: str, name: str) -> RenderedPdf:
    """One page of the built site (`brief/feng/intro.md` or `.html`) as a PDF; `name` is the
    file's name in messages.

    Links to other pages become absolute links to the published site (`site_url`)."""
    rel = posixpath.normpath(routes.page_url(page.lstrip("/")))
    path = (site / rel).resolve()
    if not path.is_relative_to(site.resolve()) or not path.is_file() or path.suffix != routes.PAGE_SUFFIX:
        raise BuildFailed(f"{rel}: no such page in the built site {site}")
    return _render(project, generated, site, [rel], name, single=True)


def nav_pages(nav: list[object]) -> list[tuple[str, list[str]]]:
    """Built pages in nav order: (`brief/feng/intro.html`, [titles of the sections it is in])."""
    return [(routes.page_url(src), sections) for src, sections in nav_sections(nav) if not urlsplit(src).scheme]


# --- rendering -------------------------------------------------------------------------------


def _render(
    project: Project, generated: Generated, site: Path, pages: list[str], name: str, *, single: bool
) -> RenderedPdf:
    try:
        weasyprint = importlib.import_module("weasyprint")
    except ImportError:
        raise BuildFailed(
            "the PDF needs WeasyPrint 70 (pip install weasyprint==70.0), or build with --no-pdf"
        ) from None
    site = site.resolve()
    assembly = _Assembly(project, generated, site, pages, single=single)
    document = assembly.document()
    fetcher = _site_fetcher(weasyprint, site)
    css_text = PRINT_CSS.read_text(encoding="utf-8")
    records: list[logging.LogRecord] = []
    handler = _Collect(records)
    logger = logging.getLogger("weasyprint")
    logger.addHandler(handler)
    try:
        stylesheet = weasyprint.CSS(string=css_text, base_url=site.as_uri() + "/", url_fetcher=fetcher)
        rendered = weasyprint.HTML(string=document, base_url=site.as_uri() + "/", url_fetcher=fetcher).render(
            stylesheets=[stylesheet], pdf_tags=True
        )
        data = rendered.write_pdf(
            finisher=lambda _document, pdf: finish_pdf(pdf, assembly.metadata, assembly.generator, assembly.modified),
            pdf_tags=True,
        )
    except (Exception, weasyprint.urls.FatalURLFetchingError) as exc:
        if fetcher.refused:
            url = fetcher.refused[0]
            raise BuildFailed(f"{assembly.page_of(url)}: refusing to fetch {url} ({ALLOWED})") from None
        if fetcher.failed:
            url, reason = fetcher.failed[0]
            raise BuildFailed(f"{assembly.page_of(url)}: cannot read {url} for the PDF: {reason}") from None
        raise BuildFailed(f"{name}: WeasyPrint failed: {exc}") from exc
    finally:
        logger.removeHandler(handler)
    errors = [r for r in records if r.levelno >= logging.ERROR]
    if errors:
        raise BuildFailed(f"{name}: WeasyPrint reported: {errors[0].getMessage()}")
    return RenderedPdf(data, len(rendered.pages))


class _Collect(logging.Handler):
    def __init__(self, records: list[logging.LogRecord]) -> None:
        super().__init__(logging.WARNING)
        self.records = records

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def _site_fetcher(weasyprint: Any, site: Path) -> Any:
    """A URL fetcher that opens only files inside `site` and data: URLs; anything else is
    refused before any connection is attempted."""
    base = weasyprint.urls.URLFetcher

    class SiteFetcher(base):  # type: ignore[misc, valid-type]
        def __init__(self) -> None:
            super().__init__(allowed_protocols={"file", "data"}, timeout=5, allow_redirects=False, fail_on_errors=True)
            self.refused: list[str] = []
            self.failed: list[tuple[str, str]] = []

        def fetch(self, url: str, headers: Any = None) -> Any:
            if not _allowed_url(url, site):
                self.refused.append(url)
                raise PdfFetchRefused(f"refusing to fetch {url} ({ALLOWED})")
            try:
                return super().fetch(url, headers)
            except Exception as exc:
                self.failed.append((url, str(getattr(exc, "reason", exc))))
                raise

    return SiteFetcher()


def _allowed_url(url: str, site: Path) -> bool:
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme == "data":
        return True
    if scheme != "file" or parts.netloc not in ("", "localhost"):
        return False
    path = Path(url2pathname(unquote(parts.path))).resolve()
    return path.is_relative_to(site)


# --- assembling the document -----------------------------------------------------------------


def _parse(text: str) -> Element:
    tinyhtml5 = importlib.import_module("tinyhtml5")  # WeasyPrint's own HTML parser
    root: Element = tinyhtml5.parse(text, namespace_html_elements=False)
    return root


def _css_url(match: re.Match[str]) -> str:
    return next(g for g in match.groups() if g is not None)


def _is_element(el: Element) -> bool:
    """False for comments and processing instructions (their tag is a function)."""
    return isinstance(getattr(el, "tag", None), str)


def _classes(el: Element) -> set[str]:
    return set((el.get("class") or "").split())


def _add_class(el: Element, name: str) -> None:
    el.set("class", " ".join(sorted(_classes(el) | {name})))


def _text(el: Element) -> str:
    """Visible text."""
    parts: list[str] = []

    def walk(node: Element) -> None:
        if node.text:
            parts.append(node.text)
        for child in node:
            if _is_element(child):
                walk(child)
            if child.tail:
                parts.append(child.tail)

    walk(el)
    return _SPACE.sub(" ", "".join(parts)).strip()


def _remove(el: Element, parent: Element) -> None:
    """Remove `el`, keeping the text that follows it."""
    index = list(parent).index(el)
    if el.tail:
        if index:
            prev = parent[index - 1]
            prev.tail = (prev.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)


def _parents(root: Element) -> dict[Element, Element]:
    return {child: parent for parent in root.iter() for child in parent}


def _fragment(markup: str) -> Element:
    """Parse inline HTML (a formatted reference) into a <span>."""
    body = _parse(f"<!DOCTYPE html><html><body><span>{markup}</span></body></html>").find("body")
    assert body is not None
    span = body.find("span")
    assert span is not None
    return span


@dataclass
class _Chapter:
    path: str
    key: str
    sections: list[str]
    section: Element = field(default_factory=lambda: Element("section"))
    title: str = ""
    h1_id: str = ""
    toc: list[tuple[str, str]] = field(default_factory=list)
    """(id, text) of each h2, for the contents."""
    raw: str = ""


class _Assembly:
    def __init__(self, project: Project, generated: Generated, site: Path, pages: list[str], *, single: bool) -> None:
        self.project = project
        self.generated = generated
        self.ctx: BriefContext = generated.ctx
        self.site = site
        self.single = single
        sections = dict(nav_pages(generated.nav))
        self.chapters: list[_Chapter] = []
        used: set[str] = set()
        for path in pages:
            key = _page_key(path)
            while key in used:
                key += "_"
            used.add(key)
            # The bibliography closes the book on its own, outside the navigation's sections.
            in_sections = [] if single or path == WORKS else sections.get(path, [])
            self.chapters.append(_Chapter(path, key, in_sections))
        self.keys = {c.path: c.key for c in self.chapters}
        self.ids: set[str] = set()
        self.site_url = self.ctx.brief.site_url.rstrip("/") + "/"
        records = {routes.page_url(r.src): r for r in generated.records.values()}
        self.record = records[pages[0]] if single and pages[0] in records else generated.records[routes.HOME]
        self.metadata = expected_metadata(self.record)
        self.generator = f"briefgen {_version()}"
        self.modified = max([c.date for c in self.ctx.brief.changes] + [self.ctx.brief.published])

    # -- public --

    def document(self) -> str:
        for chapter in self.chapters:
            file = self.site / chapter.path
            try:
                chapter.raw = file.read_text(encoding="utf-8")
            except OSError as exc:
                raise BuildFailed(f"{chapter.path}: cannot read the built page for the PDF: {exc.strerror}") from None
            self._chapter(chapter)
        self._check_links()
        body = Element("body")
        if self.single:
            body.append(self._page_header())
        else:
            body.append(self._cover())
            body.append(self._contents())
        previous: list[str] = []
        for chapter in self.chapters:
            self._mark_parts(chapter, previous)
            previous = chapter.sections
            body.append(chapter.section)
        return self._head() + _serialize(body) + "</html>\n"

    def page_of(self, url: str) -> str:
        """The page whose content mentions `url` (for messages)."""
        for chapter in self.chapters:
            if url in chapter.raw or html.escape(url) in chapter.raw:
                return chapter.path
        return PDF_PATH

    # -- head, cover, contents --

    def _head(self) -> str:
        brief = self.ctx.brief
        lang = brief.languages[0] if brief.languages else "en"
        meta = html_head_meta(
            self.metadata, brief.subtitle.best() if brief.subtitle else "", self.generator, self.modified
        )
        return (
            f'<!DOCTYPE html>\n<html lang="{html.escape(lang)}">\n<head>\n<meta charset="utf-8">\n'
            + "\n".join(meta)
            + "\n</head>\n"
        )

    def _cover(self) -> Element:
        brief = self.ctx.brief
        cover = Element("section", {"class": "cover", "id": "cover"})
        top = SubElement(cover, "div", {"class": "cover-top"})
        SubElement(top, "p", {"class": "cover-kicker"}).text = "Research brief"
        SubElement(top, "h1", {"class": "doc-title cover-title"}).text = brief.title.best()
        if brief.subtitle:
            SubElement(top, "p", {"class": "cover-subtitle"}).text = brief.subtitle.best()
        if brief.title.ru and brief.title.ru != brief.title.best():
            ru = brief.title.ru + (f". {brief.subtitle.ru}" if brief.subtitle and brief.subtitle.ru else "")
            SubElement(top, "p", {"class": "cover-original", "lang": "ru"}).text = ru
        bottom = SubElement(cover, "div", {"class": "cover-bottom"})
        SubElement(bottom, "p", {"class": "cover-authors"}).text = ", ".join(self.metadata.authors)
        facts = SubElement(bottom, "p", {"class": "cover-facts"})
        facts.text = f"Version {brief.version} · Published {format_date(brief.published)} · Licence {brief.licence}"
        site = SubElement(bottom, "p", {"class": "cover-url"})
        link = SubElement(site, "a", {"href": self.metadata.url, "class": "external bare"})
        link.text = self.metadata.url
        cite = SubElement(bottom, "div", {"class": "cover-cite"})
        SubElement(cite, "p", {"class": "cover-cite-label"}).text = "Cite as"
        for style, label, markup in self.cover_citations():
            entry = SubElement(cite, "p", {"class": "cover-cite-entry", "data-style": style})
            SubElement(entry, "span", {"class": "cover-cite-style"}).text = f"{label}: "
            text = _fragment(markup)
            text.set("class", "cover-cite-text")
            entry.append(text)
        return cover

    def cover_citations(self) -> list[tuple[str, str, str]]:
        """(style, label, HTML) of the brief's references on the cover: the home page's "Cite
        this page" in every style, the default first, the GOST access date left blank."""
        citations = self.generated.page_citations[routes.HOME].by_style
        return [(s, STYLES[s].label, citations[s]) for s in self.generated.works.styles()]

    def _page_header(self) -> Element:
        """Single-page PDF: a short header naming the brief and the page's address."""
        brief = self.ctx.brief
        head = Element("header", {"class": "page-header"})
        SubElement(head, "p", {"class": "doc-title page-header-title"}).text = brief.title.best()
        facts = SubElement(head, "p", {"class": "page-header-facts"})
        facts.text = f"Version {brief.version} · {format_date(brief.published)} · "
        url = self.site_url + (self.chapters[0].path if self.chapters[0].path != HOME else "")
        link = SubElement(facts, "a", {"href": url, "class": "external bare"})
        link.text = url
        return head

    def _contents(self) -> Element:
        nav = Element("nav", {"class": "toc", "id": "contents"})
        SubElement(nav, "h1", {"class": "toc-title"}).text = "Contents"
        top = SubElement(nav, "ol", {"class": "toc-list"})
        stack: list[tuple[str, Element]] = []
        for chapter in self.chapters:
            while stack and [title for title, _ in stack] != chapter.sections[: len(stack)]:
                stack.pop()
            while len(stack) < len(chapter.sections):
                parent = stack[-1][1] if stack else top
                item = SubElement(parent, "li", {"class": "toc-part"})
                SubElement(item, "span", {"class": "toc-part-title"}).text = chapter.sections[len(stack)]
                stack.append((chapter.sections[len(stack)], SubElement(item, "ol")))
            parent = stack[-1][1] if stack else top
            item = SubElement(parent, "li", {"class": "toc-chapter"})
            SubElement(item, "a", {"href": f"#{chapter.key}"}).text = chapter.title
            if chapter.toc:
                sub = SubElement(item, "ol")
                for ident, text in chapter.toc:
                    SubElement(SubElement(sub, "li", {"class": "toc-section"}), "a", {"href": f"#{ident}"}).text = text
        return nav

    def _mark_parts(self, chapter: _Chapter, previous: list[str]) -> None:
        """A kicker above the chapter title names its nav section; the first chapter of a
        section carries the section's bookmark."""
        if not chapter.sections:
            return
        _add_class(chapter.section, f"in-part-{min(len(chapter.sections), 3)}")
        kickers = Element("div", {"class": "part-kicker"})
        for depth, title in enumerate(chapter.sections):
            new = previous[: depth + 1] != chapter.sections[: depth + 1]
            cls = f"part-title part-level-{depth + 1}" + (" part-start" if new else "")
            SubElement(kickers, "p", {"class": cls}).text = title
        chapter.section.insert(0, kickers)

    # -- one chapter --

    def _chapter(self, chapter: _Chapter) -> None:
        root = _parse(chapter.raw)
        article = next((a for a in root.iter("article") if "md-content__inner" in _classes(a)), None)
        if article is None:
            raise BuildFailed(f'{chapter.path}: no <article class="md-content__inner"> in the built page')
        section = chapter.section
        section.attrib = {"class": "chapter", "id": chapter.key, "data-page": chapter.path}
        section.text = article.text
        for child in list(article):
            section.append(child)
        self._clean(chapter)
        self._resources(chapter)
        self._prefix_ids(chapter)
        self._links(chapter)
        self._headings(chapter)

    def _clean(self, chapter: _Chapter) -> None:
        section = chapter.section
        doomed: list[Element] = self._home(section) if chapter.path == HOME else []
        parents = _parents(section)
        for el in section.iter():
            if not _is_element(el):
                doomed.append(el)  # comments
                continue
            cls = _classes(el)
            if (
                el.tag in _DROP
                or "headerlink" in cls
                or "bg-ref-link" in cls
                or (not self.single and el.tag == "ul" and "bg-references" in cls)
                or (not self.single and el.tag == "h2" and el.get("id") == "references")
                or "bg-edition" in cls  # "Version … · changes": the cover (or page header) dates the PDF
                or "bg-style-switch" in cls
                or "bg-downloads" in cls
                or ("bg-entry" in cls and el.get("hidden") is not None)
                or (el.get("hidden") is not None)
            ):
                doomed.append(el)
            elif "bg-cite-page" in cls:
                doomed += self._cite_block(el)
            if el.tag == "details":
                el.set("open", "")
        removed: set[Element] = set()
        for el in doomed:
            if el in removed or any(a in removed for a in _ancestors(el, parents)):
                continue
            _remove(el, parents[el])
            removed.add(el)

    def _cite_block(self, block: Element) -> list[Element]:
        """ "Cite this page": the whole brief's PDF has its citation on the cover, so the blocks
        go; a single page keeps its citation in the default style, its access date left blank."""
        if not self.single:
            return [block]
        doomed = []
        for el in block.iter():
            cls = _classes(el)
            if ("bg-cite-style" in cls and el.get("data-style") != self.generated.works.default) or (
                "bg-cite-exports" in cls
            ):
                doomed.append(el)
            if "bg-accessed" in cls:  # a printed citation leaves the access date to the reader
                el.text = ACCESSED_BLANK
                for child in list(el):
                    el.remove(child)
        return doomed

    def _home(self, section: Element) -> list[Element]:
        """The home page: title, subtitle and byline are on the cover, the site's contents list
        is replaced by the PDF's; what is left is the abstract and the introduction."""
        doomed: list[Element] = []
        children = list(section)
        h1 = next((c for c in children if c.tag == "h1"), None)
        if h1 is not None:
            for child in children[children.index(h1) + 1 :]:
                if child.tag in ("h2", "h3"):
                    break
                if _classes(child) & {"bg-subtitle", "bg-original-title", "bg-byline", "bg-edition"}:
                    doomed.append(child)
            for sub in list(h1):
                h1.remove(sub)
            h1.text = _HOME_TITLE
        for i, child in enumerate(children):
            if child.tag == "h2" and child.get("id") == "contents":
                doomed.append(child)
                following = next((c for c in children[i + 1 :] if _is_element(c)), None)
                if following is not None and following.tag in ("ul", "ol"):
                    doomed.append(following)
            if child.tag == "h2" and child.get("id") == "abstract":
                box = Element("div", {"class": "abstract"})
                index = list(section).index(child)
                section.insert(index, box)
                for sibling in children[i:]:
                    if sibling is not child and (sibling.tag in ("h1", "h2") or sibling.get("id") == "contents"):
                        break
                    section.remove(sibling)
                    box.append(sibling)
        return doomed

    def _resources(self, chapter: _Chapter) -> None:
        """Check every URL that WeasyPrint would load; make local ones absolute file: URIs."""
        for el in chapter.section.iter():
            if not _is_element(el):
                continue
            tag = _local(el.tag).lower()
            for name in list(el.attrib):
                local = _attr_name(name)
                value = el.attrib[name]
                if local in _RESOURCE_ATTRS.get(tag, ()):
                    if local == "srcset":
                        for candidate in value.split(","):
                            if candidate.strip():
                                self._resource(chapter, candidate.split()[0])
                        del el.attrib[name]  # src is enough for print
                        continue
                    el.attrib[name] = self._resource(chapter, value)
                elif local == "style":
                    el.attrib[name] = _CSS_URL.sub(lambda m: f'url("{self._resource(chapter, _css_url(m))}")', value)
        if chapter.section.find(".//style") is not None:  # pragma: no cover - dropped in _clean
            raise BuildFailed(f"{chapter.path}: <style> in the content")

    def _resource(self, chapter: _Chapter, url: str) -> str:
        url = url.strip()
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        if scheme == "data":
            return url
        if scheme == "file" or (not scheme and not parts.netloc):
            if scheme == "file":
                path = Path(url2pathname(unquote(parts.path))).resolve()
            else:
                path = (self.site / posixpath.dirname(chapter.path) / unquote(parts.path)).resolve()
            if not path.is_relative_to(self.site):
                raise BuildFailed(f"{chapter.path}: refusing to fetch {url} ({ALLOWED})")
            if not path.is_file():
                rel = path.relative_to(self.site).as_posix()
                raise BuildFailed(f"{chapter.path}: missing file {rel} (referenced as {url})")
            return path.as_uri()
        raise BuildFailed(f"{chapter.path}: refusing to fetch {url} ({ALLOWED})")

    def _prefix_ids(self, chapter: _Chapter) -> None:
        for el in chapter.section.iter():
            if el is chapter.section or not _is_element(el):
                continue
            ident = el.get("id")
            if ident is not None:
                el.set("id", _anchor(chapter.key, ident))
                self.ids.add(el.attrib["id"])
            if el.tag == "a":
                el.attrib.pop("name", None)  # old-style anchors would be unprefixed destinations
        self.ids.add(chapter.key)

    def _links(self, chapter: _Chapter) -> None:
        for el in chapter.section.iter("a"):
            el.attrib.pop("rel", None)  # rel=attachment would make WeasyPrint embed the target
            href = el.get("href")
            if href is None:
                continue
            el.set("href", self._link(chapter, el, href.strip()))

    def _link(self, chapter: _Chapter, el: Element, href: str) -> str:
        parts = urlsplit(href)
        if parts.scheme or parts.netloc or href.startswith("//"):
            _add_class(el, "external")
            shown = _text(el)
            if shown in (href, href.rstrip("/"), href.split(":", 1)[-1].lstrip("/")):
                _add_class(el, "bare")
            return href
        path = unquote(parts.path)
        target = chapter.path if not path else posixpath.normpath(posixpath.join(posixpath.dirname(chapter.path), path))
        if target.endswith("/") or target == ".":
            target = posixpath.join(target.rstrip("/").lstrip("."), HOME).lstrip("/")
        fragment = unquote(parts.fragment)
        key = self.keys.get(target)
        if key is not None:
            _add_class(el, "internal")
            return f"#{_anchor(key, fragment)}" if fragment else f"#{key}"
        # Not in this PDF: link to the published page.
        _add_class(el, "external")
        _add_class(el, "site")
        return self.site_url + ("" if target == HOME else target) + (f"#{parts.fragment}" if parts.fragment else "")

    def _headings(self, chapter: _Chapter) -> None:
        section = chapter.section
        h1 = next((el for el in section.iter("h1")), None)
        if h1 is None:
            h1 = Element("h1")
            h1.text = routes.page_stem(posixpath.basename(chapter.path))
            section.insert(0, h1)
        _add_class(h1, "chapter-title")
        chapter.title = _text(h1)
        chapter.h1_id = h1.get("id") or ""
        for h2 in section.iter("h2"):
            if not h2.get("id"):
                h2.set("id", _anchor(chapter.key, f"h2-{len(chapter.toc) + 1}"))
                self.ids.add(h2.attrib["id"])
            chapter.toc.append((h2.attrib["id"], _text(h2)))

    def _check_links(self) -> None:
        for chapter in self.chapters:
            for el in chapter.section.iter("a"):
                href = el.get("href") or ""
                if href.startswith("#") and href[1:] not in self.ids:
                    raise BuildFailed(
                        f"{chapter.path}: link to '{href}' has no target in the PDF (was it removed from the page?)"
                    )


def _ancestors(el: Element, parents: dict[Element, Element]) -> Iterator[Element]:
    while el in parents:
        el = parents[el]
        yield el


def _page_key(path: str) -> str:
    """`brief/feng/intro.html` -> `brief.feng.intro`: the prefix of that page's ids in the PDF."""
    stem = routes.page_stem(path)
    return re.sub(r"[^\w.-]", "_", stem.replace("/", "."))


def _anchor(key: str, ident: str) -> str:
    return f"{key}--" + re.sub(r"[\s%#]", "_", ident)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _attr_name(name: str) -> str:
    if name.startswith("{"):
        uri, local = name[1:].split("}", 1)
        return _NAMESPACE_PREFIX.get(uri, "") + local
    return name


def _serialize(el: Element) -> str:
    out: list[str] = []

    def walk(node: Element, in_svg: bool) -> None:
        if not _is_element(node):  # comment or processing instruction
            out.append(html.escape(node.tail or "", quote=False))
            return
        tag = _local(node.tag)
        svg_root = node.tag.startswith(f"{{{_SVG_NS}}}") and not in_svg
        attrs = "".join(f' {_attr_name(k)}="{html.escape(v, quote=True)}"' for k, v in node.attrib.items())
        if svg_root:
            attrs = f' xmlns="{_SVG_NS}" xmlns:xlink="http://www.w3.org/1999/xlink"' + attrs
        out.append(f"<{tag}{attrs}>")
        if tag not in _VOID or in_svg or svg_root:
            out.append(html.escape(node.text or "", quote=False))
            for child in node:
                walk(child, in_svg or svg_root)
            out.append(f"</{tag}>")
        out.append(html.escape(node.tail or "", quote=False))

    walk(el, False)
    return "".join(out)


def _version() -> str:
    return str(briefgen.__version__)
