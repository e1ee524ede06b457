"""The picture of a hierarchy's tiers on its page: HTML and CSS made at build time (no script, no
SVG), its own text equivalent. Pure: strings only."""

from __future__ import annotations

from briefgen.base import routes
from briefgen.index.context import BriefContext
from briefgen.model.priorities import Hierarchy, Priority
from briefgen.render.markup import esc, goals_label
from briefgen.render.matrix import assessment_html, editorial_mark, matrix_page_of, ranked_tiers


def _picture_priority(ctx: BriefContext, priority: Priority, page: str) -> str:
    target = ctx.xref.require(priority.id, "priority")
    items = ""
    if priority.items:
        nested = "".join(_picture_priority(ctx, item, page) for item in priority.items)
        items = f'<ul class="bg-hpic-items">{nested}</ul>'
    return (
        f'<li class="bg-hpic-priority"><a href="{ctx.xref.html_link(target, page)}">{esc(priority.title.best())}</a> '
        f"{assessment_html(priority)}{editorial_mark(ctx, priority, page)}{items}</li>"
    )


def hierarchy_picture(ctx: BriefContext, hierarchy: Hierarchy, page: str) -> str:
    """The overall goals, set apart, then the ranked tiers, their priorities and items, each with
    its assessment in words: nested lists drawn as a ladder by CSS, so the picture is its own text
    equivalent."""
    goals = f"the {goals_label(hierarchy).lower()} outside the tiers, then " if hierarchy.goals else ""
    out = [
        '<figure class="bg-hpic">\n'
        f"<figcaption>{esc(hierarchy.title.best())}: {goals}the tiers in rank order, highest first, with the "
        "source's assessment of each priority and item.</figcaption>\n"
    ]
    if hierarchy.goals:
        priorities = "".join(_picture_priority(ctx, p, page) for p in hierarchy.goals)
        out.append(
            '<div class="bg-hpic-goals"><p class="bg-hpic-tier-title">'
            '<span class="bg-hpic-rank">Not ranked</span> '
            f'<a href="#{routes.GOALS_ANCHOR}">{goals_label(hierarchy)}</a></p>'
            f'<ul class="bg-hpic-priorities">{priorities}</ul></div>\n'
        )
    out.append('<ol class="bg-hpic-tiers">\n')
    for tier in ranked_tiers(hierarchy):
        target = ctx.xref.require(tier.id, "tier")
        priorities = "".join(_picture_priority(ctx, p, page) for p in tier.priorities)
        out.append(
            '<li class="bg-hpic-tier"><p class="bg-hpic-tier-title">'
            f'<span class="bg-hpic-rank">Tier {tier.rank}</span> '
            f'<a href="{ctx.xref.html_link(target, page)}">{esc(tier.title.best())}</a></p>'
            f'<ul class="bg-hpic-priorities">{priorities}</ul></li>\n'
        )
    out.append("</ol>\n</figure>\n\n")
    matrix = matrix_page_of(ctx, hierarchy)
    out.append(
        f"The [comparison matrix]({routes.relative(matrix, page)}) sets each priority against the parts of the "
        "summarised articles, with the claims linked to it.\n\n"
    )
    return "".join(out)
