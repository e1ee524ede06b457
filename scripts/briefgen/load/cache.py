"""Parsed content files and the parsed bibliography, cached by content hash.

Parsing 20 MB of YAML takes about a second, and parsing and linting 2,000 BibTeX entries another;
most files are unchanged between two runs. Results are stored in `.briefgen/cache/` as JSON
(never pickle: the cache is data, not code) under a hash of the file's bytes, its name and the
source of every module that shapes the result, so an edit to the file or to briefgen makes a new
entry. Only a build writes them, and only once the whole brief is valid; `briefgen check` reads.
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from importlib import metadata, resources
from pathlib import Path
from typing import Any

from briefgen.base.errors import Problem
from briefgen.load import yamldoc
from briefgen.load.yamldoc import LoadedYaml
from briefgen.load.yamlread import load_yaml

_FORMAT = 2
_YAML_CODE = (
    ("load/yamldoc.py", "load/yamlread.py", "load/yamlvalues.py", "load/decode.py", "load/cache.py", "base/errors.py"),
    ("PyYAML",),
)


@dataclass(frozen=True)
class CacheEntry:
    """A result to keep in the cache: where, and how to make its JSON. Data for the build, which
    hands it to the writer once the whole brief is valid (a build with errors writes nothing,
    `briefgen check` writes nothing, and neither pays for the JSON)."""

    path: Path
    """The cache file (under `.briefgen/cache/`)."""
    make: Callable[[], Any]
    """The value to store, as JSON-ready data."""

    def data(self) -> bytes:
        """The file's bytes."""
        return json.dumps(self.make(), ensure_ascii=False).encode("utf-8")


@cache
def _code_digest(sources: tuple[str, ...], packages: tuple[str, ...]) -> str:
    digest = hashlib.sha256(f"format {_FORMAT}".encode())
    here = Path(__file__).resolve().parents[1]  # the package: paths are relative to it
    for name in sources:
        digest.update((here / name).read_bytes())
    for package in packages:
        digest.update(f"{package} {metadata.version(package)}".encode())
    return digest.hexdigest()


@cache
def package_digest(packages: tuple[str, ...] = ()) -> str:
    """Every file of briefgen (its templates, styles and assets too; not the scaffold), the
    Python version and the versions of `packages`: for a result any of its code can shape."""
    digest = hashlib.sha256(f"format {_FORMAT} {sys.version}".encode())
    here = Path(str(resources.files("briefgen")))
    files = sorted(
        p
        for p in here.rglob("*")
        if p.is_file()
        and p.suffix != ".pyc"
        and "__pycache__" not in p.parts
        and p.relative_to(here).parts[0] != "scaffold"
    )
    for path in files:
        digest.update(path.relative_to(here).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    for package in packages:
        digest.update(f"{package} {metadata.version(package)}".encode())
    return digest.hexdigest()


def _cache_path(
    cache_dir: Path, kind: str, code: tuple[tuple[str, ...], tuple[str, ...]], file: str, raw: bytes
) -> Path:
    key = hashlib.sha256(_code_digest(*code).encode() + file.encode() + b"\0" + raw).hexdigest()
    return cache_dir / f"{kind}-{key[:32]}.json"


def cache_path(
    cache_dir: Path, kind: str, code: tuple[tuple[str, ...], tuple[str, ...]], file: str, raw: bytes
) -> Path:
    """Where the result of reading `raw` (named `file`) with the code `code` is cached."""
    return _cache_path(cache_dir, kind, code, file, raw)


def read_json(path: Path) -> Any:
    """A cached value, or None when there is none (or it cannot be read: then it is made again)."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def load_content(
    raw: bytes, file: str, cache_dir: Path | None
) -> tuple[LoadedYaml | None, list[Problem], CacheEntry | None]:
    """`load_yaml(raw, file, partial=True)`, from the cache when it holds it. The third value,
    when not None, is the result to cache (only documents that loaded without problems are)."""
    # The limits are read at run time (the benchmark raises MAX_BYTES): part of the key.
    limits = f"{yamldoc.MAX_BYTES} {yamldoc.MAX_DEPTH}\0".encode()
    path = _cache_path(cache_dir, "yaml", _YAML_CODE, file, limits + raw) if cache_dir is not None else None
    if path is not None:
        cached = _load_doc(path)
        if cached is not None:
            cached.source = raw.decode("utf-8-sig", errors="replace")
            return cached, [], None
    doc, problems = load_yaml(raw, file, partial=True)
    if path is None or doc is None or problems:
        return doc, problems, None
    loaded = doc
    return (
        doc,
        problems,
        CacheEntry(
            path,
            lambda: {
                "file": loaded.file,
                "data": loaded.data,
                "lines": [[list(key), line] for key, line in loaded.lines.items()],
                "block_scalars": [list(key) for key in loaded.block_scalars],
                "spans": [[list(key), list(span)] for key, span in loaded.spans.items()],
            },
        ),
    )


def _load_doc(path: Path) -> LoadedYaml | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return LoadedYaml(
            data["file"],
            data["data"],
            {tuple(key): line for key, line in data["lines"]},
            {tuple(key) for key in data["block_scalars"]},
            {tuple(key): (span[0], span[1], span[2]) for key, span in data["spans"]},
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None  # missing or unreadable: parse again
