"""After the engine: the built site finished the same way whichever engine made it.

Each page loses the search-section headings briefgen put in for the engine's search index
(render/searchsections.py: they only make sections); the sitemap dates each page by its last
change (the engine would date every page by the day of the build); each released URL that
no longer has a page gets its forwarding stub; and the citation exports are linked in (the
engine never sees them: copying some 1,500 small files one by one was a good part of its time).
"""

from __future__ import annotations

import gzip
import io
import re
from datetime import UTC, datetime
from pathlib import Path

from briefgen.base import routes
from briefgen.cite.record import PageRecord
from briefgen.publish.writer import link_files, write_files
from briefgen.render.forwarding import stub_files
from briefgen.render.generate import Generated
from briefgen.render.searchsections import strip_sections

SITEMAP = "sitemap.xml"
_ENTRY = re.compile(r"(<loc>)([^<]*)(</loc>\s*)(?:<lastmod>[^<]*</lastmod>)?")


def finish_page(page_html: str) -> str:
    """A built page as published: without the search-section headings."""
    return strip_sections(page_html)


def finish_site(site: Path, generated: Generated, exports: Path) -> None:
    """The engine's output in `site` finished: pages, dated sitemap, forwarding stubs, and the
    citation exports linked in from `exports` (where the build wrote `generated.exports`). The
    build's post stage (before the audit, which checks the exports) and `mkdocs serve`'s hook
    (on_post_build) both run it."""
    link_files(exports, site, list(generated.exports))
    write_files(site, finish_pages(site))
    write_files(site, dated_sitemap(site, generated.records, generated.ctx.brief.site_url))
    write_files(site, stub_files(generated.ctx, generated.titles))


def finish_pages(site: Path) -> dict[str, bytes]:
    """Every built page that finishing changes, by path in the site, with its new bytes."""
    out = {}
    for path in sorted(site.rglob(f"*{routes.PAGE_SUFFIX}")):
        data = path.read_bytes()
        text = data.decode("utf-8", errors="surrogateescape")
        finished = finish_page(text)
        if finished != text:
            out[path.relative_to(site).as_posix()] = finished.encode("utf-8", errors="surrogateescape")
    return out


def dated_sitemap(site: Path, records: dict[str, PageRecord], site_url: str) -> dict[str, bytes]:
    """The sitemap (and its gzip copy) with each page's last change as its date; nothing when
    the engine wrote no sitemap."""
    path = site / SITEMAP
    if not path.is_file():
        return {}
    by_url = {routes.latest_url(site_url, src): record.last_changed for src, record in records.items()}
    text = path.read_text(encoding="utf-8")

    def date(match: re.Match[str]) -> str:
        day = by_url.get(match.group(2))
        lastmod = f"<lastmod>{day}</lastmod>" if day else ""
        return f"{match.group(1)}{match.group(2)}{match.group(3)}{lastmod}"

    dated = _ENTRY.sub(date, text)
    out = {SITEMAP: dated.encode("utf-8")}
    if (site / f"{SITEMAP}.gz").is_file():
        days = [d for d in by_url.values() if d]
        newest = datetime.fromisoformat(max(days)).replace(tzinfo=UTC) if days else datetime.now(UTC)
        buffer = io.BytesIO()
        # As MkDocs writes it: the file's name and the newest page's date in the gzip header.
        with gzip.GzipFile(fileobj=buffer, filename=f"{SITEMAP}.gz", mode="wb", mtime=int(newest.timestamp())) as gz:
            gz.write(dated.encode("utf-8"))
        out[f"{SITEMAP}.gz"] = buffer.getvalue()
    return out
