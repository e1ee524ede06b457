"""The rules between content files: every reference resolves, the brief names one primary source,
tier ranks count from 1, periods end after they start, `see` links and term forms are sound."""

from __future__ import annotations

import unicodedata

from briefgen.base.errors import Report, did_you_mean
from briefgen.check.refs import Refs
from briefgen.cite.syntax import cite_group
from briefgen.index.context import BriefContext, CitationUse
from briefgen.load.content import is_article_file
from briefgen.load.yamldoc import LoadedYaml, PathKey
from briefgen.model.articles import Article
from briefgen.model.schema import FILE_MODELS
from briefgen.model.walk import text_values, walk_priorities

MIN_FORM_LENGTH = 2
"""A term's `forms` are at least this long: shorter ones would match ordinary words."""


def check_references(ctx: BriefContext, report: Report) -> None:
    """The references of every content file, each located in its own file."""
    _brief_references(ctx, Refs(ctx, ctx.doc("brief.yml"), report))
    # `redirects:` is checked with the released URLs (released.py), which also know the pages.
    for name, articles in ctx.article_files:
        _check_article_references(ctx, Refs(ctx, ctx.doc(name), report), articles)
    _priority_references(ctx, Refs(ctx, ctx.doc("priorities.yml"), report))
    _timeline_references(ctx, Refs(ctx, ctx.doc("timeline.yml"), report))
    _glossary_references(ctx, Refs(ctx, ctx.doc("glossary.yml"), report))


def _brief_references(ctx: BriefContext, refs: Refs) -> None:
    """brief.yml: one primary source, summaries that exist, the abstract's text, the changelog's ids."""
    primaries = [s for s in ctx.brief.sources if s.role == "primary"]
    if len(primaries) != 1 and "brief.yml" not in ctx.failed:
        refs.error(("sources",), f"exactly one source must have role: primary (found {len(primaries)})")
    for i, source in enumerate(ctx.brief.sources):
        refs.work(source.key, ("sources", i, "key"))
        kind, _, ident = source.summary.partition(":")
        if kind not in ("article", "hierarchy") or not ident:
            refs.error(
                ("sources", i, "summary"),
                f"'{source.summary}' is not a summary reference (write article:ID or hierarchy:ID)",
            )
        else:
            refs.id(ident, kind, ("sources", i, "summary"))
    if "brief.yml" not in ctx.failed:
        refs.text(ctx.brief.abstract, ("abstract",), None)
    handwritten = {p.relative_to(ctx.project.docs_dir).as_posix() for p in ctx.project.handwritten_pages()}
    for i, change in enumerate(ctx.brief.changes):
        for k, named in enumerate(change.ids):
            ident = ctx.brief.current_id(named)  # an earlier version's id may have been renamed since
            if ctx.xref.get(ident) is None and ctx.xref.get(ident, "work") is None and ident not in handwritten:
                hint = did_you_mean(named, [t.id for t in ctx.xref.targets.values()] + sorted(handwritten))
                hint = hint or (
                    "use the id of a part, claim, priority, event, term, actor or work, "
                    "or the path of a hand-written page, e.g. about.md"
                )
                refs.error(("changes", i, "ids", k), f"no id '{named}' in the brief ({hint})")


def _priority_references(ctx: BriefContext, refs: Refs) -> None:
    """priorities.yml: sources, text fields, tier ranks 1..n, and the claims priorities link."""
    for hi, hierarchy in enumerate(ctx.hierarchies):
        hpath: PathKey = ("hierarchies", hi)
        here = ctx.xref.get(hierarchy.id, "hierarchy")
        refs.work(hierarchy.source, (*hpath, "source"))
        refs.text(hierarchy.summary, (*hpath, "summary"), here)
        refs.text(hierarchy.verdict, (*hpath, "verdict"), here)
        refs.text(hierarchy.note, (*hpath, "note"), here)
        ranks = sorted(t.rank for t in hierarchy.tiers)
        if ranks != list(range(1, len(ranks) + 1)):
            refs.error(
                (*hpath, "tiers"),
                f"tier ranks are {ranks}; they must be 1..{len(ranks)} without gaps or repeats (renumber them)",
            )
        for priorities, lpath in hierarchy.priority_lists():
            for priority, ppath in walk_priorities(priorities, (*hpath, *lpath)):
                target = ctx.xref.get(priority.id, "priority")
                refs.text(priority.assessment_note, (*ppath, "assessment_note"), target)
                refs.text(priority.editorial_note, (*ppath, "editorial_note"), target)
                for k, link in enumerate(priority.claims):
                    if refs.id(link.claim, "claim", (*ppath, "claims", k, "claim")):
                        ctx.claim_priorities[link.claim].append((priority, link.relation, link.note))


def _timeline_references(ctx: BriefContext, refs: Refs) -> None:
    """timeline.yml: periods that end after they start, events' text and sources."""
    for i, period in enumerate(ctx.timeline.periods):
        if period.end < period.start:
            refs.error(
                ("periods", i, "end"),
                f"period ends ({period.end}) before it starts ({period.start}) (swap or fix the dates)",
            )
    for i, event in enumerate(ctx.timeline.events):
        refs.text(event.description, ("events", i, "description"), ctx.xref.get(event.id, "event"))
        known = [refs.work(source.key, ("events", i, "sources", k, "key")) for k, source in enumerate(event.sources)]
        if event.sources and all(known):
            ctx.groups.add(cite_group(event.sources))


