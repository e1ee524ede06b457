"""Romanised references for APA 7 and Chicago: Cyrillic written in the Latin alphabet.

APA 7 and the Chicago Manual cite a work written in a non-Latin script in romanised form, with
an English translation of its title in square brackets; GOST R 7.0.5-2008 keeps the original
script, so only the APA and Chicago input is romanised. Cyrillic is transliterated with the
ALA-LC table for Russian (the Library of Congress romanisation the English-language guides refer
to) through iuliia, a maintained transliteration library with one tested table per standard,
rather than a table of our own. Where the .bib states how the authors' names are romanised
(`authorromanised`), that form is used: a table cannot know that a Chinese name written in
Cyrillic, «Фэн Бовэй», is "Feng Bowei". Chinese, Japanese and Korean script are left as written:
no romanisation of them is attempted. Pure functions.
"""

from __future__ import annotations

from typing import Any

import iuliia

from briefgen.load.bibtex import ROMANISED_NAMES, has_cyrillic

_ALA_LC = iuliia.ALA_LC
_ALA_LC_YO = str.maketrans({"ё": "ë", "Ё": "Ë"})
"""iuliia 0.13.0's `ala_lc` table maps ё to itself (the Cyrillic letter); ALA-LC writes ë."""
TEXT_FIELDS = ("title", "container-title", "collection-title", "publisher", "publisher-place", "event-title", "genre")
NAME_FIELDS = ("author", "editor", "translator")


def romanise(text: str) -> str:
    """Cyrillic in `text` in the ALA-LC romanisation; anything else as it is."""
    if not has_cyrillic(text):
        return text
    return str(_ALA_LC.translate(text.translate(_ALA_LC_YO)))


def _name(name: dict[str, Any]) -> dict[str, Any]:
    return {
        k: romanise(v) if k in ("family", "given", "literal") and isinstance(v, str) else v for k, v in name.items()
    }


def romanise_item(item: dict[str, Any]) -> dict[str, Any]:
    """A CSL item as APA and Chicago cite it: its text and names romanised, the authors as the
    .bib romanises them where it does (the private key ROMANISED_NAMES, which is removed)."""
    out = dict(item)
    stated = out.pop(ROMANISED_NAMES, None)
    for field in TEXT_FIELDS:
        if isinstance(out.get(field), str):
            out[field] = romanise(out[field])
    for role in NAME_FIELDS:
        if role in out:
            out[role] = [_name(n) for n in out[role]]
    if stated is not None:
        out["author"] = [dict(n) for n in stated]
    return out
