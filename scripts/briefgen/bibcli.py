"""`briefgen bib …`: keep bibliography.bib healthy."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from .errors import BriefError, Problem
from .project import Project


def _bib_problems(project: Project) -> list[Problem]:
    from .context import build_context

    bib_file = project.rel(project.bibliography)
    try:
        problems = build_context(project).warnings
    except BriefError as exc:
        problems = exc.problems
    return [p for p in problems if p.file == bib_file or f"in {bib_file}" in p.message]


def cmd_bib_check(args: argparse.Namespace) -> int:
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


def register(sub: Any) -> None:
    bib = sub.add_parser("bib", help="check the bibliography").add_subparsers(dest="bib_command", required=True)
    bib.add_parser("check", help="lint bibliography.bib and the citations that use it").set_defaults(func=cmd_bib_check)
