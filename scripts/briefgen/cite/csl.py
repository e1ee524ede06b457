"""CSL formatting through pandoc's citeproc, once per build and cached by content hash.

pandoc 3.9 comes with the `pypandoc-binary` wheel, so nothing is fetched. Each style is one
pandoc run over every work and every distinct citation of the build; the result is cached in
`.briefgen/cache/` under a hash of everything that went in (pandoc version, style file,
CSL-JSON, citations), so an unchanged bibliography is never formatted twice. New results are
returned to the build (`caches`), which writes them. pandoc reads its bibliography and its style
only from files named by their extension (a `data:` URI is limited to 128 KB by the kernel's
argument length), so each run hands them over in a private temporary folder outside the project,
removed when pandoc exits: the one file this stage makes.
"""

from __future__ import annotations

import hashlib
import html
import json
import os
import re
import shutil
import subprocess
import tempfile
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from briefgen.cite.styles import STYLES, Style, prepare_items, restore_translations, style_text
from briefgen.cite.syntax import CiteGroup
from briefgen.load.cache import CacheEntry


@dataclass(frozen=True)
class Formatted:
    """One style's output: every reference and every citation, as HTML."""

    entries: dict[str, str]
    """Key -> the reference as HTML (no list number), in the style's own bibliography order."""
    groups: dict[CiteGroup, str]
    """Citation -> in-text HTML, each work linked as `#ref-KEY`."""

    def restored(self, translations: dict[str, str]) -> Formatted:
        """With the translated titles put back where `prepare_items` held them."""
        if not translations:
            return self
        return Formatted(
            {k: restore_translations(v, translations) for k, v in self.entries.items()},
            {g: restore_translations(v, translations) for g, v in self.groups.items()},
        )


class PandocError(RuntimeError):
    """pandoc failed (or is missing): the bibliography cannot be formatted."""


@cache
def pandoc_path() -> str:
    """The pandoc to run: the pinned pypandoc-binary's, else one on PATH."""
    try:
        import pypandoc  # noqa: PLC0415 - optional: a pandoc on PATH serves too

        bundled = Path(pypandoc.__file__).parent / "files" / "pandoc"
        if bundled.exists():
            return str(bundled)
    except ImportError:  # pragma: no cover - pypandoc-binary is a dependency
        pass
    found = shutil.which("pandoc")
    if not found:
        raise PandocError("pandoc not found (run `make site` to install the pinned pypandoc-binary)")
    return found


@cache
def pandoc_version() -> str:
    """The version line of pandoc (part of every cache key)."""
    out = subprocess.run([pandoc_path(), "--version"], capture_output=True, text=True, check=True)
    return out.stdout.splitlines()[0]


class CslProcessor:
    """Formats works and citations in one style; results cached on disk by input hash."""

    def __init__(
        self, items: dict[str, dict[str, Any]], cache_dir: Path | None = None, *, year_suffix: bool = True
    ) -> None:
        self.items = items
        self.cache_dir = cache_dir
        self.year_suffix = year_suffix
        """False for works that are all by one author in one year on purpose (the brief's own
        pages): no 2026a, 2026b."""
        self.runs = 0
        """How many times pandoc actually ran (for tests and the benchmark)."""
        self.caches: list[CacheEntry] = []
        """Results not yet in the cache: the build writes them (this module writes nothing)."""
        self._memo: dict[str, Formatted] = {}
        self._lock = threading.Lock()

    def format_styles(self, requests: dict[str, list[CiteGroup] | tuple[CiteGroup, ...]]) -> dict[str, Formatted]:
        """`format(style, groups)` for each style in `requests`, in the same order. The pandoc runs
        of a cold cache are separate processes: they run side by side, one per core."""
        if len(requests) < 2:
            return {style: self.format(style, groups) for style, groups in requests.items()}
        pandoc_version()  # once, before the threads share its cache
        with ThreadPoolExecutor(max_workers=min(len(requests), os.cpu_count() or 1)) as pool:
            futures = {style: pool.submit(self.format, style, groups) for style, groups in requests.items()}
            return {style: future.result() for style, future in futures.items()}

    def format(self, style_id: str, groups: list[CiteGroup] | tuple[CiteGroup, ...] = ()) -> Formatted:
        style = STYLES[style_id]
        unique = sorted(set(groups), key=lambda g: g.pandoc_markdown())
        items, translations = prepare_items(self.items, style)
        items_json = json.dumps(items, ensure_ascii=False, sort_keys=True)
        digest = hashlib.sha256(
            "\x00".join(
                [
                    "v6",
                    pandoc_version(),
                    self._style_text(style),
                    style.locale,
                    items_json,
                    *(g.pandoc_markdown(style.page_label) for g in unique),
                ]
            ).encode()
        ).hexdigest()
        if digest in self._memo:
            return self._memo[digest]
        result = self._load(digest, unique)
        if result is None:
            result = self._run(style, items_json, unique)
            self._store(digest, result, unique)
        result = result.restored(translations)
        self._memo[digest] = result
        return result

    def _run(self, style: Style, items_json: str, groups: list[CiteGroup]) -> Formatted:
        with self._lock:
            self.runs += 1
        doc = ["---", "nocite: |", "  @*", "link-citations: true", f"lang: {style.locale}", "---", ""]
        for i, group in enumerate(groups):
            doc += [f"::: {{#g{i}}}", group.pandoc_markdown(style.page_label), ":::", ""]
        with tempfile.TemporaryDirectory(prefix="briefgen-csl-") as tmp:
            refs = Path(tmp) / "refs.json"
            refs.write_text(items_json, encoding="utf-8")
            csl = Path(tmp) / style.file
            csl.write_text(self._style_text(style), encoding="utf-8")
            proc = subprocess.run(
                [
                    pandoc_path(),
                    "--citeproc",
                    "-f",
                    "markdown",
                    "-t",
                    "html",
                    "--wrap=none",
                    "--csl",
                    str(csl),
                    "--bibliography",
                    str(refs),
                ],
                input="\n".join(doc),
                capture_output=True,
                text=True,
                check=False,
            )
        if proc.returncode != 0:
            raise PandocError(f"pandoc failed formatting the bibliography: {proc.stderr.strip()}")
        return _parse_output(proc.stdout, groups)

    def style_xml(self, style: Style) -> str:
        """The style as this processor gives it to pandoc (also what the tests give citeproc-js)."""
        return self._style_text(style)

    def _style_text(self, style: Style) -> str:
        text = style_text(style)
        if not self.year_suffix:
            text = text.replace('disambiguate-add-year-suffix="true"', 'disambiguate-add-year-suffix="false"')
        return text

    def _cache_file(self, digest: str) -> Path | None:
        return self.cache_dir / f"csl-{digest[:32]}.json" if self.cache_dir else None

    def _load(self, digest: str, groups: list[CiteGroup]) -> Formatted | None:
        path = self._cache_file(digest)
        if path is None or not path.exists():
            return None
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return Formatted(data["entries"], {g: data["groups"][i] for i, g in enumerate(groups)})
        except (ValueError, KeyError, IndexError):
            return None

    def _store(self, digest: str, result: Formatted, groups: list[CiteGroup]) -> None:
        path = self._cache_file(digest)
        if path is None:
            return
        self.caches.append(
            CacheEntry(path, lambda: {"entries": result.entries, "groups": [result.groups[g] for g in groups]})
        )


