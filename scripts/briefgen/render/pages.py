"""Render the generated pages as Markdown strings. Pure: no file is read or written here.

Plain-text fields (titles, names) are escaped so they can never become markup; text fields were
checked as restricted Markdown during validation and are inserted with their internal links
(`claim:id`) resolved through the cross-reference index.
"""

from __future__ import annotations

import html
import json
import re
import unicodedata
from collections.abc import Iterable

from briefgen.base.project import GENERATED
from briefgen.base.typography import nbsp
from briefgen.check.run import TEXT_LINK, BriefContext, article_number, cite_group, claim_number_prefix, source_group
from briefgen.cite.csl import STYLES
from briefgen.cite.headtags import coins
from briefgen.cite.record import style_switch_html
from briefgen.index.xref import LINK_KINDS, html_path_link, matrix_page, relative
from briefgen.load.bibtex import ROMANISED_AUTHOR, BibEntry, has_cyrillic, parse_names, sort_key
from briefgen.model.schema import Article, Claim, Event, Hierarchy, Localized, Locator, Part, Priority, date_precision
from briefgen.render.renderer import FormattedWorks

WORKS = f"{GENERATED}/works.md"
TIMELINE = f"{GENERATED}/timeline.md"
GLOSSARY = f"{GENERATED}/glossary.md"
CHANGELOG = f"{GENERATED}/changelog.md"

ASSESSMENT_LABELS = {
    "attained": "Attained",
    "mostly": "Mostly attained",
    "partly": "Partly attained",
    "not-attained": "Not attained",
    "not-assessed": "Not assessed in the source",
}
RELATION_LABELS = {"continuity": "continuity", "change": "change", "tension": "tension"}
STATUS_LABELS = {
    "verified": "Checked against a public record",
    "partial": "Partly checked against a public record",
    "unverified": "Not verified",
}
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|@~&$^=])")
_MD_LINE_START = re.compile(r"^([ \t]*(?:\d+)?)([-.])", re.M)
"""What makes a block only at the start of a line: `- x` and `1. x` (lists), `---` (a rule or a
heading underline). Escaped there only, so ordinary text keeps its dashes and full stops."""
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def esc(text: str) -> str:
    """Plain text -> Markdown that renders as exactly that text (never as markup), with the
    non-breaking spaces of typography.py."""
    escaped = _MD_SPECIAL.sub(lambda m: f"&#{ord(m.group(1))};", nbsp(text))
    return _MD_LINE_START.sub(lambda m: f"{m.group(1)}&#{ord(m.group(2))};", escaped)


def attr(text: str) -> str:
    """Plain text for an HTML attribute or raw HTML content."""
    return html.escape(text, quote=True)


def text_md(value: str, ctx: BriefContext, page: str) -> str:
    """A validated text field, with `[t](claim:id)` links pointed at their pages."""

    def link(match: re.Match[str]) -> str:
        kind, _, ident = match.group("target").partition(":")
        if kind.lower() in LINK_KINDS and ident and not ident.startswith("//"):
            target = ctx.xref.get(ident, kind.lower())
            if target is not None:
                return f"[{match.group('text')}]({ctx.xref.md_link(target, page)})"
        return match.group(0)

    return TEXT_LINK.sub(link, nbsp(value.strip()))


INFERRED_TITLE = "Page number inferred: it is not printed in the source"


def _pages_label(locator: Locator, prefix: str) -> str:
    return "pp." if prefix == "p." and locator.is_range() else prefix


def locator_text(locator: Locator, prefix: str = "p.") -> str:
    """`p. 66`, `pp. 63–65`, inferred pages in brackets: `p. [63]`, `pp. 66–[67]` (only the end of
    the range is inferred); `prefix="с."` gives the Russian `с. 66–[67]`."""
    return f"{_pages_label(locator, prefix)} {locator.marked()}"


