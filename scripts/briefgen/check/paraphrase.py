"""Paraphrase check: runs of words that the brief's own prose shares with its sources.

A brief summarises its sources in its own words. This module finds every run of `min_words` or
more words (8 by default) that a prose field of the brief (a claim, a summary, a note, a verdict,
a description, a definition, the abstract, a hand-written page, a bibliography note) shares with
a source text. Words are compared after case folding and Unicode normalisation, with punctuation
ignored and «ё» read as «е». A phrase quoted in «guillemets» is the source's on purpose (it
carries its page) and is left out, and so are titles, names and other single-line fields, link
targets, citations and URLs. Pure functions; `scripts/check_paraphrase.py` is the command.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from briefgen.base.project import Project
from briefgen.load.bibtex import parse_bibliography
from briefgen.load.yamldoc import PathKey, format_path
from briefgen.load.yamlread import load_yaml

PROSE_FIELDS = frozenset(
    {"text", "summary", "note", "verdict", "assessment_note", "editorial_note", "description", "definition", "abstract"}
)
"""YAML fields that hold the brief's own prose (multi-line text, never a title or a name)."""
BIB_PROSE_FIELDS = ("note", "verificationnote")
DEFAULT_MIN_WORDS = 8

_WORD = re.compile(r"\w+")
_QUOTED = re.compile(r"«[^«»]*(?:«[^«»]*»[^«»]*)*»")
"""A phrase in guillemets, one level of nested guillemets allowed."""
_SKIPPED = re.compile(
    r"(?<=\])\([^)\s]*\)"  # a link target: [text](claim:id) keeps its text
    r"|\[[^\[\]]*@[^\[\]]*\]"  # a citation [@key, p. 5]
    r"|https?://\S+"  # a URL
    r"|<[^>]+>"  # an HTML tag in a hand-written page
)


@dataclass(frozen=True)
class Prose:
    """One piece of the brief's own prose and where it was written."""

    file: str
    line: int
    where: str
    """The field path (`articles[0].parts[1].summary`), or `(page)` for a hand-written page."""
    text: str


@dataclass(frozen=True)
class SharedRun:
    """A run of words a piece of prose shares with a source."""

    prose: Prose
    line: int
    """The line of the run's first word."""
    words: int
    text: str
    """The run as the brief writes it."""
    source: str

    def __str__(self) -> str:
        return (
            f"{self.prose.file}:{self.line}: {self.prose.where}: shares {self.words} words with {self.source}: "
            f'"{self.text}" (rewrite it in your own words, or quote a short phrase in «…» with its page)'
        )


def normal(word: str) -> str:
    """A word as the comparison reads it: case, Unicode form and «ё» do not matter."""
    return unicodedata.normalize("NFKC", word).casefold().replace("ё", "е")


def words(text: str) -> list[str]:
    """The words of `text`, normalised: case, Unicode form and «ё» do not matter, punctuation goes."""
    return [normal(w) for w in _WORD.findall(text)]


def source_ngrams(text: str, n: int) -> set[tuple[str, ...]]:
    """Every run of `n` consecutive words of a source."""
    tokens = words(text)
    return {tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1)}


def _stretches(text: str) -> Iterator[tuple[int, str]]:
    """(offset, piece) of `text` between quoted phrases: a shared run never crosses a quotation.
    Link targets, citations, URLs and tags are blanked out (same length, so offsets and lines
    stay true), and the words on either side of them are read as adjacent."""
    blanked = _SKIPPED.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)
    start = 0
    for match in _QUOTED.finditer(blanked):
        yield start, blanked[start : match.start()]
        start = match.end()
    yield start, blanked[start:]


def shared_runs(prose: Prose, sources: dict[str, set[tuple[str, ...]]], n: int) -> list[SharedRun]:
    """Every maximal run of at least `n` words of `prose` found in one of `sources` (name -> n-grams)."""
    found: list[SharedRun] = []
    for offset, piece in _stretches(prose.text):
        tokens = list(_WORD.finditer(piece))
        normalised = [normal(t.group(0)) for t in tokens]
        i = 0
        while i <= len(tokens) - n:
            name = next((s for s, grams in sources.items() if tuple(normalised[i : i + n]) in grams), None)
            if name is None:
                i += 1
                continue
            end = i + n
            while end < len(tokens) and tuple(normalised[end - n + 1 : end + 1]) in sources[name]:
                end += 1
            first, last = tokens[i], tokens[end - 1]
            line = prose.line + prose.text.count("\n", 0, offset + first.start())
            run = " ".join(piece[first.start() : last.end()].split())  # the prose's own spacing, folded
            found.append(SharedRun(prose, line, end - i, run, name))
            i = end
    return found


def _yaml_prose(data: Any, path: PathKey) -> Iterator[tuple[PathKey, str]]:
    if isinstance(data, dict):
        for key, value in data.items():
            if key in PROSE_FIELDS and isinstance(value, str):
                yield (*path, key), value
            else:
                yield from _yaml_prose(value, (*path, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _yaml_prose(value, (*path, i))


def project_prose(project: Project) -> list[Prose]:
    """Every piece of the brief's own prose: content/*.yml (and content/articles/*.yml) prose
    fields, the bibliography's notes, and the hand-written pages."""
    out: list[Prose] = []
    files = sorted(project.content_dir.glob("*.yml")) + project.extra_article_files()
    for path in files:
        doc, _problems = load_yaml(path.read_bytes(), project.rel(path))
        if doc is None:
            continue
        for key, value in _yaml_prose(doc.data, ()):
            # A block scalar's text starts on the line after its key.
            first = doc.line(key) + (1 if key in doc.block_scalars else 0)
            out.append(Prose(doc.file, first, format_path(key), value))
    if project.bibliography.is_file():
        bib, _problems = parse_bibliography(project.bibliography.read_bytes(), project.rel(project.bibliography))
        for entry in bib.entries.values():
            for name in BIB_PROSE_FIELDS:
                if name in entry.fields:
                    out.append(Prose(bib.file, entry.field_line(name), f"{entry.key}.{name}", entry.fields[name]))
    for page in project.handwritten_pages():
        out.append(Prose(project.rel(page), 1, "(page)", page.read_text(encoding="utf-8")))
    return out


def check_project(project: Project, source_files: list[Path], n: int = DEFAULT_MIN_WORDS) -> list[SharedRun]:
    """Every run of `n` or more words that the brief's prose shares with one of `source_files`."""
    sources = {path.name: source_ngrams(path.read_text(encoding="utf-8"), n) for path in source_files}
    return [run for prose in project_prose(project) for run in shared_runs(prose, sources, n)]
