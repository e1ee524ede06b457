"""The research pack: one zip for working without a network.

It holds the whole site (which works opened from a folder), the PDF, bibliography.bib, CSL-JSON
of every work, and MANIFEST.sha256 with a checksum of every file. Made in memory from the staged
site; the zip itself is written by the writer.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from pathlib import Path

from briefgen.base import routes
from briefgen.base.pathrules import stays_inside

# A fixed timestamp for every member: the same site gives the same zip, byte for byte.
_EPOCH = (2000, 1, 1, 0, 0, 0)


def build_pack(site: Path, version: str) -> bytes:
    """The zip of `site` (without any earlier pack or versioned copies), plus a manifest."""
    root = routes.pack_name(version).removesuffix(".zip")
    members: list[tuple[str, bytes]] = []
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        rel = path.relative_to(site).as_posix()
        if rel.startswith(f"{routes.VERSIONS}/") or routes.is_pack(rel):
            continue
        members.append((f"site/{rel}", path.read_bytes()))
    extras = {
        "brief.pdf": site / routes.PDF,
        "bibliography.bib": site / routes.BIBLIOGRAPHY,
        "works.json": site / routes.WORKS_JSON,
        routes.claims_data_name(version): site / routes.claims_data(version),  # the claims as data (claimgraph)
    }
    for name, path in extras.items():
        if path.exists():
            members.append((name, path.read_bytes()))
    manifest = "".join(f"{hashlib.sha256(data).hexdigest()}  {name}\n" for name, data in members)
    members.append(("MANIFEST.sha256", manifest.encode()))
    for name, _ in members:
        if not stays_inside(f"{root}/{name}"):
            raise ValueError(f"refusing to put {root}/{name!r} into the research pack: not a plain relative path")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in members:
            info = zipfile.ZipInfo(f"{root}/{name}", date_time=_EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return buffer.getvalue()
