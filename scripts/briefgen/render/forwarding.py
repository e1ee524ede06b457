"""Released URLs that moved, forwarded: the stub page left at an old page URL, and the anchor
map an old page (or its stub) carries for `briefgen-moved.js`. Pure: strings only."""

from __future__ import annotations

import html
import json

from briefgen.base import routes
from briefgen.index.context import BriefContext
from briefgen.index.forwarding import Forwarding

MOVED_SCRIPT = "briefgen-moved.js"
"""Forwards released anchors that moved (every page loads it; a moved page's stub too)."""


def _relative(url: str, from_page: str) -> str:
    """`url` (site-relative, maybe with #anchor) as seen from page URL `from_page`."""
    path, sep, anchor = url.partition("#")
    return f"{routes.relative(path, from_page)}{sep}{anchor}"


def moved_map_json(page: str, forwarding: Forwarding) -> str | None:
    """The anchor map that page URL `page` carries (URLs relative to it), as JSON safe inside
    <script type="application/json">, or None when none of its anchors moved."""
    anchors = forwarding.anchors.get(page)
    if page in forwarding.pages:
        anchors = {"": forwarding.pages[page], **(anchors or {})}
    if not anchors:
        return None
    relative = {anchor: _relative(url, page) for anchor, url in sorted(anchors.items())}
    return _json_in_html(relative)


def _json_in_html(value: object) -> str:
    return json.dumps(value, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def stub_page(
    old: str, forwarding: Forwarding, titles: dict[str, str], *, site_url: str, language: str, script: str
) -> str:
    """The page left at old URL `old`: forwards to the new place (with the anchor, by script;
    without script by meta refresh), and says where it went. `titles` are the pages' headings
    by URL (the link's text)."""
    target = forwarding.pages[old]
    rel = _relative(target, old)
    title = titles.get(target.partition("#")[0], target)
    moved = moved_map_json(old, forwarding) or "{}"
    return (
        "<!doctype html>\n"
        f'<html lang="{html.escape(language)}">\n<head>\n<meta charset="utf-8">\n'
        f"<title>Moved: {html.escape(title)}</title>\n"
        '<meta name="robots" content="noindex">\n'
        f'<link rel="canonical" href="{html.escape(site_url.rstrip("/") + "/" + target)}">\n'
        f'<meta http-equiv="refresh" content="0; url={html.escape(rel)}">\n'
        f'<script type="application/json" id="bg-moved">{moved}</script>\n'
        f'<script src="{html.escape(_relative(script, old))}"></script>\n'
        "</head>\n<body>\n"
        f'<p>This page has moved to <a href="{html.escape(rel)}">{html.escape(title)}</a>.</p>\n'
        "</body>\n</html>\n"
    )


def stub_files(ctx: BriefContext, titles: dict[str, str]) -> dict[str, bytes]:
    """The stub page of every released page URL that no longer has a page, by URL."""
    brief, forwarding = ctx.brief, ctx.forwarding
    script = routes.asset(MOVED_SCRIPT)
    return {
        old: stub_page(
            old, forwarding, titles, site_url=brief.site_url, language=brief.languages[0], script=script
        ).encode("utf-8")
        for old in sorted(forwarding.pages)
    }
