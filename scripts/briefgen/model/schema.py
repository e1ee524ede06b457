"""The content model: one typed schema per YAML file kind.

Every model forbids unknown fields, so a misspelt field is an error and never silently dropped.
Field docstrings are the reference documentation of the content format.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterator
from types import UnionType
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from briefgen.base import routes
from briefgen.base.dates import date_problem
from briefgen.base.errors import Problem, did_you_mean
from briefgen.base.pathrules import ID as ID_PATTERN
from briefgen.base.pathrules import VERSION, ascii_form, char_names
from briefgen.load.yamldoc import LoadedYaml, PathKey, format_path


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


class Strict(BaseModel):
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


class SourceRole(Strict):
    key: str
    """A key of bibliography.bib."""
    role: Literal["primary", "secondary"]
    """`primary`: the document the brief is mainly about."""
    summary: str
    """Which summary covers it: `article:ID` or `hierarchy:ID`."""


class Change(Strict):
    """One entry of the changelog: what changed in an edition."""

    version: Version
    """The version that made the change."""
    date: DateStr
    """When it was published: YYYY-MM-DD."""
    kind: Literal["substantive", "minor"]
    """substantive: a claim's meaning changed; minor: wording, typos, links, formatting."""
    ids: list[str] = []
    """Ids of the parts, claims, priorities, events, terms or works affected, or hand-written pages
    by their path under docs/ (`about.md`); empty = the whole brief."""
    note: Line
    """What changed, in one line."""


class Brief(Strict):
    """content/brief.yml: the brief as a publication."""

    title: Localized
    """The brief's title, in English and (for the cover and home page) in Russian."""
    subtitle: Localized | None = None
    """A subtitle under the title."""
    authors: list[Author] = Field(min_length=1)
    """People or organisations, in byline order."""
    version: Version
    """Edition number, e.g. "1.0" (quoted): letters, digits, '.', '_', '-' (pathrules.VERSION)."""
    published: DateStr
    """Publication date of this version, YYYY-MM-DD."""
    licence: Line
    """SPDX identifier, e.g. CC-BY-4.0."""
    site_url: Annotated[str, AfterValidator(_check_site_url)]
    """Where the site is published: an http(s) URL ending in '/'."""
    languages: list[Literal["en", "ru"]] = Field(min_length=1)
    """Languages of the brief; the first is the site's language."""
    abstract: Text
    """The brief in a paragraph, in our words (restricted Markdown): the home page's abstract."""
    sources: list[SourceRole] = Field(min_length=1)
    """The documents the brief summarises, each with its role and its summary."""
    changes: list[Change] = []
    """The changelog, newest last; the first entry is the first edition."""
    redirects: dict[str, str] = {}
    """Released ids that were renamed or removed -> the id that replaces them (keeps cited URLs working)."""

    def current_id(self, ident: str) -> str:
        """The id that now stands for `ident`, following `redirects:` (a changelog keeps the ids
        of its time); `ident` itself when it was never redirected, or on a cycle."""
        seen = {ident}
        while ident in self.redirects and self.redirects[ident] not in seen:
            ident = self.redirects[ident]
            seen.add(ident)
        return ident


class CiteRef(Strict):
    key: str
    """A key of bibliography.bib."""
    locator: Line | None = None
    """As the citing text gives it: "p. 12", "pp. 28–46"."""


class Claim(Strict):
    id: Id
    """The claim's id: its anchor on the part's page, and what other content links to."""
    text: Text
    """One argument of the author, in our words."""
    locator: Locator
    """Where in the article the claim is: its pages, and which of them are inferred."""
    cites: list[CiteRef] = []
    """The citations the summarised text itself makes for this claim."""
    missing_footnotes: int = Field(default=0, ge=0)
    """Footnote markers here whose text is missing from the source."""
    events: list[str] = []
    """Ids of the timeline's events the claim mentions (each event lists its claims back)."""
    terms: list[str] = []
    """Ids of glossary terms the claim uses (each term lists its claims back)."""
    actors: list[str] = []
    """Ids of the actors the claim names (each actor lists its claims back)."""


