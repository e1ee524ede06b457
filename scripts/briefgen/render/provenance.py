"""Where each part of a built page came from: errors found late (by MkDocs, the site audit or the
PDF step) are reported at the content file and line that produced them, not at the built page.

A side table, made from the validated context: for every page, the content values placed on it
(file, YAML path, text). A late error names a built page and, mostly, the piece of text at fault
(a link, a URL); that text is looked up among the page's values, so the error points at the line
(and column) where it was written. Nothing is added to the published pages.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from briefgen.base import routes
from briefgen.base.errors import Problem
from briefgen.index.context import BriefContext
from briefgen.load.yamldoc import LoadedYaml, PathKey, format_path
from briefgen.model.walk import walk_priorities


@dataclass(frozen=True)
class Source:
    """One content value placed on a page."""

    file: str
    line: int
    path: str
    text: str
    doc: LoadedYaml | None = None
    key: PathKey = ()

    def locate(self, needle: str) -> tuple[int, int]:
        """(line, column) of `needle` inside this value (column 0 when not known)."""
        offset = self.text.find(needle)
        if self.doc is not None and offset >= 0:
            return self.doc.position(self.key, self.text, offset)
        if offset >= 0 and self.doc is None and "\n" in self.text:  # a hand-written page: its whole text
            line = self.text.count("\n", 0, offset) + 1
            return line, offset - (self.text.rfind("\n", 0, offset) + 1) + 1
        return self.line, 0


def _strings(value: object, key: PathKey) -> Iterator[tuple[PathKey, str]]:
    if isinstance(value, str):
        yield key, value
    elif isinstance(value, dict):
        for name, item in value.items():
            yield from _strings(item, (*key, name))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _strings(item, (*key, i))


def page_sources(ctx: BriefContext) -> dict[str, list[Source]]:  # noqa: C901 - one branch per content file kind, each a few lines
    """Source path of each page (`brief/feng/background.md`) -> the content values on it, the
    page's own first (so that an error without a clue lands on the item that makes the page)."""
    out: dict[str, list[Source]] = {}

    def add(page: str, doc: LoadedYaml, key: PathKey) -> None:
        data: object = doc.data
        for part in key:
            try:
                data = data[part]  # type: ignore[index]
            except (KeyError, IndexError, TypeError):
                return
        sources = out.setdefault(page, [])
        if isinstance(data, str):
            sources.append(Source(doc.file, doc.line(key), format_path(key), data, doc, key))
            return
        sources.append(Source(doc.file, doc.line(key), format_path(key), "", doc, key))
        sources.extend(
            Source(doc.file, doc.line(k), format_path(k), text, doc, k) for k, text in _strings(data, key) if text
        )

    for name, articles in ctx.article_files:
        doc = ctx.docs[name]
        for ai, article in enumerate(articles):
            add(routes.article_page(article.id), doc, ("articles", ai))
            for pi, part in enumerate(article.parts):
                add(routes.part_page(article.id, part.id), doc, ("articles", ai, "parts", pi))
                add(routes.article_page(article.id), doc, ("articles", ai, "parts", pi, "title"))
    if "priorities.yml" in ctx.docs:
        doc = ctx.docs["priorities.yml"]
        for hi, hierarchy in enumerate(ctx.hierarchies):
            page = routes.hierarchy_page(hierarchy.id)
            add(page, doc, ("hierarchies", hi))
            for ti, tier in enumerate(hierarchy.tiers):
                for _priority, key in walk_priorities(tier.priorities, ("hierarchies", hi, "tiers", ti, "priorities")):
                    add(routes.matrix_page(page), doc, (*key, "title"))
                    add(routes.matrix_page(page), doc, (*key, "claims"))
    for name, page in (("timeline.yml", routes.TIMELINE), ("glossary.yml", routes.GLOSSARY)):
        if name in ctx.docs:
            add(page, ctx.docs[name], ())
    if "brief.yml" in ctx.docs:
        add(routes.HOME, ctx.docs["brief.yml"], ())
        add(routes.CHANGELOG, ctx.docs["brief.yml"], ("changes",))
    works = out.setdefault(routes.WORKS, [])
    for bib_key, entry in ctx.bibliography.entries.items():
        works.append(Source(ctx.bibliography.file, entry.line, bib_key, ""))
        for field_name, value in {**entry.raw_fields, **entry.fields}.items():
            works.append(Source(ctx.bibliography.file, entry.field_line(field_name), bib_key, value))
    for page in ctx.pages:
        if not routes.is_generated(page):
            path = ctx.project.docs_dir / page
            text = path.read_text(encoding="utf-8") if path.is_file() else ""
            out.setdefault(page, []).insert(0, Source(ctx.project.rel(path), 1, "(page)", text))
    return out


_QUOTED = re.compile(
    r"""'([^'\s]+)'|"([^"\s]+)"|\b((?:https?|javascript|data|file|mailto):[^\s'"<>)]+)|\b(on[a-z]+=)"""
)
"""What in a late error message names the text at fault: a quoted link or URL, an event handler."""
_MKDOCS_LINK = re.compile(r"contains (?:a|an [a-z ]+) link '([^']*)'")
_MKDOCS_PAGE = re.compile(r"Doc file '([^']+)'")
_BUILT_PAGE = re.compile(rf"^((?:[\w.-]+/)*[\w.-]+{re.escape(routes.PAGE_SUFFIX)}): (.*)$", re.S)


class Provenance:
    """Turns late error messages into located problems."""

    def __init__(self, ctx: BriefContext) -> None:
        self.sources = page_sources(ctx)
        self.by_url = {routes.page_url(src): src for src in self.sources}

    def locate(self, page: str, message: str, fix: str, needles: list[str] | None = None) -> Problem | None:
        """The problem `message` (about source page `page`) at the content that made it, or None
        when the page is not one whose content is known. `needles` are the texts to look for
        (by default, what the message quotes)."""
        sources = self.sources.get(page)
        if not sources:
            return None
        if needles is None:
            needles = [next(g for g in match.groups() if g) for match in _QUOTED.finditer(message)]
        for needle in needles:
            if needle in (page, routes.page_url(page)):
                continue
            for source in sources:
                if needle in source.text:
                    line, column = source.locate(needle)
                    return Problem(source.file, line, source.path, f"{message} ({fix})", column=column)
        first = sources[0]
        return Problem(first.file, first.line, first.path, f"{message} ({fix})")

    def mkdocs(self, warning: str) -> Problem | None:
        """A MkDocs warning (`Doc file 'brief/glossary.md' contains a link 'x', …`)."""
        found = _MKDOCS_PAGE.search(warning)
        if found is None:
            return None
        message = f"MkDocs: {warning.rstrip('.')}"
        link = _MKDOCS_LINK.search(warning)
        needles = [f"]({link.group(1)})", f"]({link.group(1)} ", link.group(1)] if link else None
        return self.locate(found.group(1), message, "this content made it; fix it here", needles)

    def built(self, problem: str, step: str) -> Problem | None:
        """An audit or PDF problem `brief/x.html: what` about a built page."""
        found = _BUILT_PAGE.match(problem)
        if found is None:
            return None
        rel = found.group(1)
        if rel.startswith(f"{routes.VERSIONS}/"):
            rel = rel.split("/", 2)[2] if rel.count("/") >= 2 else rel
        page = self.by_url.get(rel)
        if page is None:
            return None
        return self.locate(page, f"{step}: {found.group(2)} on {rel}", "this content made it; fix it here")
