"""The brief's editions: its released versions and the current content in order, and what changed
between each version and the one before, claim by claim (index/snapshots.py has the claims).

The result tells each claim's status ("unchanged since 1.0", "changed in 1.1 (substantive)"),
feeds the Changes page's claim-level diffs (render/editions.py) and the claim graph
(render/claimgraph.py); check/editions.py makes it, with the rules every change must meet. Pure.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from briefgen.index.snapshots import ClaimState, Kind, Snapshot

# --- comparing versions ------------------------------------------------------------------------


@dataclass(frozen=True)
class ClaimChange:
    """How one claim differs between a version and the one before it."""

    version: str
    previous: str
    old: ClaimState | None
    """None: the claim is new in `version`."""
    new: ClaimState | None
    """None: the claim is gone in `version` (withdrawn, or replaced by what is not a claim)."""
    kind: Kind | None = None
    """What `changes:` of `version` says about it (None: not named there)."""
    fields: tuple[str, ...] = ()
    """`text`, `locator`, `cites`: what differs."""
    reason: str = ""
    """Why it was withdrawn (`withdrawn:`), for a claim that is gone."""
    replaced_by: str = ""
    """The id `redirects:` names for a claim that is gone."""


@dataclass(frozen=True)
class ClaimStatus:
    """What a claim's line says about its history."""

    state: Literal["unchanged", "changed", "added", "new"]
    """unchanged since `version`; changed in `version`; added in an earlier `version`; new in this one."""
    version: str
    kind: Kind | None = None


@dataclass(frozen=True)
class WithdrawnClaim:
    """A released claim under `withdrawn:`, with where its old anchor's note is."""

    id: str
    reason: str
    withdrawn_in: str
    last: ClaimState
    """The claim as the last version that had it released it."""
    last_version: str
    note_page: str = ""
    """The page URL whose note explains the old anchor (set once the forwarding is known)."""


@dataclass
class Editions:
    """The brief's versions and what changed between them, claim by claim."""

    versions: list[Snapshot]
    """Released versions in order, then the current content when its version is not released."""
    changes: dict[str, list[ClaimChange]] = field(default_factory=dict)
    """Version -> every claim that is new, changed or gone in it (compared with the one before)."""
    withdrawn: dict[str, WithdrawnClaim] = field(default_factory=dict)
    published: dict[str, str] = field(default_factory=dict)
    """Version -> its publication date."""

    @property
    def current(self) -> Snapshot:
        """The last version: the current content."""
        return self.versions[-1]

    def version_before(self, version: str) -> str | None:
        """The version released before `version` (None for the first)."""
        names = [s.version for s in self.versions]
        i = names.index(version)
        return names[i - 1] if i else None

    def status(self, claim_id: str) -> ClaimStatus | None:
        """The claim's line: None while the brief has no earlier version to compare with."""
        if len(self.versions) < 2:
            return None
        ident = claim_id
        for i in range(len(self.versions) - 1, 0, -1):
            version = self.versions[i].version
            change = next((c for c in self.changes.get(version, []) if c.new and c.new.id == ident), None)
            if change is not None and change.old is None:
                state: Literal["added", "new"] = "new" if i == len(self.versions) - 1 else "added"
                return ClaimStatus(state, version)
            if change is not None and change.fields:
                return ClaimStatus("changed", version, change.kind)
            if change is not None and change.old is not None:
                ident = change.old.id  # renamed, same content
        return ClaimStatus("unchanged", self.versions[0].version)

    def since(self, claim_id: str) -> tuple[str, ClaimState] | None:
        """The version from which the claim reads as it does now, and the claim there (for the
        claim graph: its first appearance in this form)."""
        status = self.status(claim_id)
        if status is None:
            return None
        version = status.version
        snapshot = next(s for s in self.versions if s.version == version)
        state = snapshot.claims.get(claim_id)
        if state is None:  # renamed since: the old id in that version
            state = self._old_state(claim_id, version)
        return (version, state) if state is not None else None

    def first_released(self, claim_id: str) -> str | None:
        """The version in which the claim (under any of its ids) first appeared."""
        ident, found = claim_id, None
        for i in range(len(self.versions) - 1, -1, -1):
            snapshot = self.versions[i]
            if ident not in snapshot.claims:
                break
            found = snapshot.version
            if i:
                change = next((c for c in self.changes.get(snapshot.version, []) if c.new and c.new.id == ident), None)
                if change is not None and change.old is None:
                    break
                if change is not None and change.old is not None:
                    ident = change.old.id
        return found

    def _old_state(self, claim_id: str, version: str) -> ClaimState | None:
        ident = claim_id
        for i in range(len(self.versions) - 1, 0, -1):
            snapshot = self.versions[i]
            if snapshot.version == version:
                return snapshot.claims.get(ident)
            change = next((c for c in self.changes.get(snapshot.version, []) if c.new and c.new.id == ident), None)
            if change is not None and change.old is not None:
                ident = change.old.id
        return self.versions[0].claims.get(ident)


def _successor(old_id: str, claims: dict[str, ClaimState], redirects: dict[str, str]) -> str | None:
    """The id `old_id` has in a later version: itself, or where `redirects:` lead."""
    ident, seen = old_id, {old_id}
    while ident not in claims and ident in redirects and redirects[ident] not in seen:
        ident = redirects[ident]
        seen.add(ident)
    return ident if ident in claims else None


def compare(
    prev: Snapshot, nxt: Snapshot, redirects: dict[str, str], kinds: dict[str, Kind], reasons: dict[str, str]
) -> list[ClaimChange]:
    """Every claim that is new, changed or gone in `nxt` compared with `prev`."""
    out: list[ClaimChange] = []
    matched: set[str] = set()
    for old in prev.claims.values():
        # A withdrawn claim is gone, whatever else names its id (a redirect too is an error).
        new_id = None if old.id in reasons else _successor(old.id, nxt.claims, redirects)
        if new_id is None:
            kind = kinds.get(old.id)
            out.append(
                ClaimChange(nxt.version, prev.version, old, None, kind, reason=reasons.get(old.id, ""),
                            replaced_by=redirects.get(old.id, ""))
            )  # fmt: skip
            continue
        matched.add(new_id)
        new = nxt.claims[new_id]
        fields = tuple(old.differences(new))
        if fields or new_id != old.id or new.number != old.number or new.page != old.page:
            kind = kinds.get(new_id) or kinds.get(old.id)
            out.append(ClaimChange(nxt.version, prev.version, old, new, kind, fields))
    for new in nxt.claims.values():
        if new.id not in matched:
            out.append(ClaimChange(nxt.version, prev.version, None, new, kinds.get(new.id)))
    return out
