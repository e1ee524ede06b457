"""Content -> everything a build publishes, as data: validate, format the bibliography, render
every page complete (generated and hand-written), make each page's citation record. Writes
nothing: the files, and the cache entries the run made, are handed to the writer by the build (or
by the hook under `mkdocs serve`)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from briefgen.base import routes
from briefgen.base.errors import BriefError, Problem
from briefgen.base.project import Project
from briefgen.check.run import validate
from briefgen.cite.csl import CslProcessor, pandoc_version
from briefgen.cite.exports import export_files
from briefgen.cite.record import PageCitations, PageRecord, format_page_citations
from briefgen.cite.works import FormattedWorks, csl_items, format_works
from briefgen.index.context import BriefContext
from briefgen.index.nav import nav_titles
from briefgen.load.cache import CacheEntry, read_json
from briefgen.load.frontmatter import split_front_matter
from briefgen.load.inputs import input_digest
from briefgen.load.siteconfig import construct, extension_entries, markdown_digest, read_config
from briefgen.render.claimgraph import claims_jsonld
from briefgen.render.complete import PageSource, render_site_pages
from briefgen.render.home import changelog_page
from briefgen.render.htmlpage import MarkdownSetup
from briefgen.render.matrix import matrix_pages
from briefgen.render.pagekeys import code_digest
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
    """What the engine's docs folder holds, by path in it: every page rendered in this run, and
    every other file (briefgen's assets, docs/'s own files)."""
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
    kept: dict[str, str] = field(default_factory=dict)
    """Pages not rendered again (the file the last run wrote for each is still right), with
    their cache keys."""
    exports: dict[str, str] = field(default_factory=dict)
    """Every page's citation exports (BibTeX, RIS, CSL-JSON), by path in the site: written
    straight into the built site after the engine (publish/postbuild.py), not through its docs
    folder, which the engine would only copy file by file."""
    kept_data: frozenset[str] = frozenset()
    """Data files made from the whole content (every work as CSL-JSON, the claims as JSON-LD)
    that the last run left in the engine's docs folder, unchanged since: not made again."""

    @property
    def titles(self) -> dict[str, str]:
        """Page URL -> the page's heading (the link text of a forwarding stub)."""
        return {routes.page_url(src): record.title for src, record in self.records.items()}

    @property
    def pages(self) -> list[str]:
        """Every page's source path (rendered in this run or kept)."""
        return sorted({*(p for p in self.files if routes.is_source_page(p)), *self.kept})


def page_headings(ctx: BriefContext, sources: Mapping[str, str]) -> dict[str, str]:
    """Every page's heading, which is also its <title> and the title it is cited by: the brief's
    title for the home page, the first `# ` line of a generated or hand-written page."""
    headings = {}
    for src in nav_titles(ctx.nav):
        if src == routes.HOME:
            headings[src] = ctx.brief.title.best()
            continue
        headings[src] = heading_text(sources.get(src, "")) or Path(src).stem.replace("-", " ").capitalize()
    return headings


def generated_markdown(ctx: BriefContext, works: FormattedWorks) -> dict[str, str]:
    """Every generated page as Markdown (before the site adds its parts), by source path."""
    return {**render_pages(ctx, works), **matrix_pages(ctx), routes.CHANGELOG: changelog_page(ctx)}


def markdown_setup(project: Project) -> MarkdownSetup:
    """The site's Markdown extensions, from mkdocs.yml; raises BriefError when it cannot be read."""
    try:
        config = read_config(project.mkdocs_yml)
    except ValueError as exc:
        raise BriefError([Problem(project.rel(project.mkdocs_yml), 0, "(file)", str(exc))]) from None
    entries = [(name, construct(options)) for name, options in extension_entries(config)]
    return MarkdownSetup.of(entries, markdown_digest(config))


def handwritten_sources(project: Project) -> dict[str, PageSource]:
    """Every hand-written page under docs/, its own front matter split off."""
    out = {}
    for path in project.handwritten_pages():
        markdown, front = split_front_matter(path.read_text(encoding="utf-8-sig"))
        out[path.relative_to(project.docs_dir).as_posix()] = PageSource(markdown, front, handwritten=True)
    return out


PAGES_RUN = "pages-run.json"
"""In briefgen's cache: the run key of the last run that rendered pages, with the keys and
headings of the pages it left in the engine's docs folder and the sha256 of the data files it
made from the content (`_data_files`)."""


def _data_files(ctx: BriefContext, items: dict[str, dict[str, Any]]) -> dict[str, Callable[[], str]]:
    """The files made from the whole content that no page is: every work as CSL-JSON, the claims
    as JSON-LD (by path in the engine's docs folder; made only when called)."""
    return {
        routes.WORKS_JSON: lambda: works_json(items),
        routes.claims_data(ctx.brief.version): lambda: claims_jsonld(ctx),
    }


