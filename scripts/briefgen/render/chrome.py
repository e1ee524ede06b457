"""What every page gets around its own content: the home page's header, the edition line, the
"Cite this page" block, the head tags and the forwarding map; then, on the rendered HTML, the
sanitiser, the term marks and previews, and the search sections. Pure: strings in, strings out.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from html import escape

from briefgen.base import routes
from briefgen.cite.headtags import citation_reference, head_html
from briefgen.cite.record import PageCitations, PageRecord
from briefgen.cite.works import FormattedWorks
from briefgen.index.context import BriefContext, works_cited_by_page
from briefgen.render.citeblock import cite_block_html, edition_html, edition_text
from briefgen.render.forwarding import moved_map_json
from briefgen.render.home import home_header
from briefgen.render.previews import PreviewIndex, mark_page
from briefgen.render.sanitize import sanitize_html
from briefgen.render.searchsections import add_sections, section_titles

_ORIGINAL_TITLE = '<p class="bg-original-title"'


@dataclass(frozen=True)
class PageMarkdown:
    """A page's Markdown with what the site adds to it, and the values its template reads."""

    markdown: str
    meta: dict[str, str] = field(default_factory=dict)
    """`briefgen_head`, `briefgen_title`, `briefgen_moved`: read by overrides/main.html."""
    last_changed: str | None = None
    """The day the page last changed (the sitemap's date), when it has a record."""


@dataclass(frozen=True)
class PageContent:
    """A page's rendered HTML, sanitised and marked, and its tooltips (placed after it)."""

    html: str
    tips: str


class Chrome:
    """Everything a build adds to its pages, computed once per build."""

    def __init__(
        self,
        ctx: BriefContext,
        works: FormattedWorks,
        records: dict[str, PageRecord],
        page_citations: dict[str, PageCitations],
        *,
        pdf: bool,
    ) -> None:
        self.ctx = ctx
        self.works = works
        self.records = records
        self.page_citations = page_citations
        self.pdf = pdf
        """Whether the build makes the PDF (a preview does not: no link to it then)."""
        self.cited_by_page = works_cited_by_page(ctx)
        self.previews = PreviewIndex.of(ctx, works)
        self.search_sections = section_titles(ctx, works)

    def markdown(self, markdown: str, src: str) -> PageMarkdown:
        """Page `src`'s Markdown (hand-written or generated) with its header, edition line and
        cite block, and its head tags."""
        ctx = self.ctx
        markdown = unicodedata.normalize("NFC", markdown)  # hand-written pages too: one Unicode form
        record = self.records.get(src)
        changelog = routes.html_path_link(routes.CHANGELOG, None, src)
        if src == routes.HOME:
            edition = edition_text(record, changelog) if record is not None else ""
            markdown = home_header(ctx, offline=self.pdf, edition=edition) + markdown
        meta: dict[str, str] = {}
        moved = moved_map_json(routes.page_url(src), ctx.forwarding)
        if moved:
            meta["briefgen_moved"] = moved
        if record is None:
            return PageMarkdown(markdown, meta)
        references = [citation_reference(ctx.bibliography.entries[k]) for k in self.cited_by_page.get(src, [])]
        meta["briefgen_head"] = head_html(record, references)
        # The <title> is the page's heading, the title it is cited by (escaped here: the theme's
        # template does not escape it).
        site = ctx.brief.title.best()
        meta["briefgen_title"] = escape(site if record.kind == "brief" else f"{record.title} - {site}")
        # The home page has its edition in the byline (home_header).
        edition = "" if src == routes.HOME else edition_html(record, changelog)
        title, sep, body = markdown.partition("\n")
        if not title.startswith("# "):
            title, sep, body = "", "", markdown
        if edition and body.lstrip().startswith(_ORIGINAL_TITLE):  # the source-language title belongs to the title
            head, found, rest = body.lstrip().partition("</p>\n")
            title, body = f"{title}{sep}{head}{found}", rest
        block = cite_block_html(
            record,
            self.page_citations[src],
            routes.html_path_link(routes.cite_export(record.key), None, src),
            routes.html_path_link(routes.PDF, None, src) if self.pdf else None,
            self.works.default,
        )
        return PageMarkdown(f"{title}{sep}\n{edition}\n\n{body}\n\n{block}\n", meta, record.last_changed)

    def content(self, page_html: str, src: str) -> PageContent:
        """Page `src`'s rendered HTML, sanitised, with its terms marked, its previews and its
        search sections; the tooltips go after the content, outside the search index."""
        marked = mark_page(sanitize_html(page_html), src, self.previews)
        # Claims, events, glossary entries and works become search sections of their own; the
        # headings that make them are taken out again before the page is written.
        return PageContent(add_sections(marked.html, self.search_sections.get(src, {})), marked.tips)
