"""The whole brief's PDF kept between builds: WeasyPrint lays the brief out again only when what
it would lay out changed (a 57-page brief takes it several seconds).

The key covers everything the PDF is made from: the assembled HTML (itself made from the built
pages), print.css, the metadata the finisher writes, briefgen's PDF code, WeasyPrint and every
package it requires (with their versions), Python's and zlib's versions, and what lies outside
Python: Pango's version, the system text libraries loaded (Pango, HarfBuzz, FreeType,
fontconfig, FriBidi), every font file fontconfig offers and its configuration files (each by
path, size and modification time). A render records every site file WeasyPrint read (images)
with the sha256 of its bytes; the kept PDF is used only while each of them is unchanged.
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
import zlib
from functools import cache
from importlib import metadata
from pathlib import Path

FOLDER = "pdf"
"""The cache's folder in briefgen's cache: one entry, the last PDF made."""
ENTRY = "entry.json"
DATA = "brief.pdf"
_LIBRARIES = re.compile(r"/lib(?:pango|harfbuzz|freetype|fontconfig|fribidi)[-.\w]*\.so")
"""The system libraries that shape text, as they appear among the process's mapped files."""


@cache
def _environment() -> str:
    """What outside the document shapes the PDF's bytes, as one string (once a run)."""
    parts = [f"python {sys.version}", f"zlib {zlib.ZLIB_RUNTIME_VERSION}"]
    parts += [f"{name} {version}" for name, version in _distributions("weasyprint")]
    parts += _native()
    return "\n".join(parts)


def _distributions(root: str) -> list[tuple[str, str]]:
    """`root` and every distribution it requires (extras left out), with their versions."""
    seen: dict[str, str] = {}
    pending = [root]
    while pending:
        name = pending.pop()
        key = re.sub(r"[-_.]+", "-", name).lower()
        if key in seen:
            continue
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            seen[key] = "absent"
            continue
        seen[key] = dist.version
        for requirement in dist.requires or []:
            if "extra ==" not in requirement:
                pending.append(re.split(r"[\s;<>=!~\[(]", requirement.strip(), maxsplit=1)[0])
    return sorted(seen.items())


def _native() -> list[str]:
    """Pango's version, the text libraries loaded, and the fonts with fontconfig's configuration."""
    from weasyprint.text.ffi import ffi, fontconfig, pango  # noqa: PLC0415 - loaded only with the PDF

    version = f"pango {pango.pango_version()}"
    files = sorted(set(_loaded_libraries()))
    config = fontconfig.FcInitLoadConfigAndFonts()
    try:
        fonts = fontconfig.FcConfigGetFonts(config, fontconfig.FcSetSystem)
        name = ffi.new("FcChar8 **")
        for i in range(fonts.nfont if fonts != ffi.NULL else 0):
            if fontconfig.FcPatternGetString(fonts.fonts[i], b"file", 0, name) == 0:
                files.append(ffi.string(name[0]).decode("utf-8", "replace"))
        listed = fontconfig.FcConfigGetConfigFiles(config)
        while (conf := fontconfig.FcStrListNext(listed)) != ffi.NULL:
            files.append(ffi.string(conf).decode("utf-8", "replace"))
    finally:
        fontconfig.FcConfigDestroy(config)
    return [version, *(f"{file} {_stamp(file)}" for file in sorted(set(files)))]


def _loaded_libraries() -> list[str]:
    try:
        maps = Path("/proc/self/maps").read_text(encoding="utf-8", errors="replace")
    except OSError:  # not Linux: Pango's version and the fonts still count
        return []
    paths = [line.split(None, 5)[5] for line in maps.splitlines() if len(line.split(None, 5)) == 6]
    # The system's, which WeasyPrint loads; copies bundled in wheels (Pillow's) go with their version.
    return [path for path in paths if _LIBRARIES.search(path) and "-packages/" not in path]


def _stamp(file: str) -> str:
    try:
        stat = Path(file).stat()
    except OSError:
        return "missing"
    return f"{stat.st_size} {stat.st_mtime_ns}"


def render_key(document: str, css: str, finishing: str) -> str:
    """The key of a render of `document` with `css`, finished with `finishing` (the metadata,
    generator and dates, as text)."""
    digest = hashlib.sha256()
    here = Path(__file__).parent
    parts = [
        _environment(),
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
