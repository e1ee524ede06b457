"""content/timeline.yml: periods and dated events."""

from __future__ import annotations

from pydantic import (
    Field,
)

from briefgen.model.common import Localized, Strict
from briefgen.model.fields import (
    DateStr,
    Id,
    Line,
    Text,
)


class Period(Strict):
    """A span of time that groups events on the timeline."""

    id: Id
    """The period's id: its anchor on the timeline page."""
    title: Localized
    """The period's heading on the timeline."""
    start: DateStr
    """First date of the period (YYYY, YYYY-MM or YYYY-MM-DD)."""
    end: DateStr
    """Last date of the period, not before `start`."""


class EventSource(Strict):
    """A work that dates an event, with where in it."""

    key: str
    """A key of bibliography.bib."""
    locator: Line | None = None
    """Where in that work the event is given: "p. 12"."""


class Event(Strict):
    """A dated event."""

    id: Id
    """The event's id: its anchor on the timeline page, and what `event:ID` links to."""
    date: DateStr
    """YYYY, YYYY-MM or YYYY-MM-DD: the precision is what is written."""
    title: Localized
    """What happened, in a line."""
    description: Text | None = None
    """More about the event, in our words (restricted Markdown)."""
    sources: list[EventSource] = []
    """The works that date the event, with their locators."""


class TimelineFile(Strict):
    """content/timeline.yml: dated events."""

    periods: list[Period] = []
    """Periods that group the events on the timeline page."""
    events: list[Event] = Field(min_length=1)
    """The dated events, listed on the timeline page by date."""