class Part(Strict):
    id: Id
    """The part's id: its page is `brief/ARTICLE/ID.html`."""
    title: Localized
    """The part's heading, as the source prints it (or ours, with `untitled: true`)."""
    untitled: bool = False
    """True when the source prints no heading for this part (the title is ours)."""
    locator: Locator
    """The pages of the source the part covers."""
    summary: Text
    """What the part says, in our words (restricted Markdown)."""
    claims: list[Claim] = []
    """The part's claims, numbered §PART.CLAIM in this order."""


class Article(Strict):
    id: Id
    """The article's id: its folder of pages, `brief/ID/`."""
    source: str
    """The bib key of the summarised document."""
    title: Localized | None = None
    """The article's title, when the source prints one (else it is named by its authors)."""
    note: Text | None = None
    """What is known and unknown about the document itself."""
    parts: list[Part] = Field(min_length=1)
    """The article's parts, in the source's order."""


class ArticleFile(Strict):
    """content/article.yml: summaries of documents, part by part."""

    articles: list[Article] = Field(min_length=1)
    """The summarised articles, in navigation order."""


Relation = Literal["continuity", "change", "tension"]
Assessment = Literal["attained", "mostly", "partly", "not-attained", "not-assessed"]


class ClaimLink(Strict):
    claim: str
    """Id of a claim in article.yml."""
    relation: Relation
    """How the claim bears on the priority: `continuity`, `change` or `tension` (editorial)."""
    note: Line
    """One line, editorial: our reading, not the source's."""


class Priority(Strict):
    id: Id
    """The priority's id: its anchor on the hierarchy's page."""
    title: Localized
    """The priority as the source names it."""
    assessment: Assessment = "not-assessed"
    """The source's own verdict on this priority (`not-assessed` when the source gives none)."""
    assessment_note: Text | None = None
    """What the source says about its verdict, in our words: the source's voice, not ours."""
    editorial_note: Text | None = None
    """Our own reading of this priority, not the source's (e.g. what a remark of the source
    suggests where it gives no verdict); always shown labelled as ours."""
    items: list[Priority] = []
    """Sub-items, in the source's order."""
    claims: list[ClaimLink] = []
    """Claims of the summarised articles that bear on this priority, with their relation (editorial)."""


class Tier(Strict):
    id: Id
    """The tier's id: its anchor on the hierarchy's page."""
    rank: int = Field(ge=1)
    """1 = highest."""
    title: Localized
    """The tier's title, as the source names it."""
    priorities: list[Priority] = Field(min_length=1)
    """The tier's priorities, in the source's order."""


class Hierarchy(Strict):
    id: Id
    """The hierarchy's id: its page is `brief/ID.html`, its matrix `brief/ID/matrix.html`."""
    source: str
    """The bib key of the document that sets the hierarchy out."""
    title: Localized
    """The hierarchy's title (its page heading and navigation entry)."""
    locator: Locator
    """Where in the source the hierarchy is set out."""
    summary: Text
    """What the source says, in our words."""
    verdict: Text
    """The source's own conclusion on what was attained, in our words."""
    note: Text | None = None
    """Our remarks on how the hierarchy was taken from the source (what was available, what we
    arranged); shown labelled as ours, apart from the summary."""
    goals: list[Priority] = []
    """Overall goals the source sets apart from its ranked tiers (e.g. a strategic goal that the
    tiers serve): shown above the tiers, unranked, with the same fields as a priority."""
    tiers: list[Tier] = Field(min_length=1)
    """The ranked tiers, each with its priorities."""

    def priority_lists(self) -> list[tuple[list[Priority], PathKey]]:
        """The goals, then each tier's priorities, each list with its path inside the hierarchy."""
        return [(self.goals, ("goals",))] + [
            (tier.priorities, ("tiers", i, "priorities")) for i, tier in enumerate(self.tiers)
        ]


class PrioritiesFile(Strict):
    """content/priorities.yml: priority hierarchies set out by sources."""

    hierarchies: list[Hierarchy] = Field(min_length=1)
    """The priority hierarchies, each on its own page with its comparison matrix."""


class Period(Strict):
    id: Id
    """The period's id: its anchor on the timeline page."""
    title: Localized
    """The period's heading on the timeline."""
    start: DateStr
    """First date of the period (YYYY, YYYY-MM or YYYY-MM-DD)."""
    end: DateStr
    """Last date of the period, not before `start`."""


class EventSource(Strict):
    key: str
    """A key of bibliography.bib."""
    locator: Line | None = None
    """Where in that work the event is given: "p. 12"."""