def locator_html(locator: Locator, prefix: str = "p.") -> str:
    """The locator as a span; what is inferred is underlined and says so on hover."""
    ends = locator.ends()
    if locator.inferred in ("start", "end") and ends is not None:
        start, dash, end = (esc(part) for part in ends)
        page = end if locator.inferred == "end" else start
        title = f"Page {page} inferred: it is not printed in the source"
        marked = f'<span class="bg-inferred" title="{title}">&#91;{page}&#93;</span>'
        pages = f"{start}{dash}{marked}" if locator.inferred == "end" else f"{marked}{dash}{end}"
        return f'<span class="bg-loc">{esc(_pages_label(locator, prefix))} {pages}</span>'
    text = esc(locator_text(locator, prefix))
    if locator.inferred:
        return f'<span class="bg-loc bg-inferred" title="{INFERRED_TITLE}">{text}</span>'
    return f'<span class="bg-loc">{text}</span>'


def counted(n: int, noun: str) -> str:
    """`1 part`, `6 parts`."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def format_date(value: str) -> str:
    """`2024-06-19` -> `19 June 2024`; `2024-06` -> `June 2024`; `2024` -> `2024`."""
    parts = [int(p) for p in value.split("-")]
    if len(parts) == 3:
        return f"{parts[2]} {MONTHS[parts[1] - 1]} {parts[0]}"
    if len(parts) == 2:
        return f"{MONTHS[parts[1] - 1]} {parts[0]}"
    return str(parts[0])


def lang_of(ctx: BriefContext, key: str) -> str:
    entry = ctx.bibliography.get(key)
    return {"russian": "ru", "english": "en", "chinese": "zh", "korean": "ko"}.get(entry.language if entry else "", "")


def original_title(title: Localized, lang: str) -> str:
    if not title.original or title.original == title.en:
        return ""
    lang_attr = f' lang="{lang}"' if lang else ""
    return f'<p class="bg-original-title"{lang_attr}>{esc(title.original)}</p>\n\n'


def claim_link(ctx: BriefContext, claim_id: str, page: str, with_text: bool = False) -> str:
    target = ctx.xref.get(claim_id, "claim")
    assert target is not None
    label = f"§{ctx.claim_numbers[claim_id]}"
    if with_text:
        return f"[{label}]({ctx.xref.md_link(target, page)}) {text_md(ctx.claim(claim_id).text, ctx, page)}"
    return f"[{label}]({ctx.xref.md_link(target, page)})"


def id_links(ctx: BriefContext, ids: Iterable[str], kind: str, page: str) -> str:
    out = []
    for ident in ids:
        target = ctx.xref.get(ident, kind)
        if target is not None:
            out.append(f"[{esc(target.label)}]({ctx.xref.md_link(target, page)})")
    return ", ".join(out)


# --- pages -------------------------------------------------------------------------------


def render_pages(ctx: BriefContext, works: FormattedWorks) -> dict[str, str]:
    """Every generated page: path under docs/ -> Markdown."""
    pages: dict[str, str] = {}
    for article in ctx.articles:
        pages[f"{GENERATED}/{article.id}/index.md"] = article_page(ctx, works, article)
        for number, part in enumerate(article.parts, start=1):
            pages[f"{GENERATED}/{article.id}/{part.id}.md"] = part_page(ctx, works, article, part, number)
    for hierarchy in ctx.hierarchies:
        pages[f"{GENERATED}/{hierarchy.id}.md"] = hierarchy_page(ctx, works, hierarchy)
    pages[TIMELINE] = timeline_page(ctx)
    pages[GLOSSARY] = glossary_page(ctx)
    pages[WORKS] = works_page(ctx, works)
    return pages


def part_page(ctx: BriefContext, works: FormattedWorks, article: Article, part: Part, number: int) -> str:
    page = f"{GENERATED}/{article.id}/{part.id}.md"
    lang = lang_of(ctx, article.source)
    overview = ctx.xref.get(article.id, "article")
    assert overview is not None
    out = [f"# {number}. {esc(part.title.best())}\n"]
    out.append(original_title(part.title, lang))
    if part.untitled:
        out.append('<p class="bg-note">This part has no heading in the source; the title is ours.</p>\n\n')
    # The article named as on its own page, then as every citation of it reads.
    which = f"article {article_number(ctx, article)}, " if claim_number_prefix(ctx, article) else ""
    out.append(
        f'<p class="bg-meta">Part {number} of {len(article.parts)} of {which}'
        f'<a href="{html_path_link(overview.page, None, page)}">{esc(article_phrase(ctx, article))}</a> '
        f"{work_cite_html(ctx, works, article.source, page)} · {locator_html(part.locator)}</p>\n\n"
    )
    out.append(f"## Summary {{#summary}}\n\n{text_md(part.summary, ctx, page)}\n\n")
    if part.claims:
        out.append("## Claims {#claims}\n\n")
        for claim in part.claims:
            out.append(claim_block(ctx, claim, page))
    return "".join(out)


def article_label(ctx: BriefContext, article: Article) -> str:
    """The article's title, or "Article by <author>" when the source prints no title."""
    if article.title:
        return article.title.best()
    entry = ctx.bibliography.get(article.source)
    names = entry.persons.get("author", []) if entry else []
    # An English label names the authors as the .bib romanises them, where it does (Feng Bowei).
    romanised = parse_names(entry.fields[ROMANISED_AUTHOR]) if entry and entry.fields.get(ROMANISED_AUTHOR) else None
    if romanised and len(romanised) == len(names):
        names = romanised
    if names:
        return "Article by " + ", ".join(f"{n.family} {n.given}".strip() for n in names)
    return _short_source(ctx, article.source)


