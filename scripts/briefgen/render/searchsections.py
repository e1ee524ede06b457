"""Each claim, event, glossary entry and work as a search result of its own. Pure: strings only.

Material's search plugin cuts a page into sections, one per heading with an id, and a result
links to its section: a hit inside a claim would land on the heading above it (`#claims`) and
show the start of that whole section as its snippet. So, just before the plugin reads a page
(MkDocs' `page_context` event), `add_sections` gives each such item a heading of its own, the
first thing inside it: `<h6 id="ID" data-bg-search-section>Claim §3.4</h6>`. The plugin makes
that a section which ends where the item ends (a heading nested in an element closes its
section with the element), titled "Claim §3.4" and linked to `page.html#ID`. Right after (the
same event, in briefgen's hook, which MkDocs runs after the plugins) `strip_sections` takes
the headings out again, so the published page is exactly as rendered.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping

from briefgen.base import routes
from briefgen.cite.works import FormattedWorks
from briefgen.index.context import BriefContext
from briefgen.render.markup import format_date

ITEM = re.compile(
    r'<(?:div|li) class="(?:bg-claim|bg-event|bg-term|bg-term bg-actor|bg-work)" id="(?P<id>[^"<>]+)"[^<>]*>'
)
"""The opening tag of an item with a search section (pages.py writes them in this form)."""
MARKER = re.compile(r'<h6 id="[^"<>]*" data-bg-search-section>[^<>]*</h6>')


def section_titles(ctx: BriefContext, works: FormattedWorks) -> dict[str, dict[str, str]]:
    """Source page -> {item id (the anchor) -> the title of its search result}."""
    out: dict[str, dict[str, str]] = {}
    for claim_id, number in ctx.claim_numbers.items():
        target = ctx.xref.get(claim_id, "claim")
        if target is not None:
            out.setdefault(target.page, {})[claim_id] = f"Claim §{number}"
    events = out.setdefault(routes.TIMELINE, {})
    for event in ctx.timeline.events:
        events[event.id] = f"{format_date(event.date)}: {event.title.best()}"
    glossary = out.setdefault(routes.GLOSSARY, {})
    for term in ctx.glossary.terms:
        glossary[term.id] = f"{term.original} — {term.en}" if term.en else term.original
    for actor in ctx.glossary.actors:
        name, original = actor.name.best(), actor.name.original
        glossary[actor.id] = f"{name} · {original}" if original and original != name else name
    cited = out.setdefault(routes.WORKS, {})
    for key in ctx.bibliography.entries:
        cited[routes.work_anchor(key)] = works.short(key)  # as the brief cites it; the reference is the text
    return out


def add_sections(page_html: str, titles: Mapping[str, str]) -> str:
    """`page_html` with a section heading as the first child of each item named in `titles`."""
    if not titles:
        return page_html

    def insert(match: re.Match[str]) -> str:
        title = titles.get(html.unescape(match.group("id")))
        if title is None:
            return match.group(0)
        return (
            f'{match.group(0)}<h6 id="{match.group("id")}" data-bg-search-section>'
            f"{html.escape(title, quote=False)}</h6>"
        )

    return ITEM.sub(insert, page_html)


def strip_sections(page_html: str) -> str:
    """`page_html` without the headings `add_sections` put in."""
    return MARKER.sub("", page_html) if "data-bg-search-section" in page_html else page_html
