"""One chapter per built page: the article content taken from the page, cleaned of what only the
site has, its resources checked, its ids prefixed and its links turned into links inside the PDF."""

from __future__ import annotations

import posixpath
from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname
from xml.etree.ElementTree import Element

from briefgen.base import routes
from briefgen.base.errors import BuildFailed
from briefgen.cite.record import ACCESSED_BLANK
from briefgen.publish.pdf.parts import (
    _CSS_URL,
    _DROP,
    _HOME_TITLE,
    _RESOURCE_ATTRS,
    ALLOWED,
    HOME,
    _Chapter,
    _State,
)
from briefgen.publish.pdf.tree import (
    _add_class,
    _ancestors,
    _anchor,
    _attr_name,
    _classes,
    _css_url,
    _is_element,
    _local,
    _parents,
    _parse,
    _remove,
    _text,
)


class _Chapters(_State):
    """Each built page made a chapter."""

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
                # The theme's own empty targets (Zensical's skip-link `<a id="__skip">`): content
                # ids never start with "_".
                or (el.tag == "a" and (el.get("id") or "").startswith("__") and not len(el) and not el.text)
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
        """The "Cite this page" block: the whole brief's PDF has its citation on the cover, so the blocks
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
