"""Every id into the cross-reference index, with the page and anchor its route gives it; a
duplicate id (compared ignoring case and Unicode form) is an error naming the first."""

from __future__ import annotations

from collections.abc import Sequence

from briefgen.base import routes
from briefgen.base.errors import Report
from briefgen.index.context import BriefContext, claim_number_prefix
from briefgen.index.xref import Kind, Target
from briefgen.load.yamldoc import LoadedYaml, PathKey, format_path
from briefgen.model.articles import Article
from briefgen.model.glossary import Actor, Term
from briefgen.model.timeline import Event, Period
from briefgen.model.walk import walk_priorities


def register_ids(ctx: BriefContext, report: Report) -> None:
    """Every id of the content, and every work, into `ctx.xref` (with the claims' § numbers)."""
    registrar = _Registrar(ctx, report)
    for name, articles in ctx.article_files:
        registrar.articles(ctx.doc(name), articles)
    registrar.hierarchies(ctx.doc("priorities.yml"))
    doc_t, doc_g = ctx.doc("timeline.yml"), ctx.doc("glossary.yml")
    entries: list[tuple[Kind, Sequence[Period | Event | Term | Actor], LoadedYaml, str, str]] = [
        ("period", ctx.timeline.periods, doc_t, routes.TIMELINE, "periods"),
        ("event", ctx.timeline.events, doc_t, routes.TIMELINE, "events"),
        ("term", ctx.glossary.terms, doc_g, routes.GLOSSARY, "terms"),
        ("actor", ctx.glossary.actors, doc_g, routes.GLOSSARY, "actors"),
    ]
    for kind, items, doc, page, key in entries:
        for i, item in enumerate(items):
            registrar.add(kind, item.id, page, item.id, _label(item), at=(doc, (key, i)))
    for key, entry in ctx.bibliography.entries.items():
        ctx.xref.register(
            Target("work", key, routes.WORKS, routes.work_anchor(key), key, ctx.bibliography.file, entry.line)
        )


def _label(item: Period | Event | Term | Actor) -> str:
    """How links to a timeline or glossary entry read: its title, a term's original, a name."""
    if isinstance(item, Term):
        return item.original
    return item.name.best() if isinstance(item, Actor) else item.title.best()


class _Registrar:
    """Registers targets located in their YAML; reports a duplicate id where it is written."""

    def __init__(self, ctx: BriefContext, report: Report) -> None:
        self.ctx, self.report = ctx, report

    def add(
        self, kind: Kind, ident: str, page: str, anchor: str | None, label: str, *, at: tuple[LoadedYaml, PathKey]
    ) -> None:
        """Register one target, located at `at` (its YAML and path)."""
        doc, path = at
        target = Target(kind, ident, page, anchor, label, doc.file, doc.line(path))
        earlier = self.ctx.xref.register(target)
        if earlier is not None:
            same = "" if earlier.id == target.id else f" as '{earlier.id}' (ids are compared ignoring case)"
            self.report.error(
                doc.file,
                doc.line((*path, "id")),
                format_path((*path, "id")),
                f"duplicate id '{target.id}': already used{same} by a {earlier.kind} "
                f"at {earlier.file}:{earlier.line} (choose another id)",
            )

    def articles(self, doc: LoadedYaml, articles: list[Article]) -> None:
        """Ids of one article file's articles, parts and claims; paths and lines are the file's own."""
        ctx = self.ctx
        for ai, article in enumerate(articles):
            prefix = claim_number_prefix(ctx, article)
            apath: PathKey = ("articles", ai)
            title = article.title.best() if article.title else f"Summary of {article.source}"
            self.add("article", article.id, routes.article_page(article.id), None, title, at=(doc, apath))
            for pi, part in enumerate(article.parts):
                ppath: PathKey = (*apath, "parts", pi)
                page = routes.part_page(article.id, part.id)
                self.add("part", part.id, page, None, f"{pi + 1}. {part.title.best()}", at=(doc, ppath))
                for ci, claim in enumerate(part.claims):
                    number = f"{prefix}{pi + 1}.{ci + 1}"
                    ctx.claim_numbers[claim.id] = number
                    ctx.claim_part[claim.id] = (article, part)
                    self.add("claim", claim.id, page, claim.id, f"§{number}", at=(doc, (*ppath, "claims", ci)))

    def hierarchies(self, doc: LoadedYaml) -> None:
        """Ids of the hierarchies, their tiers and their priorities (all on the hierarchy's page)."""
        for hi, hierarchy in enumerate(self.ctx.hierarchies):
            hpath: PathKey = ("hierarchies", hi)
            page = routes.hierarchy_page(hierarchy.id)
            self.add("hierarchy", hierarchy.id, page, None, hierarchy.title.best(), at=(doc, hpath))
            for priorities, lpath in hierarchy.priority_lists():
                if lpath[0] == "tiers":
                    tier = hierarchy.tiers[int(lpath[1])]
                    self.add("tier", tier.id, page, tier.id, tier.title.best(), at=(doc, (*hpath, *lpath[:2])))
                for priority, ppath in walk_priorities(priorities, (*hpath, *lpath)):
                    self.add("priority", priority.id, page, priority.id, priority.title.best(), at=(doc, ppath))
