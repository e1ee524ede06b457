"""The citation styles (GOST R 7.0.5-2008, APA 7, Chicago author-date) and what each needs of the
CSL-JSON before a processor formats it: GOST's order, romanised works for APA and Chicago, the
prepositions Chicago keeps lowercase, names as each style inverts them, translated titles held out."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from importlib import resources
from typing import Any

from briefgen.cite.romanise import romanise_item
from briefgen.load.bibtex import sort_key

STYLE_DIR = resources.files("briefgen") / "styles"


@dataclass(frozen=True)
class Style:
    """A citation style: its CSL file, locale and how the brief presents it."""

    id: str
    file: str
    locale: str
    label: str
    page_label: str
    """How this locale writes "page" in a locator; pandoc only parses its locale's labels."""
    family_first_literal: bool
    """Write family-first (Chinese, Korean) names as one literal, so that co-authors are not
    turned given-name-first ("Xu Bo and Zou Songyang", not "Xu, Bo, and Songyang Zou")."""
    romanised: bool
    """Cite works in Cyrillic in romanised form (APA, Chicago); GOST keeps the original script."""


STYLES: dict[str, Style] = {
    "gost": Style("gost", "gost-r-7-0-5-2008.csl", "ru-RU", "ГОСТ Р 7.0.5-2008", "с.", False, False),
    "apa": Style("apa", "apa.csl", "en-US", "APA 7", "p.", False, True),
    "chicago": Style("chicago", "chicago-author-date.csl", "en-US", "Chicago author-date", "p.", True, True),
}
DEFAULT_STYLE = "gost"


_TRANSLATION = re.compile(r'<span class="nodecor">\[(.*?)\]</span>', re.S)
_TOKEN_OPEN = "\u27e6"
"""How a held-out translation's token starts (`⟦0⟧`): a text without it holds none."""


def prepare_items(items: dict[str, dict[str, Any]], style: Style) -> tuple[list[dict[str, Any]], dict[str, str]]:
    """The CSL-JSON a CSL processor gets for `style` (sorted by id) and the translated titles
    held out of it (token -> translation). A translation is in English and is printed as the .bib
    writes it: held out, the processor cannot case it or turn its quotation marks into the
    style's («…» and „…“ in a Russian locale, ‘…’ inside a quoted title)."""
    prepared = []
    translations: dict[str, str] = {}
    ranks = {key: i for i, key in enumerate(sorted(items, key=lambda k: gost_sort_key(items[k])))}
    for key in sorted(items):
        item = dict(items[key])
        title = item.get("title")
        if isinstance(title, str) and '<span class="nodecor">' in title:

            def hold(match: re.Match[str]) -> str:
                token = f"{_TOKEN_OPEN}{len(translations)}\u27e7"
                translations[token] = match.group(1)
                return f'<span class="nodecor">[{token}]</span>'

            item["title"] = _TRANSLATION.sub(hold, title)
        if style.id == "gost":
            # The GOST style sorts by `note` first (its "language-sort" macro), then by author and
            # year: our rank there gives GOST's order (Cyrillic, then Latin, then other scripts),
            # which a processor's own collation does not, and so also which work is 2020a.
            item["note"] = f"{ranks[key]:06d}"
        prepared.append(_for_style(item, style))
    return prepared, translations


def gost_sort_key(item: dict[str, Any]) -> tuple[tuple[int, str], str, str]:
    """Where a work goes in a GOST list: by its first author's family name (or an
    organisation's name), else its title, in GOST's order of scripts; then year, then title."""
    names = item.get("author") or item.get("editor") or []
    title = str(item.get("title", ""))
    lead = (names[0].get("family") or names[0].get("literal") or "") if names else title
    parts = item.get("issued", {}).get("date-parts", [[]])
    year = str(parts[0][0]) if parts and parts[0] else ""
    return sort_key(lead), year, title


def restore_translations(text: str, translations: dict[str, str]) -> str:
    """`text` with the held-out translated titles put back, escaped."""
    if _TOKEN_OPEN not in text:  # no token in it (most texts): nothing to look for
        return text
    for token, translation in translations.items():
        if token in text:
            text = text.replace(token, html.escape(translation, quote=False))
    return text


def style_text(style: Style) -> str:
    """The CSL file of `style`, as shipped in styles/."""
    return (STYLE_DIR / style.file).read_text(encoding="utf-8")


CHICAGO_LOWERCASE = frozenset(
    (
        "above",
        "across",
        "after",
        "against",
        "along",
        "amid",
        "among",
        "around",
        "before",
        "behind",
        "below",
        "beneath",
        "beside",
        "besides",
        "between",
        "beyond",
        "despite",
        "during",
        "except",
        "inside",
        "like",
        "near",
        "off",
        "out",
        "per",
        "since",
        "than",
        "through",
        "throughout",
        "toward",
        "towards",
        "under",
        "underneath",
        "until",
        "upon",
        "versus",
        "within",
        "without",
    )
)
"""Prepositions that the Chicago Manual keeps lowercase in title case whatever their length (and
citeproc-js does), but pandoc's citeproc capitalises: the oracle test found them."""
_WORD_AFTER = re.compile(r"(?<=[^\s:.?!—–-] )([a-z]+)(?=[\s,;)])")


def chicago_lowercase(title: str) -> str:
    """A title with the prepositions of CHICAGO_LOWERCASE marked to stay lowercase (not the
    first word, nor the first after a colon)."""
    return _WORD_AFTER.sub(
        lambda m: f'<span class="nocase">{m.group(1)}</span>' if m.group(1) in CHICAGO_LOWERCASE else m.group(1),
        title,
    )


def _for_style(item: dict[str, Any], style: Style) -> dict[str, Any]:
    out = romanise_item(item) if style.romanised else {k: v for k, v in item.items() if not k.startswith("_")}
    if style.id == "chicago" and str(out.get("language", "en")).startswith("en"):
        for name in ("title", "container-title"):
            if isinstance(out.get(name), str):
                out[name] = chicago_lowercase(out[name])
    if style.id in ("gost", "apa"):
        # "Chung-in" -> "Chung-In": pandoc drops a lowercase part after a hyphen when it writes
        # initials ("C." instead of "C.-I.").
        for role in ("author", "editor", "translator"):
            if role in out:
                out[role] = [
                    dict(n, given=re.sub(r"-(\w)", lambda m: "-" + m.group(1).upper(), n["given"]))
                    if n.get("given")
                    else n
                    for n in out[role]
                ]
    if not style.family_first_literal:
        # APA and GOST invert every name ("Xu, B.", "Xu B."), whatever its order in its language;
        # a processor that honours static-ordering (citeproc-js) would write "Xu B." in APA.
        for role in ("author", "editor", "translator"):
            if role in out:
                out[role] = [{k: v for k, v in n.items() if k != "static-ordering"} for n in out[role]]
    if style.id == "gost" and "issued" not in out:
        out["issued"] = {"literal": "б. г."}  # GOST's "no date"; the style would print "Author, , p."
    if not style.family_first_literal:
        return out
    for role in ("author", "editor", "translator"):
        if role in out:
            out[role] = [
                {"literal": f"{n['family']} {n.get('given', '')}".strip()} if n.pop("static-ordering", False) else n
                for n in (dict(x) for x in out[role])
            ]
            names = out[role]
            # Two family-first names are not inverted, so no comma before "and".
            if (
                len(names) == 2
                and all("literal" in n for n in names)
                and all(n.get("static-ordering") for n in item[role])
            ):
                out[role] = [{"literal": f"{names[0]['literal']} and {names[1]['literal']}"}]
    return out
