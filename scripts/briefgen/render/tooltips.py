"""What a tooltip says: a term's entry, a claim's text, an event's date, an actor, a work's
reference, each as plain text escaped here (the formatted references are the bibliography's own
HTML). Pure: strings only."""

from __future__ import annotations

import html
import re

import markdown

from briefgen.cite.syntax import GROUP_PATTERN, parse_group
from briefgen.cite.works import FormattedWorks
from briefgen.model.common import Locator
from briefgen.model.glossary import Actor, Term
from briefgen.model.timeline import Event
from briefgen.render.markup import attr, esc, format_date, locator_text

_CITATION = re.compile(GROUP_PATTERN)
_TAGS_IN_HTML = re.compile(r"<[^>]*>")


def preview_text(value: str, works: FormattedWorks | None = None) -> str:
    """A restricted-Markdown text field as one line of plain text: citations become their
    author-date form (dropped without `works`), then Python-Markdown renders it and the text of
    the result is kept. So emphasis, escapes and links read exactly as on the page
    (`snake_case` stays, `*a*` loses its stars)."""

    def citation(match: re.Match[str]) -> str:
        group = parse_group(match.group("body"))
        if group is None or works is None:
            return match.group(0) if group is None else ""
        try:
            return esc(html.unescape(_TAGS_IN_HTML.sub("", works.cite(group))))
        except KeyError:
            return ""

    rendered = _MARKDOWN.reset().convert(_CITATION.sub(citation, value))
    text = html.unescape(_TAGS_IN_HTML.sub(" ", rendered))
    return " ".join(text.split()).replace(" .", ".").replace(" ,", ",")


_MARKDOWN = markdown.Markdown()
"""Python-Markdown as the pages use it for text (no extension changes emphasis or escapes)."""


def tip_html(tip_id: str, kind: str, inner: str) -> str:
    """One tooltip element, hidden until briefgen.js shows it next to its trigger."""
    return f'<span class="bg-tip bg-tip-{kind}" role="tooltip" id="{tip_id}" hidden>{inner}</span>'


def term_tip_html(term: Term, lang: str, glossary_href: str, definition: str, see: str | None = None) -> str:
    """A term's tooltip: its original form and English equivalent, expansion, definition and a
    link to its glossary entry. `definition` and `see` are plain text."""
    lang_attr = f' lang="{attr(lang)}"' if lang else ""
    head = f'<strong class="bg-tip-head"{lang_attr}>{attr(term.original)}</strong>'
    if term.en and term.en != term.original:
        head += f" — {attr(term.en)}"
    out = [f'<span class="bg-tip-line">{head}</span>']
    if term.expansion:
        parts = []
        if term.expansion.original and term.expansion.original != term.original:
            parts.append(f"<span{lang_attr}>{attr(term.expansion.original)}</span>")
        if term.expansion.en and term.expansion.en != term.expansion.original:
            parts.append(f"<em>{attr(term.expansion.en)}</em>")
        if parts:
            out.append(f'<span class="bg-tip-line">{" · ".join(parts)}</span>')
    if definition:
        out.append(f'<span class="bg-tip-line bg-tip-text">{attr(definition)}</span>')
    if see:
        out.append(f'<span class="bg-tip-line">See {attr(see)}.</span>')
    out.append(
        f'<span class="bg-tip-line"><a class="bg-tip-link" href="{attr(glossary_href)}">Glossary entry</a></span>'
    )
    return "".join(out)


def claim_preview_html(number: str, part_title: str, text: str, locator: Locator) -> str:
    """A claim's preview: its number and part, its text and where the source says it."""
    pages = locator_text(locator)
    return (
        f'<span class="bg-tip-line"><strong>§{attr(number)}</strong> · {attr(part_title)}</span>'
        f'<span class="bg-tip-line bg-tip-text">{attr(text)} <span class="bg-tip-loc">{attr(pages)}</span></span>'
    )


def event_preview_html(event: Event) -> str:
    """An event's preview: its date, as precise as written, and its title."""
    return (
        f'<span class="bg-tip-line"><time datetime="{attr(event.date)}">{attr(format_date(event.date))}</time></span>'
        f'<span class="bg-tip-line bg-tip-text">{attr(event.title.best())}</span>'
    )


def actor_preview_html(actor: Actor, lang: str, description: str) -> str:
    """An actor's preview: name, kind, name in the original language and description (plain)."""
    head = f'<strong>{attr(actor.name.best())}</strong> <span class="bg-tip-kind">{attr(actor.kind)}</span>'
    if actor.name.original and actor.name.original != actor.name.best():
        lang_attr = f' lang="{attr(lang)}"' if lang else ""
        head += f" · <span{lang_attr}>{attr(actor.name.original)}</span>"
    out = f'<span class="bg-tip-line">{head}</span>'
    if description:
        out += f'<span class="bg-tip-line bg-tip-text">{attr(description)}</span>'
    return out


def work_preview_html(entries: dict[str, str], default: str, lang: str) -> str:
    """A work's preview: its reference in every style (HTML from the bibliography formatter);
    briefgen.js shows the reader's current style, like the works-cited page."""
    lang_attr = f' lang="{attr(lang)}"' if lang else ""
    return "".join(
        f'<span class="bg-tip-entry" data-style="{attr(style)}"{lang_attr}{"" if style == default else " hidden"}>'
        f"{entry}</span>"
        for style, entry in entries.items()
    )
