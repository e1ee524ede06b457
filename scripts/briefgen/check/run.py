"""Build the whole context of a brief before any page is rendered.

Phases, each collecting every problem it finds (a later phase runs only on what earlier phases
accepted): read and parse YAML -> schema -> bibliography -> ids into the cross-reference index ->
references between ids, citations and text rules -> hand-written pages -> orphans -> released
URLs -> released claims (editions). Any error stops the build before a single file is written.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from briefgen.base.errors import BriefError, Report
from briefgen.base.project import CONTENT_FILES, Project
from briefgen.check.bibliography import read_bibliography
from briefgen.check.editions import check_editions
from briefgen.check.handwritten import check_handwritten_pages
from briefgen.check.ids import register_ids
from briefgen.check.orphans import check_orphans
from briefgen.check.references import check_references, check_text_of_failed_file
from briefgen.check.released import check_released
from briefgen.index.context import BriefContext
from briefgen.index.nav import nav, nav_titles
from briefgen.index.xref import XrefIndex
from briefgen.load.bibtex import Bibliography
from briefgen.load.cache import CacheEntry
from briefgen.load.content import (
    check_symlinks,
    extra_article_names,
    is_article_file,
    load_documents,
    read_content_file,
)
from briefgen.load.yamldoc import LoadedYaml
from briefgen.model.brief import Brief
from briefgen.model.glossary import GlossaryFile
from briefgen.model.problems import validate_file
from briefgen.model.schema import FILE_MODELS
from briefgen.model.timeline import TimelineFile


@dataclass(frozen=True)
class Validated:
    """A valid brief's context, and the parse results to cache (the build writes them)."""

    ctx: BriefContext
    """The whole brief, cross-referenced."""
    caches: list[CacheEntry]
    """Parsed content and bibliography not yet in the cache."""


def build_context(project: Project) -> BriefContext:
    """Validate everything and return the context; raises BriefError with every problem.
    Parsed files are read from the cache when there; nothing is written."""
    return validate(project).ctx


def validate(project: Project) -> Validated:
    """`build_context`, with the parse results that a build may add to the cache."""
    report = Report()
    stores: list[CacheEntry] = []
    check_symlinks(project, report)
    partial: dict[str, LoadedYaml] = {}
    docs = load_documents(project, report, stores, partial)
    models = _validate_schemas(docs, report)
    bib_raw = read_content_file(project.bibliography, project, report)
    bibliography = Bibliography(project.rel(project.bibliography))
    if bib_raw is not None:
        bibliography, bib_problems, store_bib = read_bibliography(
            bib_raw, project.rel(project.bibliography), project.cache_dir
        )
        report.extend(bib_problems)
        if store_bib is not None:
            stores.append(store_bib)
    # A file that failed its schema is replaced by an empty one, and references into it are
    # not checked, so that its errors do not hide the other files' errors.
    failed = {name for name in (*CONTENT_FILES, *extra_article_names(project)) if name not in models}
    article_files = [(name, models[name].articles) for name in models if is_article_file(name)]
    ctx = BriefContext(
        project=project,
        brief=models.get("brief.yml") or Brief.model_construct(sources=[], authors=[]),  # type: ignore[call-arg]
        articles=[article for _, articles in article_files for article in articles],
        article_files=article_files,
        hierarchies=models["priorities.yml"].hierarchies if "priorities.yml" in models else [],
        timeline=models.get("timeline.yml") or TimelineFile.model_construct(periods=[], events=[]),
        glossary=models.get("glossary.yml") or GlossaryFile(),
        bibliography=bibliography,
        xref=XrefIndex(),
        docs={name: doc for name, doc in docs.items() if name not in failed},
        failed=failed,
    )
    register_ids(ctx, report)
    check_references(ctx, report)
    # A file that failed its schema, or had bad values, still has its text checked now: its
    # raw HTML, links and citations are reported in this run, not after the next fix.
    for name in sorted(failed):
        raw_doc = docs.get(name) or partial.get(name)
        if raw_doc is not None:
            check_text_of_failed_file(ctx, raw_doc, name, report)
    check_handwritten_pages(ctx, report)
    check_orphans(ctx, report)
    if not ctx.failed:  # ids of a file that failed its schema are missing, not removed
        _check_released(ctx, report)
        ctx.editions, problems = check_editions(ctx, ctx.forwarding)  # released claims never change silently
        report.extend(problems)
    if report.errors:
        raise BriefError(report.errors + report.warnings)
    assert not ctx.failed
    ctx.warnings = report.sorted()
    return Validated(ctx, stores)


def _check_released(ctx: BriefContext, report: Report) -> None:
    """Every URL a published version had still resolves, or is redirected (released.py)."""
    project = ctx.project
    handwritten = [p.relative_to(project.docs_dir).as_posix() for p in project.handwritten_pages()]
    ctx.nav = nav(ctx, handwritten)
    ctx.pages = list(nav_titles(ctx.nav))
    brief = ctx.docs["brief.yml"]
    registry = project.released.read_text(encoding="utf-8") if project.released.is_file() else None
    ctx.forwarding, problems = check_released(
        registry=registry,
        registry_file=project.rel(project.released),
        redirects=ctx.brief.redirects,
        redirect_lines={old: brief.line(("redirects", old)) for old in ctx.brief.redirects},
        redirects_file=brief.file,
        xref=ctx.xref,
        pages=ctx.pages,
        withdrawn={w.id for w in ctx.brief.withdrawn},
    )
    report.extend(problems)


def _validate_schemas(docs: dict[str, LoadedYaml], report: Report) -> dict[str, Any]:
    models: dict[str, Any] = {}
    for name, doc in docs.items():
        model, problems = validate_file(doc, FILE_MODELS["article.yml" if is_article_file(name) else name])
        report.extend(problems)
        if model is not None:
            models[name] = model
    return models