def article_phrase(ctx: BriefContext, article: Article) -> str:
    """The article as it is named inside a sentence: its title, or "the article by <author>"."""
    label = article_label(ctx, article)
    return f"the {label[0].lower()}{label[1:]}" if article.title is None and label.startswith("Article by ") else label


def _short_source(ctx: BriefContext, key: str) -> str:
    entry = ctx.bibliography.get(key)
    if entry is None:
        return key
    names = entry.persons.get("author", [])
    who = names[0].family if names else (entry.fields.get("organization") or entry.fields.get("title", key))
    year = entry.year
    return f"{who}, {year}" if year else who


def work_cite_html(ctx: BriefContext, works: FormattedWorks, key: str, page: str) -> str:
    """The whole work cited as the brief cites it everywhere (`[Asmolov, Zakharova, 2020b]`),
    linked to its entry in the works cited, where pages name the work they summarise."""
    target = ctx.xref.get(key, "work")
    assert target is not None
    cited = works.cite(source_group(key)).replace(
        f'href="#ref-{key}"', f'href="{html_path_link(target.page, target.anchor, page)}"'
    )
    return f'<span class="bg-cite" data-cites="{attr(key)}">{cited}</span>'


def claim_block(ctx: BriefContext, claim: Claim, page: str) -> str:
    number = ctx.claim_numbers[claim.id]
    lines = [
        f'<div class="bg-claim" id="{claim.id}" markdown>\n',
        # The number and the button stay out of the search index: the claim's result is titled
        # with its number (searchsections.py), and "cite §N" is not the claim's text.
        f'<a class="bg-claim-no" href="#{claim.id}" title="Link to this claim" data-search-exclude>§{number}</a> '
        f"{text_md(claim.text, ctx, page)} {locator_html(claim.locator)} "
        f'<button type="button" class="bg-cite-claim" data-claim="{claim.id}" data-number="§{number}" '
        f'title="Copy a citation of claim §{number}" data-search-exclude>cite §{number}</button>\n\n',
    ]
    meta: list[str] = []
    if claim.cites:
        meta.append(f"The article cites {cite_group(claim.cites).markdown()}.")
    if claim.missing_footnotes:
        n = claim.missing_footnotes
        meta.append(
            f'<span class="bg-missing">The article has {"a footnote" if n == 1 else f"{n} footnotes"} here '
            f"whose text is missing from the source.</span>"
        )
    for label, ids, kind in (
        ("Events", claim.events, "event"),
        ("Terms", claim.terms, "term"),
        ("Actors", claim.actors, "actor"),
    ):
        if ids:
            meta.append(f"{label}: {id_links(ctx, ids, kind, page)}.")
    related = ctx.claim_priorities.get(claim.id, [])
    if related:
        links = []
        for priority, relation, _note in related:
            target = ctx.xref.get(priority.id, "priority")
            assert target is not None
            links.append(
                f"[{esc(priority.title.best())}]({ctx.xref.md_link(target, page)}) ({RELATION_LABELS[relation]})"
            )
        meta.append(f"Bears on (our reading): {'; '.join(links)}.")
    if meta:
        lines.append('<p class="bg-claim-meta" markdown>' + " ".join(meta) + "</p>\n\n")
    lines.append("</div>\n\n")
    return "".join(lines)


