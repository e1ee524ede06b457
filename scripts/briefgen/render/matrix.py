"""The comparison matrix of a priority hierarchy (render/picture.py draws its tiers). Pure: strings only.

The matrix sets a hierarchy's priorities (rows: its overall goals, then by tier in rank order,
items under their priority) against the parts of the summarised articles (columns, in article order); a cell lists
the claims of that part which the priority links, each with its relation as a symbol and a word
and a numbered note below the table. The picture is HTML and CSS (no script, no SVG): the overall
goals, then the ranked tiers, their priorities and items, each with the source's assessment in
words. A priority with an editorial note of ours says so in both.

Everything from YAML is escaped; every link is resolved through the cross-reference index.
"""

from __future__ import annotations

from dataclasses import dataclass

from briefgen.base import routes
from briefgen.index.context import BriefContext
from briefgen.index.nav import article_label
from briefgen.model.articles import Article, Part
from briefgen.model.priorities import ClaimLink, Hierarchy, Priority, Tier
from briefgen.render.markup import ASSESSMENT_LABELS, attr, esc, goals_label

RELATION_SYMBOLS = {"continuity": "=", "change": "→", "tension": "×"}
"""Shown before the relation's name, so that a relation is never told by colour alone."""
RELATION_MEANINGS = {
    "continuity": "the claim carries on what the priority describes",
    "change": "the claim departs from it",
    "tension": "the claim pulls against it",
}
EMPTY_CELL = '<span aria-hidden="true">—</span><span class="bg-sr-only">none</span>'
NOTE_ID = "matrix-note-{}"
NOTE_REF_ID = "matrix-ref-{}"


@dataclass(frozen=True)
class Row:
    """One priority or item of the matrix, with how deep it is nested and what it is nested in."""

    priority: Priority
    depth: int
    parent: Priority | None


@dataclass(frozen=True)
class Column:
    """One part of an article, as a column of the matrix."""

    article: Article
    part: Part
    number: int
    """The part's number in its article, as in `§2.3`."""


@dataclass(frozen=True)
class Link:
    """One claim in a cell, numbered in reading order (rows, then columns, then claim order)."""

    number: int
    priority: Priority
    link: ClaimLink


def hierarchy_page_path(ctx: BriefContext, hierarchy: Hierarchy) -> str:
    """Source path of the hierarchy's own page, from the xref index."""
    target = ctx.xref.require(hierarchy.id, "hierarchy")
    return target.page


def matrix_page_of(ctx: BriefContext, hierarchy: Hierarchy) -> str:
    """Source path of the hierarchy's matrix page (derived from its page in the xref index)."""
    return routes.matrix_page(hierarchy_page_path(ctx, hierarchy))


@dataclass(frozen=True)
class RowGroup:
    """A band of rows under one heading: the overall goals, or one tier."""

    tier: Tier | None
    """None for the overall goals."""
    rows: list[Row]


def priority_rows(priorities: list[Priority]) -> list[Row]:
    """Priorities depth first: each priority, then its items, in the source's order."""
    out: list[Row] = []

    def walk(priorities: list[Priority], depth: int, parent: Priority | None) -> None:
        for priority in priorities:
            out.append(Row(priority, depth, parent))
            walk(priority.items, depth + 1, priority)

    walk(priorities, 0, None)
    return out


def tier_rows(tier: Tier) -> list[Row]:
    """The tier's priorities depth first: each priority, then its items, in the source's order."""
    return priority_rows(tier.priorities)


def ranked_tiers(hierarchy: Hierarchy) -> list[Tier]:
    """The tiers, highest rank first."""
    return sorted(hierarchy.tiers, key=lambda t: t.rank)


def row_groups(hierarchy: Hierarchy) -> list[RowGroup]:
    """The overall goals (if any), then the tiers in rank order: the matrix's rows, top to bottom."""
    goals = [RowGroup(None, priority_rows(hierarchy.goals))] if hierarchy.goals else []
    return goals + [RowGroup(tier, tier_rows(tier)) for tier in ranked_tiers(hierarchy)]


def _linked_parts(ctx: BriefContext, hierarchy: Hierarchy) -> set[tuple[str, str]]:
    """(article id, part id) of every part that holds a claim the hierarchy links."""
    return {
        (ctx.claim_part[link.claim][0].id, ctx.claim_part[link.claim][1].id)
        for group in row_groups(hierarchy)
        for row in group.rows
        for link in row.priority.claims
        if link.claim in ctx.claim_part
    }


