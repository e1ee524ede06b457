"""`briefgen bib import`: merging an export (Zotero, Better BibTeX, JabRef) into bibliography.bib,
all or nothing, in canonical form, with the language spellings of reference managers mapped to
BibLaTeX's langid."""

from __future__ import annotations

from dataclasses import dataclass, field

from briefgen.base.errors import Problem
from briefgen.base.languages import langid_for
from briefgen.load.bibformat import (
    FormatError,
    RawEntry,
    RawField,
    _safe_value,
    _same_field_names,
    render_entry,
    scan_entry,
)
from briefgen.load.bibtex import (
    has_cyrillic,
    parse_bibliography,
)

DROPPED_ON_IMPORT = ("file",)
"""Zotero's `file` field holds local attachment paths; bibliography.bib is published."""


@dataclass
class ImportResult:
    """What merging an export made, and what it reports."""

    text: str
    """The merged bibliography (the target unchanged if anything was reported)."""
    imported: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    dropped: dict[str, list[str]] = field(default_factory=dict)
    """Key -> fields left out (local attachment paths)."""
    skipped_chunks: int = 0
    """@comment, @preamble and text in the export, which are not imported."""
    languages: dict[str, str] = field(default_factory=dict)
    """Key -> how its language was rewritten (`language = {ru} -> langid = {russian}`)."""
    unlabelled: list[str] = field(default_factory=list)
    """Keys of entries with a Cyrillic title and no language: `bib check` asks for a langid."""


def _map_language(entry: RawEntry) -> str:
    """`langid` as BibLaTeX names the language, from the spellings of Zotero (`language = {ru}`),
    Better BibTeX (`langid = {russian}`), JabRef and others. Returns what changed, or ''."""
    by_name = {f.name: f for f in entry.fields}
    langid, language = by_name.get("langid"), by_name.get("language")
    if langid is not None:
        mapped = langid_for(langid.value)
        if mapped and mapped != langid.value:
            note = f"langid = {{{langid.value}}} -> langid = {{{mapped}}}"
            langid.value = mapped
            return note
        return ""
    if language is not None:
        mapped = langid_for(language.value)
        if mapped:
            note = f"language = {{{language.value}}} -> langid = {{{mapped}}}"
            language.name, language.value = "langid", mapped
            return note
    return ""


def import_bibliography(  # long: all or nothing: every check before the one merge, in order
    target_text: str, target_file: str, source: bytes, source_file: str
) -> ImportResult:
    """Merge the entries of `source` (a Zotero/Better BibTeX or other .bib export) into
    `target_text`, all or nothing: if any key clashes (ignoring case) or either file has
    errors, nothing is imported and every problem is reported.

    Imported entries are appended in canonical form, LaTeX decoded, with
    `verification = {unverified}` unless they say otherwise."""
    target, target_problems = parse_bibliography(target_text.encode("utf-8"), target_file)
    if target_problems:
        return ImportResult(target_text, problems=target_problems)
    incoming, problems = parse_bibliography(source, source_file)
    if problems:
        return ImportResult(target_text, problems=problems)
    existing = {key.casefold(): entry for key, entry in target.entries.items()}
    clashes = [
        Problem(
            source_file,
            entry.line,
            key,
            f"already in {target_file} at line {existing[key.casefold()].line}"
            f" (rename it in {source_file} or remove it)",
        )
        for key, entry in incoming.entries.items()
        if key.casefold() in existing
    ]
    if clashes:
        return ImportResult(target_text, problems=clashes)
    result = ImportResult(target_text)
    blocks: list[str] = []
    for chunk in incoming.chunks:
        if chunk.kind != "entry":
            result.skipped_chunks += 1
            continue
        parsed = incoming.entries[chunk.key]
        raw = scan_entry(chunk.text)
        if raw is None or not _same_field_names(raw, parsed):
            result.problems.append(
                Problem(
                    source_file,
                    chunk.line,
                    chunk.key,
                    "cannot read this entry field by field ('#' concatenation or a macro other than a month)"
                    " (write each value out in braces)",
                )
            )
            continue
        canonical = RawEntry(raw.type, raw.key)
        for f in raw.fields:
            if f.name in DROPPED_ON_IMPORT:
                result.dropped.setdefault(chunk.key, []).append(f.name)
                continue
            canonical.fields.append(RawField(f.name, f.value if f.bare else _safe_value(f.name, f.value), f.bare))
        note = _map_language(canonical)
        if note:
            result.languages[chunk.key] = note
        elif not any(f.name in ("langid", "language") for f in canonical.fields) and has_cyrillic(
            parsed.fields.get("title", "")
        ):
            result.unlabelled.append(chunk.key)
        if not any(f.name == "verification" for f in canonical.fields):
            canonical.fields.append(RawField("verification", "unverified"))
        blocks.append(render_entry(canonical))
        result.imported.append(chunk.key)
    if result.problems:
        result.imported = []
        return result
    if not blocks:
        return result
    head = target_text.rstrip()
    merged = (head + "\n\n" if head else "") + "\n\n".join(blocks) + "\n"
    merged_bib, merged_problems = parse_bibliography(merged.encode("utf-8"), target_file)
    if merged_problems or set(merged_bib.entries) != set(target.entries) | set(result.imported):
        raise FormatError(f"importing {source_file} would break {target_file} (please report this)")
    result.text = merged
    return result
