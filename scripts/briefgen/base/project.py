"""Where a brief's own files are (its input); where the site's files go is base/routes.py."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from briefgen.base import routes

CONTENT_FILES = ("brief.yml", "article.yml", "priorities.yml", "timeline.yml", "glossary.yml")
ARTICLES_DIR = "articles"
"""content/articles/*.yml: more articles, in the form of article.yml, for briefs too large for one file."""
SNAPSHOT_NAME = re.compile(r"claims-(?P<version>.+)\.yml\Z")
"""The name of a claim snapshot under content/released/: `claims-VERSION.yml`."""


@dataclass(frozen=True)
class Project:
    """A brief's folder: where its content, bibliography, pages and build state are."""

    root: Path

    @classmethod
    def find(cls, start: Path | None = None) -> Project:
        """The project containing `start`: the nearest folder with mkdocs.yml and content/."""
        here = (start or Path.cwd()).resolve()
        for folder in (here, *here.parents):
            if (folder / "mkdocs.yml").exists() and (folder / "content").is_dir():
                return cls(folder)
        return cls(here)

    @property
    def content_dir(self) -> Path:
        return self.root / "content"

    def extra_article_files(self) -> list[Path]:
        """content/articles/*, in name order (only .yml files are valid; the check says so)."""
        folder = self.content_dir / ARTICLES_DIR
        if not folder.is_dir() or folder.is_symlink():
            return []
        return sorted((p for p in folder.iterdir() if not p.name.startswith(".")), key=lambda p: p.name)

    @property
    def released(self) -> Path:
        """Every URL a published version had (`briefgen release` writes it; keep it in git)."""
        return self.content_dir / "released.txt"

    @property
    def snapshots_dir(self) -> Path:
        """The claims of every released version (`briefgen release` writes them; keep them in git)."""
        return self.content_dir / "released"

    def snapshot(self, version: str) -> Path:
        """The claims of version `version` as released: content/released/claims-VERSION.yml."""
        return self.snapshots_dir / f"claims-{version}.yml"

    @property
    def zenodo_json(self) -> Path:
        """The deposit metadata Zenodo reads from the repository (`briefgen release` writes it)."""
        return self.root / ".zenodo.json"

    @property
    def bibliography(self) -> Path:
        return self.root / "bibliography.bib"

    @property
    def docs_dir(self) -> Path:
        return self.root / "docs"

    @property
    def generated_dir(self) -> Path:
        """docs/brief/: reserved for the generator (older versions wrote their pages there)."""
        return self.docs_dir / routes.GENERATED

    @property
    def engine_docs_dir(self) -> Path:
        """What the engine reads as its docs folder: every page, complete, and every other file
        of docs/ (the build writes it: `.briefgen/docs/`)."""
        return self.state_dir / "docs"

    @property
    def exports_dir(self) -> Path:
        """Every page's citation exports, by path in the site: linked into each built site after
        the engine (which would copy them one by one)."""
        return self.state_dir / "exports"

    def docs_files(self) -> list[Path]:
        """Every file under docs/ but pages, the generator's folder and hidden files (images and
        other files pages link to): the engine's docs folder holds them too."""
        return sorted(
            p
            for p in self.docs_dir.rglob("*")
            if p.is_file()
            and not routes.is_source_page(p.name)
            and self.generated_dir not in p.parents
            and not any(part.startswith(".") for part in p.relative_to(self.docs_dir).parts)
        )

    @property
    def site_dir(self) -> Path:
        return self.root / "site"

    @property
    def state_dir(self) -> Path:
        """Build state that is not published: staging folders, caches."""
        return self.root / ".briefgen"

    @property
    def cache_dir(self) -> Path:
        return self.state_dir / "cache"

    @property
    def mkdocs_yml(self) -> Path:
        return self.root / "mkdocs.yml"

    def rel(self, path: Path) -> str:
        """`path` relative to the project root, as used in messages."""
        try:
            # Resolve the folder, not the file: a symbolic link is named as itself.
            return (path.parent.resolve() / path.name).relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return path.as_posix()

    def handwritten_pages(self) -> list[Path]:
        """Markdown pages under docs/ that people write (everything but the generated folder)."""
        return sorted(
            p
            for p in self.docs_dir.rglob(f"*{routes.SOURCE_SUFFIX}")
            if self.generated_dir not in p.parents and "overrides" not in p.relative_to(self.docs_dir).parts
        )
