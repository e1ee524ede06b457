"""content/article.yml and content/articles/*.yml: summarised documents, part by part, with
numbered claims."""

from __future__ import annotations

from pydantic import (
    Field,
)

from briefgen.model.common import Localized, Locator, Strict
from briefgen.model.fields import (
    Id,
    Line,
    Text,
)


class CiteRef(Strict):
    """A work the summarised text itself cites at a claim."""

    key: str
    """A key of bibliography.bib."""
    locator: Line | None = None
    """As the citing text gives it: "p. 12", "pp. 28–46"."""


class Claim(Strict):
    """One argument of the summarised article, in our words, with where it is in the source."""

    id: Id
    """The claim's id: its anchor on the part's page, and what other content links to."""
    text: Text
    """One argument of the author, in our words."""
    locator: Locator
    """Where in the article the claim is: its pages, and which of them are inferred."""
    cites: list[CiteRef] = []
    """The citations the summarised text itself makes for this claim."""
    missing_footnotes: int = Field(default=0, ge=0)
    """Footnote markers here whose text is missing from the source."""
    events: list[str] = []
    """Ids of the timeline's events the claim mentions (each event lists its claims back)."""
    terms: list[str] = []
    """Ids of glossary terms the claim uses (each term lists its claims back)."""
    actors: list[str] = []
    """Ids of the actors the claim names (each actor lists its claims back)."""


class Part(Strict):
    """A part of an article (a page of the site), with its summary and claims."""

    id: Id
    """The part's id: its page is `brief/ARTICLE/ID.html`."""
    title: Localized
    """The part's heading, as the source prints it (or ours, with `untitled: true`)."""
    untitled: bool = False
    """True when the source prints no heading for this part (the title is ours)."""
    locator: Locator
    """The pages of the source the part covers."""
    summary: Text
    """What the part says, in our words (restricted Markdown)."""
    claims: list[Claim] = []
    """The part's claims, numbered §PART.CLAIM in this order."""


class Article(Strict):
    """A summarised document, part by part."""

    id: Id
    """The article's id: its folder of pages, `brief/ID/`."""
    source: str
    """The bib key of the summarised document."""
    title: Localized | None = None
    """The article's title, when the source prints one (else it is named by its authors)."""
    note: Text | None = None
    """What is known and unknown about the document itself."""
    parts: list[Part] = Field(min_length=1)
    """The article's parts, in the source's order."""


class ArticleFile(Strict):
    """content/article.yml: summaries of documents, part by part."""

    articles: list[Article] = Field(min_length=1)
    """The summarised articles, in navigation order."""
