"""The MkDocs events, for `mkdocs serve` (and `properdocs serve`) on the brief's own mkdocs.yml:
configuration only, no page rendering.

On every (re)build, on_config renders the pages whose inputs changed into the engine's docs
folder (`.briefgen/docs/`, the same pages `briefgen build` gives every engine) and points MkDocs
at it, with the navigation, the site's name and URL, briefgen's assets and theme templates, and
the page-body extension that places each page. The other events only finish the built pages
(the same functions the build's post stage uses) and keep the live reload to one rebuild per
edit. `briefgen build` does not use them: it writes each engine a configuration of its own.
"""

from __future__ import annotations

import contextlib
import html
import logging
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError

from briefgen.base.errors import BriefError
from briefgen.base.project import Project
from briefgen.engine.pagebody import EXTENSION as PAGEBODY
from briefgen.engine.session import BuildSession, attach, prepare, session_of
from briefgen.engine.siteconfig import OVERRIDES, escaped_nav, local_worker_shim, with_assets
from briefgen.publish.postbuild import finish_page, finish_site
from briefgen.publish.writer import build_lock

__all__ = ["on_config", "on_post_build", "on_post_page", "on_serve"]
"""The MkDocs events briefgen handles; the project's hook file imports exactly these."""

log = logging.getLogger("mkdocs.plugins.briefgen")


def _project(config: Any) -> Project:
    return Project(Path(config.config_file_path).resolve().parent)


def on_config(config: Any) -> Any:
    """Pages prepared; MkDocs pointed at them, with briefgen's settings."""
    project = _project(config)
    try:
        with build_lock(project.state_dir):  # a `briefgen build` running now writes the same folder
            generated = prepare(project, pdf=False)
    except BriefError as exc:
        raise PluginError(f"the brief has {len(exc.problems)} problem(s):\n{exc}") from None
    for warning in generated.ctx.warnings:
        log.info(str(warning))
    attach(config, BuildSession(project, generated))
    config.docs_dir = str(project.engine_docs_dir)
    config.nav = escaped_nav(generated.nav)
    config.extra_css = with_assets(config.extra_css, ".css")
    config.extra_javascript = with_assets(config.extra_javascript, ".js")
    if "material/offline" in config.plugins:
        config.extra["polyfills"] = local_worker_shim(config.extra.get("polyfills"))
    if str(OVERRIDES) not in config.theme.dirs:
        config.theme.dirs.insert(0, str(OVERRIDES))
    if PAGEBODY not in config.markdown_extensions:
        config.markdown_extensions.insert(0, PAGEBODY)
    brief = generated.ctx.brief
    config.site_name = html.escape(brief.title.best(), quote=False)  # the theme prints it unescaped
    config.site_url = brief.site_url
    return config


def on_post_page(output: str, **_: Any) -> str:
    """The built page as published (search-section headings out)."""
    return finish_page(output)


def on_post_build(config: Any, **_: Any) -> None:
    """The built site finished as `briefgen build` finishes it (dated sitemap, forwarding stubs)."""
    session = session_of(config)
    if session is not None:
        finish_site(Path(config.site_dir), session.generated, session.project.exports_dir)


def on_serve(server: Any, config: Any, **_: Any) -> Any:
    """`mkdocs serve` watches the docs folder, which is now briefgen's own output: its writes
    there (made inside each build) would start a second build. Watch the brief's docs/ instead;
    the generated pages are rebuilt from their inputs (content/ and bibliography.bib, listed
    under `watch:` in mkdocs.yml)."""
    project = _project(config)
    with contextlib.suppress(KeyError):  # not watched (nothing to replace)
        server.unwatch(str(config.docs_dir))
    server.watch(str(project.docs_dir))
    return server
