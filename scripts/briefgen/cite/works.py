"""Every work and every citation of the build, formatted in every style (the CSL processor's
result, as the pages use it)."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass

from briefgen.base.typography import nbsp_html
from briefgen.cite.csl import CslProcessor, Formatted
from briefgen.cite.csljson import to_csl
from briefgen.cite.styles import DEFAULT_STYLE, STYLES
from briefgen.cite.syntax import CiteGroup, source_group
from briefgen.load.bibtex import BibEntry


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
    style; the typography the styles leave to the typesetter added."""
    # Every work cited whole too: how a page names a work it summarises, and each work's search title.
    wholes = {source_group(key) for key in keys}
    ordered = sorted(groups | wholes, key=lambda g: g.pandoc_markdown())
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
