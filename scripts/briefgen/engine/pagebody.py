"""The Python-Markdown extension every engine runs (`briefgen.pagebody`): it places the body
briefgen rendered instead of parsing it.

A page file (render/pagefile.py) is a marker line and the complete body HTML. The extension
checks the body against the marker's digest (a file changed after briefgen wrote it is an error,
never a silently different page), puts it into Python-Markdown's raw-HTML stash in one piece, so
nothing in it is parsed again, and gives the engine the table of contents briefgen computed (the
toc extension cannot see headings inside raw HTML). MkDocs, ProperDocs and Zensical all run
Python-Markdown extensions, so this is the one piece of briefgen they need.

Pure: no file is read, no state is kept across pages (Zensical makes a new Markdown instance for
every page), and it takes no options.
"""

from __future__ import annotations

from typing import Any

from markdown import Markdown
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor

from briefgen.render.pagefile import MARKER_PREFIX, Marker, PageFileError, digest, read_marker

EXTENSION = "briefgen.pagebody"
"""The extension's name in an engine's configuration."""


class _Place(Preprocessor):
    def __init__(self, md: Markdown, ext: PageBodyExtension) -> None:
        super().__init__(md)
        self.ext = ext

    def run(self, lines: list[str]) -> list[str]:
        start = next((i for i, line in enumerate(lines) if line.strip()), len(lines))
        if start == len(lines) or not lines[start].startswith(MARKER_PREFIX):
            return lines
        marker = read_marker(lines[start])
        body = "\n".join(lines[start + 1 :]).strip("\n")
        if digest(body) != marker.digest:
            raise PageFileError(
                "a page briefgen rendered was changed after it was written (its body does not match "
                "its digest): build again with `briefgen build`"
            )
        self.ext.placed = marker
        return [self.md.htmlStash.store(body)]


class _Contents(Treeprocessor):
    """After the toc extension (priority 5): briefgen's headings are the page's contents."""

    def __init__(self, md: Markdown, ext: PageBodyExtension) -> None:
        super().__init__(md)
        self.ext = ext

    def run(self, root: Any) -> None:
        if self.ext.placed is not None:
            self.md.toc_tokens = self.ext.placed.toc


class PageBodyExtension(Extension):
    """Places a page body briefgen rendered (see the module's docstring)."""

    def __init__(self, **kwargs: Any) -> None:
        self.placed: Marker | None = None
        super().__init__(**kwargs)

    def reset(self) -> None:
        self.placed = None

    def extendMarkdown(self, md: Markdown) -> None:
        md.registerExtension(self)
        # After normalize_whitespace (30), which would strip the stash placeholder's STX/ETX;
        # before any raw-HTML step (MkDocs' anchor scan at 21, html_block at 20).
        md.preprocessors.register(_Place(md, self), "briefgen_pagebody", 25)
        md.treeprocessors.register(_Contents(md, self), "briefgen_contents", 4)


def makeExtension(**kwargs: Any) -> PageBodyExtension:
    """The extension, as Python-Markdown loads it by name (`briefgen.pagebody`)."""
    return PageBodyExtension(**kwargs)
