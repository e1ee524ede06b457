"""Content -> everything a build publishes, as data: validate, format the bibliography, render
every generated page, make each page's citation record. Writes nothing: the files, and the cache
entries the run made, are handed to the writer by the build (or by the hook under `mkdocs serve`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from briefgen.base import routes
from briefgen.base.project import Project
from briefgen.check.run import validate
from briefgen.cite.csl import CslProcessor
from briefgen.cite.exports import export_files
from briefgen.cite.record import PageCitations, PageRecord, format_page_citations
from briefgen.cite.works import FormattedWorks, csl_items, format_works
from briefgen.index.context import BriefContext
from briefgen.index.nav import nav_titles
from briefgen.load.cache import CacheEntry
from briefgen.render.claimgraph import claims_jsonld
from briefgen.render.home import changelog_page
from briefgen.render.matrix import matrix_pages
from briefgen.render.pages import heading_text, render_pages
from briefgen.render.records import page_records
from briefgen.render.works import works_json

ASSETS = resources.files("briefgen") / "assets"
PRINT_ONLY = {"print.css"}
OFFLINE_WORKER_SHIM = "iframe-worker.js"
"""Loaded in <head> as one of Material's `extra.polyfills` (only with the offline plugin), not at
the end of the page like the other scripts: search creates its worker before those run. The name
contains "iframe-worker" so that the offline plugin does not add its CDN copy."""


def site_assets() -> list[str]:
    """The CSS and JS files every page loads at the end (all of assets/ but the PDF's stylesheet
    and the offline worker shim)."""
    return sorted(
        a.name
        for a in ASSETS.iterdir()
        if a.name.endswith((".css", ".js")) and a.name not in PRINT_ONLY and a.name != OFFLINE_WORKER_SHIM
    )


@dataclass
class Generated:
    """What one run of the generator made."""

    ctx: BriefContext
    """The validated context."""
    works: FormattedWorks
    """Every work and citation in every style."""
    files: dict[str, str | bytes]
    """Path under docs/ (always inside the generated folder) -> content."""
    nav: list[object]
    """The site's navigation."""
    csl_runs: int
    """How many times pandoc ran (0 when every style came from the cache)."""
    records: dict[str, PageRecord]
    """Source path -> the page's citation record."""
    page_citations: dict[str, PageCitations]
    """Source path -> the page (and its claims) cited in every style."""
    caches: list[CacheEntry] = field(default_factory=list)
    """Results to add to the cache (parsed files, formatted citations)."""

    @property
    def titles(self) -> dict[str, str]:
        """Page URL -> the page's heading (the link text of a forwarding stub)."""
        return {routes.page_url(src): record.title for src, record in self.records.items()}


def page_headings(ctx: BriefContext, files: dict[str, str | bytes], project: Project) -> dict[str, str]:
    """Every page's heading, which is also its <title> and the title it is cited by: the brief's
    title for the home page, the first `# ` line of a generated or hand-written page."""
    headings = {}
    for src in nav_titles(ctx.nav):
        if src == routes.HOME:
            headings[src] = ctx.brief.title.best()
            continue
        generated = files.get(src)
        text = generated if isinstance(generated, str) else (project.docs_dir / src).read_text(encoding="utf-8")
        headings[src] = heading_text(text) or Path(src).stem.replace("-", " ").capitalize()
    return headings


def generate(project: Project, *, pdf: bool = False) -> Generated:
    """Validate, format the bibliography and render every generated page; raises BriefError when
    the content has errors. `pdf` says whether this build publishes the whole brief's PDF (pages
    declare it only then)."""
    validated = validate(project)
    ctx = validated.ctx
    items = csl_items(ctx.bibliography.entries)
    processor = CslProcessor(items, cache_dir=project.cache_dir)
    works = format_works(ctx.bibliography.entries, ctx.groups, processor)
    files: dict[str, str | bytes] = dict(render_pages(ctx, works))
    files.update(matrix_pages(ctx))
    files[routes.WORKS_JSON] = works_json(items)
    files[routes.BIBLIOGRAPHY] = project.bibliography.read_bytes()
    for asset in [*site_assets(), OFFLINE_WORKER_SHIM]:
        files[routes.asset(asset)] = (ASSETS / asset).read_bytes()
    files[routes.CHANGELOG] = changelog_page(ctx)
    files[routes.claims_data(ctx.brief.version)] = claims_jsonld(ctx)  # the claims as data
    titles = page_headings(ctx, files, project)
    records = page_records(ctx, titles, pdf=pdf)
    page_citations, page_processor = format_page_citations(records, project.cache_dir)
    files.update(export_files(records))
    caches = [*validated.caches, *processor.caches, *page_processor.caches]
    runs = processor.runs + page_processor.runs
    return Generated(ctx, works, files, ctx.nav, runs, records, page_citations, caches)
