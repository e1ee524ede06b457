"""bibliography.bib: parsing with line numbers (cite/csljson.py makes CSL-JSON of it).

The file is first split into entries by a brace-aware scanner, so that every entry has a line
and one malformed entry is reported on its own instead of stopping the parse. pybtex then parses
the well-formed entries (in one call; entry by entry only when it has to find which one fails).
"""

from __future__ import annotations

import bisect
import codecs
import contextlib
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

import latexcodec  # noqa: F401  (registers the "ulatex" codec)
import pybtex.database
import pybtex.errors
from pybtex.scanner import PybtexError

from briefgen.base.errors import Problem
from briefgen.load.decode import decode_utf8
from briefgen.load.latex import brace_walk, decode_escapes

# pybtex warns and raises on its own; we report, so it must not print.
pybtex.errors.set_strict_mode(True)

KEY_PATTERN = re.compile(r"[A-Za-z0-9_-]+\Z")
_ENTRY_START = re.compile(r"@[ \t]*([A-Za-z]+)[ \t]*([{(])")
LATEX_COMMAND = re.compile(r"\\[A-Za-z]+|\\[^A-Za-z\s]")

# Names in these languages are written family name first, also when romanised.
FAMILY_FIRST_LANGUAGES = {"chinese", "korean", "japanese"}
ROMANISED_AUTHOR = "authorromanised"
"""Our field: the authors' names in the Latin alphabet, where the .bib writes them in another script
and a transliteration table would get them wrong (a Chinese name written in Cyrillic: `Фэн, Бовэй`
is `Feng, Bowei`, not the Russian reading `Fėn, Bovėĭ`). Same form and order as `author`."""
ROMANISED_NAMES = "_romanised-author"
"""The CSL item's private key for the romanised authors: read by the APA and Chicago input
(csl.py), never written to a CSL-JSON download (keys starting with "_" are ours)."""
_CYRILLIC = re.compile(r"[\u0400-\u04FF\u0500-\u052F]")


def has_cyrillic(text: str) -> bool:
    """Whether `text` holds a Cyrillic letter."""
    return bool(_CYRILLIC.search(text))


def non_latin_letter(text: str) -> str:
    """The first letter of `text` that is not in the Latin alphabet (with its diacritics), or ''."""
    for ch in text:
        if ch.isalpha() and not unicodedata.name(ch, "").startswith("LATIN"):
            return ch
    return ""


def parse_names(value: str) -> list[Name] | None:
    """A BibTeX name list (`Family, Given and …`) read as pybtex reads `author`; None if it is not one."""
    try:
        people = [pybtex.database.Person(part) for part in re.split(r"\s+and\s+", value.strip()) if part.strip()]
    except PybtexError:
        return None
    return [_name(p) for p in people] or None


PERSON_FIELDS = ("author", "editor", "translator")
VERBATIM_FIELDS = frozenset({"url", "doi", "eprint", "file"})


@dataclass(frozen=True)
class Name:
    """A person's name as the .bib writes it (family, given), or an organisation's."""

    family: str
    given: str = ""
    literal: bool = False
    """An organisation written in braces: `{Ministry of Foreign Affairs}`."""


@dataclass
class BibEntry:
    """One entry of bibliography.bib, decoded, with the line of every field."""

    key: str
    type: str
    """Lowercase entry type without '@'."""
    line: int
    fields: dict[str, str] = field(default_factory=dict)
    """Field values with LaTeX decoded and outer braces removed, in file order."""
    raw_fields: dict[str, str] = field(default_factory=dict)
    """Field values exactly as written (inside the outer delimiters)."""
    field_lines: dict[str, int] = field(default_factory=dict)
    persons: dict[str, list[Name]] = field(default_factory=dict)
    raw_persons: dict[str, str] = field(default_factory=dict)

    @property
    def language(self) -> str:
        return self.fields.get("langid", "").lower()

    @property
    def year(self) -> str:
        date = self.fields.get("date", "")
        return date[:4] if date else self.fields.get("year", "")

    def field_line(self, name: str) -> int:
        return self.field_lines.get(name, self.line)


@dataclass
class Chunk:
    """A piece of the .bib file: an entry, a comment block, or text between entries."""

    kind: str  # "entry" | "comment" | "string" | "preamble" | "text"
    text: str
    line: int
    entry_type: str = ""
    key: str = ""


@dataclass
class Bibliography:
    """bibliography.bib parsed: its entries by key, and every chunk of its text."""

    file: str
    entries: dict[str, BibEntry] = field(default_factory=dict)
    chunks: list[Chunk] = field(default_factory=list)

    def get(self, key: str) -> BibEntry | None:
        return self.entries.get(key)


