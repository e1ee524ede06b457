"""The Python-Markdown extension every engine runs (`briefgen.pagebody`): it places the body
briefgen rendered instead of parsing it.

A page file (render/pagefile.py) is a marker line and the complete body HTML. The extension
checks the body against the marker's digest (a file changed after briefgen wrote it is an error,
never a silently different page), takes it out before Python-Markdown's first step and puts it
back after its last one, so nothing in it is parsed or rewritten (nor passed over: the body is
most of a page's bytes), and gives the engine the table of contents briefgen computed (the
toc extension cannot see headings inside raw HTML). MkDocs, ProperDocs and Zensical all run
Python-Markdown extensions, so this is the one piece of briefgen they need.

Pure: no file is read, no state is kept across pages (Zensical makes a new Markdown instance for
every page), and it takes no options.
"""

from __future__ import annotations

from typing import Any

from markdown import Markdown
from markdown.extensions import Extension
from markdown.postprocessors import Postprocessor, RawHtmlPostprocessor
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor

from briefgen.render.pagefile import MARKER_PREFIX, Marker, PageFileError, digest, read_marker

EXTENSION = "briefgen.pagebody"
"""The extension's name in an engine's configuration."""


TOKEN = "briefgenpagebody"
"""Stands for the body while Python-Markdown works (a plain word: it comes out as `<p>TOKEN</p>`)."""


class _Place(Preprocessor):
    """Before normalize_whitespace (30), the first preprocessor: the body is taken out whole, so
    no step of Python-Markdown goes over its text (a body as briefgen writes it has nothing to
    normalise: no tab, no carriage return, no line of spaces)."""

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
        self.ext.body = body
        return [TOKEN]


class _Contents(Treeprocessor):
    """After the toc extension (priority 5): briefgen's headings are the page's contents."""

    def __init__(self, md: Markdown, ext: PageBodyExtension) -> None:
        super().__init__(md)
        self.ext = ext

    def run(self, root: Any) -> None:
        if self.ext.placed is not None:
            self.md.toc_tokens = self.ext.placed.toc


class _Restore(Postprocessor):
    """The last postprocessor: the body in place of its token, as Python-Markdown places raw HTML
    (a body that starts with a block-level tag replaces the paragraph, any other fills it)."""

    def __init__(self, md: Markdown, ext: PageBodyExtension) -> None:
        super().__init__(md)
        self.ext = ext

    def run(self, text: str) -> str:
        body = self.ext.body
        if body is None:
            return text
        if not RawHtmlPostprocessor(self.md).isblocklevel(body):
            body = f"<p>{body}</p>"
        return text.replace(f"<p>{TOKEN}</p>", body, 1)


class PageBodyExtension(Extension):
    """Places a page body briefgen rendered (see the module's docstring)."""

    def __init__(self, **kwargs: Any) -> None:
        self.placed: Marker | None = None
        self.body: str | None = None
        super().__init__(**kwargs)

    def reset(self) -> None:
        self.placed = None
        self.body = None

    def extendMarkdown(self, md: Markdown) -> None:
        md.registerExtension(self)
        md.preprocessors.register(_Place(md, self), "briefgen_pagebody", 40)
        md.treeprocessors.register(_Contents(md, self), "briefgen_contents", 4)
        md.postprocessors.register(_Restore(md, self), "briefgen_pagebody_restore", 0)


def makeExtension(**kwargs: Any) -> PageBodyExtension:
    """The extension, as Python-Markdown loads it by name (`briefgen.pagebody`)."""
    return PageBodyExtension(**kwargs)
