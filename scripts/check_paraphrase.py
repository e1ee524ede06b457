#!/usr/bin/env python3
"""Check that the brief's prose is in its own words: no run of 8 or more words shared with a source.

    .venv/bin/python scripts/check_paraphrase.py SOURCE.txt [SOURCE.txt ...] [--words N] [--project DIR]

SOURCE.txt are plain-text copies of the summarised documents (they are not part of the project,
so this is a check for whoever writes the brief, not a test). Every run found is printed as
`file:line: field: shares N words with SOURCE: "…" (…)`; the exit status is 1 if there is any.
Phrases quoted in «…», titles, names, citations and links are not compared (briefgen.check.paraphrase).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from briefgen.base.project import Project
from briefgen.check.paraphrase import DEFAULT_MIN_WORDS, check_project


def main(argv: list[str] | None = None) -> int:
    """Run the check; the exit status is 1 when a shared run is found."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sources", nargs="+", type=Path, help="plain-text copies of the summarised documents")
    parser.add_argument("--words", type=int, default=DEFAULT_MIN_WORDS, help="shortest shared run to report")
    parser.add_argument("--project", type=Path, default=None, help="the brief (default: the current folder's)")
    args = parser.parse_args(argv)
    missing = [str(p) for p in args.sources if not p.is_file()]
    if missing:
        print(f"no such source file: {', '.join(missing)}", file=sys.stderr)
        return 2
    project = Project.find(args.project)
    runs = check_project(project, args.sources, args.words)
    for run in runs:
        print(run)
    print(
        f"{len(runs)} run{'s' if len(runs) != 1 else ''} of {args.words}+ words shared with the sources"
        if runs
        else f"no run of {args.words} or more words is shared with the sources",
        file=sys.stderr,
    )
    return 1 if runs else 0


if __name__ == "__main__":
    sys.exit(main())