class Event(Strict):
    id: Id
    """The event's id: its anchor on the timeline page, and what `event:ID` links to."""
    date: DateStr
    """YYYY, YYYY-MM or YYYY-MM-DD: the precision is what is written."""
    title: Localized
    """What happened, in a line."""
    description: Text | None = None
    """More about the event, in our words (restricted Markdown)."""
    sources: list[EventSource] = []
    """The works that date the event, with their locators."""


class TimelineFile(Strict):
    """content/timeline.yml: dated events."""

    periods: list[Period] = []
    """Periods that group the events on the timeline page."""
    events: list[Event] = Field(min_length=1)
    """The dated events, listed on the timeline page by date."""


class Term(Strict):
    id: Id
    """The term's id: its anchor on the glossary page, and what `term:ID` links to."""
    kind: Literal["abbreviation", "term"]
    """`abbreviation` or `term`: an abbreviation's forms match case-sensitively."""
    original: Line
    """As the source writes it."""
    expansion: Localized | None = None
    """What an abbreviation stands for."""
    en: Line | None = None
    """English equivalent."""
    definition: Text | None = None
    """What the term means, in our words (restricted Markdown)."""
    see: str | None = None
    """Id of another term this one points to."""
    forms: list[Line] = []
    """How the brief's own text writes the term, e.g. ["DPRK", "North Korea"]: on every page the
    first occurrence of any of them in prose is marked and explained in a tooltip, as the first
    `term:` link is. Whole words only; an abbreviation's forms match case-sensitively, a term's
    ignoring case; never inside headings, links, code or citations."""


class Actor(Strict):
    id: Id
    """The actor's id: its anchor on the glossary page."""
    kind: Literal["person", "state", "organisation"]
    """`person`, `state` or `organisation`."""
    name: Localized
    """The actor's name, in English and as the source writes it."""
    description: Text | None = None
    """Who or what the actor is, in our words (restricted Markdown)."""


class GlossaryFile(Strict):
    """content/glossary.yml: terms, abbreviations and actors."""

    terms: list[Term] = []
    """Terms and abbreviations, filed on the glossary page by their original."""
    actors: list[Actor] = []
    """People, states and organisations, filed on the glossary page by name."""


FILE_MODELS: dict[str, type[Strict]] = {
    "brief.yml": Brief,
    "article.yml": ArticleFile,
    "priorities.yml": PrioritiesFile,
    "timeline.yml": TimelineFile,
    "glossary.yml": GlossaryFile,
}


def validate_file(doc: LoadedYaml, model: type[Strict]) -> tuple[Strict | None, list[Problem]]:
    """Validate a loaded document against its model; every error is located."""
    if not isinstance(doc.data, dict):
        return None, [
            Problem(
                doc.file,
                1,
                "(top level)",
                f"expected a mapping of fields, got {_kind(doc.data)} (see the README for the {model.__name__} fields)",
            )
        ]
    try:
        return model.model_validate(doc.data), []
    except ValidationError as exc:
        errors = exc.errors(include_input=False, include_url=False)
    # A misspelt required field is one mistake: "unknown field 'dte' (did you mean 'date'?)" says
    # it all, so the "required field 'date' is missing" it causes is left out.
    misspelt = set()
    for err in errors:
        if err["type"] == "extra_forbidden":
            loc = tuple(err["loc"])
            allowed = _allowed_fields(model, loc[:-1], doc.data)
            close = difflib.get_close_matches(str(loc[-1]), sorted(allowed), n=1, cutoff=0.6)
            if close:
                misspelt.add((*loc[:-1], close[0]))
    return None, [
        _problem(doc, err, model) for err in errors if not (err["type"] == "missing" and tuple(err["loc"]) in misspelt)
    ]


_EXPECTED = {
    "string_type": "expected text",
    "int_type": "expected a whole number",
    "bool_type": "expected true or false",
    "list_type": "expected a list",
    "model_type": "expected a mapping of fields",
    "dict_type": "expected a mapping of fields",
}
"""The message of a value of the wrong type, by pydantic's error type (what was given follows)."""


