"""The timeline page: events by period, each with its sources and claims. Pure: Markdown strings."""

from __future__ import annotations

from briefgen.base import routes
from briefgen.base.dates import date_precision
from briefgen.base.typography import nbsp
from briefgen.cite.syntax import cite_group
from briefgen.index.context import BriefContext
from briefgen.model.timeline import Event
from briefgen.render.markup import claim_link, esc, format_date, text_md


def timeline_page(ctx: BriefContext) -> str:
    """The timeline: events by period, then the others, each by date."""
    page = routes.TIMELINE
    events = sorted(ctx.timeline.events, key=lambda e: (e.date, e.id))
    out = [
        "# Timeline\n\n",
        '<p class="bg-note">Dates are given as precisely as the sources give them: a year, a month, or a day.</p>\n\n',
    ]
    placed: set[str] = set()
    for period in ctx.timeline.periods:
        inside = [
            e
            for e in events
            if period.start <= e.date[: len(period.start)]
            and e.date[: len(period.end)] <= period.end
            and e.id not in placed
        ]
        if not inside:
            continue
        out.append(f"## {esc(period.title.best())}, {period.start}–{period.end} {{#{period.id}}}\n\n")
        for event in inside:
            placed.add(event.id)
            out.append(event_block(ctx, event, page))
    rest = [e for e in events if e.id not in placed]
    if rest:
        out.append("## Other dates {#other-dates}\n\n" if ctx.timeline.periods else "")
        for event in rest:
            out.append(event_block(ctx, event, page))
    return "".join(out)


def event_block(ctx: BriefContext, event: Event, page: str) -> str:
    """One event: its date as precise as written, title, text, sources and claims."""
    precision = date_precision(event.date)
    lines = [
        f'<div class="bg-event" id="{event.id}" markdown>\n',
        # The date and title are the event's search title (searchsections.py): not its text too.
        f'<p class="bg-event-head" data-search-exclude><time class="bg-date bg-date-{precision}" '
        f'datetime="{event.date}">{format_date(event.date)}</time> '
        f"<strong>{esc(nbsp(event.title.best()))}</strong></p>\n\n",
    ]
    if event.title.ru or event.title.original:
        ru = event.title.ru or event.title.original or ""
        lines.append(f'<p class="bg-original-title" lang="ru">{esc(ru)}</p>\n\n')
    if event.description:
        lines.append(f"{text_md(event.description, ctx, page)}\n\n")
    meta = []
    if event.sources:
        meta.append(f"Sources: {cite_group(event.sources).markdown()}.")
    claims = ctx.event_claims.get(event.id, [])
    if claims:
        meta.append("Mentioned in: " + ", ".join(claim_link(ctx, c, page) for c in claims) + ".")
    if meta:
        lines.append('<p class="bg-claim-meta" markdown>' + " ".join(meta) + "</p>\n\n")
    lines.append("</div>\n\n")
    return "".join(lines)
