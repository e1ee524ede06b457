"""The theme's output kept between builds, for MkDocs and ProperDocs, which render every page's
templates and index every page for search on every build, changed or not.

What the theme makes of a page is a function of the page file and of what every page shares:
the engine's configuration (navigation, theme settings, extensions, plugins), the theme's
templates, the engine's and the theme's versions, briefgen's code (the extension that places
the page, the templates it adds), and every page's place in the navigation (its
title, URL and the metadata Material's navigation shows: icon, subtitle, status). When none of
it changed since an earlier build, the page gets a template that returns the HTML the theme made
then, and the search entries Material's search plugin made then are added again, in the same
place, instead of its parsing the page. The page still goes through MkDocs as before (anchor
validation, the post-page finishing, the audit's prescan); its output is byte-identical.

The cache holds only the theme's work: the post-page finishing is applied afresh to every page.
It is used only where every page event is known: no plugins but Material's search and offline,
and no theme templates but briefgen's (a template of the brief's own could show anything of other
pages). Otherwise every page is rendered as usual.
"""

from __future__ import annotations

import hashlib
import json
import logging
from importlib import metadata
from pathlib import Path
from typing import Any

from briefgen.base import routes
from briefgen.engine.siteconfig import OVERRIDES
from briefgen.load.cache import package_digest
from briefgen.publish.writer import sync_tree, write_under

KNOWN_PLUGINS = frozenset({"material/search", "material/offline"})
"""Plugins whose page events are known: Material's search indexes the page, offline has none.
(MkDocs' own search plugin keeps its entries elsewhere: with it, nothing is kept.)"""
NAV_META = ("icon", "subtitle", "status")
"""The page metadata Material's navigation shows on every page (partials/nav-item.html)."""
THEME_OUTPUT = "theme-output"
"""The cache's folder (one per engine) in briefgen's cache."""
OUTPUT_SUFFIX = ".out"
"""A page's theme output, in the cache folder, named by its key."""
INDEX = "search-entries.json"
"""The cache's index: output key -> the page's search entries."""
FORMAT = 1
"""Bumped when what the cache holds changes meaning."""

log = logging.getLogger("mkdocs.plugins.briefgen")


class CachedOutput:
    """A page's cached output, read only when the template prints it (one page in memory at a time)."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def __str__(self) -> str:
        return self.path.read_text(encoding="utf-8")

    def __html__(self) -> str:  # printed as it is, never escaped
        return str(self)


def nav_outline(items: Any) -> list[Any]:
    """The navigation as every page shows it: sections, pages and links, with titles, URLs and
    the metadata the theme's navigation reads."""
    outline: list[Any] = []
    for item in items:
        entry: dict[str, Any] = {"kind": type(item).__name__, "title": str(item.title)}
        if getattr(item, "url", None) is not None:
            entry["url"] = item.url
        meta = getattr(item, "meta", None) or {}
        entry["meta"] = {key: meta.get(key) for key in NAV_META if key in meta}
        children = getattr(item, "children", None)
        if children:
            entry["children"] = nav_outline(children)
        outline.append(entry)
    return outline


def _digest(*parts: bytes | str) -> str:
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "big"))
        digest.update(data)
    return digest.hexdigest()


def _versions(engine: str) -> str:
    return json.dumps({name: metadata.version(name) for name in (engine, "mkdocs-material")}, sort_keys=True)


def why_not_cached(config: Any) -> str | None:
    """Why this run's pages cannot be kept (None when they can)."""
    others = sorted(set(config.plugins) - KNOWN_PLUGINS - {ThemeCache.NAME, "briefgen-post-page"})
    if others:
        return f"plugins whose page events are unknown: {', '.join(others)}"
    if config.theme.name != "material":
        return f"theme {config.theme.name!r} (only Material's templates are known)"
    custom = config.theme.custom_dir
    ours = {p.relative_to(OVERRIDES).as_posix() for p in OVERRIDES.rglob("*") if p.is_file()}
    theirs = {p.relative_to(custom).as_posix() for p in Path(custom).rglob("*") if p.is_file()} if custom else set()
    if theirs - ours:
        return f"the brief's own theme templates ({', '.join(sorted(theirs - ours))})"
    return None


