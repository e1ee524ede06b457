"""`briefgen build`: check -> generate -> mkdocs build --strict into a staging folder ->
audit -> publish. A failure at any step leaves the published site/ exactly as it was; publishing
itself is one rename (writer.publish)."""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from briefgen.base.errors import BriefError, Problem
from briefgen.base.project import Project
from briefgen.cite.record import citation_cff
from briefgen.render.generate import Generated, generate, write_generated

if TYPE_CHECKING:
    from briefgen.publish.audit import Prescan
    from briefgen.render.provenance import Provenance
from briefgen.publish.writer import (
    UnsafePath,
    build_lock,
    copy_tree,
    new_staging_dir,
    publish,
    remove_leftovers,
    remove_tree,
    write_if_changed,
    write_under,
)


def keep_version(site: Path, version: str) -> None:
    """Put a copy of this version under v/VERSION/: the URL that citations of it point at."""
    copy_tree(site, site / "v" / version, skip={"v"})


class BuildFailed(Exception):
    """A build step failed after the content was valid; the message says which and why, and
    `problems` holds what could be traced back to the content file and line that caused it."""

    def __init__(self, message: str, problems: list[Problem] | None = None, unlocated: list[str] | None = None) -> None:
        super().__init__(message)
        self.problems = problems or []
        self.unlocated = unlocated or []
        """The step's messages that name no content (printed after the problems)."""


def _located(step: str, lines: list[str], locate: Callable[[str], Problem | None]) -> BuildFailed:
    """BuildFailed for `lines` (a step's error messages), each at the content that made it where
    that is known; the others stay in the message."""
    problems, rest = [], []
    for line in lines:
        problem = locate(line)
        if problem is None:
            rest.append(line)
        else:
            problems.append(problem)
    return BuildFailed(f"{step}:\n" + "\n".join([*map(str, problems), *rest]), problems, rest)


def run_mkdocs(project: Project, site_dir: Path, provenance: Provenance | None = None) -> None:
    """`mkdocs build --strict` in-process, writing into `site_dir`. With `provenance`, its
    warnings are reported at the content that made them."""
    from mkdocs.commands import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, MkDocsException

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    handler = _StderrHandler(keep=provenance is not None)
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        config = load_config(config_file=str(project.mkdocs_yml), site_dir=str(site_dir), strict=True)
        config.plugins.on_startup(command="build", dirty=False)
        try:
            mkdocs_build.build(config)
        finally:
            config.plugins.on_shutdown()
    except (Abort, MkDocsException) as exc:
        if provenance is not None and handler.messages:
            raise _located(f"mkdocs build --strict failed: {exc}", handler.messages, provenance.mkdocs) from None
        raise BuildFailed(f"mkdocs build --strict failed: {exc}") from None
    finally:
        logger.removeHandler(handler)


class _StderrHandler(logging.Handler):
    """Prints MkDocs' warnings, or (with a provenance table) keeps them to report located."""

    def __init__(self, keep: bool = False) -> None:
        super().__init__(logging.WARNING)
        self.keep = keep
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if self.keep:
            self.messages.append(record.getMessage())
        else:
            print(f"{record.levelname}: {record.getMessage()}", file=sys.stderr)


@dataclass(frozen=True)
class Built:
    """What a build published, for the summary `briefgen build` prints."""

    version: str
    pages: int
    """Pages in the navigation (each with its own URL)."""
    claims: int
    works: int
    pdf: str | None
    """The PDF, relative to the site root (None when built without it)."""
    pdf_pages: int
    pack: str | None
    """The research pack, relative to the site root (None without the PDF)."""


def build(project: Project, *, pdf: bool = True) -> Built:
    """Build and publish the site; raises BriefError (content) or BuildFailed (a later step).
    Content is validated before anything is written; then one build at a time per project, and
    what a killed build left is removed first."""
    if project.state_dir.is_symlink():  # caches, staging and builds would go where it points
        raise BuildFailed(
            f"{project.rel(project.state_dir)} is a symbolic link (remove it; briefgen keeps its builds there)"
        )
    generated = generate(project, pdf=pdf)
    try:
        with build_lock(project.state_dir):
            remove_leftovers(project.state_dir, project.site_dir)
            return _build(project, generated, pdf=pdf)
    except UnsafePath as exc:
        raise BuildFailed(str(exc)) from None


