"""The glossary page, filed as a dictionary is: terms by their original, actors by name. Pure: Markdown strings."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Sequence
from typing import TypeVar

from briefgen.base import routes
from briefgen.base.typography import nbsp
from briefgen.index.context import BriefContext
from briefgen.load.bibtex import sort_key
from briefgen.model.glossary import Actor, Term
from briefgen.render.markup import (
    attr,
    claim_link,
    esc,
    id_links,
    text_md,
)

_Item = TypeVar("_Item", Term, Actor)
LETTER_INDEX_MIN = 16
"""A glossary list with at least this many entries gets a heading per letter and an index of them."""
GLOSSARY_LISTS = {"terms": "Terms and abbreviations", "actors": "Actors"}


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


def letter_index(lists: dict[str, list[str]]) -> str:
    """Links to the letter headings of each long list (`terms`, `actors` -> the entries' headwords)."""
    rows = []
    for kind, headwords in lists.items():
        letters = list(dict.fromkeys(initial(h) for h in headwords if initial(h)))
        links = ""
        for i, letter in enumerate(letters):
            if i and sort_key(letter)[0] != sort_key(letters[i - 1])[0]:
                links += ' <span class="bg-letters-sep" aria-hidden="true">|</span>'  # Cyrillic, then Latin
            links += f' <a href="#{routes.letter_anchor(kind, letter)}">{attr(letter)}</a>'
        rows.append(f'<p><span class="bg-letters-label">{GLOSSARY_LISTS[kind]}:</span>{links}</p>')
    return (
        '<div class="bg-letters" role="navigation" aria-label="Glossary by first letter" data-search-exclude>'
        + "".join(rows)
        + "</div>\n\n"
    )


def _letter_heading(kind: str, letter: str) -> str:
    # Kept out of the search index: each entry below is a search result of its own.
    return (
        f'<h3 class="bg-letter" id="{routes.letter_anchor(kind, letter)}" data-search-exclude>{attr(letter)}</h3>\n\n'
    )


def glossary_page(ctx: BriefContext) -> str:
    """The glossary: terms, then actors, each list in dictionary order, lettered when long."""
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
        out.extend(
            _lettered(terms, [t.original for t in terms], "terms" in lettered, "terms", ctx=ctx, entry=_term_entry)
        )
    if actors:
        out.append("## Actors {#actors}\n\n")
        names = [a.name.best() for a in actors]
        out.extend(_lettered(actors, names, "actors" in lettered, "actors", ctx=ctx, entry=_actor_entry))
    return "".join(out)


def _lettered(
    items: Sequence[_Item],
    headwords: list[str],
    lettered: bool,
    kind: str,
    *,
    ctx: BriefContext,
    entry: Callable[[BriefContext, _Item], str],
) -> list[str]:
    """The entries of one list, with a heading before each new first letter when `lettered`."""
    out: list[str] = []
    letter = ""
    for item, headword in zip(items, headwords, strict=True):
        if lettered and initial(headword) not in ("", letter):
            letter = initial(headword)
            out.append(_letter_heading(kind, letter))
        out.append(entry(ctx, item))
    return out


def _term_entry(ctx: BriefContext, term: Term) -> str:
    """One term: its headword (the search title), expansion, definition, `see` and its claims."""
    page = routes.GLOSSARY
    out = [f'<div class="bg-term" id="{term.id}" markdown>\n']
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
    return "".join(out)


def _actor_entry(ctx: BriefContext, actor: Actor) -> str:
    """One actor: name (the search title), original name, kind, description and its claims."""
    page = routes.GLOSSARY
    out = [f'<div class="bg-term bg-actor" id="{actor.id}" markdown>\n']
    head = f'<strong class="bg-headword-name">{esc(nbsp(actor.name.best()))}</strong>'
    if actor.name.original and actor.name.original != actor.name.best():
        original = actor.name.original
        head += f' <span class="bg-headword-original"{_lang_attr(original)}>{esc(nbsp(original))}</span>'
    head += f' <span class="bg-kind">{actor.kind}</span>'
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
