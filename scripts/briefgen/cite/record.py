"""Citable pages: one metadata record per page, and everything made from it.

The record feeds the byline, the "cite this page" block and each claim's "cite §N" (GOST, APA,
Chicago through the same CSL processor as the bibliography), the exports (BibTeX, RIS,
CSL-JSON: exports.py), the <head> tags that Google Scholar and Zotero read (headtags.py), the
PDF's cover and metadata (publish/pdfmeta.py) and the brief's CITATION.cff. render/records.py
makes the records from the context; publish/verify.py reads all of them back from the built site
and fails the build when any of them disagrees with the record. Pure functions.

A page is cited by its heading (which is also its <title>). What a page is, for a reference
manager and for Google Scholar, depends on its kind (see scripts/briefgen/README.md, "Citing a brief"):

* `brief`: the home page, which stands for the brief as a whole: a report;
* `section`: an article's overview, a part of it, a priority hierarchy: a page of the brief's
  web site, the work's sections that carry its scholarly content;
* `page`: everything else (timeline, glossary, works cited, changes, matrices, about):
  citable as a web page, but not a scholarly item of its own.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from briefgen.base.doi import csl_fields
from briefgen.base.languages import csl_language
from briefgen.cite.csl import CslProcessor
from briefgen.cite.csljson import csl_date
from briefgen.cite.styles import STYLES

ACCESSED_SENTINEL = "1900-01-01"
"""Formatted as the access date, then replaced by a blank to fill in (briefgen.js fills in today)."""
ACCESSED_BLANK = "__.__.____"
"""What a printed or script-less GOST reference shows for the access date: the reader's to fill in.
A page never knows when it is read, so it never prints a date there."""
KINDS = ("brief", "section", "page")


@dataclass(frozen=True)
class PageRecord:
    """What a citation of one page says. Every other representation is made from this."""

    key: str
    """Export file name and CSL id: `brief-feng-background`."""
    src: str
    """Source path under docs/: `brief/feng/background.md`."""
    kind: str
    """`brief`, `section` or `page` (module docstring)."""
    title: str
    """The page's heading, as the page and its <title> show it."""
    container_title: str | None
    """The brief's title, for every page but the home page (which is the brief itself)."""
    authors: tuple[tuple[str, str], ...]
    """(family, given) for people; (name, "") for organisations."""
    organisations: tuple[bool, ...]
    institution: str | None
    """For the brief: the organisation that issues it (its first organisation author), if any."""
    version: str
    published: str
    last_changed: str
    url: str
    """The versioned URL, which keeps this version's text."""
    latest_url: str
    pdf_url: str | None
    """The PDF that is this item's full text: the whole brief's, for the brief; None when the
    build makes no PDF, and for every other page (the whole brief is not their full text)."""
    language: str
    licence: str
    abstract: str = ""
    """For the brief: its abstract as plain text."""
    claims: tuple[tuple[str, str], ...] = field(default=())
    """(claim id, § number) of each claim on the page."""
    doi: str | None = None
    """The item's own DOI: this version's DOI, on the brief's record only (base/doi.py says why)."""
    concept_doi: str | None = None
    """The brief's concept DOI (all versions), on the brief's record only."""
    container_doi: str | None = None
    """On every other page: the DOI of the brief version it is part of (named as such, never as
    the page's own: in APA and Chicago a DOI replaces the page's URL)."""

    def author_strings(self) -> list[str]:
        """Authors as Highwire tags want them, "Last, First"; an organisation as "Name," with an
        empty first name, so that reference managers keep it as one name (headtags.py)."""
        return [f"{family}, {given}" if given else f"{family}," for family, given in self.authors]

    def csl_authors(self) -> list[dict[str, str]]:
        return [
            {"literal": family} if org else {"family": family, "given": given}
            for (family, given), org in zip(self.authors, self.organisations, strict=True)
        ]

    def csl_item(self) -> dict[str, Any]:
        """The page as a CSL item: a report (the brief) or a page of the brief's web site."""
        item: dict[str, Any] = {
            "id": self.key,
            "type": "report" if self.kind == "brief" else "webpage",
            "title": self.title,
            "author": self.csl_authors(),
            "issued": csl_date(self.published),
            "accessed": csl_date(ACCESSED_SENTINEL),
            "URL": self.url,
            "version": self.version,
            "language": csl_language(self.language),
        }
        if self.container_title:
            item["container-title"] = self.container_title
        item.update(csl_fields(self.doi))
        # APA 7: a report whose author is also its publisher names the publisher once, as author.
        if self.institution and self.institution not in [a[0] for a in self.authors]:
            item["publisher"] = self.institution
        return item

    def claim_item(self, claim_id: str, number: str) -> dict[str, Any]:
        """One claim of the page as a CSL item: the page, its title followed by the claim's
        number, at the claim's own URL."""
        item = dict(
            self.csl_item(),
            id=f"{self.key}--{claim_id}",
            title=f"{self.title}, §{number}",
            URL=f"{self.url}#{claim_id}",
        )
        item.pop("DOI", None)  # a claim is not the object the DOI names
        return item


# --- formatted citations -------------------------------------------------------------------


@dataclass(frozen=True)
class PageCitations:
    """`style -> HTML` for one page, and for each of its claims; a GOST access date is a
    `bg-accessed` span holding a blank to fill in."""

    by_style: dict[str, str]
    claims: dict[str, dict[str, str]] = field(default_factory=dict)
    """Claim id -> style -> HTML."""


def format_page_citations(
    records: dict[str, PageRecord], cache_dir: Path | None
) -> tuple[dict[str, PageCitations], CslProcessor]:
    """All pages and their claims in all styles: one CSL run per style, cached like the
    bibliography. Returns the citations and the processor (its runs and new cache entries)."""
    items = {r.key: r.csl_item() for r in records.values()}
    for record in records.values():
        for claim_id, number in record.claims:
            item = record.claim_item(claim_id, number)
            items[item["id"]] = item
    processor = CslProcessor(items, cache_dir, year_suffix=False)
    formatted = processor.format_styles(dict.fromkeys(STYLES, ()))
    out = {}
    for src, record in records.items():
        out[src] = PageCitations(
            {style: accessed_blank(formatted[style].entries[record.key]) for style in STYLES},
            {
                claim_id: {
                    style: accessed_blank(formatted[style].entries[f"{record.key}--{claim_id}"]) for style in STYLES
                }
                for claim_id, _number in record.claims
            },
        )
    return out, processor


_SENTINELS = {
    "01.01.1900": "dmy",  # GOST
    "January 1, 1900": "mdy-long",  # APA, Chicago (which print no access date for a dated page)
    "1900-01-01": "iso",
}


def accessed_blank(text: str) -> str:
    """The sentinel access date as a blank span (`__.__.____`) that briefgen.js fills in."""
    for sentinel, fmt in _SENTINELS.items():
        if sentinel in text:
            return text.replace(sentinel, f'<span class="bg-accessed" data-format="{fmt}">{ACCESSED_BLANK}</span>')
    return text


def citation_text(citation_html: str) -> str:
    """A formatted citation as plain text, as it is printed (the access date left blank)."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", citation_html)).split())


def licence_url(spdx: str) -> str:
    """The SPDX page of a licence (the brief's licence, linked from its metadata)."""
    return f"https://spdx.org/licenses/{spdx}.html"


def record_json(record: PageRecord) -> str:
    """The record as embedded in its page (`<script id="bg-record">`), safe inside <script>."""
    return json.dumps(asdict(record), ensure_ascii=False).replace("</", "<\\/")