def run_key(project: Project, setup: MarkdownSetup, *, pdf: bool) -> str:
    """A hash of everything any page's rendering reads: the brief's files, briefgen's code and
    the libraries that shape a page (pagekeys.code_digest), pandoc, the Markdown settings as
    read (environment values resolved) and whether the PDF is published. When it equals the
    last run's and the pages that run left are all there, every page is kept without working
    out its Markdown and its key again."""
    parts = [input_digest(project), code_digest(), pandoc_version(), setup.digest, str(pdf)]
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


@dataclass(frozen=True)
class KeptRun:
    """What the last run left that this one keeps whole (its run key is this run's)."""

    titles: dict[str, str]
    """Every page's heading."""
    data: frozenset[str]
    """The data files (`_data_files`) still as that run made them in the engine's docs folder."""


def _kept_run(project: Project, key: str, previous: Mapping[str, str]) -> KeptRun | None:
    """What the last run left, when its run key is `key` and the pages it left (`previous`: by
    source path, their keys) are exactly those it recorded; else None."""
    data = read_json(project.cache_dir / PAGES_RUN)
    try:
        if data["key"] != key or data["pages"] != dict(previous) or not data["titles"].keys() <= data["pages"].keys():
            return None
        titles = {str(src): str(title) for src, title in data["titles"].items()}
        intact = {path for path, sha in data["data"].items() if _sha256(project.engine_docs_dir / path) == sha}
    except (TypeError, KeyError, AttributeError):
        return None
    return KeptRun(titles, frozenset(intact))


def _sha256(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return ""


def generate(project: Project, *, pdf: bool = False, previous: Mapping[str, str] | None = None) -> Generated:
    """Validate, format the bibliography and render every page; raises BriefError when the
    content has errors. `pdf` says whether this build publishes the whole brief's PDF (pages
    declare it only then); `previous` holds the cache keys of the pages the last run wrote."""
    validated = validate(project)
    ctx = validated.ctx
    items = csl_items(ctx.bibliography.entries)
    processor = CslProcessor(items, cache_dir=project.cache_dir)
    works = format_works(ctx.bibliography.entries, ctx.groups, processor)
    setup = markdown_setup(project)
    key = run_key(project, setup, pdf=pdf)
    kept_run = _kept_run(project, key, previous) if previous else None
    sources: dict[str, PageSource] = {}
    if kept_run is None:
        sources = {src: PageSource(*split_front_matter(text)) for src, text in generated_markdown(ctx, works).items()}
        sources.update(handwritten_sources(project))
    kept_data = kept_run.data if kept_run is not None else frozenset()
    files: dict[str, str | bytes] = {
        path: make() for path, make in _data_files(ctx, items).items() if path not in kept_data
    }
    files[routes.BIBLIOGRAPHY] = project.bibliography.read_bytes()
    for asset in [*site_assets(), OFFLINE_WORKER_SHIM]:
        files[routes.asset(asset)] = (ASSETS / asset).read_bytes()
    titles = (
        kept_run.titles if kept_run is not None else page_headings(ctx, {s: v.markdown for s, v in sources.items()})
    )
    records = page_records(ctx, titles, pdf=pdf)
    page_citations, page_processor = format_page_citations(records, project.cache_dir)
    exports = export_files(records)
    for path in project.docs_files():
        files[path.relative_to(project.docs_dir).as_posix()] = path.read_bytes()
    caches = [*validated.caches, *processor.caches, *page_processor.caches]
    runs = processor.runs + page_processor.runs
    if kept_run is not None:  # nothing any page reads changed since the last run
        kept = dict(previous or {})
        return Generated(ctx, works, files, ctx.nav, runs, records, page_citations, caches, kept, exports, kept_data)
    pages = render_site_pages(
        ctx,
        works,
        records,
        page_citations,
        sources,
        setup=setup,
        files=frozenset([*files, *exports, *sources]),
        previous=previous or {},
        pdf=pdf,
    )
    if pages.problems:
        raise BriefError(pages.problems)
    files.update(pages.files)
    data = {path: hashlib.sha256(_bytes(files[path])).hexdigest() for path in _data_files(ctx, items)}
    run = {"key": key, "pages": pages.keys, "titles": titles, "data": data}
    caches.append(CacheEntry(project.cache_dir / PAGES_RUN, lambda: run))
    return Generated(ctx, works, files, ctx.nav, runs, records, page_citations, caches, pages.kept, exports)


def _bytes(value: str | bytes) -> bytes:
    return value.encode("utf-8") if isinstance(value, str) else value
