"""Thin MkDocs glue: run the generator on `mkdocs build` and `mkdocs serve`.

Everything here delegates to plain-Python modules; moving to another MkDocs-compatible engine
means rewriting only this file.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from .errors import BriefError
from .generate import Generated, generate, site_assets, write_generated
from .pages import home_header
from .project import GENERATED, Project
from .session import SiteRenderer, set_current_renderer

log = logging.getLogger("mkdocs.plugins.briefgen")
OVERRIDES = Path(__file__).parent / "overrides"
"""Theme templates briefgen adds to Material (placed before the theme's own)."""
_state: dict[str, Generated] = {}


def _plugin_error(message: str) -> Exception:
    from mkdocs.exceptions import PluginError

    return PluginError(message)


def on_config(config: Any) -> Any:
    project = Project(Path(config.config_file_path).resolve().parent)
    try:
        generated = generate(project)
    except BriefError as exc:
        raise _plugin_error(f"the brief has {len(exc.problems)} problem(s):\n{exc}") from None
    for warning in generated.ctx.warnings:
        log.info(str(warning))
    write_generated(project, generated)
    _state["generated"] = generated
    set_current_renderer(SiteRenderer(generated.ctx, generated.works))
    config.nav = generated.nav
    for asset in site_assets():
        url = f"{GENERATED}/assets/{asset}"
        target = config.extra_css if asset.endswith(".css") else config.extra_javascript
        if url not in [str(x) for x in target]:
            target.append(url)
    if str(OVERRIDES) not in config.theme.dirs:
        config.theme.dirs.insert(0, str(OVERRIDES))
    brief = generated.ctx.brief
    config.site_name = brief.title.best()
    config.site_url = brief.site_url
    return config


def on_page_markdown(markdown: str, page: Any, **_: Any) -> str:
    from .session import current_renderer

    renderer = current_renderer()
    renderer.page = page.file.src_uri
    if page.file.src_uri == "index.md":
        return home_header(renderer.ctx) + markdown
    return markdown


def on_page_content(html: str, page: Any, **_: Any) -> str:
    from .session import current_renderer

    renderer = current_renderer()
    if renderer.unknown:
        problems = "\n".join(str(p) for p in renderer.unknown)
        renderer.unknown.clear()
        raise _plugin_error(problems)
    from .sanitize import sanitize_html

    return sanitize_html(html)