_GROUP = re.compile(r'<div id="g(\d+)">\s*<p>(.*?)</p>\s*</div>', re.S)
_ENTRY = re.compile(
    r'<div id="ref-(.*?)" class="csl-entry"[^>]*>\s*(.*?)\s*</div>\s*(?=<div id="ref-|</div>\s*$)', re.S
)
_CITATION_SPAN = re.compile(r'^<span class="citation" data-cites="[^"]*">(.*)</span>$', re.S)
_LEADING_NUMBER = re.compile(r"^\s*\d+\.\s+")


def _parse_output(out: str, groups: list[CiteGroup]) -> Formatted:
    entries: dict[str, str] = {}
    refs_at = out.find('<div id="refs"')
    for match in _ENTRY.finditer(out, refs_at if refs_at >= 0 else 0):
        key = html.unescape(match.group(1))
        body = _LEADING_NUMBER.sub("", match.group(2).strip())
        entries[key] = body
    cites: dict[CiteGroup, str] = {}
    for match in _GROUP.finditer(out):
        group = groups[int(match.group(1))]
        inner = match.group(2).strip()
        span = _CITATION_SPAN.match(inner)
        cites[group] = span.group(1) if span else inner
    return Formatted({k: _clean(v) for k, v in entries.items()}, {g: _clean(v) for g, v in cites.items()})


_NOCASE = re.compile(r'<span class="nocase">((?:(?!<span).)*?)</span>', re.S)


def _clean(text: str) -> str:
    """The translation out of the title's italics or quotes, and no case-protecting spans (they
    only steer the processor)."""
    return _NOCASE.sub(r"\1", plain_translation(text))


_NODECOR_TAG = '<span class="nodecoration">'
_SPAN_TAG = re.compile(r"<span\b[^>]*>|</span>")
_TITLE_CLOSE = re.compile(r"([.,;:]?)(”</span>|</em>)")


def _span_end(text: str, start: int) -> int | None:
    """Index just after the </span> that closes the span opening at `start`."""
    depth = 0
    for tag in _SPAN_TAG.finditer(text, start):
        depth += -1 if tag.group(0) == "</span>" else 1
        if depth == 0:
            return tag.end()
    return None


def plain_translation(text: str) -> str:
    """`<em>Title <span class="nodecoration">[T]</span></em>` -> `<em>Title</em> [T]`, and
    `<span>“Title <span class="nodecoration">[T]</span>.”</span>` -> `<span>“Title”</span> [T].`:
    a translated title follows the italic or quoted title, in plain brackets."""
    while (start := text.find(_NODECOR_TAG)) >= 0:
        end = _span_end(text, start)
        if end is None:
            break
        inner = text[start + len(_NODECOR_TAG) : end - len("</span>")]
        before, after = text[:start].rstrip(" "), text[end:]
        close = _TITLE_CLOSE.match(after)
        if close:
            text = f"{before}{close.group(2)} {inner}{close.group(1)}{after[close.end() :]}"
        else:
            text = f"{before} {inner}{after}"
    return text
