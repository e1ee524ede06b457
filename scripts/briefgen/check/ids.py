"""Every id into the cross-reference index, with the page and anchor its route gives it; a
duplicate id (compared ignoring case and Unicode form) is an error naming the first."""

from __future__ import annotations

from collections.abc import Callable

from briefgen.base import routes
from briefgen.base.errors import Report
from briefgen.index.context import BriefContext, claim_number_prefix
from briefgen.index.xref import Target
from briefgen.load.yamldoc import LoadedYaml, PathKey, format_path
from briefgen.model.articles import Article
from briefgen.model.walk import walk_priorities


def register_ids(ctx: BriefContext, report: Report) -> None:
    doc_p = ctx.doc("priorities.yml")
    doc_t, doc_g = ctx.doc("timeline.yml"), ctx.doc("glossary.yml")

    def add(target: Target, path: PathKey, doc: LoadedYaml) -> None:
        earlier = ctx.xref.register(target)
        if earlier is not None:
            same = "" if earlier.id == target.id else f" as '{earlier.id}' (ids are compared ignoring case)"
            report.error(
                doc.file,
                doc.line((*path, "id")),
                format_path((*path, "id")),
                f"duplicate id '{target.id}': already used{same} by a {earlier.kind} "
                f"at {earlier.file}:{earlier.line} (choose another id)",
            )

    for name, articles in ctx.article_files:
        _register_articles(ctx, ctx.doc(name), articles, add)
    for hi, hierarchy in enumerate(ctx.hierarchies):
        hpath: PathKey = ("hierarchies", hi)
        page = routes.hierarchy_page(hierarchy.id)
        add(
            Target("hierarchy", hierarchy.id, page, None, hierarchy.title.best(), doc_p.file, doc_p.line(hpath)),
            hpath,
            doc_p,
        )
        for priorities, lpath in hierarchy.priority_lists():
            if lpath[0] == "tiers":
                tier = hierarchy.tiers[int(lpath[1])]
                tpath: PathKey = (*hpath, *lpath[:2])
                add(
                    Target("tier", tier.id, page, tier.id, tier.title.best(), doc_p.file, doc_p.line(tpath)),
                    tpath,
                    doc_p,
                )
            for priority, ppath in walk_priorities(priorities, (*hpath, *lpath)):
                add(
                    Target(
                        "priority", priority.id, page, priority.id, priority.title.best(), doc_p.file, doc_p.line(ppath)
                    ),
                    ppath,
                    doc_p,
                )
    for i, period in enumerate(ctx.timeline.periods):
        path: PathKey = ("periods", i)
        add(
            Target(
                "period",
                period.id,
                routes.TIMELINE,
                period.id,
                period.title.best(),
                doc_t.file,
                doc_t.line(path),
            ),
            path,
            doc_t,
        )
    for i, event in enumerate(ctx.timeline.events):
        path = ("events", i)
        add(
            Target(
                "event",
                event.id,
                routes.TIMELINE,
                event.id,
                event.title.best(),
                doc_t.file,
                doc_t.line(path),
            ),
            path,
            doc_t,
        )
    for i, term in enumerate(ctx.glossary.terms):
        path = ("terms", i)
        add(
            Target("term", term.id, routes.GLOSSARY, term.id, term.original, doc_g.file, doc_g.line(path)),
            path,
            doc_g,
        )
    for i, actor in enumerate(ctx.glossary.actors):
        path = ("actors", i)
        add(
            Target("actor", actor.id, routes.GLOSSARY, actor.id, actor.name.best(), doc_g.file, doc_g.line(path)),
            path,
            doc_g,
        )
    for key, entry in ctx.bibliography.entries.items():
        ctx.xref.register(
            Target("work", key, routes.WORKS, routes.work_anchor(key), key, ctx.bibliography.file, entry.line)
        )


def _register_articles(
    ctx: BriefContext, doc_a: LoadedYaml, articles: list[Article], add: Callable[[Target, PathKey, LoadedYaml], None]
) -> None:
    """Ids of one article file's articles, parts and claims; paths and lines are the file's own."""
    for ai, article in enumerate(articles):
        prefix = claim_number_prefix(ctx, article)
        apath: PathKey = ("articles", ai)
        index_page = routes.article_page(article.id)
        title = article.title.best() if article.title else f"Summary of {article.source}"
        add(Target("article", article.id, index_page, None, title, doc_a.file, doc_a.line(apath)), apath, doc_a)
        for pi, part in enumerate(article.parts):
            ppath: PathKey = (*apath, "parts", pi)
            page = routes.part_page(article.id, part.id)
            add(
                Target("part", part.id, page, None, f"{pi + 1}. {part.title.best()}", doc_a.file, doc_a.line(ppath)),
                ppath,
                doc_a,
            )
            for ci, claim in enumerate(part.claims):
                cpath: PathKey = (*ppath, "claims", ci)
                number = f"{prefix}{pi + 1}.{ci + 1}"
                ctx.claim_numbers[claim.id] = number
                ctx.claim_part[claim.id] = (article, part)
                add(
                    Target("claim", claim.id, page, claim.id, f"§{number}", doc_a.file, doc_a.line(cpath)), cpath, doc_a
                )
