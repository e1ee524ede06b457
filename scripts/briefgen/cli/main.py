"""The `briefgen` command: arguments in, messages out.

The commands import what they run when they run it, so that `briefgen check` starts without
loading MkDocs, WeasyPrint or the renderers (ruff's PLC0415 is allowed in this folder for that).
"""

from __future__ import annotations

import argparse
import shlex
import shutil
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from briefgen.base import routes
from briefgen.base.errors import BriefError, BuildFailed, Problem
from briefgen.base.project import Project

if TYPE_CHECKING:
    from briefgen.pipeline.build import Built

ENGINES = ("mkdocs", "properdocs", "zensical")
"""The engines a brief builds with (engine/siteconfig.py), the default first; kept here so that the
command starts without importing them."""
SERVE_URL = "http://127.0.0.1:8000/"
"""Where `mkdocs serve` and the static server below listen by default."""


def _print_problems(problems: Sequence[Problem]) -> None:
    for problem in problems:
        print(problem, file=sys.stderr)
    errors = sum(1 for p in problems if p.severity == "error")
    warnings = len(problems) - errors
    if problems:
        print(f"{errors} error(s), {warnings} warning(s)", file=sys.stderr)


def cmd_check(args: argparse.Namespace) -> int:
    """`briefgen check`: validate, print every problem, write nothing."""
    from briefgen.pipeline.build import check

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
    """`briefgen build`: build and publish, or say why not and leave site/ as it was."""
    from briefgen.pipeline.build import build

    project = Project.find(args.project)
    try:
        built = build(project, pdf=not args.no_pdf, engine=args.engine)
    except BriefError as exc:
        _print_problems(exc.problems)
        print("nothing was written; site/ is unchanged", file=sys.stderr)
        return 1
    except BuildFailed as exc:
        _print_problems(exc.problems)
        if not exc.problems:
            print(f"error: {exc}", file=sys.stderr)
        for line in exc.unlocated if exc.problems else ():
            print(f"error: {line}", file=sys.stderr)
        print("site/ is unchanged", file=sys.stderr)
        return 1
    print(build_summary(project, built))
    return 0


def cmd_rollback(args: argparse.Namespace) -> int:
    """`briefgen rollback`: serve the previous build again."""
    from briefgen.publish.writer import build_lock, rollback

    project = Project.find(args.project)
    try:
        with build_lock(project.state_dir):
            rollback(project.site_dir, project.state_dir)
    except FileNotFoundError as exc:
        print(f"error: {exc} (a build keeps the one it replaced)", file=sys.stderr)
        return 1
    print(f"{project.rel(project.site_dir)}/ serves the previous build again (`briefgen rollback` once more undoes it)")
    return 0


def tool(name: str) -> str:
    """How to run one of this installation's commands (`briefgen`, `mkdocs`) from the current
    folder, as the reader can paste it: the bare name when the shell finds this very program,
    else its path (relative when it is below the current folder)."""
    path = Path(sys.executable).parent / name
    if not path.exists():
        return f"{shlex.quote(sys.executable)} -m {name}"
    found = shutil.which(name)
    if found and Path(found).resolve() == path.resolve():
        return name
    return shlex.quote(shown_path(path))


def shown_path(path: Path) -> str:
    """`path` relative to the current folder when it is below it, else absolute."""
    absolute = path if path.is_absolute() else Path.cwd() / path
    try:
        return absolute.relative_to(Path.cwd()).as_posix() or "."
    except ValueError:
        return absolute.as_posix()


def build_summary(project: Project, built: Built) -> str:
    """What `briefgen build` made, where it is, and how to open and serve it."""
    site = project.site_dir
    where = shown_path(site)
    lines = [
        f"built {where}/ (version {built.version}): {built.pages} pages, {built.claims} claims, {built.works} works",
        f"  open      {shlex.quote(shown_path(site / routes.page_url(routes.HOME)))}  "
        "(in a browser; works from a folder, search too)",
    ]
    if built.pdf:
        size = (site / built.pdf).stat().st_size
        pdf = shlex.quote(shown_path(site / built.pdf))
        lines.append(f"  PDF       {pdf}  ({built.pdf_pages} pages, {size / 1e6:.1f} MB)")
    if built.pack:
        size = (site / built.pack).stat().st_size
        pack = shlex.quote(shown_path(site / built.pack))
        lines.append(f"  pack      {pack}  ({size / 1e6:.1f} MB zip: site, PDF, bibliography)")
    lines.append(
        f"  version   {shlex.quote(shown_path(site / 'v' / built.version))}/  (what citations point at: "
        "keep it when you publish the next version)"
    )
    lines.append(f"serve it:   python3 -m http.server -d {shlex.quote(where)} 8000   then {SERVE_URL}")
    lines.append(f"preview while editing:   {serve_command(project, built.engine)}   then {SERVE_URL}")
    return "\n".join(lines)


def serve_command(project: Project, engine: str = ENGINES[0]) -> str:
    """`briefgen serve` for this project (and engine), runnable from the current folder."""
    here = Path.cwd().resolve() == project.root.resolve()
    where = "" if here else f" -C {shlex.quote(shown_path(project.root))}"
    return f"{tool('briefgen')}{where} serve" + ("" if engine == ENGINES[0] else f" --engine {engine}")


