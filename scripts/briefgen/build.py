"""`briefgen build`: check -> generate -> mkdocs build --strict into a staging folder ->
audit -> publish. A failure at any step leaves the published site/ exactly as it was."""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

from .citable import citation_cff
from .errors import BriefError, Problem
from .generate import generate, write_generated
from .project import Project
from .writer import copy_tree, new_staging_dir, publish, remove_tree, write_atomic, write_if_changed


def keep_version(site: Path, version: str) -> None:
    """Put a copy of this version under v/VERSION/: the URL that citations of it point at."""
    copy_tree(site, site / "v" / version, skip={"v"})


class BuildFailed(Exception):
    """A build step failed after the content was valid; the message says which and why."""


def run_mkdocs(project: Project, site_dir: Path) -> None:
    """`mkdocs build --strict` in-process, writing into `site_dir`."""
    from mkdocs.commands import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, MkDocsException

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    handler = _StderrHandler()
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
        raise BuildFailed(f"mkdocs build --strict failed: {exc}") from None
    finally:
        logger.removeHandler(handler)


class _StderrHandler(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)

    def emit(self, record: logging.LogRecord) -> None:
        print(f"{record.levelname}: {record.getMessage()}", file=sys.stderr)


def build(project: Project, *, pdf: bool = True) -> None:
    """Build and publish the site; raises BriefError (content) or BuildFailed (a later step)."""
    from . import mkdocs_glue

    generated = generate(project, pdf=pdf)
    write_generated(project, generated)
    staging = new_staging_dir(project.state_dir)
    mkdocs_glue.set_pdf_enabled(pdf)
    mkdocs_glue.reuse_generated(generated)
    from .audit import Prescan, audit_site

    prescan = Prescan()
    mkdocs_glue.set_prescan(prescan)
    try:
        run_mkdocs(project, staging)
        mkdocs_glue.set_prescan(None)
        if pdf:
            from .pack import build_pack, pack_path
            from .pdf import build_pdf

            build_pdf(project, generated, staging)
            write_atomic(
                staging / pack_path(generated.ctx.brief.version), build_pack(staging, generated.ctx.brief.version)
            )
        from .verify import verify_site

        problems = audit_site(staging, prescan.results()) + verify_site(
            staging, generated.records, generated.page_citations, pdf=pdf
        )
        if problems:
            raise BuildFailed("the built site failed the audit:\n" + "\n".join(problems))
        keep_version(staging, generated.ctx.brief.version)
        publish(staging, project.site_dir)
        write_if_changed(project.root / "CITATION.cff", citation_cff(generated.ctx).encode("utf-8"))
    except BaseException:
        remove_tree(staging)
        raise
    finally:
        prescan.close()
        mkdocs_glue.set_prescan(None)
        mkdocs_glue.set_pdf_enabled(False)
        mkdocs_glue.reuse_generated(None)


def check(project: Project) -> list[Problem]:
    """Validate only; returns the warnings. Raises BriefError when there are errors."""
    from .context import build_context

    return build_context(project).warnings


def release(project: Project) -> tuple[str, int]:
    """Record every URL of this version in content/released.txt (earlier lines are kept);
    returns the version and how many URLs were added."""
    from .context import build_context
    from .released import Released, current_urls, format_registry, parse_registry, record_release

    ctx = build_context(project)  # raises if the registry is unreadable or a released URL is lost
    entries: list[Released] = []
    if project.released.exists():
        entries, _ = parse_registry(project.released.read_text(encoding="utf-8"), project.rel(project.released))
    updated = record_release(entries, current_urls(ctx.xref, ctx.pages), ctx.brief.version)
    write_if_changed(project.released, format_registry(updated).encode("utf-8"))
    return ctx.brief.version, len(updated) - len(entries)


__all__ = ["BriefError", "BuildFailed", "build", "check", "release"]
