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
from collections.abc import Callable
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any

from briefgen.base.errors import Problem
from briefgen.load.bibtex import BibEntry, Bibliography, Chunk, Name, parse_bibliography
from briefgen.load.yamldoc import LoadedYaml, load_yaml

_FORMAT = 2
_BIB_CODE = (
    ("load/bibtex.py", "check/biblint.py", "load/bibformat.py", "load/cache.py", "base/errors.py"),
    ("pybtex", "latexcodec"),
)
_YAML_CODE = (("load/yamldoc.py", "load/cache.py", "base/errors.py"), ("PyYAML",))

Store = Callable[[], None]
"""Writes one result to the cache (called by the build once the brief is valid)."""


@cache
def _code_digest(sources: tuple[str, ...], packages: tuple[str, ...]) -> str:
    digest = hashlib.sha256(f"format {_FORMAT}".encode())
    here = Path(__file__).resolve().parents[1]  # the package: paths are relative to it
    for name in sources:
        digest.update((here / name).read_bytes())
    for package in packages:
        digest.update(f"{package} {metadata.version(package)}".encode())
    return digest.hexdigest()


def _cache_path(
    cache_dir: Path, kind: str, code: tuple[tuple[str, ...], tuple[str, ...]], file: str, raw: bytes
) -> Path:
    key = hashlib.sha256(_code_digest(*code).encode() + file.encode() + b"\0" + raw).hexdigest()
    return cache_dir / f"{kind}-{key[:32]}.json"


def _storer(path: Path, data: Callable[[], Any]) -> Store:
    def store() -> None:
        from briefgen.publish.writer import write_cache

        write_cache(path, json.dumps(data(), ensure_ascii=False))

    return store


def load_content(
    raw: bytes, file: str, cache_dir: Path | None
) -> tuple[LoadedYaml | None, list[Problem], Store | None]:
    """`load_yaml(raw, file, partial=True)`, from the cache when it holds it. The third value,
    when not None, stores the result (only documents that loaded without problems are cached)."""
    from briefgen.load import yamldoc as yamlload

    # The limits are read at run time (the benchmark raises MAX_BYTES): part of the key.
    limits = f"{yamlload.MAX_BYTES} {yamlload.MAX_DEPTH}\0".encode()
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
        _storer(
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


def read_bibliography(
    raw: bytes, file: str, cache_dir: Path | None
) -> tuple[Bibliography, list[Problem], Store | None]:
    """`parse_bibliography` and `lint_entries` of `raw`, from the cache when it holds them.
    The third value, when not None, writes the result to the cache: the caller calls it only
    once the whole brief is valid (a build with errors writes nothing)."""
    from briefgen.check.biblint import lint_entries

    path = _cache_path(cache_dir, "bib", _BIB_CODE, file, raw) if cache_dir is not None else None
    if path is not None:
        cached = _load(path)
        if cached is not None:
            return (*cached, None)
    bibliography, problems = parse_bibliography(raw, file)
    problems = problems + lint_entries(bibliography)
    if path is None:
        return bibliography, problems, None
    return bibliography, problems, _storer(path, lambda: _to_json(bibliography, problems))


def _to_json(bib: Bibliography, problems: list[Problem]) -> dict[str, Any]:
    return {
        "file": bib.file,
        "entries": [
            {
                "key": e.key,
                "type": e.type,
                "line": e.line,
                "fields": e.fields,
                "raw_fields": e.raw_fields,
                "field_lines": e.field_lines,
                "persons": {role: [[n.family, n.given, n.literal] for n in names] for role, names in e.persons.items()},
                "raw_persons": e.raw_persons,
            }
            for e in bib.entries.values()
        ],
        "chunks": [[c.kind, c.text, c.line, c.entry_type, c.key] for c in bib.chunks],
        "problems": [[p.file, p.line, p.path, p.message, p.severity] for p in problems],
    }


def _load(path: Path) -> tuple[Bibliography, list[Problem]] | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        bib = Bibliography(data["file"])
        for e in data["entries"]:
            bib.entries[e["key"]] = BibEntry(
                e["key"],
                e["type"],
                e["line"],
                e["fields"],
                e["raw_fields"],
                e["field_lines"],
                {role: [Name(f, g, lit) for f, g, lit in names] for role, names in e["persons"].items()},
                e["raw_persons"],
            )
        bib.chunks = [Chunk(kind, text, line, entry_type, key) for kind, text, line, entry_type, key in data["chunks"]]
        problems = [
            Problem(f, line, where, message, severity) for f, line, where, message, severity in data["problems"]
        ]
    except (OSError, ValueError, KeyError, TypeError):
        return None  # missing or unreadable: parse again
    return bib, problems
