"""The MkDocs events: the thin adapter between MkDocs and the core.

Each event hands its page to the core (render/chrome.py) and puts the result where MkDocs and
the theme read it. The build's state is a BuildSession on the config object: `briefgen build`
attaches the one it made; under `mkdocs serve` each build's on_config generates a new one.
"""

from __future__ import annotations

import html
import logging
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError

from briefgen.base import routes
from briefgen.base.errors import BriefError
from briefgen.base.project import Project
from briefgen.engine.markdown import EXTENSION
from briefgen.engine.session import BuildSession, attach, session_of
from briefgen.publish.writer import write_caches, write_files, write_generated
from briefgen.render.forwarding import stub_files
from briefgen.render.generate import OFFLINE_WORKER_SHIM, generate, site_assets
from briefgen.render.searchsections import strip_sections

__all__ = [
    "on_config",
    "on_page_content",
    "on_page_context",
    "on_page_markdown",
    "on_post_build",
    "on_post_page",
    "on_serve",
]
"""The MkDocs events briefgen handles; the project's hook file imports exactly these."""

log = logging.getLogger("mkdocs.plugins.briefgen")
OVERRIDES = Path(__file__).resolve().parents[1] / "overrides"
"""Theme templates briefgen adds to Material (placed before the theme's own)."""


def _plugin_error(message: str) -> Exception:
    return PluginError(message)


def _session(config: Any) -> BuildSession:
    """The build's session: the one `briefgen build` attached, or (under `mkdocs serve`, where
    every rebuild loads a new config) a new one, whose pages are written to docs/brief/."""
    project = Project(Path(config.config_file_path).resolve().parent)
    session = session_of(config)
    if session is not None and session.project.root.resolve() == project.root.resolve():
        return session
    try:
        generated = generate(project)
    except BriefError as exc:
        raise _plugin_error(f"the brief has {len(exc.problems)} problem(s):\n{exc}") from None
    for warning in generated.ctx.warnings:
        log.info(str(warning))
    write_generated(project, generated.files)
    write_caches(project, generated.caches)
    session = BuildSession(project, generated)
    attach(config, session)
    return session


def on_config(config: Any) -> Any:
    """Navigation, assets, theme overrides, site name and URL from the brief; the citation
    extension gets the session's renderer."""
    session = _session(config)
    generated = session.generated
    for name in config.markdown_extensions:
        if str(name).split(":")[0] == EXTENSION:
            config.mdx_configs.setdefault(name, {})["renderer"] = session.renderer
    config.nav = _escaped_titles(generated.nav)
    for asset in site_assets():
        url = routes.asset(asset)
        target = config.extra_css if asset.endswith(".css") else config.extra_javascript
        if url not in [str(x) for x in target]:
            target.append(url)
    if "material/offline" in config.plugins:
        use_local_worker_shim(config.extra)
    if str(OVERRIDES) not in config.theme.dirs:
        config.theme.dirs.insert(0, str(OVERRIDES))
    brief = generated.ctx.brief
    config.site_name = html.escape(brief.title.best(), quote=False)  # the theme prints it unescaped
    config.site_url = brief.site_url
    return config


def _escaped_titles(nav: list[Any]) -> list[Any]:
    """The navigation with its titles as HTML text: the theme prints nav titles unescaped, and a
    title is plain text (`<i>` in it must show, not italicise)."""
    out: list[Any] = []
    for item in nav:
        if isinstance(item, dict):
            out.append(
                {
                    html.escape(str(title), quote=False): _escaped_titles(value) if isinstance(value, list) else value
                    for title, value in item.items()
                }
            )
        else:
            out.append(item)
    return out


def use_local_worker_shim(extra: dict[str, Any]) -> None:
    """Material's offline plugin adds a CDN copy of iframe-worker unless a polyfill's URL names
    it; put ours first and drop any other, whichever of the two on_config events runs first."""
    ours = routes.asset(OFFLINE_WORKER_SHIM)
    others = [p for p in extra.get("polyfills") or [] if "iframe-worker" not in str(p)]
    extra["polyfills"] = [ours, *others]


def on_page_markdown(markdown: str, page: Any, config: Any, **_: Any) -> str:
    """The page with its header, edition line and cite block; its head tags as page meta."""
    session = _session(config)
    src = page.file.src_uri
    session.renderer.page = src
    decorated = session.chrome.markdown(markdown, src)
    page.meta.update(decorated.meta)
    if decorated.last_changed is not None:
        # The sitemap's <lastmod> is the day the page last changed, not the day of the build: the
        # same content builds the same site, byte for byte.
        page.update_date = decorated.last_changed
    return decorated.markdown


def on_page_content(html: str, page: Any, config: Any, **_: Any) -> str:
    """The rendered page sanitised, marked and cut into search sections; its tooltips as meta."""
    session = _session(config)
    renderer = session.renderer
    if renderer.unknown:
        problems = "\n".join(str(p) for p in renderer.unknown)
        renderer.unknown.clear()
        raise _plugin_error(problems)
    content = session.chrome.content(html, page.file.src_uri)
    page.meta["briefgen_tips"] = content.tips
    return content.html


def on_page_context(context: Any, page: Any, **_: Any) -> Any:
    """The search plugin has indexed the page (MkDocs runs hooks after plugins): take out the
    search-section headings before the page is written."""
    page.content = strip_sections(page.content)
    return context


def on_post_build(config: Any, **_: Any) -> None:
    """Leave a forwarding stub at each released page URL that no longer has a page."""
    generated = _session(config).generated
    write_files(Path(config.site_dir), stub_files(generated.ctx, generated.titles))


def on_post_page(output: str, page: Any, config: Any, **_: Any) -> str:
    """Hand the page's bytes to the audit's prescan, when the build has one."""
    prescan = _session(config).prescan
    if prescan is not None:
        # The bytes MkDocs writes (mkdocs.commands.build._build_page encodes them this way).
        prescan.submit(output.encode("utf-8", errors="xmlcharrefreplace"))
    return output


def on_serve(server: Any, config: Any, **_: Any) -> Any:
    """`mkdocs serve` watches docs/, so the generator's own writes to docs/brief/ (made inside
    each build) would trigger a second build. Watch docs/ without that folder instead: its own
    files, and each other folder in it. The generated pages are still rebuilt, from their
    inputs (content/ and bibliography.bib, listed under `watch:` in mkdocs.yml)."""
    docs = Path(config.docs_dir)
    generated = (docs / routes.GENERATED).resolve()
    try:
        server.unwatch(str(docs))
    except KeyError:  # not watched (nothing to replace)
        return server
    server.watch(str(docs), recursive=False)
    for entry in sorted(docs.iterdir()):
        if entry.is_dir() and entry.resolve() != generated:
            server.watch(str(entry))
    return server
