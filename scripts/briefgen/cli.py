"""The `briefgen` command."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from .errors import BriefError, Problem
from .project import Project


def _print_problems(problems: Sequence[Problem]) -> None:
    for problem in problems:
        print(problem, file=sys.stderr)
    errors = sum(1 for p in problems if p.severity == "error")
    warnings = len(problems) - errors
    if problems:
        print(f"{errors} error(s), {warnings} warning(s)", file=sys.stderr)


def cmd_check(args: argparse.Namespace) -> int:
    from .build import check

    project = Project.find(args.project)
    try:
        warnings = check(project)
    except BriefError as exc:
        _print_problems(exc.problems)
        return 1
    _print_problems(warnings)
    print("brief is valid")
    return 0


def cmd_build(args: argparse.Namespace) -> int:
    from .build import BuildFailed, build

    project = Project.find(args.project)
    try:
        build(project, pdf=not args.no_pdf)
    except BriefError as exc:
        _print_problems(exc.problems)
        print("nothing was written; site/ is unchanged", file=sys.stderr)
        return 1
    except BuildFailed as exc:
        print(f"error: {exc}", file=sys.stderr)
        print("site/ is unchanged", file=sys.stderr)
        return 1
    print(f"built {project.rel(project.site_dir)}/")
    return 0


def cmd_release(args: argparse.Namespace) -> int:
    from .build import release

    project = Project.find(args.project)
    try:
        version, added = release(project)
    except BriefError as exc:
        _print_problems(exc.problems)
        return 1
    print(f"{project.rel(project.released)}: {added} URL(s) of version {version} added; commit it with the content")
    return 0


def cmd_pdf(args: argparse.Namespace) -> int:
    """The PDF of the whole brief, or of one page, from the built site/."""
    from .build import BuildFailed
    from .generate import generate
    from .pdf import build_page_pdf, build_pdf

    project = Project.find(args.project)
    if not project.site_dir.is_dir():
        print("error: site/ is not built (run `briefgen build` first)", file=sys.stderr)
        return 1
    try:
        generated = generate(project, pdf=not args.page)
        if args.page:
            out = Path(args.output or Path(args.page).stem + ".pdf")
            build_page_pdf(project, generated, project.site_dir, args.page, out)
            print(f"wrote {out}")
        else:
            build_pdf(project, generated, project.site_dir)
            print("wrote site/brief/brief.pdf")
    except BriefError as exc:
        _print_problems(exc.problems)
        return 1
    except BuildFailed as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


def cmd_new(args: argparse.Namespace) -> int:
    from .scaffold import scaffold

    target = Path(args.directory)
    try:
        written = scaffold(target)
    except FileExistsError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"created a new brief in {target} ({len(written)} files); next: cd {target} && briefgen build")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="briefgen", description=__doc__)
    parser.add_argument("-C", "--project", type=Path, default=None, help="project folder (default: the current one)")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("check", help="validate content and bibliography (fast; writes nothing)").set_defaults(
        func=cmd_check
    )
    b = sub.add_parser("build", help="check, generate, build the site and PDF, publish to site/")
    b.add_argument("--no-pdf", action="store_true", help="skip the PDF")
    b.set_defaults(func=cmd_build)
    r = sub.add_parser("release", help="record every page and anchor URL of this version in content/released.txt")
    r.set_defaults(func=cmd_release)
    p = sub.add_parser("pdf", help="the PDF of the brief (or of one page, --page) from the built site/")
    p.add_argument("--page", help="one page, e.g. brief/feng/background.md")
    p.add_argument("-o", "--output", help="where to write a single page's PDF")
    p.set_defaults(func=cmd_pdf)
    n = sub.add_parser("new", help="create a new, valid brief in DIRECTORY")
    n.add_argument("directory")
    n.set_defaults(func=cmd_new)
    from .bibcli import register as register_bib

    register_bib(sub)
    args = parser.parse_args(argv)
    return int(args.func(args))


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
