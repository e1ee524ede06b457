"""`briefgen build`: check -> generate -> mkdocs build --strict into a staging folder ->
audit -> publish. A failure at any step leaves the published site/ exactly as it was."""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

from .errors import BriefError, Problem
from .generate import generate, write_generated
from .project import Project
from .writer import new_staging_dir, publish, remove_tree


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
    generated = generate(project)
    write_generated(project, generated)
    staging = new_staging_dir(project.state_dir)
    try:
        run_mkdocs(project, staging)
        from .audit import audit_site

        problems = audit_site(staging)
        if problems:
            raise BuildFailed("the built site failed the audit:\n" + "\n".join(problems))
        if pdf:
            from .pdf import build_pdf

            build_pdf(project, generated, staging)
        publish(staging, project.site_dir)
    except BaseException:
        remove_tree(staging)
        raise


def check(project: Project) -> list[Problem]:
    """Validate only; returns the warnings. Raises BriefError when there are errors."""
    from .context import build_context

    return build_context(project).warnings


__all__ = ["BriefError", "BuildFailed", "build", "check"]
