"""The whole document: the chapters in order after the front matter, every internal link checked."""

from __future__ import annotations

import html
from pathlib import Path
from xml.etree.ElementTree import Element

import briefgen
from briefgen.base import routes
from briefgen.base.errors import BuildFailed
from briefgen.base.project import Project
from briefgen.index.context import BriefContext
from briefgen.publish.pdf.chapters import _Chapters
from briefgen.publish.pdf.front import _FrontMatter
from briefgen.publish.pdf.parts import (
    PDF_PATH,
    WORKS,
    _Chapter,
    nav_pages,
)
from briefgen.publish.pdf.tree import (
    _page_key,
    _serialize,
)
from briefgen.publish.pdfmeta import expected_metadata
from briefgen.render.generate import Generated


class _Assembly(_FrontMatter, _Chapters):
    """The document of the PDF, assembled from the built pages."""

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

    def _check_links(self) -> None:
        for chapter in self.chapters:
            for el in chapter.section.iter("a"):
                href = el.get("href") or ""
                if href.startswith("#") and href[1:] not in self.ids:
                    raise BuildFailed(
                        f"{chapter.path}: link to '{href}' has no target in the PDF (was it removed from the page?)"
                    )


def _version() -> str:
    return str(briefgen.__version__)
