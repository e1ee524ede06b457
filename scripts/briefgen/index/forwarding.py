"""Released URLs that moved, and the URLs this build publishes (the data both sides share).

`check/released.py` resolves the released URLs (`content/released.txt`) against `current_urls`
and returns the `Forwarding`; `render/forwarding.py` turns it into stub pages and anchor maps.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from briefgen.base.routes import page_url
from briefgen.index.xref import XrefIndex

PAGE = "page"
"""Kind of a page that no id owns (hand-written pages, works, glossary): its id is its source path."""


@dataclass(frozen=True)
class Current:
    """A URL this build publishes, with the id (or page) that owns it."""

    kind: str
    """The owner's kind (`claim`, `part`, …), or `page`."""
    id: str
    """The owner's id, or the page's source path."""
    url: str
    """Site-relative: `brief/feng/background.html` or `brief/feng/background.html#claim-id`."""


@dataclass
class Forwarding:
    """How each released URL that moved reaches its new place (site-relative URLs)."""

    pages: dict[str, str] = field(default_factory=dict)
    """Old page URL that no longer exists -> where its stub forwards."""
    anchors: dict[str, dict[str, str]] = field(default_factory=dict)
    """Page URL (old, existing or stubbed) -> {old anchor: new URL}."""


def current_urls(xref: XrefIndex, pages: list[str]) -> list[Current]:
    """What this build publishes: every page (owned by the id whose page it is, else by its
    source path) and every id's anchor."""
    owner: dict[str, tuple[str, str]] = {}
    anchored: list[Current] = []
    for target in xref.targets.values():
        if target.anchor is None:
            owner.setdefault(target.page, (target.kind, target.id))
        else:
            anchored.append(Current(target.kind, target.id, f"{page_url(target.page)}#{target.anchor}"))
    page_entries = [Current(*owner.get(src, (PAGE, src)), page_url(src)) for src in pages]
    return page_entries + anchored
