"""The PDF's parts: constants, the chapters, and what the assembling classes share."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from urllib.parse import urlsplit
from xml.etree.ElementTree import Element

from briefgen.base import routes
from briefgen.base.project import Project
from briefgen.cite.record import PageRecord
from briefgen.index.context import BriefContext
from briefgen.index.nav import nav_sections
from briefgen.publish.pdfmeta import PdfMetadata
from briefgen.render.generate import Generated

PDF_PATH = routes.PDF
"""Where the whole-brief PDF goes, relative to the site root."""
PRINT_CSS = resources.files("briefgen") / "assets" / "print.css"
HOME = routes.page_url(routes.HOME)
WORKS = routes.page_url(routes.WORKS)
ALLOWED = "only files inside the site and data: URLs are allowed"

_DROP = {
    "script",
    "style",
    "noscript",
    "template",
    "iframe",
    "object",
    "embed",
    "form",
    "button",
    "link",
    "meta",
    "base",
}
# Element -> attributes whose URL WeasyPrint would load while rendering.
_RESOURCE_ATTRS = {
    "img": ("src", "srcset"),
    "source": ("src", "srcset"),
    "image": ("href", "xlink:href"),
    "use": ("href", "xlink:href"),
    "video": ("src", "poster"),
    "audio": ("src",),
    "input": ("src",),
    "track": ("src",),
    "feimage": ("href", "xlink:href"),
}
_CSS_URL = re.compile(r"""url\(\s*(?:"([^"]*)"|'([^']*)'|([^)\s]*))\s*\)""", re.I)
_SPACE = re.compile(r"\s+")
_HOME_TITLE = "Introduction"
"""The home page's chapter title: its own h1, the brief's title, is on the cover."""


@dataclass
class _Chapter:
    path: str
    key: str
    sections: list[str]
    section: Element = field(default_factory=lambda: Element("section"))
    title: str = ""
    h1_id: str = ""
    toc: list[tuple[str, str]] = field(default_factory=list)
    """(id, text) of each h2, for the contents."""
    raw: str = ""


class _State:
    """What the assembly's parts share (set by _Assembly.__init__)."""

    project: Project
    generated: Generated
    ctx: BriefContext
    site: Path
    single: bool
    chapters: list[_Chapter]
    keys: dict[str, str]
    ids: set[str]
    site_url: str
    record: PageRecord
    metadata: PdfMetadata
    generator: str
    modified: str


def nav_pages(nav: list[object]) -> list[tuple[str, list[str]]]:
    """Built pages in nav order: (`brief/feng/intro.html`, [titles of the sections it is in])."""
    return [(routes.page_url(src), sections) for src, sections in nav_sections(nav) if not urlsplit(src).scheme]


def pdf_chapters(nav: list[object]) -> list[str]:
    """The built pages that make the whole brief's PDF, in order: the navigation's, with the
    works cited moved to the end, where a printed bibliography belongs."""
    pages = [path for path, _ in nav_pages(nav)]
    return [p for p in pages if p != WORKS] + [p for p in pages if p == WORKS]
