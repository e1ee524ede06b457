"""The constrained value types of the schema (ids, dates, versions, lines, text) and their
validators, each with the message it gives."""

from __future__ import annotations

import re
import unicodedata
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BeforeValidator,
)
from pydantic_core import PydanticCustomError

from briefgen.base import routes
from briefgen.base.dates import date_problem
from briefgen.base.doi import doi_problem
from briefgen.base.pathrules import ID as ID_PATTERN
from briefgen.base.pathrules import VERSION, ascii_form, char_names


def _check_id(value: str) -> str:
    if not ID_PATTERN.match(value):
        plain = ascii_form("".join(ch for ch in value if unicodedata.category(ch) not in ("Cf", "Cc")))
        suggestion = plain if ID_PATTERN.match(plain) else slugify(value)
        hint = f"for example '{suggestion}'" if suggestion else "use a-z, 0-9 and '-'"
        names = char_names(value)
        if names:
            # A look-alike letter (Cyrillic «е» for Latin e), a zero-width space: name it.
            fix = f"write '{suggestion}'" if suggestion else "choose an id in ASCII"
            raise PydanticCustomError(
                "briefgen_id",
                "'{value}' is not a valid id: it contains {names} (ids use lowercase a-z, digits and '-'; {fix})",
                {"value": value, "names": names, "fix": fix},
            )
        raise PydanticCustomError(
            "briefgen_id",
            "'{value}' is not a valid id: use lowercase a-z, digits and '-', "
            "starting with a letter or digit, at most 64 characters ({hint})",
            {"value": value, "hint": hint},
        )
    if value in routes.RESERVED_IDS:
        raise PydanticCustomError(
            "briefgen_id",
            "'{value}' is reserved for the generator's own pages and anchors (choose another id, e.g. '{value}-1')",
            {"value": value},
        )
    return value


def slugify(text: str) -> str:
    """A suggested id for `text`: its ASCII form (look-alike and Cyrillic letters transliterated)."""
    visible = "".join(ch for ch in text if unicodedata.category(ch) not in ("Cf", "Cc"))
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_form(visible).lower()).strip("-")
    return slug[:64]


def _check_date(value: str) -> str:
    problem = date_problem(value)
    if problem is not None:
        raise PydanticCustomError("briefgen_date", "'{value}' " + problem, {"value": value})
    return value


SITE_URL = re.compile(r"https?://[^\s\"'<>\\^`{|}]+/\Z")


def _check_version(value: str) -> str:
    if not VERSION.match(value):
        names = char_names(value)
        what = f"it contains {names}" if names else "use letters, digits, '.', '_' and '-'"
        raise PydanticCustomError(
            "briefgen_version",
            "'{value}' is not a version: {what}, starting and ending with a letter or digit, at most 32 "
            'characters; it names the folder v/VERSION/ and the research pack (write e.g. "1.0")',
            {"value": value, "what": what},
        )
    return value


def _check_site_url(value: str) -> str:
    if not SITE_URL.match(value):
        raise PydanticCustomError(
            "briefgen_url",
            "'{value}' is not an http(s) URL ending in '/' (write e.g. https://example.org/brief/)",
            {"value": value},
        )
    return value


def _check_single_line(value: str) -> str:
    if "\n" in value.strip():
        raise PydanticCustomError("briefgen_line", "must be a single line (remove the line break)", {})
    if not value.strip():
        raise PydanticCustomError("briefgen_empty", "must not be empty (write the text)", {})
    return value.strip()


def _check_text(value: str) -> str:
    if not value.strip():
        raise PydanticCustomError("briefgen_empty", "must not be empty (write the text)", {})
    return value


def _check_doi(value: str) -> str:
    problem = doi_problem(value)
    if problem is not None:
        raise PydanticCustomError("briefgen_doi", "{problem}", {"problem": problem})
    return value


def _int_to_str(value: Any) -> Any:
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


Id = Annotated[str, AfterValidator(_check_id)]
DateStr = Annotated[str, AfterValidator(_check_date)]
Line = Annotated[str, AfterValidator(_check_single_line)]
"""A single line of plain text (a title or a name): never interpreted as Markdown."""
Text = Annotated[str, AfterValidator(_check_text)]
"""Restricted Markdown: emphasis, «quotes», citations `[@key, p. 5]`, links `[t](claim:id)`."""
Pages = Annotated[str, BeforeValidator(_int_to_str), AfterValidator(_check_single_line)]
Version = Annotated[str, AfterValidator(_check_single_line), AfterValidator(_check_version)]
"""An edition number such as "1.0": it names the folder `v/VERSION/` (pathrules.VERSION)."""
Doi = Annotated[str, AfterValidator(_check_single_line), AfterValidator(_check_doi)]
"""A DOI, bare: `10.5281/zenodo.1234567` (base/doi.py)."""
