"""A bibliography entry as a CSL-JSON item: the input of the CSL processor and the download."""

from __future__ import annotations

import re
from typing import Any

from briefgen.base.languages import LANGUAGES
from briefgen.load.bibtex import (
    FAMILY_FIRST_LANGUAGES,
    PERSON_FIELDS,
    ROMANISED_AUTHOR,
    ROMANISED_NAMES,
    BibEntry,
    Name,
    parse_names,
)

# BibLaTeX/BibTeX entry type -> CSL type.
CSL_TYPES = {
    "article": "article-journal",
    "book": "book",
    "incollection": "chapter",
    "inbook": "chapter",
    "inproceedings": "paper-conference",
    "conference": "paper-conference",
    "online": "webpage",
    "report": "report",
    "techreport": "report",
    "thesis": "thesis",
    "phdthesis": "thesis",
    "mastersthesis": "thesis",
    "misc": "document",
    "legislation": "legislation",
}


def to_csl(entry: BibEntry) -> dict[str, Any]:  # noqa: C901 - one BibLaTeX-to-CSL mapping, field by field, read top to bottom
    """The entry as a CSL-JSON item (the input of the CSL processor and the download)."""
    item: dict[str, Any] = {"id": entry.key, "type": CSL_TYPES.get(entry.type, "document")}
    f = entry.fields
    if entry.type == "article" and f.get("entrysubtype", "").lower() in ("newspaper", "magazine"):
        item["type"] = f"article-{f['entrysubtype'].lower()}"
    family_first = entry.language in FAMILY_FIRST_LANGUAGES or f.get("nameorder", "").lower() == "family-first"
    for role in PERSON_FIELDS:
        if role in entry.persons:
            item[role] = [_csl_name(n, family_first) for n in entry.persons[role]]
    romanised = parse_names(f[ROMANISED_AUTHOR]) if f.get(ROMANISED_AUTHOR) else None
    if romanised and len(romanised) == len(item.get("author", ())):
        item[ROMANISED_NAMES] = [_csl_name(n, family_first) for n in romanised]
    title = f.get("title")
    if title:
        translated = f.get("translatedtitle")
        # The translation follows the italic or quoted title in plain brackets (csl.py moves it out).
        item["title"] = f'{title} <span class="nodecor">[{translated}]</span>' if translated else title
    container = f.get("journaltitle") or f.get("journal") or f.get("booktitle")
    if entry.type == "online" and not container:
        container = f.get("organization")
    if container:
        item["container-title"] = container
    simple = {
        "volume": "volume",
        "number": "issue",
        "pages": "page",
        "publisher": "publisher",
        "location": "publisher-place",
        "address": "publisher-place",
        "url": "URL",
        "doi": "DOI",
        "edition": "edition",
        "isbn": "ISBN",
        "issn": "ISSN",
        "eventtitle": "event-title",
    }
    for bib_name, csl_name in simple.items():
        if f.get(bib_name) and csl_name not in item:
            item[csl_name] = f[bib_name]
    if entry.type in ("report", "techreport"):
        if "issue" in item:  # a report's number is CSL `number` ("Asia Report № 345"), not an issue
            item["number"] = item.pop("issue")
        if f.get("type"):
            item["genre"] = f["type"]
    if entry.type in ("report", "techreport") and "publisher" not in item:
        institution = f.get("institution") or f.get("organization")
        if institution:
            item["publisher"] = institution
    if (
        entry.type in ("misc", "online")
        and "publisher" not in item
        and f.get("organization")
        and container != f.get("organization")
    ):
        item["publisher"] = f["organization"]
    issued = f.get("date") or f.get("year")
    if issued:
        item["issued"] = csl_date(issued)
    if f.get("urldate"):
        item["accessed"] = csl_date(f["urldate"])
    if entry.language in LANGUAGES:
        item["language"] = LANGUAGES[entry.language]
    if "page" in item:
        item["page"] = item["page"].replace("--", "–")
    return item


def _csl_name(name: Name, family_first: bool) -> dict[str, Any]:
    if name.literal:
        return {"literal": name.family}
    out: dict[str, Any] = {"family": name.family}
    if name.given:
        out["given"] = name.given
    if family_first:
        out["static-ordering"] = True
    return out


def csl_date(value: str) -> dict[str, Any]:
    """`2024-06-19` -> `{"date-parts": [[2024, 6, 19]]}`: the one date conversion to CSL."""
    parts = [int(p) for p in re.findall(r"\d+", value)[:3]]
    return {"date-parts": [parts]} if parts else {"literal": value}
