r"""The canonical form of a .bib file (`briefgen bib format`; load/bibimport.py merges exports
into it in this form).

Canonical form:

* entries stay in the author's order; `@type{key,` with the type in lowercase;
* one field per line, indented two spaces, `name = {value},` (the last one has its comma too,
  so adding a field never touches another line), in a fixed order: FIELD_ORDER, then other
  fields alphabetically, then `verification`, `verificationnote`. Each value on one line
  (BibTeX reads a run of whitespace as one space);
* LaTeX escapes for characters (`{\"u}`, `\'e`, `{\cyrchar\CYRI}`, `\textquoteright`) are
  written as the characters themselves. Escapes LaTeX needs (`\&`, `\%`, `\_`, `\$`, `\#`),
  formatting commands (`\emph{…}`), case-protecting braces (`{DNA}`), `--` and `~` stay as
  written. `url`, `doi`, `eprint` and `file` are never decoded;
* page ranges are written with `--` (`28-46`, `28–46` and `28 -- 46` become `28--46`);
* one blank line between entries; comments (`% …` lines, `@comment{…}`, any text between
  entries) stay where they are. A comment written directly above or below an entry stays
  attached to it, otherwise it is separated by one blank line.

Formatting never changes what a field means: each field is compared before and after (decoded,
as the build reads it) and a field whose meaning would change is kept exactly as written. An
entry that this module cannot read field by field (`#` concatenation, a duplicate field) is kept
exactly as written. A file with syntax errors is not formatted at all, since its unreadable
parts could be lost.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from briefgen.base.errors import Problem
from briefgen.load.bibtex import (
    LATEX_COMMAND,
    BibEntry,
    Bibliography,
    Chunk,
    decode_latex,
    parse_bibliography,
)
from briefgen.load.latex import decode_escapes, matching_brace, scan, skip_spaces

FIELD_ORDER = (
    "author",
    "authorromanised",
    "editor",
    "translator",
    "title",
    "translatedtitle",
    "origtitle",
    "journaltitle",
    "journal",
    "booktitle",
    "organization",
    "institution",
    "publisher",
    "location",
    "date",
    "year",
    "volume",
    "number",
    "pages",
    "url",
    "urldate",
    "doi",
    "isbn",
    "langid",
    "nameorder",
    "note",
)
LAST_FIELDS = ("verification", "verificationnote")
VERBATIM_FIELDS = frozenset({"url", "doi", "eprint", "file", "pdf", "urlraw", "verba", "verbb", "verbc"})
"""Fields BibLaTeX reads verbatim: a `~`, `--` or `%` in them is a character, not LaTeX."""

# --- reading an entry field by field ---------------------------------------------------------


@dataclass
class RawField:
    """One field of an entry, as written."""

    name: str
    """Lowercase field name."""
    value: str
    """Inside the delimiters, exactly as written."""
    bare: bool = False
    """Written without braces or quotes: a number or a macro such as `dec`."""


@dataclass
class RawEntry:
    """An entry read field by field, as written."""

    type: str
    key: str
    fields: list[RawField] = field(default_factory=list)


_HEAD = re.compile(r"@\s*([A-Za-z]+)\s*([{(])\s*([^,\s{}()=\"#]*)\s*")
_NAME = re.compile(r"([^\s=,{}\"#%()]+)\s*=\s*")
_BARE = re.compile(r"[A-Za-z0-9_.:+/-]+")


def scan_entry(text: str) -> RawEntry | None:
    """The fields of one `@type{key, …}` chunk as written; None if it uses something this
    module does not rewrite (`#` concatenation, a comment inside the entry)."""
    head = _HEAD.match(text)
    if head is None:
        return None
    entry = RawEntry(head.group(1).lower(), head.group(3))
    closer = "}" if head.group(2) == "{" else ")"
    if not text.endswith(closer):
        return None
    body_end = len(text) - 1
    pos = head.end()
    if pos < body_end:
        if text[pos] != ",":
            return None
        pos += 1
    while True:
        pos = skip_spaces(text, pos)
        if pos >= body_end:
            break
        name = _NAME.match(text, pos)
        if name is None:
            return None
        pos = name.end()
        if text.startswith("{", pos):
            close = matching_brace(text, pos)
            if close is None or close >= body_end:
                return None
            value, bare, pos = text[pos + 1 : close], False, close + 1
        elif text.startswith('"', pos):
            close = _closing_quote(text, pos)
            if close is None or close >= body_end:
                return None
            value, bare, pos = text[pos + 1 : close], False, close + 1
        else:
            token = _BARE.match(text, pos)
            if token is None:
                return None
            value, bare, pos = token.group(0), True, token.end()
        entry.fields.append(RawField(name.group(1).lower(), value, bare))
        pos = skip_spaces(text, pos)
        if pos >= body_end:
            break
        if text[pos] != ",":
            return None
        pos += 1
    return entry


def _closing_quote(text: str, start: int) -> int | None:
    """The `"` closing the quoted value that opens at `start`."""
    return scan(text, start + 1, '"')


# --- canonical values and entries ------------------------------------------------------------

_PAGE_DASH = re.compile(r"\s*(?:---|--|—|–|-)\s*")
_PAGES = re.compile(
    r"[\dIVXLCivxlc]+(\s*(---|--|—|–|-)\s*[\dIVXLCivxlc]+)?"
    r"(\s*,\s*[\dIVXLCivxlc]+(\s*(---|--|—|–|-)\s*[\dIVXLCivxlc]+)?)*\Z"
)


def _collapse(value: str) -> str:
    r"""Runs of whitespace as one space, none at the ends (but `\ `, a control space, keeps its own)."""
    collapsed = re.sub(r"\s+", " ", value).strip()
    if re.search(r"(?<!\\)(\\\\)*\\\Z", collapsed) and value.rstrip() != value:
        collapsed += " "
    return collapsed


def canonical_value(name: str, value: str) -> str:
    """The value of field `name` in canonical form (inside the braces)."""
    value = _collapse(value)
    if name not in VERBATIM_FIELDS:
        value = decode_escapes(value)
    if name == "pages" and _PAGES.match(value):
        value = _PAGE_DASH.sub("--", value)
    return value


_UNESCAPED_PERCENT = re.compile(r"(?<!\\)%")


def _meaning(name: str, value: str) -> str:
    """What a value says, for checking a rewrite: as the build decodes it (bib.decode_latex),
    except that a bare `%` is a percent sign, as BibTeX reads it, not a LaTeX comment."""
    if name in VERBATIM_FIELDS:
        return _collapse(value)
    decoded = _collapse(decode_latex(_UNESCAPED_PERCENT.sub(r"\\%", value)))
    return _PAGE_DASH.sub("–", decoded) if name == "pages" else decoded


def _safe_value(name: str, raw: str) -> str:
    r"""The canonical value, or the value as written if the rewrite would change its meaning.

    A value the build cannot decode now (a LaTeX command survives bib.decode_latex, e.g.
    `\cyrchar\CYRA`) is rewritten: that is the point of formatting it."""
    new = canonical_value(name, raw)
    if new == raw:
        return new
    before = _meaning(name, raw)
    if _meaning(name, new) == before or LATEX_COMMAND.search(before):
        return new
    return _collapse(raw)


def field_rank(name: str) -> tuple[int, int, str]:
    """Where a field goes in canonical order: FIELD_ORDER, then the rest alphabetically, then LAST_FIELDS."""
    if name in LAST_FIELDS:
        return 2, LAST_FIELDS.index(name), name
    if name in FIELD_ORDER:
        return 0, FIELD_ORDER.index(name), name
    return 1, 0, name


def render_entry(entry: RawEntry) -> str:
    """An entry in canonical form: one field per line, in canonical order."""
    lines = [f"@{entry.type}{{{entry.key},"]
    fields = sorted(entry.fields, key=lambda f: field_rank(f.name))
    for raw in fields:
        value = raw.value if raw.bare and not raw.value.isdigit() else f"{{{raw.value}}}"
        lines.append(f"  {raw.name} = {value},")
    lines.append("}")
    return "\n".join(lines)


def canonical_entry(chunk: Chunk, parsed: BibEntry | None) -> tuple[str, list[str]] | None:
    """The entry in canonical form, and why it differs from `chunk` (empty if it does not);
    None if the entry cannot be read field by field."""
    raw = scan_entry(chunk.text)
    if raw is None or parsed is None or not _same_field_names(raw, parsed):
        return None
    canonical = RawEntry(raw.type, raw.key)
    decoded: list[str] = []
    for f in raw.fields:
        value = f.value if f.bare else _safe_value(f.name, f.value)
        if not f.bare and _collapse(f.value) != value:
            decoded.append(f.name)
        canonical.fields.append(RawField(f.name, value, f.bare))
    text = render_entry(canonical)
    if text == chunk.text:
        return text, []
    reasons = []
    if [f.name for f in raw.fields] != sorted((f.name for f in raw.fields), key=field_rank):
        reasons.append("field order")
    if decoded:
        reasons.append("values rewritten in " + ", ".join(decoded))
    if not reasons:
        reasons.append("layout (indentation, spacing, delimiters or commas)")
    return text, reasons


def _same_field_names(raw: RawEntry, parsed: BibEntry) -> bool:
    names = [f.name for f in raw.fields]
    return len(set(names)) == len(names) and set(names) == set(parsed.fields) | set(parsed.persons)


# --- the whole file --------------------------------------------------------------------------


@dataclass
class Change:
    """An entry whose text changes, and why."""

    line: int
    key: str
    reasons: list[str]


@dataclass
class FormatResult:
    """A .bib file in canonical form, what changed and what could not be formatted."""

    text: str
    changes: list[Change]
    """Entries whose text changes (and one with key "(layout)" for changes between entries)."""
    problems: list[Problem]
    """Why the file could not be formatted; `text` is then the input unchanged."""
    kept: list[Change] = field(default_factory=list)
    """Entries kept exactly as written because they could not be read field by field."""


def _newlines(whitespace: str) -> str:
    count = whitespace.count("\n")
    return " " if count == 0 else "\n" if count == 1 else "\n\n"


def _format_text_chunk(text: str) -> str:
    lines = [line.rstrip() for line in text.strip().split("\n")]
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out)


def format_bibliography(raw: bytes, file: str) -> FormatResult:
    """A whole .bib file in canonical form (UTF-8, no byte order mark, LF line ends)."""
    bib, problems = parse_bibliography(raw, file)
    if problems:
        return FormatResult(raw.decode("utf-8", errors="replace"), [], problems)
    text = raw.removeprefix(b"\xef\xbb\xbf").decode("utf-8")
    result = _format_parsed(text.replace("\r\n", "\n"), bib)
    if result.text.encode("utf-8") != raw and not result.changes:
        result.changes.append(Change(0, "(layout)", ["byte order mark or CRLF line ends"]))
    return result


def _format_parsed(text: str, bib: Bibliography) -> FormatResult:
    parts: list[str] = []
    changes: list[Change] = []
    kept: list[Change] = []
    previous_kind = ""
    rebuilt = text  # the input with only the entries rewritten: tells layout changes apart
    for chunk in bib.chunks:
        if chunk.kind == "text":
            body = _format_text_chunk(chunk.text)
            lead = chunk.text[: len(chunk.text) - len(chunk.text.lstrip())]
            separator = _newlines(lead) if previous_kind == "entry" else "\n\n"
            trail = chunk.text[len(chunk.text.rstrip()) :]
            parts.append((separator if parts else "") + body)
            previous_kind = "text-" + ("attached" if trail.count("\n") < 2 else "apart")
            continue
        if chunk.kind == "entry":
            canonical = canonical_entry(chunk, bib.entries.get(chunk.key))
            if canonical is None:
                entry_text = chunk.text
                kept.append(Change(chunk.line, chunk.key, ["kept as written: it cannot be read field by field"]))
            else:
                entry_text, reasons = canonical
                if reasons:
                    changes.append(Change(chunk.line, chunk.key, reasons))
                    rebuilt = rebuilt.replace(chunk.text, entry_text, 1)
        else:  # @comment, @preamble: exactly as written
            entry_text = chunk.text
        separator = "\n" if previous_kind == "text-attached" else "\n\n"
        parts.append((separator if parts else "") + entry_text)
        previous_kind = "entry"
    new_text = "".join(parts) + "\n" if parts else ""
    if new_text != rebuilt:
        changes.append(Change(0, "(layout)", ["blank lines, comments' spacing or the end of the file"]))
    if new_text != text:
        _verify(bib, new_text)
    return FormatResult(new_text, changes, [], kept)


class FormatError(RuntimeError):
    """The formatted text would not mean the same as the input: a bug, nothing is written."""


def _verify(before: Bibliography, text: str) -> None:
    """Parse the formatted text again: same entries, in the same order, every field the same."""
    after, problems = parse_bibliography(text.encode("utf-8"), before.file)

    def fail(what: str) -> FormatError:
        return FormatError(f"formatting {before.file} would {what} (please report this)")

    if problems:
        raise fail(f"break it: {problems[0]}")
    if list(after.entries) != list(before.entries):
        raise fail("change its entries")
    for key, old in before.entries.items():
        new = after.entries[key]
        if new.type != old.type:
            raise fail(f"change the type of '{key}'")
        for name in set(old.raw_fields) | set(new.raw_fields):
            if name not in old.raw_fields or name not in new.raw_fields:
                raise fail(f"lose field '{name}' of '{key}'")
            a, b = _meaning(name, old.raw_fields[name]), _meaning(name, new.raw_fields[name])
            if a != b and not LATEX_COMMAND.search(a):
                raise fail(f"change field '{name}' of '{key}'")
        for role in set(old.persons) | set(new.persons):
            if role not in old.persons or role not in new.persons:
                raise fail(f"lose '{role}' of '{key}'")
            if old.persons[role] != new.persons[role] and not LATEX_COMMAND.search(old.raw_persons[role]):
                raise fail(f"change '{role}' of '{key}'")