def article_page(ctx: BriefContext, works: FormattedWorks, article: Article) -> str:
    page = f"{GENERATED}/{article.id}/index.md"
    lang = lang_of(ctx, article.source)
    out = [f"# {esc(article_label(ctx, article))}\n\n"]
    if article.title:
        out.append(original_title(article.title, lang))
    source = ctx.xref.get(article.source, "work")
    assert source is not None
    out.append(
        f'<div class="bg-record"><p>{works.entry(article.source)}</p>'
        f'<p class="bg-meta"><a href="{html_path_link(source.page, source.anchor, page)}">Entry in works cited</a>'
        f" · {_status_text(ctx.bibliography.entries[article.source])}</p></div>\n\n"
    )
    if claim_number_prefix(ctx, article):
        n = article_number(ctx, article)
        out.append(
            f'<p class="bg-meta">Article {n} of {len(ctx.articles)} in this brief: its claims are numbered '
            f"§{n}.1.1, §{n}.1.2, … (article, part, claim).</p>\n\n"
        )
    if article.note:
        out.append(editorial_block("Our note on the document", text_md(article.note, ctx, page)))
    out.append("## Parts {#parts}\n\n")
    for number, part in enumerate(article.parts, start=1):
        target = ctx.xref.get(part.id, "part")
        assert target is not None
        claims = len(part.claims)
        out.append(
            f"{number}. [{esc(part.title.best())}]({ctx.xref.md_link(target, page)})"
            f" — {locator_html(part.locator)}, {counted(claims, 'claim')}\n"
        )
    out.append("\n")
    return "".join(out)


def hierarchy_page(ctx: BriefContext, works: FormattedWorks, hierarchy: Hierarchy) -> str:
    page = f"{GENERATED}/{hierarchy.id}.md"
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
    from briefgen.render.matrix import hierarchy_picture  # matrix.py builds on this module's helpers

    out.append(f"## Tiers at a glance {{#tiers}}\n\n{hierarchy_picture(ctx, hierarchy, page)}")
    out.append(
        '<p class="bg-note">Links from priorities to claims of other sources, with their relation '
        "(continuity, change, tension) and one-line notes, are <strong>editorial</strong>: our reading, "
        "not the source's.</p>\n\n"
    )
    if hierarchy.goals:
        out.append(f"## {goals_label(hierarchy)} {{#{GOALS_ANCHOR}}}\n\n")
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
                f'<span class="bg-relation bg-relation-{link.relation}">{RELATION_LABELS[link.relation]}</span>: '
                f"{esc(link.note)}\n"
            )
        out.append("\n</div>\n\n")
    for item in priority.items:
        out.append(priority_block(ctx, item, page, lang, level + 1))
    return "".join(out)


GOALS_ANCHOR = "goals"
"""The anchor of a hierarchy's overall goals on its page (a reserved id)."""


def goals_label(hierarchy: Hierarchy) -> str:
    return "Overall goal" if len(hierarchy.goals) == 1 else "Overall goals"


def editorial_block(label: str, body_md: str) -> str:
    """Text that is ours, not the source's: a box whose label says so."""
    return (
        f'<div class="bg-editorial" markdown>\n<p class="bg-editorial-label"><strong>{attr(label)}</strong> '
        "· editorial: ours, not the source's</p>\n\n"
        f"{body_md}\n\n</div>\n\n"
    )


def timeline_page(ctx: BriefContext) -> str:
    page = TIMELINE
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


LETTER_INDEX_MIN = 16
"""A glossary list with at least this many entries gets a heading per letter and an index of them."""
GLOSSARY_LISTS = {"terms": "Terms and abbreviations", "actors": "Actors"}