def cmd_serve(args: argparse.Namespace) -> int:
    """`briefgen serve`: a live preview with the chosen engine."""
    from briefgen.engine.serve import serve

    project = Project.find(args.project)
    return serve(project, args.engine, args.dev_addr, lambda message: print(message, file=sys.stderr))


def cmd_release(args: argparse.Namespace) -> int:
    """`briefgen release`: record this version's URLs in content/released.txt and its claims in
    content/released/."""
    from briefgen.pipeline.build import release

    project = Project.find(args.project)
    try:
        done = release(project)
    except BriefError as exc:
        _print_problems(exc.problems)
        return 1
    print(
        f"{project.rel(project.released)}: {done.added} URL(s) of version {done.version} added; "
        f"{project.rel(project.snapshot(done.version))}: its {done.claims} claim(s)"
    )
    changed = ", ".join(done.written) or "nothing (already recorded)"
    print(f"written: {changed}; commit with the content")
    return 0


def cmd_pdf(args: argparse.Namespace) -> int:
    """The PDF of the whole brief, or of one page, from the built site/."""
    from briefgen.publish.pdf import build_page_pdf, build_pdf
    from briefgen.publish.writer import write_under, write_user_file
    from briefgen.render.generate import generate

    project = Project.find(args.project)
    if not project.site_dir.is_dir():
        print("error: site/ is not built (run `briefgen build` first)", file=sys.stderr)
        return 1
    try:
        generated = generate(project, pdf=not args.page)
        if args.page:
            out = Path(args.output or Path(args.page).stem + ".pdf")
            rendered = build_page_pdf(project, generated, project.site_dir, args.page, out.name)
        else:
            # Without -o the PDF is the site's own; with it, the site is left as it is.
            out = Path(args.output) if args.output else project.site_dir / routes.PDF
            rendered = build_pdf(project, generated, project.site_dir)
        if args.output or args.page:
            write_user_file(out, rendered.data)
        else:
            write_under(project.site_dir, routes.PDF, rendered.data)
        print(f"wrote {shown_path(out)} ({rendered.pages} pages)")
    except BriefError as exc:
        _print_problems(exc.problems)
        return 1
    except BuildFailed as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


def cmd_new(args: argparse.Namespace) -> int:
    """`briefgen new DIR`: a new brief that builds as it is."""
    from briefgen.pipeline.scaffold import scaffold

    target = Path(args.directory)
    try:
        written = scaffold(target)
    except FileExistsError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(new_brief_hints(Project(target.resolve()), len(written)))
    return 0


def new_brief_hints(project: Project, files: int) -> str:
    """What to run next in a new brief, as commands that work pasted from the current folder."""
    folder = shlex.quote(shown_path(project.root))
    briefgen = f"{tool('briefgen')} -C {folder}"
    return "\n".join(
        [
            f"created a new brief in {shown_path(project.root)}/ ({files} files). Next, from here:",
            f"  {briefgen} check         # validate it (fast; writes nothing)",
            f"  {briefgen} build         # build {shown_path(project.site_dir)}/ with its PDF",
            f"  {serve_command(project)}   # preview at {SERVE_URL}, rebuilt as you edit",
            "Put it under version control as it is: its .gitignore leaves out what builds make.",
        ]
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Run the `briefgen` command; returns its exit status."""
    parser = argparse.ArgumentParser(prog="briefgen", description=__doc__)
    parser.add_argument("-C", "--project", type=Path, default=None, help="project folder (default: the current one)")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("check", help="validate content and bibliography (fast; writes nothing)").set_defaults(
        func=cmd_check
    )
    b = sub.add_parser("build", help="check, generate, build the site and PDF, publish to site/")
    b.add_argument("--no-pdf", action="store_true", help="skip the PDF")
    b.add_argument(
        "--engine",
        choices=ENGINES,
        default=ENGINES[0],
        help="what applies the theme and makes the search index (default: mkdocs; the others are optional extras)",
    )
    b.set_defaults(func=cmd_build)
    s = sub.add_parser("serve", help="live preview: rebuilt as you edit content/, bibliography.bib or docs/")
    s.add_argument("--engine", choices=ENGINES, default=ENGINES[0], help="the engine that serves it (default: mkdocs)")
    s.add_argument("-a", "--dev-addr", default="127.0.0.1:8000", help="address to serve at (default: 127.0.0.1:8000)")
    s.set_defaults(func=cmd_serve)
    sub.add_parser("rollback", help="serve the previous build of site/ again (run twice to undo)").set_defaults(
        func=cmd_rollback
    )
    r = sub.add_parser(
        "release",
        help="record this version's page and anchor URLs (content/released.txt) and claims (content/released/)",
    )
    r.set_defaults(func=cmd_release)
    p = sub.add_parser("pdf", help="the PDF of the brief (or of one page, --page) from the built site/")
    p.add_argument("--page", help="one page, e.g. brief/feng/background.md")
    p.add_argument("-o", "--output", help="where to write it (default: site/brief/brief.pdf, or PAGE.pdf with --page)")
    p.set_defaults(func=cmd_pdf)
    n = sub.add_parser("new", help="create a new, valid brief in DIRECTORY")
    n.add_argument("directory")
    n.set_defaults(func=cmd_new)
    from briefgen.cli.bib import register as register_bib

    register_bib(sub)
    args = parser.parse_args(argv)
    return int(args.func(args))


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
