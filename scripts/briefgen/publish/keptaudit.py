"""What the audit keeps for the next build: the scans of the last build's pages (a page whose
bytes did not change is not scanned again) and the digest of the last site it passed (a site
whose every file path and page byte is the same passes again). Both are pure functions of what
they were made from and of the audit's code, which is kept with them.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from briefgen.load.cache import package_digest
from briefgen.publish.audit import PageScan

SCANS_CACHE = "audit-scans.json"
"""What the audit keeps for the next build, in briefgen's cache: the scans of the last build's
pages (a page whose bytes did not change is not scanned again: a scan is a pure function of the
bytes and of the audit's code) and the digest of the last site it passed."""


@dataclass(frozen=True)
class KeptAudit:
    """What an earlier build's audit found, for the code that made it."""

    scans: dict[str, PageScan]
    """Page scans, by the sha256 of the page's bytes."""
    passed: str = ""
    """The `site_digest` of the last site the audit passed ('' when none)."""


def audit_code() -> str:
    """The code a kept scan or pass was made with: every file of briefgen, Python's version."""
    return package_digest()


def kept_audit_data(kept: KeptAudit) -> bytes:
    """`kept` as the cache file holds it, with the code it was made with."""
    scans = {sha: {"problems": s.problems, "ids": s.ids, "links": s.links} for sha, s in sorted(kept.scans.items())}
    return json.dumps({"code": audit_code(), "passed": kept.passed, "scans": scans}, separators=(",", ":")).encode()


def read_kept_audit(path: Path) -> KeptAudit:
    """What a cache file holds; nothing when it is missing, not as `kept_audit_data` wrote it, or
    made by other code (a new rule must see every page)."""
    try:
        data = json.loads(path.read_bytes())
        if data["code"] != audit_code():
            return KeptAudit({})
        scans = {sha: PageScan(item["problems"], item["ids"], item["links"]) for sha, item in data["scans"].items()}
        return KeptAudit(scans, data["passed"] if isinstance(data["passed"], str) else "")
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return KeptAudit({})


def site_digest(files: set[str], scans: dict[str, tuple[str, PageScan]]) -> str:
    """What the audit of a site reads, hashed: every file's path and every page's sha256. The
    audit is a pure function of them (and of its code, kept with it)."""
    digest = hashlib.sha256()
    for rel in sorted(files):
        digest.update(rel.encode("utf-8", "surrogateescape") + b"\0")
        if rel in scans:
            digest.update(bytes.fromhex(scans[rel][0]))
    return digest.hexdigest()