def matrix_columns(ctx: BriefContext, hierarchy: Hierarchy) -> list[Column]:
    """Every part that holds a claim linked from the hierarchy, in article and part order. A part
    with no linked claim would be a column of dashes only, which on a phone fills the first screen
    with nothing: it is left out, and named below the table (`unlinked_parts`)."""
    linked = _linked_parts(ctx, hierarchy)
    return [
        Column(article, part, number)
        for article in ctx.articles
        for number, part in enumerate(article.parts, start=1)
        if (article.id, part.id) in linked
    ]


def unlinked_parts(ctx: BriefContext, hierarchy: Hierarchy) -> list[Column]:
    """The parts of the matrix's articles that have no column, because no claim of theirs is linked."""
    linked = _linked_parts(ctx, hierarchy)
    articles = {article_id for article_id, _ in linked}
    return [
        Column(article, part, number)
        for article in ctx.articles
        if article.id in articles
        for number, part in enumerate(article.parts, start=1)
        if (article.id, part.id) not in linked
    ]


def _articles(columns: list[Column]) -> list[Article]:
    """The articles of the columns, each once, in order."""
    out: list[Article] = []
    for column in columns:
        if not out or out[-1].id != column.article.id:
            out.append(column.article)
    return out


def _claim_order(ctx: BriefContext, claim_id: str) -> tuple[int, ...]:
    return tuple(int(n) for n in ctx.claim_numbers[claim_id].split("."))


def cell_links(ctx: BriefContext, hierarchy: Hierarchy, columns: list[Column]) -> dict[tuple[str, int], list[Link]]:
    """(priority id, column index) -> the links in that cell, numbered in reading order."""
    index = {(c.article.id, c.part.id): i for i, c in enumerate(columns)}
    cells: dict[tuple[str, int], list[Link]] = {}
    number = 0
    for group in row_groups(hierarchy):
        for row in group.rows:
            by_column: dict[int, list[ClaimLink]] = {}
            for link in row.priority.claims:
                article, part = ctx.claim_part[link.claim]
                by_column.setdefault(index[(article.id, part.id)], []).append(link)
            for column in sorted(by_column):
                ordered = sorted(by_column[column], key=lambda lk: _claim_order(ctx, lk.claim))
                for link in ordered:
                    number += 1
                    cells.setdefault((row.priority.id, column), []).append(Link(number, row.priority, link))
    return cells


def relation_html(relation: str) -> str:
    """`× tension`: the symbol is decoration (hidden from screen readers), the word says it."""
    return (
        f'<span class="bg-matrix-rel bg-matrix-rel-{relation}">'
        f'<span aria-hidden="true">{RELATION_SYMBOLS[relation]}</span> {relation}</span>'
    )


def assessment_html(priority: Priority) -> str:
    """A priority's assessment in words, as a badge."""
    return (
        f'<span class="bg-assessment bg-assessment-{priority.assessment}">'
        f"<strong>{ASSESSMENT_LABELS[priority.assessment]}</strong></span>"
    )


def _link_item(ctx: BriefContext, item: Link, page: str) -> str:
    target = ctx.xref.require(item.link.claim, "claim")
    relation = item.link.relation
    note = f"{relation}: {item.link.note}"
    return (
        f'<li class="bg-matrix-link bg-matrix-link-{relation}">'
        f'<a href="{ctx.xref.html_link(target, page)}" title="{attr(note)}">{esc(target.label)}</a> '
        # No break between the relation and its note number.
        f"{relation_html(relation)}&nbsp;"
        f'<sup><a class="bg-matrix-noteref" id="{NOTE_REF_ID.format(item.number)}" '
        f'href="#{NOTE_ID.format(item.number)}" aria-label="note {item.number}">{item.number}</a></sup></li>'
    )


def editorial_mark(ctx: BriefContext, priority: Priority, page: str) -> str:
    """A link to our reading of a priority, where there is one (never mixed with the source's verdict)."""
    if not priority.editorial_note:
        return ""
    target = ctx.xref.require(priority.id, "priority")
    return (
        f' <a class="bg-editorial-mark" href="{ctx.xref.html_link(target, page)}" '
        f'title="Our own reading of this priority, not the source\'s">see our reading</a>'
    )


