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

import importlib
import logging
import posixpath
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from briefgen.base import routes
from briefgen.base.errors import BuildFailed
from briefgen.base.project import Project
from briefgen.publish.pdf import kept
from briefgen.publish.pdf.assembly import _Assembly
from briefgen.publish.pdf.parts import ALLOWED, PDF_PATH, PRINT_CSS, WORKS, nav_pages, pdf_chapters
from briefgen.publish.pdfmeta import finish_pdf
from briefgen.render.generate import Generated


class PdfFetchRefused(Exception):
    """The URL fetcher was asked for something outside the site (never fetched)."""


@dataclass(frozen=True)
class RenderedPdf:
    """A PDF made in memory (the build hands it to the writer)."""

    data: bytes
    pages: int
    """Its number of pages."""
    cache_files: dict[str, bytes] = field(default_factory=dict)
    """What to keep for the next build (kept.py), by path in briefgen's cache folder; empty
    when this PDF was itself kept, or is not kept (a single page's)."""


def build_pdf(project: Project, generated: Generated, site: Path) -> RenderedPdf:
    """The whole brief as a PDF, from the built site; raises BuildFailed."""
    return _render(project, generated, site, pdf_chapters(generated.nav), PDF_PATH, single=False)


def build_page_pdf(project: Project, generated: Generated, site: Path, page: str, name: str) -> RenderedPdf:
    """One page of the built site (`brief/feng/intro.md` or `.html`) as a PDF; `name` is the
    file's name in messages.

    Links to other pages become absolute links to the published site (`site_url`)."""
    rel = posixpath.normpath(routes.page_url(page.lstrip("/")))
    path = (site / rel).resolve()
    if not path.is_relative_to(site.resolve()) or not path.is_file() or path.suffix != routes.PAGE_SUFFIX:
        raise BuildFailed(f"{rel}: no such page in the built site {site}")
    return _render(project, generated, site, [rel], name, single=True)


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
    finishing = repr((assembly.metadata, assembly.generator, assembly.modified))
    key = None if single else kept.render_key(document, css_text, finishing)
    if key is not None and (found := kept.kept(project.cache_dir, key, site)) is not None:
        return RenderedPdf(*found)
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
    if key is None or records:  # a render with warnings is made again (and warns again)
        return RenderedPdf(data, len(rendered.pages))
    files = kept.file_digests(site, fetcher.read)
    return RenderedPdf(data, len(rendered.pages), kept.cache_files(key, data, len(rendered.pages), files))


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
            self.read: list[str] = []
            """The site files fetched, by path in the site (kept.py keys a kept PDF on them)."""

        def fetch(self, url: str, headers: Any = None) -> Any:
            if not _allowed_url(url, site):
                self.refused.append(url)
                raise PdfFetchRefused(f"refusing to fetch {url} ({ALLOWED})")
            if urlsplit(url).scheme.lower() == "file":
                path = Path(url2pathname(unquote(urlsplit(url).path))).resolve()
                self.read.append(path.relative_to(site).as_posix())
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


__all__ = [
    "PDF_PATH",
    "WORKS",
    "PdfFetchRefused",
    "RenderedPdf",
    "build_page_pdf",
    "build_pdf",
    "nav_pages",
    "pdf_chapters",
]