def _build(project: Project, generated: Generated, *, pdf: bool) -> Built:
    from briefgen.engine import hooks as mkdocs_glue

    write_generated(project, generated)
    staging = new_staging_dir(project.state_dir)
    mkdocs_glue.set_pdf_enabled(pdf)
    mkdocs_glue.reuse_generated(generated)
    from briefgen.publish.audit import Prescan

    prescan = Prescan()
    mkdocs_glue.set_prescan(prescan)
    try:
        pdf_pages = _steps(project, generated, staging, prescan, pdf=pdf)
    except BaseException:
        remove_tree(staging)
        raise
    finally:
        prescan.close()
        mkdocs_glue.set_prescan(None)
        mkdocs_glue.set_pdf_enabled(False)
        mkdocs_glue.reuse_generated(None)
    from briefgen.publish.pack import pack_path
    from briefgen.publish.pdf import PDF_PATH

    ctx = generated.ctx
    return Built(
        version=ctx.brief.version,
        pages=len(ctx.pages),
        claims=len(ctx.claim_numbers),
        works=len(ctx.bibliography.entries),
        pdf=PDF_PATH if pdf else None,
        pdf_pages=pdf_pages,
        pack=pack_path(ctx.brief.version) if pdf else None,
    )


def _steps(project: Project, generated: Generated, staging: Path, prescan: Prescan, *, pdf: bool) -> int:
    """The build's steps after generating; returns the PDF's page count (0 without it)."""
    from briefgen.engine import hooks as mkdocs_glue
    from briefgen.publish.audit import audit_site
    from briefgen.render.provenance import Provenance

    provenance = Provenance(generated.ctx)
    run_mkdocs(project, staging, provenance)
    mkdocs_glue.set_prescan(None)
    pdf_pages = 0
    if pdf:
        from briefgen.publish.pack import build_pack, pack_path
        from briefgen.publish.pdf import build_pdf

        try:
            pdf_pages = build_pdf(project, generated, staging)
        except BuildFailed as exc:
            if exc.problems:
                raise
            raise _located("the PDF failed", str(exc).splitlines(), lambda m: provenance.built(m, "PDF")) from None
        version = generated.ctx.brief.version
        try:
            pack = build_pack(staging, version)
        except ValueError as exc:
            raise BuildFailed(str(exc)) from None
        write_under(staging, pack_path(version), pack)
    from briefgen.publish.verify import verify_site

    problems = audit_site(staging, prescan.results()) + verify_site(
        staging, generated.records, generated.page_citations, pdf=pdf
    )
    if problems:
        raise _located("the built site failed the audit", problems, lambda m: provenance.built(m, "audit"))
    keep_version(staging, generated.ctx.brief.version)
    publish(staging, project.site_dir, project.state_dir)
    write_if_changed(project.root / "CITATION.cff", citation_cff(generated.ctx).encode("utf-8"))
    return pdf_pages


def check(project: Project) -> list[Problem]:
    """Validate only; returns the warnings. Raises BriefError when there are errors."""
    from briefgen.check.run import build_context

    return build_context(project).warnings


def release(project: Project) -> tuple[str, int]:
    """Record every URL of this version in content/released.txt (earlier lines are kept);
    returns the version and how many URLs were added."""
    from briefgen.check.released import Released, current_urls, format_registry, parse_registry, record_release
    from briefgen.check.run import build_context

    ctx = build_context(project)  # raises if the registry is unreadable or a released URL is lost
    entries: list[Released] = []
    if project.released.exists():
        entries, _ = parse_registry(project.released.read_text(encoding="utf-8"), project.rel(project.released))
    updated = record_release(entries, current_urls(ctx.xref, ctx.pages), ctx.brief.version)
    write_if_changed(project.released, format_registry(updated).encode("utf-8"))
    return ctx.brief.version, len(updated) - len(entries)


__all__ = ["BriefError", "BuildFailed", "build", "check", "release"]