def script_lang(text: str) -> str:
    """The language a headword's script says it is in, for its lang= (Cyrillic is Russian in a
    brief's glossary; Han Chinese, Hangul Korean, kana Japanese); '' when not known."""
    for ch in text:
        name = unicodedata.name(ch, "")
        if name.startswith("CYRILLIC"):
            return "ru"
        if name.startswith("HANGUL"):
            return "ko"
        if name.startswith(("HIRAGANA", "KATAKANA")):
            return "ja"
        if name.startswith("CJK"):
            return "zh"
        if name.startswith("LATIN"):
            return ""
    return ""


def _lang_attr(text: str) -> str:
    lang = script_lang(text)
    return f' lang="{lang}"' if lang else ""


def initial(text: str) -> str:
    """The letter a glossary entry is filed under: its first letter, capital, Ё under Е."""
    cleaned = text.lstrip("[«\"'“„(")
    first = next((ch for ch in cleaned if ch.isalpha()), "")
    return first.upper().replace("Ё", "Е")


def letter_anchor(kind: str, letter: str) -> str:
    """`terms-В`: a capital (or Cyrillic) letter, so it can never be a content id ([a-z0-9-])."""
    return f"{kind}-{letter}"


def letter_index(lists: dict[str, list[str]]) -> str:
    """Links to the letter headings of each long list (`terms`, `actors` -> the entries' headwords)."""
    rows = []
    for kind, headwords in lists.items():
        letters = list(dict.fromkeys(initial(h) for h in headwords if initial(h)))
        links = ""
        for i, letter in enumerate(letters):
            if i and sort_key(letter)[0] != sort_key(letters[i - 1])[0]:
                links += ' <span class="bg-letters-sep" aria-hidden="true">|</span>'  # Cyrillic, then Latin
            links += f' <a href="#{letter_anchor(kind, letter)}">{attr(letter)}</a>'
        rows.append(f'<p><span class="bg-letters-label">{GLOSSARY_LISTS[kind]}:</span>{links}</p>')
    return (
        '<div class="bg-letters" role="navigation" aria-label="Glossary by first letter" data-search-exclude>'
        + "".join(rows)
        + "</div>\n\n"
    )


def _letter_heading(kind: str, letter: str) -> str:
    # Kept out of the search index: each entry below is a search result of its own.
    return f'<h3 class="bg-letter" id="{letter_anchor(kind, letter)}" data-search-exclude>{attr(letter)}</h3>\n\n'


def glossary_page(ctx: BriefContext) -> str:
    page = GLOSSARY
    terms = sorted(ctx.glossary.terms, key=lambda t: sort_key(t.original))
    actors = sorted(ctx.glossary.actors, key=lambda a: sort_key(a.name.best()))
    lettered = {
        kind: headwords
        for kind, headwords in (("terms", [t.original for t in terms]), ("actors", [a.name.best() for a in actors]))
        if len(headwords) >= LETTER_INDEX_MIN
    }
    out = ["# Glossary\n\n"]
    if lettered:
        out.append(letter_index(lettered))
    if terms:
        out.append("## Terms and abbreviations {#terms}\n\n")
        letter = ""
        for term in terms:
            if "terms" in lettered and initial(term.original) not in ("", letter):
                letter = initial(term.original)
                out.append(_letter_heading("terms", letter))
            out.append(f'<div class="bg-term" id="{term.id}" markdown>\n')
            head = f"<dfn{_lang_attr(term.original)}>{esc(nbsp(term.original))}</dfn>"
            if term.en:
                head += f' <span class="bg-headword-en">— {esc(nbsp(term.en))}</span>'
            out.append(f'<p class="bg-headword" data-search-exclude>{head}</p>\n\n')  # the search title
            if term.expansion:
                parts = []
                if term.expansion.original:
                    original = term.expansion.original
                    parts.append(f"<span{_lang_attr(original)}>{esc(nbsp(original))}</span>")
                if term.expansion.en:
                    parts.append(f"<em>{esc(nbsp(term.expansion.en))}</em>")
                out.append(f'<p class="bg-expansion">{" · ".join(parts)}</p>\n\n')
            if term.definition:
                out.append(f"{text_md(term.definition, ctx, page)}\n\n")
            meta = []
            if term.see:
                meta.append(f"See {id_links(ctx, [term.see], 'term', page)}.")
            used = ctx.term_claims.get(term.id, [])
            if used:
                meta.append("Used in: " + ", ".join(claim_link(ctx, c, page) for c in used) + ".")
            if meta:
                out.append('<p class="bg-claim-meta" markdown>' + " ".join(meta) + "</p>\n\n")
            out.append("</div>\n\n")
    if actors:
        out.append("## Actors {#actors}\n\n")
        kinds = {"state": "state", "organisation": "organisation", "person": "person"}
        letter = ""
        for actor in actors:
            if "actors" in lettered and initial(actor.name.best()) not in ("", letter):
                letter = initial(actor.name.best())
                out.append(_letter_heading("actors", letter))
            out.append(f'<div class="bg-term bg-actor" id="{actor.id}" markdown>\n')
            head = f'<strong class="bg-headword-name">{esc(nbsp(actor.name.best()))}</strong>'
            if actor.name.original and actor.name.original != actor.name.best():
                original = actor.name.original
                head += f' <span class="bg-headword-original"{_lang_attr(original)}>{esc(nbsp(original))}</span>'
            head += f' <span class="bg-kind">{kinds[actor.kind]}</span>'
            out.append(f'<p class="bg-headword" data-search-exclude>{head}</p>\n\n')  # the search title
            if actor.description:
                out.append(f"{text_md(actor.description, ctx, page)}\n\n")
            used = ctx.actor_claims.get(actor.id, [])
            if used:
                out.append(
                    '<p class="bg-claim-meta" markdown>Mentioned in: '
                    + ", ".join(claim_link(ctx, c, page) for c in used)
                    + ".</p>\n\n"
                )
            out.append("</div>\n\n")
    return "".join(out)