def split_chunks(text: str) -> tuple[list[Chunk], list[tuple[int, str]]]:
    """Split BibTeX text into chunks; returns the chunks and (line, message) syntax problems."""
    chunks: list[Chunk] = []
    problems: list[tuple[int, str]] = []
    pos = 0
    line_starts = _line_index(text)
    while pos < len(text):
        match = _ENTRY_START.search(text, pos)
        if match is None:
            if text[pos:].strip():
                chunks.append(Chunk("text", text[pos:], _line_of(line_starts, pos)))
            break
        if match.start() > pos and text[pos : match.start()].strip():
            chunks.append(Chunk("text", text[pos : match.start()], _line_of(line_starts, pos)))
        start_line = _line_of(line_starts, match.start())
        entry_type = match.group(1).lower()
        opener = match.group(2)
        closer = "}" if opener == "{" else ")"
        end = _find_close(text, match.end(), closer)
        if end is None:
            # Unterminated: report and resync at the next line starting with '@'.
            problems.append(
                (start_line, f"entry @{entry_type} is not closed: a '{closer}' is missing (balance the braces)")
            )
            nxt = re.compile(r"^[ \t]*@", re.M).search(text, match.end())
            pos = nxt.start() if nxt else len(text)
            continue
        body = text[match.end() : end]
        chunk_text = text[match.start() : end + 1]
        kind = entry_type if entry_type in ("comment", "string", "preamble") else "entry"
        key = ""
        if kind == "entry":
            key_match = re.match(r"\s*([^,\s{}()=\"#]*)\s*(,|$)", body)
            key = key_match.group(1) if key_match else ""
        chunks.append(Chunk(kind, chunk_text, start_line, entry_type, key))
        pos = end + 1
    return chunks, problems


def _find_close(text: str, pos: int, closer: str) -> int | None:
    """Where the entry whose body starts at `pos` ends (its `closer`), or None when it does not
    close before a new entry starts on a line of its own."""
    in_quotes = False
    for i, ch, depth in brace_walk(text, pos):
        if ch == "}" and depth < 0:  # a `}` outside every brace group of the body
            return i if closer == "}" else None
        if ch == '"' and depth == 0:
            in_quotes = not in_quotes
        elif closer == ")" and ch == ")" and depth == 0 and not in_quotes:
            return i
        elif ch == "@" and depth == 0 and not in_quotes and text[i - 1 : i] == "\n":
            return None  # a new entry started before this one closed
    return None


def _line_index(text: str) -> list[int]:
    return [0] + [m.end() for m in re.finditer("\n", text)]


def _line_of(starts: list[int], pos: int) -> int:
    return bisect.bisect_right(starts, pos)


def parse_bibliography(raw: bytes, file: str) -> tuple[Bibliography, list[Problem]]:
    """Parse the .bib file; every entry that parses is kept, every one that does not is reported."""
    bib = Bibliography(file)
    problems: list[Problem] = []
    text, problem = decode_utf8(raw, file)
    if text is None:
        return bib, [problem] if problem else []
    text = _nfc(text.replace("\r\n", "\n"))  # one Unicode form: keys and values compare as they read
    chunks, syntax = split_chunks(text)
    bib.chunks = chunks
    problems.extend(Problem(file, line, "(syntax)", msg) for line, msg in syntax)
    seen: dict[str, BibEntry] = {}
    good: list[Chunk] = []
    for chunk in chunks:
        if chunk.kind == "string":
            problems.append(
                Problem(
                    file, chunk.line, "(syntax)", "@string macros are not supported (write the value out in each entry)"
                )
            )
            continue
        if chunk.kind != "entry":
            continue
        if not chunk.key:
            problems.append(
                Problem(
                    file,
                    chunk.line,
                    "(syntax)",
                    f"@{chunk.entry_type} entry has no key (write '@{chunk.entry_type}{{key,' on its first line)",
                )
            )
            continue
        folded = chunk.key.casefold()
        if folded in seen:
            first = seen[folded]
            same = "" if first.key == chunk.key else f" as '{first.key}'"
            problems.append(
                Problem(
                    file,
                    chunk.line,
                    chunk.key,
                    f"duplicate key: already used{same} at line {first.line}, "
                    "keys are compared ignoring case (rename or remove one)",
                )
            )
            continue
        seen[folded] = BibEntry(chunk.key, chunk.entry_type, chunk.line)
        good.append(chunk)
    parsed = _parse_chunks(good, file, problems)
    for chunk in good:
        entry = parsed.get(chunk.key)
        if entry is not None:
            bib.entries[chunk.key] = entry
    return bib, problems


