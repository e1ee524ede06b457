"""The cross-reference index: the one owner of every id -> page and anchor mapping.

Built from the whole content before any page is rendered; every link between pages asks it.
"""

from __future__ import annotations

import functools
import os
import posixpath
import unicodedata
from dataclasses import dataclass, field
from typing import Literal

Kind = Literal["article", "part", "claim", "hierarchy", "tier", "priority", "event", "period", "term", "actor", "work"]
LINK_KINDS: frozenset[str] = frozenset(
    {"article", "part", "claim", "hierarchy", "tier", "priority", "event", "term", "actor", "work"}
)


@dataclass(frozen=True)
class Target:
    kind: Kind
    id: str
    page: str
    """Source path of the page, relative to docs/: `brief/feng/intro.md`."""
    anchor: str | None
    """Fragment on that page, or None for the page itself."""
    label: str
    """How links to it read: `§2.3`, a title, a term."""
    file: str
    line: int


def fold(identifier: str) -> str:
    """Ids that differ only in case, Unicode form or invisible characters collide."""
    text = unicodedata.normalize("NFKC", identifier).casefold()
    return "".join(ch for ch in text if unicodedata.category(ch) != "Cf")


@dataclass
class XrefIndex:
    targets: dict[str, Target] = field(default_factory=dict)
    _folded: dict[str, Target] = field(default_factory=dict)

    def register(self, target: Target) -> Target | None:
        """Add `target`; returns the earlier target it collides with, if any."""
        key = target.id if target.kind != "work" else f"work:{target.id}"
        folded = fold(key)
        if folded in self._folded:
            return self._folded[folded]
        self._folded[folded] = target
        self.targets[key] = target
        return None

    def get(self, identifier: str, kind: str | None = None) -> Target | None:
        if kind == "work":
            return self.targets.get(f"work:{identifier}")
        target = self.targets.get(identifier)
        if target is not None and kind is not None and target.kind != kind:
            return None
        return target

    def ids_of(self, kind: str) -> list[str]:
        return [t.id for t in self.targets.values() if t.kind == kind]

    def md_link(self, target: Target, from_page: str) -> str:
        """A Markdown link target from page `from_page` (MkDocs turns it into the .html URL)."""
        rel = relative(target.page, from_page)
        if target.page == from_page:
            rel = ""
        return f"{rel}#{target.anchor}" if target.anchor else (rel or "#")

    def html_link(self, target: Target, from_page: str) -> str:
        """The same link in built-site terms (`.html`), for raw HTML that MkDocs does not rewrite."""
        return html_path_link(target.page, target.anchor, from_page)


def relative(page: str, from_page: str) -> str:
    return _relpath(page, posixpath.dirname(from_page) or ".", os.getcwd())  # noqa: PTH109 - a str key


@functools.lru_cache(maxsize=1 << 16)
def _relpath(page: str, start: str, cwd: str) -> str:
    # The same few links are made from every page of a folder (works, glossary, timeline): a
    # large brief computed each one thousands of times. The result depends on the working
    # folder only in theory (relpath resolves both paths against it), which is in the key.
    return posixpath.relpath(page, start)


def page_url(page: str) -> str:
    """`brief/feng/intro.md` -> `brief/feng/intro.html` (the site uses .html URLs throughout)."""
    return page[: -len(".md")] + ".html" if page.endswith(".md") else page


def html_path_link(page: str, anchor: str | None, from_page: str) -> str:
    if page == from_page:
        return f"#{anchor}" if anchor else "#"
    rel = relative(page_url(page), page_url(from_page))
    return f"{rel}#{anchor}" if anchor else rel


def matrix_page(hierarchy_page: str) -> str:
    """A hierarchy's comparison matrix: `brief/goals.md` -> `brief/goals/matrix.md`.

    It sits in a folder named after the hierarchy's page; `matrix` is a reserved id, so no
    content id can take that file, and ids are unique, so no article folder has that name."""
    return hierarchy_page.removesuffix(".md") + "/matrix.md"
