"""Warnings for what nothing uses: a work never cited, an event, term or actor no claim links."""

from __future__ import annotations

from briefgen.base.errors import Report
from briefgen.index.context import BriefContext


def check_orphans(ctx: BriefContext, report: Report) -> None:
    """Warnings for works, events, terms and actors that nothing uses."""
    if ctx.failed:
        return  # orphans cannot be judged while a file is missing
    sources = (
        {s.key for s in ctx.brief.sources} | {a.source for a in ctx.articles} | {h.source for h in ctx.hierarchies}
    )
    sources |= {s.key for e in ctx.timeline.events for s in e.sources}
    event_sourced = {e.id for e in ctx.timeline.events if e.sources}
    for key, entry in ctx.bibliography.entries.items():
        if key not in ctx.cited_in and key not in sources:
            report.warning(ctx.bibliography.file, entry.line, key, "entry is never cited (cite it or remove it)")
    doc_t, doc_g = ctx.doc("timeline.yml"), ctx.doc("glossary.yml")
    for i, event in enumerate(ctx.timeline.events):
        if event.id not in ctx.event_claims and event.id not in event_sourced:
            report.warning(
                doc_t.file,
                doc_t.line(("events", i)),
                f"events[{i}]",
                f"event '{event.id}' is linked from no claim and has no sources (link it or add sources)",
            )
    for i, term in enumerate(ctx.glossary.terms):
        if term.id not in ctx.term_claims and not any(t.see == term.id for t in ctx.glossary.terms):
            report.warning(
                doc_g.file,
                doc_g.line(("terms", i)),
                f"terms[{i}]",
                f"term '{term.id}' is linked from no claim (link it from a claim's terms, or remove it)",
            )
    for i, actor in enumerate(ctx.glossary.actors):
        if actor.id not in ctx.actor_claims:
            report.warning(
                doc_g.file,
                doc_g.line(("actors", i)),
                f"actors[{i}]",
                f"actor '{actor.id}' is linked from no claim (link it from a claim's actors, or remove it)",
            )
