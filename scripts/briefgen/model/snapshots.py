"""content/released/claims-VERSION.yml: the claims of a released version, as `briefgen release`
wrote them (index/snapshots.py reads and writes the file; nobody edits it by hand)."""

from __future__ import annotations

from pydantic import Field

from briefgen.model.common import Strict
from briefgen.model.fields import DateStr, Version


class SnapshotCite(Strict):
    """A work the summarised source cites at a claim, as released."""

    key: str
    """The work's bibliography key."""
    locator: str = ""
    """Where in the work (`pp. 4–6`), or empty for the whole work."""


class SnapshotClaim(Strict):
    """One claim as its version released it."""

    id: str
    """The claim's id."""
    number: str
    """Its § number in that version: `3.2`."""
    page: str
    """Its page's URL relative to the site root: `brief/feng/background.html`."""
    locator: str
    """Where in the summarised source, inferred pages in brackets: `66–[67]`."""
    text: str
    """The claim's text as written (Markdown), white space collapsed."""
    cites: list[SnapshotCite] = Field(default_factory=list)
    """The works the source cites there, in order."""


class SnapshotFile(Strict):
    """A claim snapshot: the version, its date and every claim it released."""

    version: Version
    """The released version; it is also in the file's name."""
    published: DateStr
    """The version's publication date, YYYY-MM-DD."""
    claims: list[SnapshotClaim] = Field(default_factory=list)
    """Every claim of the version, in the brief's order."""
