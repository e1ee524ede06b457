"""The content model: one typed schema per YAML file kind (the field docstrings are the reference
documentation of the content format, model/*.py).

Every model forbids unknown fields, so a misspelt field is an error and never silently dropped.
"""

from __future__ import annotations

from briefgen.model.articles import Article, ArticleFile, CiteRef, Claim, Part
from briefgen.model.brief import Brief, Change, SourceRole, Withdrawal, ZenodoDeposit
from briefgen.model.common import Author, Localized, Locator, PersonName, Strict
from briefgen.model.glossary import Actor, GlossaryFile, Term
from briefgen.model.priorities import ClaimLink, Hierarchy, PrioritiesFile, Priority, Tier
from briefgen.model.snapshots import SnapshotCite, SnapshotClaim, SnapshotFile
from briefgen.model.timeline import Event, EventSource, Period, TimelineFile

FILE_MODELS: dict[str, type[Strict]] = {
    "brief.yml": Brief,
    "article.yml": ArticleFile,
    "priorities.yml": PrioritiesFile,
    "timeline.yml": TimelineFile,
    "glossary.yml": GlossaryFile,
}


MODELS: tuple[type[Strict], ...] = (
    Localized,
    Locator,
    PersonName,
    Author,
    SourceRole,
    Change,
    Withdrawal,
    ZenodoDeposit,
    Brief,
    CiteRef,
    Claim,
    Part,
    Article,
    ArticleFile,
    ClaimLink,
    Priority,
    Tier,
    Hierarchy,
    PrioritiesFile,
    Period,
    EventSource,
    Event,
    TimelineFile,
    Term,
    Actor,
    GlossaryFile,
    SnapshotCite,
    SnapshotClaim,
    SnapshotFile,
)
"""Every model of the content format."""