# --- works cited ---------------------------------------------------------------------------


def _status_text(entry: BibEntry) -> str:
    status = entry.fields.get("verification", "unverified")
    note = entry.fields.get("verificationnote", "")
    text = STATUS_LABELS.get(status, status)
    return f'<span class="bg-status bg-status-{attr(status)}">{esc(text)}</span>' + (f": {esc(note)}" if note else "")


def works_page(ctx: BriefContext, works: FormattedWorks) -> str:
    """Every work in every style. Without a script the page shows the default style (GOST) in
    its order, numbered; briefgen.js shows the reader's style, in that style's own order
    (`data-order-STYLE`), unnumbered for APA and Chicago, with hanging indents (briefgen.css)."""
    page = WORKS
    styles = works.styles()
    order = works.order(works.default)
    positions = {style: {key: i for i, key in enumerate(works.order(style))} for style in styles}
    out = ["# Works cited\n\n"]
    out.append(
        '<p class="bg-note">Every work the brief and its sources cite. Each entry says whether it was '
        "checked against a public record, and links back to every claim that cites it.</p>\n\n"
    )
    out.append(style_switch_html(works.default) + "\n\n")
    out.append(
        '<p class="bg-downloads">Download the bibliography: '
        '<a href="bibliography.bib" download>BibTeX</a> · <a href="works.json" download>CSL-JSON</a></p>\n\n'
    )
    out.append(f'<ol class="bg-works" data-style="{works.default}">\n')
    for key in order:
        entry = ctx.bibliography.entries[key]
        orders = "".join(f' data-order-{style}="{positions[style].get(key, 0)}"' for style in styles)
        out.append(f'<li class="bg-work" id="ref-{attr(entry.key)}"{orders}>\n')
        for style in styles:
            # Only the shown style goes into the search index (the others are the same work).
            hidden = "" if style == works.default else " hidden data-search-exclude"
            lang_attr = _entry_lang(ctx, entry.key, style)
            out.append(
                f'<div class="bg-entry" data-style="{style}"{lang_attr}{hidden}>{works.entry(entry.key, style)}</div>\n'
            )
        out.append(f'<p class="bg-work-status">{_status_text(entry)}</p>{coins(ctx, entry.key)}\n')
        uses = ctx.cited_in.get(entry.key, [])
        if uses:
            links = []
            seen: set[tuple[str, str | None]] = set()
            for use in uses:
                where = (use.target.page, use.target.anchor)
                if where in seen:
                    continue
                seen.add(where)
                label = use.target.label if use.target.kind != "work" else _page_label(use.target.page)
                loc = f", {esc(use.locator)}" if use.locator else ""
                links.append(
                    f'<a href="{html_path_link(use.target.page, use.target.anchor, page)}">{esc(label)}</a>{loc}'
                )
            out.append(f'<p class="bg-cited-in">Cited in: {"; ".join(links)}</p>\n')
        summaries = [(a.id, article_label(ctx, a)) for a in ctx.articles if a.source == entry.key]
        summaries += [(h.id, h.title.best()) for h in ctx.hierarchies if h.source == entry.key]
        for summary_id, label in summaries:
            target = ctx.xref.get(summary_id)
            assert target is not None
            out.append(
                f'<p class="bg-cited-in">Summarised in this brief: '
                f'<a href="{html_path_link(target.page, target.anchor, page)}">{esc(label)}</a></p>\n'
            )
        out.append("</li>\n")
    out.append("</ol>\n")
    return "".join(out)


