"""The cross-reference index: the one owner of every id -> page and anchor mapping.

Built from the whole content before any page is rendered; every link between pages asks it.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from typing import Literal

from briefgen.base import routes

Kind = Literal["article", "part", "claim", "hierarchy", "tier", "priority", "event", "period", "term", "actor", "work"]
LINK_KINDS: frozenset[str] = frozenset(
    {"article", "part", "claim", "hierarchy", "tier", "priority", "event", "term", "actor", "work"}
)


@dataclass(frozen=True)
class Target:
    """What an id names: its page, its anchor there, and how links to it read."""

    kind: Kind
    id: str
    page: str
    """Source path of the page, relative to docs/: `brief/feng/intro.md`."""
    anchor: str | None
    """Fragment on that page, or None for the page itself."""
    label: str
    """How links to it read: `§2.3`, a title, a term."""
    file: str
    line: int


def fold(identifier: str) -> str:
    """Ids that differ only in case, Unicode form or invisible characters collide."""
    text = unicodedata.normalize("NFKC", identifier).casefold()
    return "".join(ch for ch in text if unicodedata.category(ch) != "Cf")


@dataclass
class XrefIndex:
    """Every id of the brief -> its Target; ids that differ only in case or Unicode form collide."""

    targets: dict[str, Target] = field(default_factory=dict)
    _folded: dict[str, Target] = field(default_factory=dict)

    def register(self, target: Target) -> Target | None:
        """Add `target`; returns the earlier target it collides with, if any."""
        key = target.id if target.kind != "work" else f"work:{target.id}"
        folded = fold(key)
        if folded in self._folded:
            return self._folded[folded]
        self._folded[folded] = target
        self.targets[key] = target
        return None

    def get(self, identifier: str, kind: str | None = None) -> Target | None:
        if kind == "work":
            return self.targets.get(f"work:{identifier}")
        target = self.targets.get(identifier)
        if target is not None and kind is not None and target.kind != kind:
            return None
        return target

    def ids_of(self, kind: str) -> list[str]:
        return [t.id for t in self.targets.values() if t.kind == kind]

    def require(self, identifier: str, kind: str | None = None) -> Target:
        """The target of an id the check has accepted (a KeyError would be a bug, not bad input)."""
        target = self.get(identifier, kind)
        if target is None:
            raise KeyError(f"no {kind or 'target'} '{identifier}' in the index (the check should have refused it)")
        return target

    def md_link(self, target: Target, from_page: str) -> str:
        """A Markdown link target from page `from_page` (MkDocs turns it into the .html URL)."""
        return routes.md_link(target.page, target.anchor, from_page)

    def html_link(self, target: Target, from_page: str) -> str:
        """The same link in built-site terms (`.html`), for raw HTML that MkDocs does not rewrite."""
        return routes.html_path_link(target.page, target.anchor, from_page)