def _parse_chunks(chunks: list[Chunk], file: str, problems: list[Problem]) -> dict[str, BibEntry]:
    if not chunks:
        return {}
    try:
        data = pybtex.database.parse_string("\n".join(c.text for c in chunks), "bibtex")
        return {c.key: _entry(c, data.entries[c.key]) for c in chunks if c.key in data.entries}
    except PybtexError:
        pass  # find the culprit(s) entry by entry
    out: dict[str, BibEntry] = {}
    for chunk in chunks:
        try:
            data = pybtex.database.parse_string(chunk.text, "bibtex")
        except PybtexError as exc:
            duplicate = re.search(r"has a duplicate (\S+) field", str(exc))
            lines = _field_lines(chunk, every=True).get(duplicate.group(1).lower(), []) if duplicate else []
            if duplicate and len(lines) > 1:
                problems.append(
                    Problem(
                        file,
                        lines[1],
                        chunk.key,
                        f"duplicate field '{duplicate.group(1).lower()}' (first at line {lines[0]}; keep one)",
                    )
                )
                continue
            message = str(exc).split(":", 1)[-1].strip() if "syntax error" in str(exc) else str(exc)
            problems.append(
                Problem(file, chunk.line, chunk.key, f"cannot parse entry: {message} (check commas, '=' and braces)")
            )
            continue
        if chunk.key in data.entries:
            out[chunk.key] = _entry(chunk, data.entries[chunk.key])
    return out


def _entry(chunk: Chunk, pyb: Any) -> BibEntry:
    entry = BibEntry(chunk.key, chunk.entry_type, chunk.line)
    lines = _field_lines(chunk)
    for name, value in pyb.fields.items():
        lname = name.lower()
        entry.raw_fields[lname] = value
        # URLs and identifiers are not LaTeX: `~` and `%` in them are themselves.
        entry.fields[lname] = _nfc(value.strip() if lname in VERBATIM_FIELDS else decode_latex(value))
        entry.field_lines[lname] = lines.get(lname, chunk.line)
    for role, people in pyb.persons.items():
        lrole = role.lower()
        entry.raw_persons[lrole] = " and ".join(str(p) for p in people)
        entry.persons[lrole] = [_name(p) for p in people]
        entry.field_lines[lrole] = lines.get(lrole, chunk.line)
    return entry


def _field_lines(chunk: Chunk, every: bool = False) -> dict[str, Any]:
    """Field name -> the line it starts on (with `every`, the list of lines it appears on)."""
    out: dict[str, Any] = {}
    for i, text_line in enumerate(chunk.text.split("\n")):
        match = re.match(r"\s*(?:@\w+\s*[{(][^,]*,\s*)?([A-Za-z][\w-]*)\s*=", text_line)
        if match:
            name = match.group(1).lower()
            if every:
                out.setdefault(name, []).append(chunk.line + i)
            else:
                out.setdefault(name, chunk.line + i)
    return out


def _name(person: Any) -> Name:
    last = " ".join(person.prelast_names + person.last_names)
    given = " ".join(person.first_names + person.middle_names)
    if not given and last.startswith("{") and last.endswith("}"):
        return Name(_nfc(decode_latex(last)), literal=True)
    return Name(_nfc(decode_latex(last)), _nfc(decode_latex(given)))


def _nfc(text: str) -> str:
    """One Unicode form for every value: «é» typed as e + U+0301 equals «é» typed at once."""
    return text if text.isascii() else unicodedata.normalize("NFC", text)


def decode_latex(value: str) -> str:
    r"""LaTeX escapes to Unicode (`{\"u}` -> ü, `\cyrchar\CYRA` -> А); case-protecting braces dropped."""
    value = decode_escapes(value)
    if "\\" in value or "--" in value or "~" in value:
        with contextlib.suppress(ValueError, UnicodeError):  # undecodable: biblint reports it
            # A bare % is a percent sign in a .bib value, not a LaTeX comment.
            value = codecs.decode(re.sub(r"(?<!\\)%", r"\\%", value), "ulatex")  # type: ignore[call-overload]
    return re.sub(r"(?<!\\)[{}]", "", value).strip()


def sort_key(text: str) -> tuple[int, str]:
    """GOST order: Cyrillic first, then Latin, then other scripts; alphabetical within each."""
    cleaned = text.lstrip("[«\"'“„(").casefold().replace("ё", "е")
    first = next((ch for ch in cleaned if ch.isalpha()), "")
    name = unicodedata.name(first, "") if first else ""
    group = 0 if name.startswith("CYRILLIC") else 1 if name.startswith("LATIN") else 2
    return group, cleaned
