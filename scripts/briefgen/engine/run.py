"""`mkdocs build --strict`, in-process: the one place the pipeline drives MkDocs."""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

from mkdocs.commands import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, MkDocsException

from briefgen.base.errors import BuildFailed
from briefgen.base.project import Project
from briefgen.engine.session import BuildSession, attach
from briefgen.render.provenance import Provenance


def run_mkdocs(project: Project, site_dir: Path, session: BuildSession, provenance: Provenance | None = None) -> None:
    """`mkdocs build --strict` in-process, writing into `site_dir`, with `session` handed to the
    hook's events. With `provenance`, its warnings are reported at the content that made them."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    handler = _StderrHandler(keep=provenance is not None)
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        config = load_config(config_file=str(project.mkdocs_yml), site_dir=str(site_dir), strict=True)
        attach(config, session)
        config.plugins.on_startup(command="build", dirty=False)
        try:
            mkdocs_build.build(config)
        finally:
            config.plugins.on_shutdown()
    except (Abort, MkDocsException) as exc:
        if provenance is not None and handler.messages:
            raise BuildFailed.located(
                f"mkdocs build --strict failed: {exc}", handler.messages, provenance.mkdocs
            ) from None
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
