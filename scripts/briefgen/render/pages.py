"""Every generated page, rendered as a Markdown string: which pages there are, by route, and the
renderer of each (render/article.py, hierarchy.py, timeline.py, glossary.py, works.py, home.py).
Pure: no file is read or written here."""

from __future__ import annotations

import html
import re

from briefgen.base import routes
from briefgen.cite.works import FormattedWorks
from briefgen.index.context import BriefContext
from briefgen.render.article import article_page, part_page
from briefgen.render.editions import withdrawn_notes
from briefgen.render.glossary import glossary_page
from briefgen.render.hierarchy import hierarchy_page
from briefgen.render.timeline import timeline_page
from briefgen.render.works import works_page


def render_pages(ctx: BriefContext, works: FormattedWorks) -> dict[str, str]:
    """Every generated page: path under docs/ -> Markdown."""
    pages: dict[str, str] = {}
    for article in ctx.articles:
        pages[routes.article_page(article.id)] = article_page(ctx, works, article)
        for number, part in enumerate(article.parts, start=1):
            pages[routes.part_page(article.id, part.id)] = part_page(ctx, works, article, part, number)
    for hierarchy in ctx.hierarchies:
        pages[routes.hierarchy_page(hierarchy.id)] = hierarchy_page(ctx, works, hierarchy)
    pages[routes.TIMELINE] = timeline_page(ctx)
    pages[routes.GLOSSARY] = glossary_page(ctx)
    pages[routes.WORKS] = works_page(ctx, works)
    for src, notes in withdrawn_notes(ctx).items():  # a withdrawn claim's old anchor explains itself
        if src in pages:
            pages[src] += "\n" + notes
    return pages


def heading_text(markdown: str) -> str | None:
    """The plain text of a page's first `# ` heading (the escapes of `esc` undone), or None."""
    for line in markdown.splitlines():
        if line.startswith("# "):
            text = re.sub(r"\s*\{#[^}]*\}\s*$", "", line[2:])
            return " ".join(html.unescape(re.sub(r"[*_`]", "", text)).split())
    return None
