"""Reading the brief's files: what must be there, what may not (symbolic links, stray files),
and every content file parsed (from the cache when it holds it).

Each file-level rule reports its own located message; a file that cannot be read is left out
and the other files are still checked in the same run.
"""

from __future__ import annotations

import os
from pathlib import Path

from briefgen.base.errors import Report
from briefgen.base.project import ARTICLES_DIR, CONTENT_FILES, Project
from briefgen.load.cache import CacheEntry, load_content
from briefgen.load.yamldoc import LoadedYaml


def read_content_file(path: Path, project: Project, report: Report) -> bytes | None:
    """The bytes of a content file, or None and a located problem (missing, a link, unreadable)."""
    if path.is_symlink():
        report.error(
            project.rel(path), 0, "(file)", "symbolic links are not allowed in content (replace the link with the file)"
        )
        return None
    try:
        return path.read_bytes()
    except FileNotFoundError:
        report.error(project.rel(path), 0, "(file)", "file is missing (create it; `briefgen new` shows an example)")
    except OSError as exc:
        report.error(project.rel(path), 0, "(file)", f"cannot read file: {exc.strerror} (check permissions)")
    return None


def check_symlinks(project: Project, report: Report) -> None:
    """content/ and docs/ are walked without following links, and every link is an error: MkDocs
    would publish what it points at, wherever that is."""
    for folder, label in ((project.content_dir, "content"), (project.docs_dir, "docs/")):
        if folder.is_symlink():
            message = f"{label.rstrip('/')}/ is a symbolic link (replace it with the folder)"
            report.error(project.rel(folder), 0, "(file)", message)
            continue
        for here, dirs, files in os.walk(folder, followlinks=False):
            for name in sorted([*dirs, *files]):
                path = Path(here) / name
                if path.is_symlink():
                    what = "folder" if name in dirs else "file"
                    report.error(
                        project.rel(path),
                        0,
                        "(file)",
                        f"symbolic links are not allowed in {label} (replace the link with the {what})",
                    )


def load_documents(
    project: Project, report: Report, stores: list[CacheEntry], partial: dict[str, LoadedYaml]
) -> dict[str, LoadedYaml]:
    """Every content file that parses, by name: CONTENT_FILES, then content/articles/*.yml.
    Parsed files come from the cache when there; `stores` gets what would cache the others.
    Files whose values had problems (an unquoted date, a tag) go to `partial`."""
    docs: dict[str, LoadedYaml] = {}
    paths = [project.content_dir / name for name in CONTENT_FILES]
    for extra in project.extra_article_files():
        if extra.suffix == ".yml" and not extra.is_dir():
            paths.append(extra)
        else:
            report.error(
                project.rel(extra),
                0,
                "(file)",
                f"unexpected {'folder' if extra.is_dir() else 'file'} in content/{ARTICLES_DIR}/ "
                "(it holds only .yml files, each with an articles: list like article.yml; move or rename it)",
            )
    for path in paths:
        raw = read_content_file(path, project, report)
        if raw is None:
            continue
        doc, problems, store = load_content(raw, project.rel(path), project.cache_dir)
        report.extend(problems)
        if store is not None:
            stores.append(store)
        name = path.relative_to(project.content_dir).as_posix()
        if doc is not None and problems:
            partial[name] = doc  # values with problems left out: only its text is checked
        elif doc is not None:
            docs[name] = doc
    if project.content_dir.is_dir():
        for extra in sorted(project.content_dir.iterdir()):
            if extra.name in CONTENT_FILES or extra == project.released or extra.name.startswith("."):
                continue
            if extra == project.snapshots_dir and extra.is_dir() and not extra.is_symlink():
                continue  # read and checked with the editions (load/snapshots.py)
            if extra.is_symlink():
                continue  # reported as a link (_check_symlinks)
            if extra.name == ARTICLES_DIR and extra.is_dir() and not extra.is_symlink():
                continue
            report.error(
                project.rel(extra),
                0,
                "(file)",
                f"unexpected file in content/ (briefgen reads only {', '.join(CONTENT_FILES)}"
                f", {ARTICLES_DIR}/*.yml, {project.released.name} and {project.snapshots_dir.name}/"
                "; move or rename it)",
            )
    return docs


def is_article_file(name: str) -> bool:
    """Whether content file `name` holds articles (article.yml or content/articles/*.yml)."""
    return name == "article.yml" or name.startswith(f"{ARTICLES_DIR}/")


def extra_article_names(project: Project) -> list[str]:
    """The names of the content/articles/*.yml files (also those that did not parse)."""
    return [f"{ARTICLES_DIR}/{p.name}" for p in project.extra_article_files() if p.suffix == ".yml" and not p.is_dir()]
