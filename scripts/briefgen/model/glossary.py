"""content/glossary.yml: terms, abbreviations and actors."""

from __future__ import annotations

from typing import Literal

from briefgen.model.common import Localized, Strict
from briefgen.model.fields import (
    Id,
    Line,
    Text,
)


class Term(Strict):
    """A term or abbreviation of the glossary."""

    id: Id
    """The term's id: its anchor on the glossary page, and what `term:ID` links to."""
    kind: Literal["abbreviation", "term"]
    """`abbreviation` or `term`: an abbreviation's forms match case-sensitively."""
    original: Line
    """As the source writes it."""
    expansion: Localized | None = None
    """What an abbreviation stands for."""
    en: Line | None = None
    """English equivalent."""
    definition: Text | None = None
    """What the term means, in our words (restricted Markdown)."""
    see: str | None = None
    """Id of another term this one points to."""
    forms: list[Line] = []
    """How the brief's own text writes the term, e.g. ["DPRK", "North Korea"]: on every page the
    first occurrence of any of them in prose is marked and explained in a tooltip, as the first
    `term:` link is. Whole words only; an abbreviation's forms match case-sensitively, a term's
    ignoring case; never inside headings, links, code or citations."""


class Actor(Strict):
    """A person, state or organisation of the glossary."""

    id: Id
    """The actor's id: its anchor on the glossary page."""
    kind: Literal["person", "state", "organisation"]
    """`person`, `state` or `organisation`."""
    name: Localized
    """The actor's name, in English and as the source writes it."""
    description: Text | None = None
    """Who or what the actor is, in our words (restricted Markdown)."""


class GlossaryFile(Strict):
    """content/glossary.yml: terms, abbreviations and actors."""

    terms: list[Term] = []
    """Terms and abbreviations, filed on the glossary page by their original."""
    actors: list[Actor] = []
    """People, states and organisations, filed on the glossary page by name."""