def _entry_lang(ctx: BriefContext, key: str, style: str) -> str:
    """The language of a formatted reference: the work's, in Latin script where the style
    romanises it (`ru-Latn`). Our status and "cited in" lines stay in the page's language."""
    lang = lang_of(ctx, key)
    if not lang:
        return ""
    entry = ctx.bibliography.entries[key]
    if STYLES[style].romanised and lang == "ru" and has_cyrillic(entry.fields.get("title", "")):
        lang = "ru-Latn"
    return f' lang="{lang}"'


def _page_label(page: str) -> str:
    return {"index.md": "Home", "about.md": "About this brief"}.get(page, page.removesuffix(".md"))


def works_json(ctx: BriefContext, items: dict[str, dict[str, object]]) -> str:
    """CSL-JSON of every work, for download."""
    return json.dumps([items[k] for k in sorted(items)], ensure_ascii=False, indent=2) + "\n"


def changelog_page(ctx: BriefContext) -> str:
    """Every change, newest first, each marked substantive or minor."""
    out = [
        "# Changes\n\n",
        '<p class="bg-note">A <strong>substantive</strong> change alters what a claim or summary says; '
        "a <strong>minor</strong> one fixes wording, typography or links. Each version keeps its text at "
        "its own URL (<code>v/VERSION/…</code>), so a citation of an earlier version still leads to what was cited."
        "</p>\n\n",
    ]
    if not ctx.brief.changes:
        out.append(f"Version {esc(ctx.brief.version)}, published {format_date(ctx.brief.published)}: first edition.\n")
    for change in reversed(ctx.brief.changes):
        where = id_links_any(ctx, change.ids, CHANGELOG) if change.ids else "the whole brief"
        out.append(
            f'- **{esc(change.version)}** · <time datetime="{change.date}">{format_date(change.date)}</time> · '
            f'<span class="bg-change bg-change-{change.kind}">{change.kind}</span> · {where}: {esc(change.note)}\n'
        )
    return "".join(out)


def id_links_any(ctx: BriefContext, ids: Iterable[str], page: str) -> str:
    """Links to ids of any kind (claims show their § number)."""
    out = []
    for ident in map(ctx.brief.current_id, ids):
        target = ctx.xref.get(ident) or ctx.xref.get(ident, "work")
        if target is not None:
            out.append(f"[{esc(target.label)}]({ctx.xref.md_link(target, page)})")
        elif ident.endswith(".md"):  # a hand-written page, named by its path
            out.append(f"[{esc(_page_label(ident))}]({relative(ident, page)})")
    return ", ".join(out)


# --- home and navigation -------------------------------------------------------------------


