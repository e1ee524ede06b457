"""References from one YAML document to ids and works, with located messages.

The unknown-bibliography-key rule is `unknown_work`, the one place its message is written."""

from __future__ import annotations

from briefgen.base.errors import Report, did_you_mean
from briefgen.check.textlint import lint_text_at, offset_of
from briefgen.cite.syntax import FoundCitation
from briefgen.index.context import BriefContext, CitationUse
from briefgen.index.xref import Target
from briefgen.load.bibtex import Bibliography
from briefgen.load.content import is_article_file
from briefgen.load.yamldoc import LoadedYaml, PathKey, format_path


def unknown_work(key: str, bibliography: Bibliography) -> str:
    """The message for a key that is not in the bibliography: the one rule for `cites:`, sources,
    citations in text and on hand-written pages, and the renderer's safety net."""
    hint = did_you_mean(key, bibliography.entries) or "add the entry to bibliography.bib"
    return f"no entry '{key}' in {bibliography.file} ({hint})"


def _a(word: str) -> str:
    return f"an {word}" if word[0] in "aeiou" else f"a {word}"


def kind_failed(ctx: BriefContext, kind: str) -> bool:
    """Whether ids of this kind may be missing because their file failed its schema."""
    name = KIND_FILES.get(kind)
    if name == "article.yml":
        return any(is_article_file(failed) for failed in ctx.failed)
    return name in ctx.failed


KIND_FILES = {
    "article": "article.yml",
    "part": "article.yml",
    "claim": "article.yml",
    "hierarchy": "priorities.yml",
    "tier": "priorities.yml",
    "priority": "priorities.yml",
    "event": "timeline.yml",
    "period": "timeline.yml",
    "term": "glossary.yml",
    "actor": "glossary.yml",
}


class Refs:
    """Checks references from one YAML document, with located messages."""

    def __init__(self, ctx: BriefContext, doc: LoadedYaml, report: Report) -> None:
        self.ctx, self.doc, self.report = ctx, doc, report

    def error(self, path: PathKey, message: str) -> None:
        self.report.error(self.doc.file, self.doc.line(path), format_path(path), message)

    def warning(self, path: PathKey, message: str) -> None:
        self.report.warning(self.doc.file, self.doc.line(path), format_path(path), message)

    def id(self, value: str, kind: str, path: PathKey) -> bool:
        if self.ctx.xref.get(value, kind) is not None:
            return True
        if kind_failed(self.ctx, kind):
            return False  # that file has its own errors; an unknown id here may be fine
        other = self.ctx.xref.get(value)
        if other is not None:
            self.error(path, f"'{value}' is {_a(other.kind)}, not {_a(kind)} (use the id of {_a(kind)})")
            return False
        hint = did_you_mean(value, self.ctx.xref.ids_of(kind))
        self.error(
            path,
            f"no {kind} with id '{value}'" + (f" ({hint})" if hint else f" (define it, or use one of the {kind} ids)"),
        )
        return False

    def work(self, key: str, path: PathKey) -> bool:
        if key in self.ctx.bibliography.entries:
            return True
        self.error(path, unknown_work(key, self.ctx.bibliography))
        return False

    def text(self, value: str | None, path: PathKey, where: Target | None) -> None:
        """Layer one of sanitising: text fields are restricted Markdown, checked with their line."""
        if not value:
            return
        skip = {kind for kind in KIND_FILES if kind_failed(self.ctx, kind)}
        citations: list[FoundCitation] = []
        for offset, message in lint_text_at(value, self.ctx.xref, skip, citations):
            line, column = self.doc.position(path, value, offset)
            self.report.error(self.doc.file, line, format_path(path), message, column)
        for found in citations:
            known = True
            for item in found.group.items:
                if item.key not in self.ctx.bibliography.entries:
                    known = False
                    line, column = self.doc.position(path, value, offset_of(value, found.line, found.column))
                    self.report.error(
                        self.doc.file,
                        line,
                        format_path(path),
                        f"citation {found.raw}: {unknown_work(item.key, self.ctx.bibliography)}",
                        column,
                    )
                elif where is not None:
                    self.ctx.cited_in[item.key].append(CitationUse(item.key, item.locator, where))
            if known:
                self.ctx.groups.add(found.group)
