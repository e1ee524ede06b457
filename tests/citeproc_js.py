"""citeproc-js as an independent oracle: the same CSL-JSON and the same style files that pandoc
formats, formatted by the CSL processor Zotero uses (tests/oracle/citeproc.js, the pinned npm
package `citeproc` in node_modules/, installed by `make test`)."""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

from briefgen.cite.csl import CslProcessor
from briefgen.cite.styles import STYLES, prepare_items, restore_translations

from .conftest import REPO, require_tool

ORACLE = Path(__file__).parent / "oracle"
LOCALES = {
    lang: (ORACLE / "locales" / f"locales-{lang}.xml").read_text(encoding="utf-8") for lang in ("en-US", "ru-RU")
}


def citeproc_js(
    items: dict[str, dict[str, Any]],
    style_id: str,
    clusters: list[list[dict[str, str]]] | None = None,
    *,
    year_suffix: bool = True,
) -> dict[str, Any]:
    """{entries: key -> HTML, order: [key], citations: [HTML]} from citeproc-js, for the items as
    briefgen prepares them for `style_id` (romanised, translations held out and put back)."""
    node = require_tool("node")
    if not (REPO / "node_modules" / "citeproc" / "citeproc_commonjs.js").exists():
        require_tool("citeproc-js (node_modules/citeproc: run `make test`)" if not shutil.which("npm") else "npm")
        raise AssertionError("node_modules/citeproc is missing: run `make test`, which installs it")
    style = STYLES[style_id]
    prepared, translations = prepare_items(items, style)
    request = {
        "style": CslProcessor(items, None, year_suffix=year_suffix).style_xml(style),
        "lang": style.locale,
        "locales": LOCALES,
        "items": prepared,
        "clusters": clusters or [],
    }
    out = subprocess.run(
        [node, str(ORACLE / "citeproc.js")], input=json.dumps(request), capture_output=True, text=True, check=True
    )
    result: dict[str, Any] = json.loads(out.stdout)
    result["entries"] = {k: restore_translations(v, translations) for k, v in result["entries"].items()}
    result["citations"] = [restore_translations(c, translations) for c in result["citations"]]
    return result


def text(markup: str) -> str:
    """Formatted HTML as the reader sees it: no tags, entities decoded, spaces collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", markup)).replace("\u00a0", " ").split())


def italics(markup: str) -> list[str]:
    """The italic runs of formatted HTML (pandoc writes <em>, citeproc-js <i>)."""
    return [text(m) for m in re.findall(r"<(?:em|i)>(.*?)</(?:em|i)>", markup, re.S)]