def _problem(doc: LoadedYaml, err: Any, model: type[Strict]) -> Problem:
    loc: PathKey = tuple(err["loc"])
    kind = err["type"]
    where = format_path(loc)
    line = doc.line(loc)
    if kind == "extra_forbidden":
        field_name = str(loc[-1])
        allowed = _allowed_fields(model, loc[:-1], doc.data)
        hint = did_you_mean(field_name, allowed) or f"allowed: {', '.join(sorted(allowed))}"
        return Problem(doc.file, line, where, f"unknown field '{field_name}' ({hint})")
    if kind == "missing":
        return Problem(doc.file, doc.line(loc[:-1]), where, f"required field '{loc[-1]}' is missing (add it)")
    if kind in _EXPECTED:
        expected = _EXPECTED[kind]
        got = _kind(_value_at(doc.data, loc))
        wanted = expected.removeprefix("expected ")
        fix = "quote it" if wanted == "text" and got in ("a number", "true/false") else f"write {wanted}"
        return Problem(doc.file, line, where, f"{expected}, got {got} ({fix})")
    if kind == "literal_error":
        expected = err.get("ctx", {}).get("expected", "")
        got = _value_at(doc.data, loc)
        return Problem(doc.file, line, where, f"'{got}' is not allowed (use one of: {expected})")
    if kind in ("too_short",):
        return Problem(doc.file, line, where, "must not be empty (add at least one item)")
    if kind in ("greater_than_equal",):
        return Problem(doc.file, line, where, f"must be at least {err['ctx']['ge']}")
    msg = str(err["msg"])
    if "(" not in msg:
        msg = f"{msg} (fix the value)"
    return Problem(doc.file, line, where, msg)


def _value_at(data: Any, loc: PathKey) -> Any:
    for part in loc:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def _kind(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


def _allowed_fields(model: type[Strict], loc: PathKey, data: Any) -> set[str]:
    """The field names allowed at `loc`, found by walking the model along the path."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        fields = getattr(current, "model_fields", {})
        if part not in fields:
            return set(fields)
        current = _model_in(fields[part].annotation, _value_at(data, loc[: loc.index(part) + 1]))
    return set(getattr(current, "model_fields", {}))


def _model_in(annotation: Any, value: Any) -> Any:
    """The model class inside `list[X]`, `X | None` or a union, matched against `value`."""
    args = getattr(annotation, "__args__", None)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    if not args:
        return annotation
    candidates = [_model_in(a, value) for a in args if a is not type(None)]
    models = [c for c in candidates if isinstance(c, type) and issubclass(c, BaseModel)]
    if isinstance(value, dict):
        for m in models:
            if set(value) & set(m.model_fields):
                return m
    return models[0] if models else annotation


def walk_priorities(priorities: list[Priority], path: PathKey) -> list[tuple[Priority, PathKey]]:
    """Every priority and sub-item, depth first, with its YAML path."""
    out: list[tuple[Priority, PathKey]] = []
    for i, priority in enumerate(priorities):
        here = (*path, i)
        out.append((priority, here))
        out.extend(walk_priorities(priority.items, (*here, "items")))
    return out


def text_values(model: type[BaseModel], data: Any, path: PathKey = ()) -> Iterator[tuple[PathKey, str]]:
    """Every value of a restricted-Markdown `Text` field in raw `data`, found by walking the
    model along it (for checking the text of a file that did not pass its schema)."""
    if not isinstance(data, dict):
        return
    for name, value in data.items():
        info = model.model_fields.get(name)
        if info is not None:
            yield from _text_in(info.annotation, info.metadata, value, (*path, name))


def _text_in(annotation: Any, metadata: list[Any], value: Any, path: PathKey) -> Iterator[tuple[PathKey, str]]:
    if any(getattr(m, "func", None) is _check_text for m in metadata):
        if isinstance(value, str):
            yield path, value
        return
    origin, args = get_origin(annotation), get_args(annotation)
    if origin is Annotated:
        yield from _text_in(args[0], list(args[1:]), value, path)
    elif isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield from text_values(annotation, value, path)
    elif origin is list and isinstance(value, list):
        for i, item in enumerate(value):
            yield from _text_in(args[0], [], item, (*path, i))
    elif origin in (Union, UnionType):
        for arg in args:
            if arg is not type(None):
                yield from _text_in(arg, [], value, path)
                if isinstance(arg, type) and issubclass(arg, BaseModel):
                    return  # one model of a union is enough (the same fields)