class ThemeCache:
    """MkDocs plugin (added to an in-process build, before briefgen's post-page finishing): keeps
    each page's theme output in `folder` and gives it back while the page's inputs are unchanged."""

    NAME = "briefgen-theme-cache"

    def __init__(self, folder: Path, within: Path, engine: str = "mkdocs") -> None:
        self.folder = folder
        self.within = within
        self.engine = engine
        """The engine's package (MkDocs or ProperDocs, which runs the same plugins)."""
        self.index: dict[str, list[Any]] = {}
        self.used: dict[str, list[Any]] = {}
        self.keys: dict[str, str] = {}
        """src_uri -> output key, for the pages of this run."""
        self.cached: set[str] = set()
        """src_uris whose output comes from the cache."""
        self.search: Any = None
        self.mark = 0
        self.nav: Any = None
        self.active = False

    def on_nav(self, nav: Any, **_: Any) -> Any:
        self.nav = nav
        return nav

    def on_env(self, env: Any, *, config: Any, files: Any) -> Any:
        """All pages are read now: work out each page's key, and mark the unchanged ones."""
        reason = why_not_cached(config)
        if reason is not None:
            log.info(f"briefgen: every page rendered by the theme ({reason})")
            return env
        search = config.plugins.get("material/search")
        if search is not None and not getattr(search.config, "enabled", True):
            search = None
        self.search = search.search_index if search is not None else None
        self.active = True
        self.index = self._read_index()
        shared = _digest(
            f"theme output {FORMAT}",
            _versions(self.engine),
            package_digest(),  # briefgen's extensions and templates shape the theme's input too
            Path(config.config_file_path).read_bytes(),
            *self._theme_files(config),
            json.dumps(nav_outline(self.nav.items if self.nav else []), sort_keys=True, ensure_ascii=False),
        )
        for file in files.documentation_pages():
            page = file.page
            if page is None or file.abs_src_path is None:
                continue
            key = _digest(shared, file.src_uri, file.dest_uri, Path(file.abs_src_path).read_bytes())
            self.keys[file.src_uri] = key
            path = self.folder / f"{key}{OUTPUT_SUFFIX}"
            if key in self.index and path.is_file():
                self.cached.add(file.src_uri)
                meta = page.meta
                meta["template"] = routes.CACHED_PAGE_TEMPLATE
                meta["search"] = {**(meta.get("search") or {}), "exclude": True}
                meta["briefgen_cached"] = CachedOutput(path)
        return env

    def on_post_page(self, output: str, *, page: Any, **_: Any) -> str:
        if not self.active:
            return output
        src = page.file.src_uri
        key = self.keys.get(src)
        if key is None:
            return output
        if src in self.cached:
            entries = self.index[key]
            if self.search is not None:
                self.search.entries.extend(entries)
        else:
            entries = self.search.entries[self.mark :] if self.search is not None else []
            write_under(self.folder, f"{key}{OUTPUT_SUFFIX}", output.encode("utf-8"))
        self.used[key] = entries
        self.mark = len(self.search.entries) if self.search is not None else 0
        return output

    def on_post_build(self, **_: Any) -> None:
        """Keep what this build used, nothing else."""
        if not self.active:
            return
        index = json.dumps(self.used, ensure_ascii=False, separators=(",", ":"))  # entries keep their key order
        keep = {f"{key}{OUTPUT_SUFFIX}" for key in self.used}
        sync_tree(self.folder, {INDEX: index.encode("utf-8")}, within=self.within, keep=keep)
        log.info(f"briefgen: theme output kept for {len(self.cached)} of {len(self.keys)} pages")

    def _read_index(self) -> dict[str, list[Any]]:
        try:
            index = json.loads((self.folder / INDEX).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return index if isinstance(index, dict) else {}

    @staticmethod
    def _theme_files(config: Any) -> list[str | bytes]:
        custom = config.theme.custom_dir
        if not custom:
            return []
        parts: list[str | bytes] = []
        for path in sorted(Path(custom).rglob("*")):
            if path.is_file():
                parts += [path.relative_to(custom).as_posix(), path.read_bytes()]
        return parts
