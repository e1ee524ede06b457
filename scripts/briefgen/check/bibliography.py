"""bibliography.bib read and linted, from the cache when it holds the result.

Parsing and linting 2,000 entries takes about a second, and the file rarely changes between two
runs; the result (entries and problems) is cached under a hash of the file and of the code that
makes it (load/cache.py).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from briefgen.base.errors import Problem
from briefgen.check.biblint import lint_entries
from briefgen.load.bibtex import BibEntry, Bibliography, Chunk, Name, parse_bibliography
from briefgen.load.cache import CacheEntry, cache_path

_BIB_CODE = (
    (
        "load/bibtex.py",
        "load/latex.py",
        "load/decode.py",
        "check/biblint.py",
        "check/bibliography.py",
        "load/cache.py",
        "base/errors.py",
    ),
    ("pybtex", "latexcodec"),
)
"""The modules whose source shapes the cached result (and the packages whose version does)."""


def read_bibliography(
    raw: bytes, file: str, cache_dir: Path | None
) -> tuple[Bibliography, list[Problem], CacheEntry | None]:
    """`parse_bibliography` and `lint_entries` of `raw`, from the cache when it holds them.
    The third value, when not None, is the result to cache: the build keeps it only once the
    whole brief is valid (a build with errors writes nothing)."""
    path = cache_path(cache_dir, "bib", _BIB_CODE, file, raw) if cache_dir is not None else None
    if path is not None:
        cached = _load(path)
        if cached is not None:
            return (*cached, None)
    bibliography, problems = parse_bibliography(raw, file)
    problems = problems + lint_entries(bibliography)
    if path is None:
        return bibliography, problems, None
    return bibliography, problems, CacheEntry(path, lambda: _to_json(bibliography, problems))


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
