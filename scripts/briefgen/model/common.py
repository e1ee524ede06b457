"""What every content file uses: the strict base model, text in two languages, a locator in a
source, a person or organisation as author."""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from briefgen.model.fields import (
    Line,
    Pages,
)


class Strict(BaseModel):
    """The base of every model: unknown fields refused, values never coerced, frozen."""

    model_config = ConfigDict(
        extra="forbid", strict=True, frozen=True, use_attribute_docstrings=True, hide_input_in_errors=True
    )


class Localized(Strict):
    """A string in the source's language and in English (or in the brief's languages)."""

    original: Line | None = None
    """As the source writes it, in its own language."""
    en: Line | None = None
    """In English."""
    ru: Line | None = None
    """In Russian (for brief-level titles)."""

    def best(self, lang: str = "en") -> str:
        value = getattr(self, lang, None) or self.en or self.original or self.ru
        assert value is not None
        return value

    @model_validator(mode="after")
    def _not_empty(self) -> Localized:
        if not (self.original or self.en or self.ru):
            raise PydanticCustomError("briefgen_empty", "give at least one of original, en, ru (add the text)", {})
        return self


PAGE_RANGE = re.compile(r"\s*(?P<start>[^\s,;–-]+)\s*(?P<dash>[–-])\s*(?P<end>[^\s,;–-]+)\s*\Z")
"""One page range, "66–67" (an en dash or a hyphen): the only form whose ends can differ."""
INFERRED_VALUES = "true, false, start or end"


def _check_inferred(value: Any) -> Any:
    if isinstance(value, bool) or value in ("start", "end"):
        return value
    shown = f"'{value}'" if isinstance(value, str) else str(value)
    raise PydanticCustomError(
        "briefgen_inferred",
        "{shown} is not allowed (use one of: {values}; start or end marks one end of a range)",
        {"shown": shown, "values": INFERRED_VALUES},
    )


Inferred = Annotated[bool | Literal["start", "end"], BeforeValidator(_check_inferred)]


class Locator(Strict):
    """Where in the summarised source something is."""

    pages: Pages
    """Page or page range as printed: "66" or "67–68"."""
    inferred: Inferred = False
    """Which page numbers are not printed in the source but worked out: `true` (all of them, shown
    as p. [67]), `false` (none), or, for a range such as "66–67", one end only: `end` (the last
    page is inferred, shown as pp. 66–[67]) or `start` (pp. [65]–66)."""

    @field_validator("inferred")
    @classmethod
    def _one_end_needs_a_range(cls, value: bool | str, info: ValidationInfo) -> bool | str:
        pages = info.data.get("pages")
        if value in ("start", "end") and pages is not None and not PAGE_RANGE.match(pages):
            raise PydanticCustomError(
                "briefgen_inferred_range",
                '\'{end}\' needs pages to be one range such as "66–67", not "{pages}" '
                "(give the range, or write true if every page given is inferred)",
                {"end": value, "pages": pages},
            )
        return value

    def ends(self) -> tuple[str, str, str] | None:
        """(start, dash, end) when `pages` is one range, else None."""
        match = PAGE_RANGE.match(self.pages)
        return (match["start"], match["dash"], match["end"]) if match else None

    def is_range(self) -> bool:
        """More than one page: a range or a list ("pp.")."""
        return bool(re.search(r"[–,;-]", self.pages))

    def marked(self, left: str = "[", right: str = "]") -> str:
        """The pages with every inferred number between `left` and `right`: "[63]", "66–[67]"."""
        if self.inferred is True:
            return f"{left}{self.pages}{right}"
        ends = self.ends()
        if self.inferred is False or ends is None:
            return self.pages
        start, dash, end = ends
        if self.inferred == "start":
            return f"{left}{start}{right}{dash}{end}"
        return f"{start}{dash}{left}{end}{right}"

    def inferred_pages(self) -> str:
        """The page numbers that are inferred, as written ("" when none is)."""
        ends = self.ends()
        if self.inferred is True or ends is None:
            return self.pages if self.inferred else ""
        return ends[0] if self.inferred == "start" else ends[2]


class PersonName(Strict):
    """A person's name as an author of the brief."""

    family: Line
    """Family name, as the person writes it."""
    given: Line | None = None
    """Given name(s) or initials."""
    orcid: Line | None = None
    """ORCID iD, 0000-0000-0000-0000."""


class Author(Strict):
    """Either `organisation:` or `person:`."""

    organisation: Localized | None = None
    """An organisation's name."""
    person: PersonName | None = None
    """A person's name (family and given names, and an optional ORCID iD)."""

    @model_validator(mode="after")
    def _exactly_one(self) -> Author:
        if (self.organisation is None) == (self.person is None):
            raise PydanticCustomError(
                "briefgen_author", "give exactly one of 'organisation' or 'person' (remove the other, or add one)", {}
            )
        return self

    def display(self, lang: str = "en") -> str:
        if self.organisation is not None:
            return self.organisation.best(lang)
        assert self.person is not None
        return " ".join(p for p in (self.person.given, self.person.family) if p)
