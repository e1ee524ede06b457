"""Content -> generated files, as one pure step over the validated context."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from briefgen.base.project import GENERATED, Project
from briefgen.check.run import BriefContext, build_context
from briefgen.cite.csl import CslProcessor
from briefgen.cite.record import PageCitations, PageRecord, export_files, format_page_citations, page_records
from briefgen.index.xref import page_url
from briefgen.publish.writer import sync_tree
from briefgen.render import matrix, pages
from briefgen.render.renderer import FormattedWorks, csl_items, format_works

ASSETS = resources.files("briefgen") / "assets"
PRINT_ONLY = {"print.css"}
MOVED_SCRIPT = "briefgen-moved.js"
"""Forwards released anchors that moved (every page loads it; a moved page's stub too)."""
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
    ctx: BriefContext
    works: FormattedWorks
    files: dict[str, str | bytes]
    """Path under docs/ (always inside the generated folder) -> content."""
    nav: list[object]
    csl_runs: int
    records: dict[str, PageRecord]
    """Source path -> the page's citation record."""
    page_citations: dict[str, PageCitations]


def page_headings(ctx: BriefContext, files: dict[str, str | bytes], project: Project) -> dict[str, str]:
    """Every page's heading, which is also its <title> and the title it is cited by: the brief's
    title for the home page, the first `# ` line of a generated or hand-written page."""
    headings = {}
    for src in pages.nav_titles(ctx.nav):
        if src == "index.md":
            headings[src] = ctx.brief.title.best()
            continue
        generated = files.get(src)
        text = generated if isinstance(generated, str) else (project.docs_dir / src).read_text(encoding="utf-8")
        headings[src] = pages.heading_text(text) or Path(src).stem.replace("-", " ").capitalize()
    return headings


def generate(project: Project, *, pdf: bool = False) -> Generated:
    """Validate, format the bibliography and render every generated page. Writes nothing
    except the CSL cache. Raises BriefError when the content has errors. `pdf` says whether this
    build publishes the whole brief's PDF (pages declare it only then)."""
    ctx = build_context(project, store_caches=True)
    items = csl_items(ctx)
    processor = CslProcessor(items, cache_dir=project.cache_dir)
    works = format_works(ctx, processor)
    files: dict[str, str | bytes] = dict(pages.render_pages(ctx, works))
    files.update(matrix.matrix_pages(ctx))
    files[f"{GENERATED}/works.json"] = pages.works_json(ctx, items)
    files[f"{GENERATED}/bibliography.bib"] = project.bibliography.read_bytes()
    for asset in [*site_assets(), OFFLINE_WORKER_SHIM]:
        files[f"{GENERATED}/assets/{asset}"] = (ASSETS / asset).read_bytes()
    files[f"{GENERATED}/changelog.md"] = pages.changelog_page(ctx)
    titles = page_headings(ctx, files, project)
    records = page_records(ctx, titles, pdf=pdf)
    page_citations, page_runs = format_page_citations(records, project.cache_dir)
    files.update(export_files(records))
    ctx.forwarding.titles = {page_url(src): title for src, title in titles.items()}
    return Generated(ctx, works, files, ctx.nav, processor.runs + page_runs, records, page_citations)


def write_generated(project: Project, generated: Generated) -> list[str]:
    """Bring docs/brief/ in line with `generated`; only changed files are touched."""
    prefix = f"{GENERATED}/"
    inside = {path[len(prefix) :]: data for path, data in generated.files.items() if path.startswith(prefix)}
    return sync_tree(project.generated_dir, inside, within=project.root)