def _glossary_references(ctx: BriefContext, refs: Refs) -> None:
    """glossary.yml: definitions, `see` links without cycles, forms that name one term."""
    for i, term in enumerate(ctx.glossary.terms):
        refs.text(term.definition, ("terms", i, "definition"), ctx.xref.get(term.id, "term"))
        if term.see is not None:
            refs.id(term.see, "term", ("terms", i, "see"))
    for i, actor in enumerate(ctx.glossary.actors):
        refs.text(actor.description, ("actors", i, "description"), ctx.xref.get(actor.id, "actor"))
    _check_see_cycles(ctx, refs)
    _check_term_forms(ctx, refs)


def check_text_of_failed_file(ctx: BriefContext, doc: LoadedYaml, name: str, report: Report) -> None:
    """The text rules on every text field of a file that did not pass its schema, read from its
    raw values along the model (a field the schema rejected is skipped)."""
    model = FILE_MODELS["article.yml" if is_article_file(name) else name]
    refs = Refs(ctx, doc, report)
    for path, value in text_values(model, doc.data):
        refs.text(value, path, None)


def _check_term_forms(ctx: BriefContext, refs: Refs) -> None:
    """A term is defined once (its original compared after NFC and ignoring case); a form names
    one term, and is long enough to be found without false matches."""
    originals: dict[str, tuple[str, int]] = {}
    for i, term in enumerate(ctx.glossary.terms):
        path: PathKey = ("terms", i, "original")
        folded = unicodedata.normalize("NFC", term.original).casefold()
        if folded in originals:
            other, line = originals[folded]
            refs.error(
                path,
                f"'{term.original}' is already the original of term '{other}' "
                f"(at {refs.doc.file}:{line}; a term is defined once: merge the two)",
            )
        else:
            originals[folded] = (term.id, refs.doc.line(path))
    owner: dict[str, tuple[str, int]] = {}
    for i, term in enumerate(ctx.glossary.terms):
        for k, form in enumerate(term.forms):
            path = ("terms", i, "forms", k)
            if len(form) < MIN_FORM_LENGTH:
                refs.error(
                    path, f"form '{form}' is too short to find reliably (write at least {MIN_FORM_LENGTH} characters)"
                )
                continue
            folded = unicodedata.normalize("NFC", form).casefold()
            if folded in owner:
                other, line = owner[folded]
                where = "twice for this term" if other == term.id else f"already a form of term '{other}'"
                refs.error(
                    path, f"form '{form}' is {where} (at {refs.doc.file}:{line}; a form names one term: remove one)"
                )
                continue
            owner[folded] = (term.id, refs.doc.line(path))


def _check_article_references(ctx: BriefContext, refs: Refs, articles: list[Article]) -> None:
    """References in one article file's articles (located in that file)."""
    for ai, article in enumerate(articles):
        apath: PathKey = ("articles", ai)
        refs.work(article.source, (*apath, "source"))
        refs.text(article.note, (*apath, "note"), ctx.xref.get(article.id, "article"))
        for pi, part in enumerate(article.parts):
            ppath: PathKey = (*apath, "parts", pi)
            refs.text(part.summary, (*ppath, "summary"), ctx.xref.get(part.id, "part"))
            for ci, claim in enumerate(part.claims):
                cpath: PathKey = (*ppath, "claims", ci)
                here = ctx.xref.get(claim.id, "claim")
                refs.text(claim.text, (*cpath, "text"), here)
                known = [refs.work(cite.key, (*cpath, "cites", k, "key")) for k, cite in enumerate(claim.cites)]
                for k, cite in enumerate(claim.cites):
                    if cite.key == article.source:
                        refs.warning(
                            (*cpath, "cites", k, "key"),
                            f"the claim cites '{cite.key}', the work this article summarises (cites: lists what "
                            "the article itself cites at this point; where the claim is in the article is its "
                            "locator: remove this entry)",
                        )
                if here is not None:
                    for cite in claim.cites:
                        ctx.cited_in[cite.key].append(CitationUse(cite.key, cite.locator or "", here))
                if claim.cites and all(known):
                    ctx.groups.add(cite_group(claim.cites))
                for field_name, kind, backrefs in (
                    ("events", "event", ctx.event_claims),
                    ("terms", "term", ctx.term_claims),
                    ("actors", "actor", ctx.actor_claims),
                ):
                    for k, ident in enumerate(getattr(claim, field_name)):
                        if refs.id(ident, kind, (*cpath, field_name, k)):
                            backrefs[ident].append(claim.id)


def _check_see_cycles(ctx: BriefContext, refs: Refs) -> None:
    see = {t.id: t.see for t in ctx.glossary.terms if t.see}
    index = {t.id: i for i, t in enumerate(ctx.glossary.terms)}
    reported: set[str] = set()
    for start in see:
        chain = [start]
        while chain[-1] in see and see[chain[-1]] not in chain:
            chain.append(see[chain[-1]])
        nxt = see.get(chain[-1])
        if nxt in chain and not reported & set(chain):
            cycle = [*chain[chain.index(nxt) :], nxt]
            reported.update(cycle)
            first = min(cycle[:-1], key=lambda t: index[t])
            refs.error(
                ("terms", index[first], "see"),
                f"'see' links form a cycle: {' -> '.join(cycle)} (point one of them at a term without 'see')",
            )
