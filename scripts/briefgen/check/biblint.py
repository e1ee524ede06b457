"""Rules a healthy bibliography.bib keeps; one `bibliography.bib:LINE: key.field: what (fix)` line each."""

from __future__ import annotations

import re
from collections.abc import Callable

from briefgen.base.dates import date_problem
from briefgen.base.errors import Problem
from briefgen.base.languages import LANGUAGES, langid_for
from briefgen.base.pathrules import ascii_form
from briefgen.load.bibtex import (
    KEY_PATTERN,
    LATEX_COMMAND,
    ROMANISED_AUTHOR,
    BibEntry,
    Bibliography,
    has_cyrillic,
    non_latin_letter,
    parse_names,
)

# Fields an entry of each type needs for every style to make a reference (BibLaTeX names;
# `journal` counts as `journaltitle`). `title` is required of every entry, verified or not: no
# style can make a reference without it. The others may be missing from an unverified entry,
# which records only what is known.
REQUIRED: dict[str, tuple[tuple[str, ...], ...]] = {
    "article": (("author",), ("title",), ("journaltitle", "journal"), ("year", "date")),
    "book": (("author", "editor"), ("title",), ("year", "date")),
    "incollection": (("author",), ("title",), ("booktitle",), ("year", "date")),
    "inproceedings": (("author",), ("title",), ("booktitle", "eventtitle"), ("year", "date")),
    "online": (("title",), ("url",), ("urldate",)),
    "report": (("title",), ("institution", "organization", "publisher"), ("year", "date")),
    "thesis": (("author",), ("title",), ("institution", "school"), ("year", "date")),
    "misc": (("title",),),
}
KNOWN_TYPES = set(REQUIRED) | {"inbook", "techreport", "phdthesis", "mastersthesis", "conference", "legislation"}
VERIFICATION = ("verified", "partial", "unverified")
DOI = re.compile(r"10\.\d{4,9}/[^\s\"<>{}\\]+\Z")
YEAR = re.compile(r"\d{4}\Z")
PAGES = re.compile(
    r"[\dIVXLCivxlc]+(\s*(--|–|-)\s*[\dIVXLCivxlc]+)?(\s*,\s*[\dIVXLCivxlc]+(\s*(--|–|-)\s*[\dIVXLCivxlc]+)?)*\Z"
)
URL = re.compile(r"https?://[^\s\"<>\\^`{|}]+\Z")
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
"""Control characters (tab and line feed are whitespace): invisible, and the site audit refuses them."""
_Report = Callable[..., None]
"""Reports one problem of the entry: (field or None, message)."""


def lint_entries(bib: Bibliography) -> list[Problem]:
    problems: list[Problem] = []
    seen_doi: dict[str, BibEntry] = {}
    seen_url: dict[str, BibEntry] = {}
    for key, entry in bib.entries.items():

        def err(field: str | None, message: str, entry: BibEntry = entry, key: str = key) -> None:
            line = entry.field_line(field) if field else entry.line
            problems.append(Problem(bib.file, line, f"{key}.{field}" if field else key, message))

        def missing(field: str, message: str, entry: BibEntry = entry, key: str = key) -> None:
            problems.append(Problem(bib.file, entry.line, f"{key}.{field}", message))

        if not KEY_PATTERN.match(key):
            err(
                None,
                f"key '{key}' has characters outside A-Z, a-z, 0-9, '_' and '-' "
                f"(rename it, e.g. '{re.sub(r'[^A-Za-z0-9_-]+', '-', ascii_form(key))}')",
            )
        elif key.startswith("-"):
            # `[@-key]` is not a citation (a key starts with a letter, digit or '_').
            err(None, f"key '{key}' starts with '-', so it cannot be cited (rename it, e.g. '{key.lstrip('-')}')")
        if entry.type not in KNOWN_TYPES:
            err(None, f"unknown entry type '@{entry.type}' (use one of: {', '.join(sorted(REQUIRED))})")
        if not entry.fields.get("title"):
            missing(
                "title", f"@{entry.type} entry has no title, so no style can make a reference of it (add title = {{…}})"
            )
        verification = entry.fields.get("verification", "")
        if verification not in VERIFICATION:
            if verification:
                err("verification", f"verification is '{verification}'")
            else:
                missing(
                    "verification", "no 'verification' field (add verification = {verified}, {partial} or {unverified})"
                )
        elif verification != "unverified":
            for alternatives in REQUIRED.get(entry.type, ()):
                if alternatives[0] == "title":
                    continue
                if not any(entry.fields.get(f) or entry.persons.get(f) for f in alternatives):
                    missing(
                        alternatives[0],
                        f"required field '{alternatives[0]}' is missing for @{entry.type} "
                        "(add it, or mark the entry verification = {unverified})",
                    )
        if (entry.type in ("online", "misc")) and entry.fields.get("url") and not entry.fields.get("urldate"):
            err("url", "web source without 'urldate' (add urldate = {YYYY-MM-DD}, the day it was read)")
        url = entry.fields.get("url")
        if url is not None:
            if not URL.match(url):
                err("url", f"url '{url}' is not an http(s) URL (only http:// and https:// links are published)")
            elif url in seen_url:
                err("url", f"same url as '{seen_url[url].key}' (line {seen_url[url].line}; merge the entries)")
            else:
                seen_url[url] = entry
        doi = entry.fields.get("doi")
        if doi is not None:
            if not DOI.match(doi):
                err("doi", f"doi '{doi}' is malformed (write it as 10.NNNN/suffix, without https://doi.org/)")
            elif doi.lower() in seen_doi:
                err(
                    "doi",
                    f"same doi as '{seen_doi[doi.lower()].key}' (line {seen_doi[doi.lower()].line}; merge the entries)",
                )
            else:
                seen_doi[doi.lower()] = entry
        for field in ("date", "urldate"):
            value = entry.fields.get(field)
            if value is not None:
                problem = date_problem(value)
                if problem is not None:
                    err(field, f"'{value}' {problem}")
        year = entry.fields.get("year")
        if year is not None and not YEAR.match(year):
            err("year", f"year '{year}' is not a four-digit year (write e.g. 2020; put a full date in 'date')")
        pages = entry.fields.get("pages")
        if pages is not None and not PAGES.match(pages):
            err("pages", f"pages '{pages}' is malformed (write 28--46 or 28–46)")
        _lint_language(entry, err, missing)
        _lint_romanised(entry, err)
        for field, decoded in entry.fields.items():
            control = CONTROL.search(decoded)
            if control:
                err(field, f"{field} contains the control character U+{ord(control.group()):04X} (remove it)")
            leftover = LATEX_COMMAND.search(decoded)
            if leftover:
                err(
                    field,
                    f"LaTeX command left in {field}: '{leftover.group(0)}' "
                    "(write the character itself; `briefgen bib format` converts escapes)",
                )
        for role, people in entry.persons.items():
            for person in people:
                if LATEX_COMMAND.search(person.family + person.given):
                    err(role, f"LaTeX command left in {role} (write the name in plain Unicode)")
                if CONTROL.search(person.family + person.given):
                    err(role, f"{role} contains a control character (remove it)")
    return problems


