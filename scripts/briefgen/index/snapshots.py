"""Claim snapshots: what every released version's claims said.

`briefgen release` records each claim of the version it releases (id, § number, page, locator,
text, and the works the article cites there with their locators) in
`content/released/claims-VERSION.yml`, committed with the content. Every check and build then
compares the versions in order, the current content last (index/editions.py holds the history,
check/editions.py the rules that a released claim never changes silently).

Texts are compared as read (NFC) with white space collapsed, so re-wrapping a YAML block changes
nothing. Pure, except for reading the snapshot files (through load/snapshots.py).
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from briefgen.base.errors import Problem
from briefgen.base.pathrules import ID, SITE_PAGE
from briefgen.base.project import SNAPSHOT_NAME
from briefgen.load.bibtex import KEY_PATTERN
from briefgen.load.snapshots import snapshot_files
from briefgen.load.yamldoc import PathKey, format_path
from briefgen.load.yamlread import load_yaml
from briefgen.model.problems import validate_file
from briefgen.model.snapshots import SnapshotFile

HEADER = """\
# The claims of version {version} as released: written by `briefgen release`; never edit it.
# `briefgen check` compares the brief with it: a claim whose text, citations or locator changed
# needs a `changes:` entry of the new version in content/brief.yml, and a removed one needs
# `redirects:` or `withdrawn:` there.
"""
Kind = Literal["substantive", "minor"]


def normalized(text: str) -> str:
    """Text as compared: NFC, white space collapsed (a re-wrapped YAML block is the same text)."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def version_key(version: str) -> tuple[tuple[int, int | str], ...]:
    """Versions in release order: by their numbers, `1.9` < `1.10` < `2.0`."""
    return tuple((0, int(p)) if p.isdigit() else (1, p) for p in re.findall(r"\d+|[A-Za-z]+", version))


# --- the data ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ClaimState:
    """One claim as one version has it."""

    id: str
    number: str
    """`3.2`, as the version numbered it."""
    page: str
    """Its page's URL relative to the site root: `brief/feng/background.html`."""
    locator: str
    """Where in the summarised source, inferred pages in brackets: `66–[67]`."""
    text: str
    """The text field as written (Markdown), normalized."""
    cites: tuple[tuple[str, str], ...] = ()
    """(work key, locator) of each work the source cites there, in order."""

    def differences(self, other: ClaimState) -> list[str]:
        """What of `other` differs from this claim: `text`, `locator`, `cites` (in the order a
        claim's fields are written)."""
        out = []
        if self.text != other.text:
            out.append("text")
        if self.locator != other.locator:
            out.append("locator")
        if self.cites != other.cites:
            out.append("cites")
        return out

    def url(self) -> str:
        """The claim's URL relative to the site root: its page and its anchor."""
        return f"{self.page}#{self.id}"


@dataclass
class Snapshot:
    """The claims of one version: a released one (from its file) or the current content."""

    version: str
    published: str
    claims: dict[str, ClaimState]
    file: str = ""
    """The snapshot file, relative to the project (empty for the current content)."""
    lines: dict[str, int] = field(default_factory=dict)
    """Claim id -> its line in `file`."""
    released: bool = True


_WHAT = {"text": "its text", "locator": "its locator", "cites": "the works it cites"}


def what_changed(fields: list[str]) -> str:
    """`text`, `locator`, `cites` in words: "its text and the works it cites"."""
    names = [_WHAT[f] for f in fields]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


# --- reading and writing ----------------------------------------------------------------------


def format_snapshot(snapshot: Snapshot) -> str:
    """The snapshot file: one claim after another, each value on its own line (diff-friendly)."""

    def q(value: str) -> str:
        return json.dumps(value, ensure_ascii=False)

    lines = [HEADER.format(version=snapshot.version).rstrip("\n")]
    lines += [f"version: {q(snapshot.version)}", f"published: {q(snapshot.published)}"]
    lines.append("claims:" if snapshot.claims else "claims: []")
    for claim in snapshot.claims.values():
        lines += [
            f"  - id: {q(claim.id)}",
            f"    number: {q(claim.number)}",
            f"    page: {q(claim.page)}",
            f"    locator: {q(claim.locator)}",
            f"    text: {q(claim.text)}",
        ]
        if claim.cites:
            lines.append("    cites:")
            lines += [f"      - {{key: {q(key)}, locator: {q(locator)}}}" for key, locator in claim.cites]
    return "\n".join(lines) + "\n"


def parse_snapshot(raw: bytes, file: str) -> tuple[Snapshot | None, list[Problem]]:
    """A snapshot file, strictly: its schema, its file name, and every value that becomes a URL."""
    doc, problems = load_yaml(raw, file)
    if doc is None:
        return None, problems
    model, problems = validate_file(doc, SnapshotFile)
    if not isinstance(model, SnapshotFile):
        return None, problems
    fix = "restore the file from version control; `briefgen release` writes it"
    named = SNAPSHOT_NAME.match(Path(file).name)
    if named is None or named["version"] != model.version:
        problems.append(
            Problem(file, doc.line(("version",)), "version", f"'{model.version}' does not match the file name ({fix})")
        )
    claims: dict[str, ClaimState] = {}
    lines: dict[str, int] = {}
    for i, claim in enumerate(model.claims):
        path: PathKey = ("claims", i)
        bad = [
            (name, value)
            for name, value, pattern in (("id", claim.id, ID), ("page", claim.page, SITE_PAGE))
            if not pattern.match(value)
        ]
        bad += [(f"cites[{k}].key", c.key) for k, c in enumerate(claim.cites) if not KEY_PATTERN.match(c.key)]
        for name, value in bad:
            where = f"{format_path(path)}.{name}"
            what = name.split(".")[-1]
            problems.append(Problem(file, doc.line(path), where, f"'{value}' is not a valid {what} ({fix})"))
        if claim.id in claims:
            problems.append(
                Problem(file, doc.line(path), f"{format_path(path)}.id", f"claim '{claim.id}' is listed twice ({fix})")
            )
        claims[claim.id] = ClaimState(
            claim.id,
            claim.number,
            claim.page,
            claim.locator,
            normalized(claim.text),
            tuple((c.key, normalized(c.locator)) for c in claim.cites),
        )
        lines[claim.id] = doc.line(path)
    if problems:
        return None, problems
    return Snapshot(model.version, model.published, claims, file, lines), []


def read_snapshots(folder: Path, rel: str) -> tuple[list[Snapshot], list[Problem]]:
    """Every snapshot in `folder` (shown as `rel`), in version order."""
    snapshots: list[Snapshot] = []
    problems: list[Problem] = []
    for found in snapshot_files(folder, rel):
        if isinstance(found, Problem):
            problems.append(found)
            continue
        snapshot, parsed = parse_snapshot(found[1], found[0])
        problems += parsed
        if snapshot is not None:
            snapshots.append(snapshot)
    snapshots.sort(key=lambda s: version_key(s.version))
    return snapshots, problems
