"""A priority hierarchy's page: its summary, verdict, picture and priorities. Pure: Markdown strings."""

from __future__ import annotations

from briefgen.base import routes
from briefgen.cite.works import FormattedWorks
from briefgen.index.context import BriefContext
from briefgen.model.priorities import Hierarchy, Priority
from briefgen.render.article import work_cite_html
from briefgen.render.markup import (
    ASSESSMENT_LABELS,
    claim_link,
    editorial_block,
    esc,
    goals_label,
    lang_of,
    locator_html,
    original_title,
    text_md,
)
from briefgen.render.picture import hierarchy_picture


def hierarchy_page(ctx: BriefContext, works: FormattedWorks, hierarchy: Hierarchy) -> str:
    """A hierarchy's page: summary, note, verdict, picture, goals and tiers."""
    page = routes.hierarchy_page(hierarchy.id)
    lang = lang_of(ctx, hierarchy.source)
    out = [f"# {esc(hierarchy.title.best())}\n\n", original_title(hierarchy.title, lang)]
    out.append(
        f'<p class="bg-meta">Set out in {work_cite_html(ctx, works, hierarchy.source, page)} · '
        f"{locator_html(hierarchy.locator)}</p>\n\n"
    )
    out.append(f"## Summary {{#summary}}\n\n{text_md(hierarchy.summary, ctx, page)}\n\n")
    if hierarchy.note:
        out.append(editorial_block("Our note on this summary", text_md(hierarchy.note, ctx, page)))
    out.append(f"## The source's verdict {{#verdict}}\n\n{text_md(hierarchy.verdict, ctx, page)}\n\n")
    out.append(f"## Tiers at a glance {{#tiers}}\n\n{hierarchy_picture(ctx, hierarchy, page)}")
    out.append(
        '<p class="bg-note">Links from priorities to claims of other sources, with their relation '
        "(continuity, change, tension) and one-line notes, are <strong>editorial</strong>: our reading, "
        "not the source's.</p>\n\n"
    )
    if hierarchy.goals:
        out.append(f"## {goals_label(hierarchy)} {{#{routes.GOALS_ANCHOR}}}\n\n")
        out.append('<p class="bg-note">Set apart from the ranked tiers below, not ranked among them.</p>\n\n')
        for priority in hierarchy.goals:
            out.append(priority_block(ctx, priority, page, lang, level=3))
    for tier in sorted(hierarchy.tiers, key=lambda t: t.rank):
        out.append(f"## Tier {tier.rank}. {esc(tier.title.best())} {{#{tier.id}}}\n\n")
        out.append(original_title(tier.title, lang))
        for priority in tier.priorities:
            out.append(priority_block(ctx, priority, page, lang, level=3))
    return "".join(out)


def priority_block(ctx: BriefContext, priority: Priority, page: str, lang: str, level: int) -> str:
    """One priority (and its items, deeper): verdict, notes and linked claims."""
    out = []
    heading = "#" * min(level, 6)
    out.append(f"{heading} {esc(priority.title.best())} {{#{priority.id}}}\n\n")
    out.append(original_title(priority.title, lang))
    out.append(
        f'<p class="bg-assessment bg-assessment-{priority.assessment}">'
        f"<strong>{ASSESSMENT_LABELS[priority.assessment]}</strong></p>\n\n"
    )
    if priority.assessment_note:
        out.append(f"{text_md(priority.assessment_note, ctx, page)}\n\n")
    if priority.editorial_note:
        out.append(editorial_block("Our reading", text_md(priority.editorial_note, ctx, page)))
    if priority.claims:
        out.append('<div class="bg-related" markdown>\n\n**Claims that bear on it** (editorial):\n\n')
        for link in priority.claims:
            out.append(
                f"- {claim_link(ctx, link.claim, page, with_text=True)} — "
                f'<span class="bg-relation bg-relation-{link.relation}">{link.relation}</span>: '
                f"{esc(link.note)}\n"
            )
        out.append("\n</div>\n\n")
    for item in priority.items:
        out.append(priority_block(ctx, item, page, lang, level + 1))
    return "".join(out)
