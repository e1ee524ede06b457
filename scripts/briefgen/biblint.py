"""Rules a healthy bibliography.bib keeps; one `bibliography.bib:LINE: key: what (fix)` line each."""

from __future__ import annotations

import re

from .bib import KEY_PATTERN, LATEX_COMMAND, BibEntry, Bibliography
from .errors import Problem
from .pathrules import ascii_form

# Fields an entry of each type needs (BibLaTeX names; `journal` counts as `journaltitle`).
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
DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?\Z")
YEAR = re.compile(r"\d{4}\Z")
PAGES = re.compile(
    r"[\dIVXLCivxlc]+(\s*(--|–|-)\s*[\dIVXLCivxlc]+)?(\s*,\s*[\dIVXLCivxlc]+(\s*(--|–|-)\s*[\dIVXLCivxlc]+)?)*\Z"
)
URL = re.compile(r"https?://[^\s\"<>\\^`{|}]+\Z")
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
"""Control characters (tab and line feed are whitespace): invisible, and the site audit refuses them."""


def lint_entries(bib: Bibliography) -> list[Problem]:
    problems: list[Problem] = []
    seen_doi: dict[str, BibEntry] = {}
    seen_url: dict[str, BibEntry] = {}
    for key, entry in bib.entries.items():

        def err(field: str | None, message: str, entry: BibEntry = entry, key: str = key) -> None:
            line = entry.field_line(field) if field else entry.line
            problems.append(Problem(bib.file, line, key, message))

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
        verification = entry.fields.get("verification", "")
        if verification not in VERIFICATION:
            err(
                "verification" if verification else None,
                f"verification is '{verification}'"
                if verification
                else "no 'verification' field (add verification = {verified}, {partial} or {unverified})",
            )
        elif verification != "unverified":
            for alternatives in REQUIRED.get(entry.type, ()):
                if not any(entry.fields.get(f) or entry.persons.get(f) for f in alternatives):
                    err(
                        None,
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
            if value is not None and not DATE.match(value):
                err(field, f"{field} '{value}' is not a date (write YYYY, YYYY-MM or YYYY-MM-DD)")
        year = entry.fields.get("year")
        if year is not None and not YEAR.match(year):
            err("year", f"year '{year}' is not a four-digit year (write e.g. 2020; put a full date in 'date')")
        pages = entry.fields.get("pages")
        if pages is not None and not PAGES.match(pages):
            err("pages", f"pages '{pages}' is malformed (write 28--46 or 28–46)")
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
