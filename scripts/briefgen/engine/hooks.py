"""Thin MkDocs glue: run the generator on `mkdocs build` and `mkdocs serve`.

Everything here delegates to plain-Python modules; moving to another MkDocs-compatible engine
means rewriting only this file.
"""

from __future__ import annotations

import html
import logging
import unicodedata
from html import escape
from pathlib import Path
from typing import Any

from briefgen.base.errors import BriefError
from briefgen.base.project import GENERATED, Project
from briefgen.check.released import moved_map_json, stub_page
from briefgen.check.run import works_cited_by_page
from briefgen.cite.headtags import citation_reference, head_html
from briefgen.cite.record import cite_block_html, edition_html, edition_text
from briefgen.index.xref import html_path_link, page_url
from briefgen.publish.audit import Prescan
from briefgen.publish.writer import write_under
from briefgen.render.generate import (
    MOVED_SCRIPT,
    OFFLINE_WORKER_SHIM,
    Generated,
    generate,
    site_assets,
    write_generated,
)
from briefgen.render.pages import CHANGELOG, home_header
from briefgen.render.previews import PreviewIndex, mark_page
from briefgen.render.renderer import SiteRenderer, set_current_renderer
from briefgen.render.searchsections import add_sections, section_titles, strip_sections

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
    _state["search_sections"] = section_titles(generated.ctx, generated.works)
    config.nav = _escaped_titles(generated.nav)
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
    ours = f"{GENERATED}/assets/{OFFLINE_WORKER_SHIM}"
    others = [p for p in extra.get("polyfills") or [] if "iframe-worker" not in str(p)]
    extra["polyfills"] = [ours, *others]


def on_page_markdown(markdown: str, page: Any, **_: Any) -> str:
    from briefgen.render.renderer import current_renderer

    renderer = current_renderer()
    src = page.file.src_uri
    renderer.page = src
    markdown = unicodedata.normalize("NFC", markdown)  # hand-written pages too: one Unicode form
    generated: Generated = _state["generated"]
    record = generated.records.get(src)
    changelog = html_path_link(CHANGELOG, None, src)
    if src == "index.md":
        edition = edition_text(record, changelog) if record is not None else ""
        markdown = home_header(renderer.ctx, offline=_options["pdf"], edition=edition) + markdown
    moved = moved_map_json(page_url(src), generated.ctx.forwarding)
    if moved:
        page.meta["briefgen_moved"] = moved
    if record is None:
        return markdown
    # The sitemap's <lastmod> is the day the page last changed, not the day of the build: the
    # same content builds the same site, byte for byte.
    page.update_date = record.last_changed
    page.meta["briefgen_head"] = head_html(
        record, [citation_reference(renderer.ctx, k) for k in _state["cited_by_page"].get(src, [])]
    )
    # The <title> is the page's heading, the title it is cited by (escaped here: the theme's
    # template does not escape it).
    site = generated.ctx.brief.title.best()
    page.meta["briefgen_title"] = escape(site if record.kind == "brief" else f"{record.title} - {site}")
    # The home page has its edition in the byline (home_header).
    edition = "" if src == "index.md" else edition_html(record, changelog)
    title, sep, body = markdown.partition("\n")
    if not title.startswith("# "):
        title, sep, body = "", "", markdown
    original = '<p class="bg-original-title"'
    if edition and body.lstrip().startswith(original):  # the title in the source's language belongs to the title
        head, found, rest = body.lstrip().partition("</p>\n")
        title, body = f"{title}{sep}{head}{found}", rest
    block = cite_block_html(
        record,
        generated.page_citations[src],
        html_path_link(f"{GENERATED}/cite/{record.key}", None, src).removesuffix(".html"),
        html_path_link(f"{GENERATED}/brief.pdf", None, src) if _options["pdf"] else None,
        generated.works.default,
    )
    return f"{title}{sep}\n{edition}\n\n{body}\n\n{block}\n"


def on_page_content(html: str, page: Any, **_: Any) -> str:
    from briefgen.render.renderer import current_renderer

    renderer = current_renderer()
    if renderer.unknown:
        problems = "\n".join(str(p) for p in renderer.unknown)
        renderer.unknown.clear()
        raise _plugin_error(problems)
    from briefgen.render.sanitize import sanitize_html

    # Terms and previews are marked in the sanitised HTML (regular enough to read safely); the
    # tooltips go after the content through the theme template, outside the search index.
    marked = mark_page(sanitize_html(html), page.file.src_uri, _state["previews"])
    page.meta["briefgen_tips"] = marked.tips
    # Claims, events, glossary entries and works become search sections of their own; the
    # headings that make them are taken out again in on_page_context (searchsections.py).
    return add_sections(marked.html, _state["search_sections"].get(page.file.src_uri, {}))


def on_page_context(context: Any, page: Any, **_: Any) -> Any:
    """The search plugin has indexed the page (MkDocs runs hooks after plugins): take out the
    search-section headings before the page is written."""
    page.content = strip_sections(page.content)
    return context


def on_post_build(config: Any, **_: Any) -> None:
    """Leave a forwarding stub at each released page URL that no longer has a page."""
    generated: Generated = _state["generated"]
    forwarding = generated.ctx.forwarding
    brief = generated.ctx.brief
    site = Path(config.site_dir)
    for old in sorted(forwarding.pages):
        stub = stub_page(old, forwarding, brief.site_url, brief.languages[0], f"{GENERATED}/assets/{MOVED_SCRIPT}")
        write_under(site, old, stub.encode("utf-8"))  # refuses any path outside the site


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
