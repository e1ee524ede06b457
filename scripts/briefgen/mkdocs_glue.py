"""Thin MkDocs glue: run the generator on `mkdocs build` and `mkdocs serve`.

Everything here delegates to plain-Python modules; moving to another MkDocs-compatible engine
means rewriting only this file.
"""

from __future__ import annotations

import logging
from html import escape
from pathlib import Path
from typing import Any

from .audit import Prescan
from .citable import cite_block_html, edition_html
from .context import works_cited_by_page
from .errors import BriefError
from .generate import MOVED_SCRIPT, OFFLINE_WORKER_SHIM, Generated, generate, site_assets, write_generated
from .headtags import citation_reference, head_html
from .pages import CHANGELOG, home_header
from .previews import PreviewIndex, mark_page
from .project import GENERATED, Project
from .released import moved_map_json, stub_page
from .session import SiteRenderer, set_current_renderer
from .writer import write_atomic
from .xref import html_path_link, page_url

__all__ = ["on_config", "on_page_content", "on_page_markdown", "on_post_build", "on_post_page", "on_serve"]
"""The MkDocs events briefgen handles; the project's hook file imports exactly these."""

log = logging.getLogger("mkdocs.plugins.briefgen")
OVERRIDES = Path(__file__).parent / "overrides"
"""Theme templates briefgen adds to Material (placed before the theme's own)."""
_state: dict[str, Any] = {}
_options = {"pdf": False}
"""Whether this build makes the PDF (`briefgen build`); `mkdocs serve` does not, so no link to it."""


def set_pdf_enabled(enabled: bool) -> None:
    _options["pdf"] = enabled


def set_prescan(prescan: Prescan | None) -> None:
    """`briefgen build` audits the pages it builds: each rendered page goes to `prescan` as it
    is written, to be scanned in parallel with the rest of the build. None stops that."""
    if prescan is None:
        _state.pop("prescan", None)
    else:
        _state["prescan"] = prescan


def _plugin_error(message: str) -> Exception:
    from mkdocs.exceptions import PluginError

    return PluginError(message)


def reuse_generated(generated: Generated | None) -> None:
    """`briefgen build` has already generated and written the pages: the next on_config reuses
    them instead of generating twice. None forgets them."""
    if generated is None:
        _state.pop("pregenerated", None)
    else:
        _state["pregenerated"] = generated


def on_config(config: Any) -> Any:
    project = Project(Path(config.config_file_path).resolve().parent)
    generated = _state.pop("pregenerated", None)
    if generated is None or generated.ctx.project.root.resolve() != project.root.resolve():
        try:
            generated = generate(project)
        except BriefError as exc:
            raise _plugin_error(f"the brief has {len(exc.problems)} problem(s):\n{exc}") from None
        for warning in generated.ctx.warnings:
            log.info(str(warning))
        write_generated(project, generated)
    _state["generated"] = generated
    _state["cited_by_page"] = works_cited_by_page(generated.ctx)
    set_current_renderer(SiteRenderer(generated.ctx, generated.works))
    _state["previews"] = PreviewIndex.of(generated.ctx, generated.works)
    config.nav = generated.nav
    for asset in site_assets():
        url = f"{GENERATED}/assets/{asset}"
        target = config.extra_css if asset.endswith(".css") else config.extra_javascript
        if url not in [str(x) for x in target]:
            target.append(url)
    if "material/offline" in config.plugins:
        use_local_worker_shim(config.extra)
    if str(OVERRIDES) not in config.theme.dirs:
        config.theme.dirs.insert(0, str(OVERRIDES))
    brief = generated.ctx.brief
    config.site_name = brief.title.best()
    config.site_url = brief.site_url
    return config


def use_local_worker_shim(extra: dict[str, Any]) -> None:
    """Material's offline plugin adds a CDN copy of iframe-worker unless a polyfill's URL names
    it; put ours first and drop any other, whichever of the two on_config events runs first."""
    ours = f"{GENERATED}/assets/{OFFLINE_WORKER_SHIM}"
    others = [p for p in extra.get("polyfills") or [] if "iframe-worker" not in str(p)]
    extra["polyfills"] = [ours, *others]


def on_page_markdown(markdown: str, page: Any, **_: Any) -> str:
    from .session import current_renderer

    renderer = current_renderer()
    src = page.file.src_uri
    renderer.page = src
    if src == "index.md":
        markdown = home_header(renderer.ctx, offline=_options["pdf"]) + markdown
    generated: Generated = _state["generated"]
    moved = moved_map_json(page_url(src), generated.ctx.forwarding)
    if moved:
        page.meta["briefgen_moved"] = moved
    record = generated.records.get(src)
    if record is None:
        return markdown
    page.meta["briefgen_head"] = head_html(
        record, [citation_reference(renderer.ctx, k) for k in _state["cited_by_page"].get(src, [])]
    )
    # The <title> is the page's heading, the title it is cited by (escaped here: the theme's
    # template does not escape it).
    site = generated.ctx.brief.title.best()
    page.meta["briefgen_title"] = escape(site if record.kind == "brief" else f"{record.title} - {site}")
    edition = edition_html(record, html_path_link(CHANGELOG, None, src))
    title, sep, body = markdown.partition("\n")
    if not title.startswith("# "):
        title, sep, body = "", "", markdown
    block = cite_block_html(
        record,
        generated.page_citations[src],
        html_path_link(f"{GENERATED}/cite/{record.key}", None, src).removesuffix(".html"),
        html_path_link(f"{GENERATED}/brief.pdf", None, src) if _options["pdf"] else None,
        generated.works.default,
    )
    return f"{title}{sep}\n{edition}\n\n{body}\n\n{block}\n"


def on_page_content(html: str, page: Any, **_: Any) -> str:
    from .session import current_renderer

    renderer = current_renderer()
    if renderer.unknown:
        problems = "\n".join(str(p) for p in renderer.unknown)
        renderer.unknown.clear()
        raise _plugin_error(problems)
    from .sanitize import sanitize_html

    # Terms and previews are marked in the sanitised HTML (regular enough to read safely); the
    # tooltips go after the content through the theme template, outside the search index.
    marked = mark_page(sanitize_html(html), page.file.src_uri, _state["previews"])
    page.meta["briefgen_tips"] = marked.tips
    return marked.html


def on_post_build(config: Any, **_: Any) -> None:
    """Leave a forwarding stub at each released page URL that no longer has a page."""
    generated: Generated = _state["generated"]
    forwarding = generated.ctx.forwarding
    brief = generated.ctx.brief
    site = Path(config.site_dir)
    for old in sorted(forwarding.pages):
        stub = stub_page(old, forwarding, brief.site_url, brief.languages[0], f"{GENERATED}/assets/{MOVED_SCRIPT}")
        write_atomic(site / old, stub.encode("utf-8"))


def on_post_page(output: str, page: Any, **_: Any) -> str:
    prescan: Prescan | None = _state.get("prescan")
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
    generated = (docs / GENERATED).resolve()
    try:
        server.unwatch(str(docs))
    except KeyError:  # not watched (nothing to replace)
        return server
    server.watch(str(docs), recursive=False)
    for entry in sorted(docs.iterdir()):
        if entry.is_dir() and entry.resolve() != generated:
            server.watch(str(entry))
    return server
