"""What an engine is told about the site: the brief's own configuration (mkdocs.yml) with what
briefgen adds, for `briefgen build` as a file each engine reads, and for `mkdocs serve` as
changes to the configuration MkDocs loaded (the hook's on_config).

briefgen adds: the engine's docs folder (every page complete, in `.briefgen/docs/`), the
navigation, the site's name and URL from the brief, briefgen's stylesheets and scripts, its theme
templates (they read the head tags from each page's front matter), its worker shim for search
from a folder, and the page-body extension first among the Markdown extensions. The file is the
brief's configuration written out whole (INHERIT merged as MkDocs merges it, tags as written), so
every engine reads the same settings whatever its own INHERIT rules; hooks and `watch:` are left
out (a build needs neither: the pages are made before the engine starts).
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from briefgen.base import routes
from briefgen.engine.pagebody import EXTENSION as PAGEBODY
from briefgen.load.siteconfig import dump
from briefgen.render.generate import OFFLINE_WORKER_SHIM, site_assets

OVERRIDES = Path(__file__).resolve().parents[1] / "overrides"
"""Theme templates briefgen adds to the theme (placed before the theme's own)."""
ENGINES = ("mkdocs", "properdocs", "zensical")
"""The engines a brief builds with; the first is the default."""
LEFT_OUT = ("INHERIT", "hooks", "watch", "docs_dir", "site_dir")
"""Settings of the brief's configuration an engine run does not take over (set here or not needed)."""


@dataclass(frozen=True)
class SiteGlue:
    """What briefgen sets in the site's configuration for one run."""

    docs_dir: Path
    """The engine's docs folder (`.briefgen/docs/`)."""
    nav: list[object]
    site_name: str
    site_url: str


def escaped_nav(nav: list[Any]) -> list[Any]:
    """The navigation with its titles as HTML text: the theme prints nav titles unescaped, and a
    title is plain text (`<i>` in it must show, not italicise)."""
    out: list[Any] = []
    for item in nav:
        if isinstance(item, dict):
            out.append(
                {
                    html.escape(str(title), quote=False): escaped_nav(value) if isinstance(value, list) else value
                    for title, value in item.items()
                }
            )
        else:
            out.append(item)
    return out


def local_worker_shim(polyfills: list[Any] | None) -> list[Any]:
    """The polyfills with briefgen's search worker shim first and no other iframe-worker: the
    offline plugin (MkDocs' and Zensical's) adds a CDN copy unless a polyfill's URL names it."""
    ours = routes.asset(OFFLINE_WORKER_SHIM)
    return [ours, *(p for p in polyfills or [] if "iframe-worker" not in str(p))]


def with_assets(listed: list[Any] | None, suffix: str) -> list[Any]:
    """A page's stylesheets (`.css`) or scripts (`.js`): the site's own, then briefgen's."""
    out = list(listed or [])
    for asset in site_assets():
        url = routes.asset(asset)
        if asset.endswith(suffix) and url not in [str(x) for x in out]:
            out.append(url)
    return out


def with_pagebody(extensions: Any) -> list[Any]:
    """The Markdown extensions with the page-body extension first."""
    items = list(extensions.items()) if isinstance(extensions, dict) else list(extensions or [])
    listed = [item if not isinstance(item, tuple) else {item[0]: item[1]} for item in items]
    names = [next(iter(i)) if isinstance(i, dict) else str(i) for i in listed]
    return listed if PAGEBODY in names else [PAGEBODY, *listed]


def engine_config(
    user: dict[str, Any], glue: SiteGlue, *, site_dir: Path, theme_dir: Path, engine: str, folder: Path
) -> dict[str, Any]:
    """The configuration `engine` builds with: the brief's (`user`, INHERIT merged, tags kept)
    with what briefgen adds. `theme_dir` holds briefgen's templates (and the brief's own, when it
    has a custom_dir). Paths are relative to `folder`, where the file is written (Zensical takes
    no others)."""

    def rel(path: Path) -> str:
        return path.relative_to(folder).as_posix()

    out = {key: value for key, value in user.items() if key not in LEFT_OUT}
    out["site_name"] = html.escape(glue.site_name, quote=False)  # the theme prints it unescaped
    out["site_url"] = glue.site_url
    out["docs_dir"] = rel(glue.docs_dir)
    out["site_dir"] = rel(site_dir)
    out["nav"] = escaped_nav(glue.nav)
    out["extra_css"] = with_assets(user.get("extra_css"), ".css")
    out["extra_javascript"] = with_assets(user.get("extra_javascript"), ".js")
    extra = dict(user.get("extra") or {})
    extra["polyfills"] = local_worker_shim(extra.get("polyfills"))
    out["extra"] = extra
    theme = dict(user.get("theme") or {})
    theme["custom_dir"] = rel(theme_dir)
    if engine == "zensical":
        theme.setdefault("variant", "classic")  # Material's look, as the other engines give it
    out["theme"] = theme
    out["markdown_extensions"] = with_pagebody(user.get("markdown_extensions"))
    return out


def engine_config_text(config: dict[str, Any], engine: str) -> str:
    """The configuration file an engine reads."""
    return f"# Written by briefgen for {engine}: the brief's mkdocs.yml with what briefgen adds. Do not edit.\n" + dump(
        config
    )


def theme_files(user: dict[str, Any], root: Path) -> dict[str, bytes]:
    """The theme templates an engine run uses, by path in the theme folder: the brief's own
    custom_dir (if it has one), then briefgen's over them (its base template must be there)."""
    files: dict[str, bytes] = {}
    custom = (user.get("theme") or {}).get("custom_dir")
    if custom:
        folder = (root / str(custom)).resolve()
        if folder.is_dir():
            files.update(
                {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}
            )
    ours = sorted(p for p in OVERRIDES.rglob("*") if p.is_file())
    files.update({p.relative_to(OVERRIDES).as_posix(): p.read_bytes() for p in ours})
    return files