def _lint_language(entry: BibEntry, err: _Report, missing: _Report) -> None:
    """`langid` names the work's language as BibLaTeX does (`russian`, not `ru`): the styles
    read it to decide how to case, order and romanise a reference."""
    langid = entry.fields.get("langid")
    language = entry.fields.get("language")
    if langid is not None and langid.lower() not in LANGUAGES:
        known = langid_for(langid)
        hint = f"write langid = {{{known}}}" if known else f"use one of: {', '.join(sorted(LANGUAGES))}"
        err("langid", f"langid '{langid}' is not a BibLaTeX language name ({hint})")
    if langid is None and language is not None:
        known = langid_for(language)
        if known:
            err(
                "language",
                f"language = {{{language}}} is not read by the styles (write langid = {{{known}}} instead; "
                "`briefgen bib import` does this)",
            )
    title = entry.fields.get("title", "")
    if langid is None and language is None and has_cyrillic(title):
        missing(
            "langid",
            "the title is in Cyrillic but the entry has no langid, so APA and Chicago would title-case it as "
            "English (add langid = {russian}, or the language the work is in)",
        )


def _lint_romanised(entry: BibEntry, err: _Report) -> None:
    """`authorromanised` gives the Latin form of authors whose names the .bib writes in another
    script (a Chinese name in Cyrillic is not romanised by Russian transliteration)."""
    value = entry.fields.get(ROMANISED_AUTHOR)
    if value is None:
        return
    authors = entry.persons.get("author", [])
    if not authors:
        err(ROMANISED_AUTHOR, f"{ROMANISED_AUTHOR} without author (remove it, or add the author)")
        return
    if not any(non_latin_letter(n.family + n.given) for n in authors):
        err(ROMANISED_AUTHOR, f"author is already in the Latin alphabet (remove {ROMANISED_AUTHOR})")
        return
    names = parse_names(value)
    if names is None:
        err(ROMANISED_AUTHOR, f"{ROMANISED_AUTHOR} is not a list of names (write it like author: Family, Given and …)")
        return
    if len(names) != len(authors):
        err(
            ROMANISED_AUTHOR,
            f"{ROMANISED_AUTHOR} has {len(names)} name(s) but author has {len(authors)} "
            "(give one romanised name per author, in the same order)",
        )
    for name in names:
        letter = non_latin_letter(name.family + name.given)
        if letter:
            err(
                ROMANISED_AUTHOR,
                f"{ROMANISED_AUTHOR} contains '{letter}', which is not a Latin letter "
                "(write the name as it is romanised, e.g. Feng, Bowei)",
            )
            break