def home_header(ctx: BriefContext, offline: bool = False, edition: str = "") -> str:
    """Markdown placed above the hand-written introduction on the home page; `offline` adds the
    links to the PDF and the research pack (made by `briefgen build`, not by `mkdocs serve`).
    `edition` (citable.edition_text: version, dates, changes) goes into the byline, which other
    pages show on a line of its own: the home page says its version and dates once."""
    brief = ctx.brief
    page = "index.md"
    out = [f"# {esc(brief.title.best())}\n\n"]
    if brief.subtitle:
        out.append(f'<p class="bg-subtitle">{esc(brief.subtitle.best())}</p>\n\n')
    if brief.title.ru:
        ru = brief.title.ru + (f". {brief.subtitle.ru}" if brief.subtitle and brief.subtitle.ru else "")
        out.append(f'<p class="bg-original-title" lang="ru">{esc(ru)}</p>\n\n')
    authors = ", ".join(a.display() for a in brief.authors)
    if not edition:
        edition = (
            f'Version {esc(brief.version)} · published <time datetime="{brief.published}">'
            f"{format_date(brief.published)}</time>"
        )
    out.append(f'<p class="bg-byline" data-search-exclude>{esc(authors)} · {edition} · {esc(brief.licence)}</p>\n\n')
    out.append(f"## Abstract {{#abstract}}\n\n{text_md(brief.abstract, ctx, page)}\n\n")
    out.append("## Contents {#contents}\n\n")
    for article in ctx.articles:
        target = ctx.xref.get(article.id, "article")
        assert target is not None
        # With several articles, the number their claims' § numbers start with.
        which = f"Article {article_number(ctx, article)}: " if claim_number_prefix(ctx, article) else ""
        out.append(
            f"- {which}[{esc(article_label(ctx, article))}]({ctx.xref.md_link(target, page)}): "
            f"{counted(len(article.parts), 'part')}, {counted(sum(len(p.claims) for p in article.parts), 'claim')}\n"
        )
    for hierarchy in ctx.hierarchies:
        target = ctx.xref.get(hierarchy.id, "hierarchy")
        assert target is not None
        matrix = relative(matrix_page(target.page), page)
        out.append(f"- [{esc(target.label)}]({ctx.xref.md_link(target, page)}) · [comparison matrix]({matrix})\n")
    out.append(f"- [Timeline]({TIMELINE}) · [Glossary]({GLOSSARY}) · [Works cited]({WORKS})\n")
    if offline:
        from briefgen.publish.pack import pack_path

        out.append(
            f'- <a href="{GENERATED}/brief.pdf">The whole brief as PDF</a> · '
            f'<a href="{pack_path(brief.version)}" download>Research pack</a> (zip: the site, which works '
            "opened from a folder, the PDF, the bibliography as BibTeX and CSL-JSON, and checksums)\n"
        )
    out.append("\n")
    return "".join(out)


def heading_text(markdown: str) -> str | None:
    """The plain text of a page's first `# ` heading (the escapes of `esc` undone), or None."""
    for line in markdown.splitlines():
        if line.startswith("# "):
            text = re.sub(r"\s*\{#[^}]*\}\s*$", "", line[2:])
            return " ".join(html.unescape(re.sub(r"[*_`]", "", text)).split())
    return None


def nav(ctx: BriefContext, handwritten: list[str]) -> list[object]:
    """A sectioned navigation (with `navigation.prune`, build time stays linear in pages)."""
    items: list[object] = [{"Home": "index.md"}]
    for article in ctx.articles:
        section: list[object] = [{"Overview": f"{GENERATED}/{article.id}/index.md"}]
        for number, part in enumerate(article.parts, start=1):
            section.append({f"{number}. {part.title.best()}": f"{GENERATED}/{article.id}/{part.id}.md"})
        items.append({article_label(ctx, article): section})
    for hierarchy in ctx.hierarchies:
        page = f"{GENERATED}/{hierarchy.id}.md"
        items.append({hierarchy.title.best(): [{"Overview": page}, {"Comparison matrix": matrix_page(page)}]})
    items.append(
        {"Reference": [{"Timeline": TIMELINE}, {"Glossary": GLOSSARY}, {"Works cited": WORKS}, {"Changes": CHANGELOG}]}
    )
    for extra in handwritten:
        if extra != "index.md":
            items.append(extra)
    return items


def nav_titles(nav: list[object]) -> dict[str, str]:
    """Source path -> title, for every page listed in the navigation."""
    out: dict[str, str] = {}
    for item in nav:
        if isinstance(item, dict):
            for title, value in item.items():
                if isinstance(value, list):
                    out.update(nav_titles(value))
                else:
                    out[str(value)] = str(title)
        else:
            out[str(item)] = ""
    return out
