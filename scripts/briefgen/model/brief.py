"""content/brief.yml: the brief as a publication, its sources and its changelog."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    Field,
)

from briefgen.model.common import Author, Localized, Strict
from briefgen.model.fields import (
    DateStr,
    Doi,
    Line,
    Text,
    Version,
    _check_site_url,
)


class SourceRole(Strict):
    """A document the brief summarises, and which summary covers it."""

    key: str
    """A key of bibliography.bib."""
    role: Literal["primary", "secondary"]
    """`primary`: the document the brief is mainly about."""
    summary: str
    """Which summary covers it: `article:ID` or `hierarchy:ID`."""


class Change(Strict):
    """One entry of the changelog: what changed in an edition."""

    version: Version
    """The version that made the change."""
    date: DateStr
    """When it was published: YYYY-MM-DD."""
    kind: Literal["substantive", "minor"]
    """substantive: a claim's meaning changed; minor: wording, typos, links, formatting."""
    ids: list[str] = []
    """Ids of the parts, claims, priorities, events, terms or works affected, or hand-written pages
    by their path under docs/ (`about.md`); empty = the whole brief."""
    note: Line
    """What changed, in one line."""


class Withdrawal(Strict):
    """A released claim taken out of the brief: its old anchor keeps saying so, and why."""

    id: str
    """The claim's id, as a released version had it (content/released/claims-VERSION.yml)."""
    reason: Line
    """Why it was withdrawn, in one line: shown at the claim's old URL and on the Changes page."""


class ZenodoDeposit(Strict):
    """Ask `briefgen release` to write `.zenodo.json`, the deposit metadata Zenodo's GitHub
    integration reads when a release of the repository is archived."""

    keywords: list[Line] = []
    """Keywords of the deposit (Zenodo's subjects)."""


class Brief(Strict):
    """content/brief.yml: the brief as a publication."""

    title: Localized
    """The brief's title, in English and (for the cover and home page) in Russian."""
    subtitle: Localized | None = None
    """A subtitle under the title."""
    authors: list[Author] = Field(min_length=1)
    """People or organisations, in byline order."""
    version: Version
    """Edition number, e.g. "1.0" (quoted): letters, digits, '.', '_', '-' (pathrules.VERSION)."""
    published: DateStr
    """Publication date of this version, YYYY-MM-DD."""
    licence: Line
    """SPDX identifier, e.g. CC-BY-4.0."""
    site_url: Annotated[str, AfterValidator(_check_site_url)]
    """Where the site is published: an http(s) URL ending in '/'."""
    languages: list[Literal["en", "ru"]] = Field(min_length=1)
    """Languages of the brief; the first is the site's language."""
    abstract: Text
    """The brief in a paragraph, in our words (restricted Markdown): the home page's abstract."""
    sources: list[SourceRole] = Field(min_length=1)
    """The documents the brief summarises, each with its role and its summary."""
    changes: list[Change] = []
    """The changelog, newest last; the first entry is the first edition."""
    redirects: dict[str, str] = {}
    """Released ids that were renamed or removed -> the id that replaces them (keeps cited URLs working)."""
    withdrawn: list[Withdrawal] = []
    """Released claims removed without a replacement, each with its reason."""
    doi: Doi | None = None
    """The concept DOI: the brief in all its versions (it resolves to the newest). Bare."""
    version_dois: dict[str, Doi] = {}
    """The DOI of each version that has one, by version: `{"1.1": 10.5281/zenodo.1234568}`. A
    version's DOI may be added after its release (Zenodo mints it then); it is no claim change."""
    zenodo: ZenodoDeposit | None = None
    """Present (even as `{}`): `briefgen release` writes `.zenodo.json` at the project's root."""

    def russian_title(self) -> str:
        """The title in Russian, with the subtitle's when there is one (home page, PDF cover)."""
        ru = self.title.ru or ""
        return ru + (f". {self.subtitle.ru}" if self.subtitle and self.subtitle.ru else "")

    def current_id(self, ident: str) -> str:
        """The id that now stands for `ident`, following `redirects:` (a changelog keeps the ids
        of its time); `ident` itself when it was never redirected, or on a cycle."""
        seen = {ident}
        while ident in self.redirects and self.redirects[ident] not in seen:
            ident = self.redirects[ident]
            seen.add(ident)
        return ident
