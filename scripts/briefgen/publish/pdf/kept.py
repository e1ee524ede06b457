"""The whole brief's PDF kept between builds: WeasyPrint lays the brief out again only when what
it would lay out changed (a 57-page brief takes it several seconds).

The key covers everything the PDF is made from: the assembled HTML (itself made from the built
pages), print.css, the metadata the finisher writes, WeasyPrint's and pydyf's versions, briefgen's
PDF code, and the fonts fontconfig offers (each file's path, size and modification time: the
layout depends on them). A render records every site file WeasyPrint read (images) with the
sha256 of its bytes; the kept PDF is used only while each of them is unchanged. Without fontconfig
nothing is kept.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
from importlib import metadata
from pathlib import Path

FOLDER = "pdf"
"""The cache's folder in briefgen's cache: one entry, the last PDF made."""
ENTRY = "entry.json"
DATA = "brief.pdf"


def _fonts() -> str | None:
    """The font files fontconfig offers, with size and modification time; None without fc-list."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return None
    try:
        out = subprocess.run([fc_list, ":", "file"], capture_output=True, text=True, check=True, timeout=30).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    lines = []
    for file in sorted({line.split(":")[0].strip() for line in out.splitlines() if line.strip()}):
        try:
            stat = Path(file).stat()
        except OSError:
            continue
        lines.append(f"{file}\t{stat.st_size}\t{stat.st_mtime_ns}")
    return "\n".join(lines)


def render_key(document: str, css: str, finishing: str) -> str | None:
    """The key of a render of `document` with `css`, finished with `finishing` (the metadata,
    generator and dates, as text); None when the fonts cannot be listed."""
    fonts = _fonts()
    if fonts is None:
        return None
    digest = hashlib.sha256()
    here = Path(__file__).parent
    parts = [
        json.dumps({name: metadata.version(name) for name in ("weasyprint", "pydyf")}, sort_keys=True),
        fonts,
        *(path.read_text(encoding="utf-8") for path in sorted(here.glob("*.py"))),  # briefgen's PDF code
        (here.parent / "pdfmeta.py").read_text(encoding="utf-8"),
        finishing,
        css,
        document,
    ]
    for part in parts:
        data = part.encode("utf-8", errors="surrogateescape")
        digest.update(len(data).to_bytes(8, "big") + data)
    return digest.hexdigest()


def file_digests(site: Path, files: list[str]) -> dict[str, str]:
    """The sha256 of each of `files` (paths in the site)."""
    return {rel: hashlib.sha256((site / rel).read_bytes()).hexdigest() for rel in sorted(set(files))}


def kept(cache_dir: Path, key: str, site: Path) -> tuple[bytes, int] | None:
    """The PDF and its page count kept under `key`, if every site file it read is unchanged."""
    folder = cache_dir / FOLDER
    try:
        entry = json.loads((folder / ENTRY).read_text(encoding="utf-8"))
        if entry.get("key") != key:
            return None
        files = entry["files"]
        if any(not (site / rel).is_file() for rel in files) or file_digests(site, list(files)) != files:
            return None
        data = (folder / DATA).read_bytes()
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
    if hashlib.sha256(data).hexdigest() != entry.get("sha256"):
        return None
    return data, int(entry["pages"])


def cache_files(key: str, data: bytes, pages: int, files: dict[str, str]) -> dict[str, bytes]:
    """What to keep of a render (paths relative to briefgen's cache folder)."""
    entry = {"key": key, "pages": pages, "sha256": hashlib.sha256(data).hexdigest(), "files": files}
    # The PDF before the entry that names it (the writer writes in this order).
    return {f"{FOLDER}/{DATA}": data, f"{FOLDER}/{ENTRY}": json.dumps(entry, sort_keys=True).encode()}
