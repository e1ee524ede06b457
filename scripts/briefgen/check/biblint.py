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


class _Entry:
    """The problems of one entry, each at its field's line (or the entry's, for a missing one)."""

    def __init__(self, bib: Bibliography, entry: BibEntry, problems: list[Problem]) -> None:
        self.bib, self.entry, self.key, self.problems = bib, entry, entry.key, problems

    def err(self, field: str | None, message: str) -> None:
        line = self.entry.field_line(field) if field else self.entry.line
        self.problems.append(Problem(self.bib.file, line, f"{self.key}.{field}" if field else self.key, message))

    def missing(self, field: str, message: str) -> None:
        self.problems.append(Problem(self.bib.file, self.entry.line, f"{self.key}.{field}", message))


def lint_entries(bib: Bibliography) -> list[Problem]:
    """Every rule on every entry: one located problem each."""
    problems: list[Problem] = []
    seen_doi: dict[str, BibEntry] = {}
    seen_url: dict[str, BibEntry] = {}
    for entry in bib.entries.values():
        report = _Entry(bib, entry, problems)
        _lint_key(entry, report)
        _lint_type(entry, report)
        _lint_verification(entry, report)
        _lint_url(entry, report, seen_url)
        _lint_doi(entry, report, seen_doi)
        _lint_values(entry, report)
        _lint_language(entry, report.err, report.missing)
        _lint_romanised(entry, report.err)
        _lint_characters(entry, report)
    return problems


def _lint_key(entry: BibEntry, report: _Entry) -> None:
    """A key is what a citation can name: `[@key]`."""
    key = entry.key
    if not KEY_PATTERN.match(key):
        report.err(
            None,
            f"key '{key}' has characters outside A-Z, a-z, 0-9, '_' and '-' "
            f"(rename it, e.g. '{re.sub(r'[^A-Za-z0-9_-]+', '-', ascii_form(key))}')",
        )
    elif key.startswith("-"):
        # `[@-key]` is not a citation (a key starts with a letter, digit or '_').
        report.err(None, f"key '{key}' starts with '-', so it cannot be cited (rename it, e.g. '{key.lstrip('-')}')")


def _lint_type(entry: BibEntry, report: _Entry) -> None:
    """A known entry type, and a title (no style makes a reference without one)."""
    if entry.type not in KNOWN_TYPES:
        report.err(None, f"unknown entry type '@{entry.type}' (use one of: {', '.join(sorted(REQUIRED))})")
    if not entry.fields.get("title"):
        report.missing(
            "title", f"@{entry.type} entry has no title, so no style can make a reference of it (add title = {{…}})"
        )


def _lint_verification(entry: BibEntry, report: _Entry) -> None:
    """`verification` is stated; a verified or partly verified entry has what its type needs."""
    verification = entry.fields.get("verification", "")
    if verification not in VERIFICATION:
        if verification:
            report.err("verification", f"verification is '{verification}'")
        else:
            report.missing(
                "verification", "no 'verification' field (add verification = {verified}, {partial} or {unverified})"
            )
        return
    if verification == "unverified":
        return
    for alternatives in REQUIRED.get(entry.type, ()):
        if alternatives[0] != "title" and not any(entry.fields.get(f) or entry.persons.get(f) for f in alternatives):
            report.missing(
                alternatives[0],
                f"required field '{alternatives[0]}' is missing for @{entry.type} "
                "(add it, or mark the entry verification = {unverified})",
            )


def _lint_url(entry: BibEntry, report: _Entry, seen: dict[str, BibEntry]) -> None:
    """A web source has its access date; a URL is http(s), and one work's only."""
    url = entry.fields.get("url")
    if entry.type in ("online", "misc") and url and not entry.fields.get("urldate"):
        report.err("url", "web source without 'urldate' (add urldate = {YYYY-MM-DD}, the day it was read)")
    if url is None:
        return
    if not URL.match(url):
        report.err("url", f"url '{url}' is not an http(s) URL (only http:// and https:// links are published)")
    elif url in seen:
        report.err("url", f"same url as '{seen[url].key}' (line {seen[url].line}; merge the entries)")
    else:
        seen[url] = entry


def _lint_doi(entry: BibEntry, report: _Entry, seen: dict[str, BibEntry]) -> None:
    """A DOI is well formed, and one work's only (compared ignoring case)."""
    doi = entry.fields.get("doi")
    if doi is None:
        return
    if not DOI.match(doi):
        report.err("doi", f"doi '{doi}' is malformed (write it as 10.NNNN/suffix, without https://doi.org/)")
    elif doi.lower() in seen:
        first = seen[doi.lower()]
        report.err("doi", f"same doi as '{first.key}' (line {first.line}; merge the entries)")
    else:
        seen[doi.lower()] = entry


def _lint_values(entry: BibEntry, report: _Entry) -> None:
    """Dates follow the brief's one date rule; a year has four digits; pages are pages."""
    for field in ("date", "urldate"):
        value = entry.fields.get(field)
        problem = date_problem(value) if value is not None else None
        if problem is not None:
            report.err(field, f"'{value}' {problem}")
    year = entry.fields.get("year")
    if year is not None and not YEAR.match(year):
        report.err("year", f"year '{year}' is not a four-digit year (write e.g. 2020; put a full date in 'date')")
    pages = entry.fields.get("pages")
    if pages is not None and not PAGES.match(pages):
        report.err("pages", f"pages '{pages}' is malformed (write 28--46 or 28–46)")


def _lint_characters(entry: BibEntry, report: _Entry) -> None:
    """No control character and no LaTeX command left in a value or a name."""
    for field, decoded in entry.fields.items():
        control = CONTROL.search(decoded)
        if control:
            report.err(field, f"{field} contains the control character U+{ord(control.group()):04X} (remove it)")
        leftover = LATEX_COMMAND.search(decoded)
        if leftover:
            report.err(
                field,
                f"LaTeX command left in {field}: '{leftover.group(0)}' "
                "(write the character itself; `briefgen bib format` converts escapes)",
            )
    for role, people in entry.persons.items():
        for person in people:
            if LATEX_COMMAND.search(person.family + person.given):
                report.err(role, f"LaTeX command left in {role} (write the name in plain Unicode)")
            if CONTROL.search(person.family + person.given):
                report.err(role, f"{role} contains a control character (remove it)")


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
