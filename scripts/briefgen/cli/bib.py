"""`briefgen bib …`: keep bibliography.bib healthy."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from briefgen.base.errors import BriefError, Problem
from briefgen.base.project import Project


def _bib_problems(project: Project) -> list[Problem]:
    from briefgen.check.run import build_context

    bib_file = project.rel(project.bibliography)
    try:
        problems = build_context(project).warnings
    except BriefError as exc:
        problems = exc.problems
    return [p for p in problems if p.file == bib_file or f"in {bib_file}" in p.message]


def cmd_bib_check(args: argparse.Namespace) -> int:
    """`briefgen bib check`: the problems of bibliography.bib and of the citations that use it."""
    project = Project.find(args.project)
    problems = _bib_problems(project)
    for problem in problems:
        print(problem, file=sys.stderr)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        print(f"{len(errors)} error(s), {len(problems) - len(errors)} warning(s)", file=sys.stderr)
        return 1
    print("bibliography is valid")
    return 0


def _target(args: argparse.Namespace, project: Project) -> tuple[Path, str]:
    path = Path(args.file) if getattr(args, "file", None) else project.bibliography
    return path, project.rel(path)


def cmd_bib_format(args: argparse.Namespace) -> int:
    """Rewrite the .bib file in canonical form; with --check, only say which entries would change."""
    from briefgen.load.bibformat import FormatError, format_bibliography
    from briefgen.publish.writer import write_user_file

    project = Project.find(args.project)
    path, rel = _target(args, project)
    if not path.exists():
        print(f"{rel}:0: (file): no such file (create it, or pass the .bib file to format)", file=sys.stderr)
        return 1
    raw = path.read_bytes()
    try:
        result = format_bibliography(raw, rel)
    except FormatError as exc:
        print(f"{rel}:0: (file): {exc}", file=sys.stderr)
        return 1
    if result.problems:
        for problem in result.problems:
            print(problem, file=sys.stderr)
        print(
            f"{rel} was not formatted: fix the {len(result.problems)} error(s) above first "
            "(a file that does not parse could lose text)",
            file=sys.stderr,
        )
        return 1
    for kept in result.kept:
        print(f"{rel}:{kept.line}: {kept.key}: warning: {kept.reasons[0]}", file=sys.stderr)
    new = result.text.encode("utf-8")
    if new == raw:
        print(f"{rel} is formatted")
        return 0
    entries = sum(1 for c in result.changes if c.line)
    if args.check:
        for change in result.changes:
            print(
                f"{rel}:{change.line}: {change.key}: would be reformatted: {'; '.join(change.reasons)} "
                "(run `briefgen bib format`)",
                file=sys.stderr,
            )
        print(f"{rel} is not formatted: {entries} entr{'y' if entries == 1 else 'ies'} would change", file=sys.stderr)
        return 1
    write_user_file(path, new)
    print(f"formatted {rel}: {entries} entr{'y' if entries == 1 else 'ies'} changed")
    return 0


def cmd_bib_import(args: argparse.Namespace) -> int:
    """Merge a Zotero/Better BibTeX export into bibliography.bib; all or nothing."""
    from briefgen.load.bibformat import FormatError
    from briefgen.load.bibimport import import_bibliography
    from briefgen.publish.writer import write_user_file

    project = Project.find(args.project)
    source = Path(args.source)
    target, rel = _target(args, project)
    source_rel = project.rel(source)
    if not source.exists():
        print(f"{source_rel}:0: (file): no such file (export the collection as .bib first)", file=sys.stderr)
        return 1
    current = target.read_bytes() if target.exists() else b""
    try:
        text = current.removeprefix(b"\xef\xbb\xbf").decode("utf-8")
    except UnicodeDecodeError:
        text = None
    if text is None:
        print(f"{rel}:0: (file): file is not UTF-8 (save it as UTF-8, or run `briefgen bib check`)", file=sys.stderr)
        return 1
    try:
        result = import_bibliography(text.replace("\r\n", "\n"), rel, source.read_bytes(), source_rel)
    except FormatError as exc:
        print(f"{rel}:0: (file): {exc}", file=sys.stderr)
        return 1
    if result.problems:
        for problem in result.problems:
            print(problem, file=sys.stderr)
        print(f"nothing was imported; {rel} is unchanged", file=sys.stderr)
        return 1
    if not result.imported:
        print(f"{source_rel} has no entries; {rel} is unchanged")
        return 0
    for key, fields in result.dropped.items():
        print(f"{key}: left out {', '.join(fields)} (local attachment paths are not published)")
    for key, note in result.languages.items():
        print(f"{key}: {note}")
    for key in result.unlabelled:
        print(
            f"{key}: the title is in Cyrillic but no language is given: add langid = {{russian}} "
            "(or the language the work is in) before `briefgen bib check`"
        )
    if result.skipped_chunks:
        print(f"{result.skipped_chunks} comment(s) or @preamble/@comment block(s) in {source_rel} were not imported")
    if args.dry_run:
        print(
            f"would import {len(result.imported)} entr{'y' if len(result.imported) == 1 else 'ies'} "
            f"into {rel}: {', '.join(result.imported)}"
        )
        return 0
    write_user_file(target, result.text.encode("utf-8"))
    print(
        f"imported {len(result.imported)} entr{'y' if len(result.imported) == 1 else 'ies'} into {rel}: "
        f"{', '.join(result.imported)}; run `briefgen bib check`, then verify them"
    )
    return 0


def register(sub: Any) -> None:
    """Add `briefgen bib check|format|import` to the command's subparsers."""
    bib = sub.add_parser("bib", help="check, format and import the bibliography").add_subparsers(
        dest="bib_command", required=True
    )
    bib.add_parser("check", help="lint bibliography.bib and the citations that use it").set_defaults(func=cmd_bib_check)
    fmt = bib.add_parser(
        "format", help="rewrite bibliography.bib in canonical form (UTF-8, fixed field order, comments kept)"
    )
    fmt.add_argument(
        "--check", action="store_true", help="write nothing; list the entries that would change and exit 1 if any would"
    )
    fmt.add_argument("file", nargs="?", default=None, help="the .bib file (default: the project's bibliography.bib)")
    fmt.set_defaults(func=cmd_bib_format)
    imp = bib.add_parser(
        "import",
        help="merge a Zotero/Better BibTeX .bib export into bibliography.bib (all or nothing)",
        description="Append the export's entries to bibliography.bib in canonical form, LaTeX decoded, marked "
        "verification = {unverified} unless they say otherwise; Zotero's 'file' field (local paths) "
        "is left out. A key already in the bibliography (ignoring case) is reported and nothing is "
        "imported.",
    )
    imp.add_argument("source", metavar="FILE", help="the .bib export to merge")
    imp.add_argument(
        "--into",
        dest="file",
        metavar="BIB",
        default=None,
        help="the bibliography to merge into (default: the project's bibliography.bib)",
    )
    imp.add_argument("--dry-run", action="store_true", help="report what would be imported; write nothing")
    imp.set_defaults(func=cmd_bib_import)
