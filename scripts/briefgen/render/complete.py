"""Every page of the site, complete, before any engine runs: the page's Markdown with what the
site adds (chrome.py), converted (htmlpage.py), sanitised, marked and cut into search sections
(chrome.py), with its head metadata and contents, as the file the engine reads (pagefile.py).

Generated pages and hand-written ones (docs/*.md) go the same way, so every engine gets the same
finished pages and only applies its theme. A page whose cache key (pagekeys.py) equals the key
of the file the last run wrote is not rendered again. Pure: data in, files as strings out.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from briefgen.base.errors import Problem
from briefgen.cite.record import PageCitations, PageRecord
from briefgen.cite.works import FormattedWorks
from briefgen.index.context import BriefContext
from briefgen.index.nav import nav_titles
from briefgen.render.chrome import Chrome
from briefgen.render.htmlpage import MarkdownSetup, PageConverter
from briefgen.render.pagefile import RenderedPage, page_file
from briefgen.render.pagekeys import PageKeys
from briefgen.render.provenance import Provenance
from briefgen.render.renderer import SiteRenderer


@dataclass(frozen=True)
class PageSource:
    """A page before rendering: its Markdown and, for a hand-written page, its own front matter."""

    markdown: str
    front: dict[str, Any] = field(default_factory=dict)
    handwritten: bool = False


@dataclass
class SitePages:
    """The pages of one run."""

    files: dict[str, str] = field(default_factory=dict)
    """Source path -> the page file, for every page rendered in this run."""
    kept: dict[str, str] = field(default_factory=dict)
    """Pages whose file from the last run is still right (same key): not rendered again, with
    their keys."""
    problems: list[Problem] = field(default_factory=list)
    """Links that lead nowhere, located at the content that made them."""
    keys: dict[str, str] = field(default_factory=dict)
    """Every page's key (rendered in this run or kept), by source path."""


def render_site_pages(
    ctx: BriefContext,
    works: FormattedWorks,
    records: dict[str, PageRecord],
    page_citations: dict[str, PageCitations],
    sources: dict[str, PageSource],
    *,
    setup: MarkdownSetup,
    files: frozenset[str],
    previous: Mapping[str, str],
    pdf: bool,
) -> SitePages:
    """Every page in `sources` as the engine's file. `files` are the source paths of everything
    the engine's docs folder holds (what links may reach); `previous` the keys of the files the
    last run wrote, by source path; `pdf` whether this build publishes the whole brief's PDF."""
    chrome = Chrome(ctx, works, records, page_citations, pdf=pdf)
    titled = {src for src, title in nav_titles(ctx.nav).items() if title}
    keys = PageKeys(ctx, works, chrome.previews, chrome.search_sections, markdown=setup.digest, files=files)
    out = SitePages()
    converter: PageConverter | None = None
    provenance: Provenance | None = None
    for src, source in sources.items():
        decorated = chrome.markdown(source.markdown, src)
        key = keys.key(src, decorated, source.front, handwritten=source.handwritten)
        out.keys[src] = key
        if previous.get(src) == key:
            out.kept[src] = key
            continue
        if converter is None:  # only when some page needs it: Python-Markdown takes a moment to set up
            converter = PageConverter(setup, SiteRenderer(ctx, works), files)
        converted = converter.convert(decorated.markdown, src)
        for link in converted.unresolved:
            provenance = provenance or Provenance(ctx)
            problem = provenance.locate(
                src,
                f"link '{link}' on {src} leads to no page or file of the site",
                "link to a page or file under docs/, or to an id: [text](claim:ID)",
                [f"]({link})", f"]({link} ", link],
            )
            if problem is not None:
                out.problems.append(problem)
        content = chrome.content(converted.html, src)
        meta: dict[str, Any] = dict(source.front)
        # A title the navigation gives wins (the engine's rule); else the page's heading, which
        # the engine cannot see inside the placed body.
        if "title" not in meta and src not in titled and converted.title is not None:
            meta["title"] = converted.title
        meta.update(decorated.meta)
        if content.tips:
            meta["briefgen_tips"] = content.tips
        out.files[src] = page_file(RenderedPage(content.html, converted.toc, meta), key)
    return out