def _row_header(ctx: BriefContext, row: Row, page: str) -> str:
    target = ctx.xref.require(row.priority.id, "priority")
    nested = ""
    if row.parent is not None:
        nested = (
            '<span class="bg-matrix-item-mark" aria-hidden="true">↳</span>'
            f'<span class="bg-sr-only">Item of {esc(row.parent.title.best())}: </span>'
        )
    return (
        f'<th scope="row">{nested}<a href="{ctx.xref.html_link(target, page)}">{esc(row.priority.title.best())}</a> '
        f"{assessment_html(row.priority)}{editorial_mark(ctx, row.priority, page)}</th>"
    )


def _group_heading(ctx: BriefContext, hierarchy: Hierarchy, group: RowGroup, page: str) -> str:
    """`Tier 1. Border stability`, or the overall goals, linked to their place on the hierarchy page."""
    if group.tier is None:
        href = routes.html_path_link(hierarchy_page_path(ctx, hierarchy), routes.GOALS_ANCHOR, page)
        note = '<span class="bg-matrix-goal-note">outside the tiers</span>'
        return f'<a href="{href}">{goals_label(hierarchy)}</a> {note}'
    target = ctx.xref.require(group.tier.id, "tier")
    return f'<a href="{ctx.xref.html_link(target, page)}">Tier {group.tier.rank}. {esc(group.tier.title.best())}</a>'


def matrix_table(ctx: BriefContext, hierarchy: Hierarchy, page: str) -> str:
    """The matrix as one HTML table in its own scrolling region ('' when no priority links a claim)."""
    columns = matrix_columns(ctx, hierarchy)
    if not columns:
        return ""
    cells = cell_links(ctx, hierarchy, columns)
    articles = [(a, sum(1 for c in columns if c.article.id == a.id)) for a in _articles(columns)]
    parts = f"{len(columns)} part{'s' if len(columns) != 1 else ''}"
    out = [
        # Shown by briefgen.js only while the table is wider than its box (on a phone); the box's
        # edge shadows (CSS) say the same without script.
        f'<p class="bg-matrix-hint" hidden><span aria-hidden="true">⇆</span> The table is wider than the '
        f"screen: scroll it sideways to see all {parts}; the priorities stay in view.</p>\n"
        f'<div class="bg-matrix" role="region" aria-label="{attr(hierarchy.title.best())}: comparison matrix" '
        'tabindex="0">\n<table class="bg-matrix-table">\n'
        # Short: the caption scrolls with the table, so a long one would be cut off on a phone.
        f"<caption>Rows: {goals_label(hierarchy).lower() + ', then ' if hierarchy.goals else ''}priorities, by tier. "
        "Columns: parts.</caption>\n<colgroup><col></colgroup>\n"
    ]
    out.extend(f"<colgroup>{'<col>' * span}</colgroup>\n" for _, span in articles)
    out.append('<thead>\n<tr><th scope="col" rowspan="2" class="bg-matrix-corner">Priority</th>')
    for article, span in articles:
        target = ctx.xref.require(article.id, "article")
        out.append(
            f'<th scope="colgroup" colspan="{span}" class="bg-matrix-article">'
            f'<a href="{ctx.xref.html_link(target, page)}">{esc(article_label(ctx, article))}</a></th>'
        )
    out.append("</tr>\n<tr>")
    for column in columns:
        target = ctx.xref.require(column.part.id, "part")
        out.append(
            f'<th scope="col" class="bg-matrix-part"><a href="{ctx.xref.html_link(target, page)}">'
            f"{column.number}. {esc(column.part.title.best())}</a></th>"
        )
    out.append("</tr>\n</thead>\n")
    for group in row_groups(hierarchy):
        band = "bg-matrix-tier" + (" bg-matrix-goals" if group.tier is None else "")
        out.append(
            f'<tbody>\n<tr class="{band}"><th scope="rowgroup" colspan="{len(columns) + 1}">'
            f"<span>{_group_heading(ctx, hierarchy, group, page)}</span></th></tr>\n"
        )
        for row in group.rows:
            out.append(f'<tr class="bg-matrix-depth-{min(row.depth, 3)}">{_row_header(ctx, row, page)}')
            for i in range(len(columns)):
                links = cells.get((row.priority.id, i), [])
                if not links:
                    out.append(f'<td class="bg-matrix-empty">{EMPTY_CELL}</td>')
                    continue
                items = "".join(_link_item(ctx, item, page) for item in links)
                out.append(f'<td><ul class="bg-matrix-links">{items}</ul></td>')
            out.append("</tr>\n")
        out.append("</tbody>\n")
    out.append("</table>\n</div>\n\n")
    return "".join(out)


