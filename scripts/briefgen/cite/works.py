"""Every work and every citation of the build, formatted in every style (the CSL processor's
result, as the pages use it)."""

from __future__ import annotations

import hashlib
import html
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from briefgen.base.typography import nbsp_html
from briefgen.cite.csl import CslProcessor, Formatted, pandoc_version
from briefgen.cite.csljson import to_csl
from briefgen.cite.styles import DEFAULT_STYLE, STYLES
from briefgen.cite.syntax import CiteGroup, CiteItem, source_group
from briefgen.load.bibtex import BibEntry
from briefgen.load.cache import CacheEntry, package_digest, read_json

_WORKS_PACKAGES = ("iuliia",)
"""Libraries besides pandoc that shape the formatted works (romanised names and titles)."""


@dataclass
class FormattedWorks:
    """Every work and every citation formatted in every style. The default style is the one a
    page shows without a script (and the PDF's); the reader can choose another."""

    by_style: dict[str, Formatted]
    default: str = DEFAULT_STYLE

    def entry(self, key: str, style: str | None = None) -> str:
        return self.by_style[style or self.default].entries.get(key, "")

    def cite(self, group: CiteGroup, style: str | None = None) -> str:
        return self.by_style[style or self.default].groups[group]

    def order(self, style: str) -> list[str]:
        """Every key, in the order `style` lists its references (csl.py sorts GOST's)."""
        return list(self.by_style[style].entries)

    def styles(self) -> list[str]:
        """The styles, the default first."""
        return [self.default, *(s for s in self.by_style if s != self.default)]

    def short(self, key: str) -> str:
        """The work cited whole, as plain text without its brackets: `Asmolov, Zakharova, 2020b`."""
        text = html.unescape(re.sub(r"<[^>]*>", "", self.cite(source_group(key))))
        return text[1:-1] if text.startswith("[") and text.endswith("]") else text


def format_works(keys: Iterable[str], groups: set[CiteGroup], processor: CslProcessor) -> FormattedWorks:
    """Every work and every citation of the build (`groups`) in every style, in one CSL run per
    style; the typography the styles leave to the typesetter added. The result is cached whole
    (with the processor's cache folder) under a hash of all it is made of: a build with the
    same works and citations reads it back instead of putting it together again."""
    # Every work cited whole too: how a page names a work it summarises, and each work's search title.
    wholes = {source_group(key) for key in keys}
    path = _works_cache_path(processor, wholes | groups)
    if path is not None:
        cached = _load_works(path)
        if cached is not None:
            return cached
    works = _format_works(wholes | groups, processor)
    if path is not None:
        processor.caches.append(CacheEntry(path, lambda: _works_data(works)))
    return works


def _group_data(group: CiteGroup) -> list[list[str]]:
    return [[item.key, item.locator, item.prefix] for item in group.items]


def _works_cache_path(processor: CslProcessor, groups: set[CiteGroup]) -> Path | None:
    """Where the formatted works of `groups` over the processor's works are cached: a hash of
    the works (CSL-JSON), the citations, pandoc's version and briefgen's code (its styles too)."""
    if processor.cache_dir is None:
        return None
    digest = hashlib.sha256(
        "\0".join(
            [
                "works 1",
                package_digest(_WORKS_PACKAGES),
                pandoc_version(),
                str(processor.year_suffix),
                json.dumps(processor.items, ensure_ascii=False, sort_keys=True),
                json.dumps(sorted(_group_data(g) for g in groups), ensure_ascii=False),
            ]
        ).encode()
    ).hexdigest()
    return processor.cache_dir / f"works-{digest[:32]}.json"


def _works_data(works: FormattedWorks) -> dict[str, Any]:
    return {
        "default": works.default,
        "styles": [
            [style, list(formatted.entries.items()), [[_group_data(g), text] for g, text in formatted.groups.items()]]
            for style, formatted in works.by_style.items()
        ],
    }


def _load_works(path: Path) -> FormattedWorks | None:
    data = read_json(path)
    made: dict[tuple[tuple[str, ...], ...], CiteGroup] = {}  # every style cites the same groups

    def group(items: list[list[str]]) -> CiteGroup:
        plain = tuple(map(tuple, items))
        found = made.get(plain)
        if found is None:
            found = made[plain] = CiteGroup(tuple(CiteItem(*item) for item in plain))
        return found

    try:
        by_style = {
            style: Formatted(dict(entries), {group(items): text for items, text in groups})
            for style, entries, groups in data["styles"]
        }
        return FormattedWorks(by_style, data["default"])
    except (TypeError, KeyError, ValueError):
        return None  # missing or unreadable: formatted again


def _format_works(groups: set[CiteGroup], processor: CslProcessor) -> FormattedWorks:
    ordered = sorted(groups, key=lambda g: g.pandoc_markdown())
    by_style = processor.format_styles(dict.fromkeys(STYLES, ordered))
    # Typography the styles leave to the typesetter: «№ 4», «Asmolov K.» never split at a line end.
    return FormattedWorks(
        {
            style: Formatted(
                {key: nbsp_html(text) for key, text in formatted.entries.items()},
                {group: nbsp_html(text) for group, text in formatted.groups.items()},
            )
            for style, formatted in by_style.items()
        }
    )


def csl_items(entries: dict[str, BibEntry]) -> dict[str, dict[str, object]]:
    """Every work as a CSL-JSON item, by key."""
    return {key: to_csl(entry) for key, entry in entries.items()}
