"""content/priorities.yml: priority hierarchies, their tiers, priorities and links to claims."""

from __future__ import annotations

from typing import Literal

from pydantic import (
    Field,
)

from briefgen.load.yamldoc import PathKey
from briefgen.model.common import Localized, Locator, Strict
from briefgen.model.fields import Id, Line, Text

Relation = Literal["continuity", "change", "tension"]
Assessment = Literal["attained", "mostly", "partly", "not-attained", "not-assessed"]


class ClaimLink(Strict):
    """An editorial link from a priority to a claim that bears on it."""

    claim: str
    """Id of a claim in article.yml."""
    relation: Relation
    """How the claim bears on the priority: `continuity`, `change` or `tension` (editorial)."""
    note: Line
    """One line, editorial: our reading, not the source's."""


class Priority(Strict):
    """A priority of a tier (or an overall goal), with the source's verdict on it."""

    id: Id
    """The priority's id: its anchor on the hierarchy's page."""
    title: Localized
    """The priority as the source names it."""
    assessment: Assessment = "not-assessed"
    """The source's own verdict on this priority (`not-assessed` when the source gives none)."""
    assessment_note: Text | None = None
    """What the source says about its verdict, in our words: the source's voice, not ours."""
    editorial_note: Text | None = None
    """Our own reading of this priority, not the source's (e.g. what a remark of the source
    suggests where it gives no verdict); always shown labelled as ours."""
    items: list[Priority] = []
    """Sub-items, in the source's order."""
    claims: list[ClaimLink] = []
    """Claims of the summarised articles that bear on this priority, with their relation (editorial)."""


class Tier(Strict):
    """A ranked tier of a hierarchy."""

    id: Id
    """The tier's id: its anchor on the hierarchy's page."""
    rank: int = Field(ge=1)
    """1 = highest."""
    title: Localized
    """The tier's title, as the source names it."""
    priorities: list[Priority] = Field(min_length=1)
    """The tier's priorities, in the source's order."""


class Hierarchy(Strict):
    """A priority hierarchy set out by a source."""

    id: Id
    """The hierarchy's id: its page is `brief/ID.html`, its matrix `brief/ID/matrix.html`."""
    source: str
    """The bib key of the document that sets the hierarchy out."""
    title: Localized
    """The hierarchy's title (its page heading and navigation entry)."""
    locator: Locator
    """Where in the source the hierarchy is set out."""
    summary: Text
    """What the source says, in our words."""
    verdict: Text
    """The source's own conclusion on what was attained, in our words."""
    note: Text | None = None
    """Our remarks on how the hierarchy was taken from the source (what was available, what we
    arranged); shown labelled as ours, apart from the summary."""
    goals: list[Priority] = []
    """Overall goals the source sets apart from its ranked tiers (e.g. a strategic goal that the
    tiers serve): shown above the tiers, unranked, with the same fields as a priority."""
    tiers: list[Tier] = Field(min_length=1)
    """The ranked tiers, each with its priorities."""

    def priority_lists(self) -> list[tuple[list[Priority], PathKey]]:
        """The goals, then each tier's priorities, each list with its path inside the hierarchy."""
        return [(self.goals, ("goals",))] + [
            (tier.priorities, ("tiers", i, "priorities")) for i, tier in enumerate(self.tiers)
        ]


class PrioritiesFile(Strict):
    """content/priorities.yml: priority hierarchies set out by sources."""

    hierarchies: list[Hierarchy] = Field(min_length=1)
    """The priority hierarchies, each on its own page with its comparison matrix."""