def legend_html() -> str:
    """The matrix's legend: the relations' symbols and words."""
    relations = "".join(
        f"<li>{relation_html(relation)}: {RELATION_MEANINGS[relation]}</li>" for relation in RELATION_SYMBOLS
    )
    return (
        '<div class="bg-matrix-legend"><p><strong>Legend</strong></p><ul class="bg-matrix-keys">'
        f"{relations}"
        f'<li><span class="bg-matrix-empty">{EMPTY_CELL}</span>: no claim of that part is linked</li>'
        "<li><sup>1</sup>: the number of the link's note, below the table</li>"
        "</ul></div>\n\n"
    )


def notes_html(ctx: BriefContext, hierarchy: Hierarchy, page: str) -> str:
    """The note of every link, numbered as in the table, each with a way back to its cell."""
    columns = matrix_columns(ctx, hierarchy)
    cells = cell_links(ctx, hierarchy, columns)
    links = sorted((item for items in cells.values() for item in items), key=lambda lk: lk.number)
    out = ['<ol class="bg-matrix-notes">\n']
    for item in links:
        claim = ctx.xref.require(item.link.claim, "claim")
        priority = ctx.xref.require(item.priority.id, "priority")
        out.append(
            f'<li id="{NOTE_ID.format(item.number)}">'
            f'<a href="{ctx.xref.html_link(claim, page)}">{esc(claim.label)}</a> and '
            f'<a href="{ctx.xref.html_link(priority, page)}">{esc(item.priority.title.best())}</a>, '
            f"{relation_html(item.link.relation)}: {esc(item.link.note)} "
            f'<a class="bg-matrix-back" href="#{NOTE_REF_ID.format(item.number)}" '
            f'aria-label="back to the table, note {item.number}">↩\ufe0e</a></li>\n'
        )
    out.append("</ol>\n")
    return "".join(out)


def matrix_page_md(ctx: BriefContext, hierarchy: Hierarchy) -> str:
    """The matrix page of one hierarchy, as Markdown with raw HTML."""
    page = matrix_page_of(ctx, hierarchy)
    home = hierarchy_page_path(ctx, hierarchy)
    # The table needs the width: the page has no table of contents but the notes.
    out = ["---\nhide:\n  - toc\n---\n\n", f"# Comparison matrix: {esc(hierarchy.title.best())}\n\n"]
    columns = matrix_columns(ctx, hierarchy)
    article_links = []
    for article in _articles(columns):
        target = ctx.xref.require(article.id, "article")
        article_links.append(f"[{esc(article_label(ctx, article))}]({ctx.xref.md_link(target, page)})")
    goals = f"its {goals_label(hierarchy).lower()} first, then " if hierarchy.goals else ""
    out.append(
        f"Each row is a priority of [{esc(hierarchy.title.best())}]({routes.relative(home, page)}), "
        f"{goals}by tier in rank order, with its items under it; "
    )
    if article_links:
        out.append(
            f"each column is a part of {' and '.join(article_links)}. A cell lists the claims of that part "
            "that the priority is linked to, with the relation of each.\n\n"
        )
    else:
        out.append("no priority is linked to a claim yet, so there is nothing to compare.\n\n")
    out.append(
        '<p class="bg-note">The links, their relations and notes are <strong>editorial</strong>: '
        "our reading, not the sources'.</p>\n\n"
    )
    if not columns:
        return "".join(out)
    out.append(legend_html())
    out.append(matrix_table(ctx, hierarchy, page))
    left_out = unlinked_parts(ctx, hierarchy)
    if left_out:
        several = len(_articles(columns)) > 1
        links = []
        for column in left_out:
            target = ctx.xref.require(column.part.id, "part")
            of = f" of {esc(article_label(ctx, column.article))}" if several else ""
            links.append(f"[{column.number}. {esc(column.part.title.best())}]({ctx.xref.md_link(target, page)}){of}")
        out.append(
            f'<p class="bg-note" markdown>No claim of {"these parts" if len(links) > 1 else "this part"} is linked, '
            f"so {'they have' if len(links) > 1 else 'it has'} no column: {', '.join(links)}.</p>\n\n"
        )
    out.append("## Notes on the links {#notes}\n\n")
    out.append(notes_html(ctx, hierarchy, page))
    return "".join(out)


def matrix_pages(ctx: BriefContext) -> dict[str, str]:
    """Every hierarchy's matrix page: path under docs/ -> Markdown."""
    return {matrix_page_of(ctx, h): matrix_page_md(ctx, h) for h in ctx.hierarchies}
