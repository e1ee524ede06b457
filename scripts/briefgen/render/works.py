"""The works-cited page: every work in every style, with what cites it. Pure: Markdown strings."""

from __future__ import annotations

import json

from briefgen.base import routes
from briefgen.cite.headtags import coins
from briefgen.cite.styles import STYLES
from briefgen.cite.works import FormattedWorks
from briefgen.index.context import BriefContext
from briefgen.index.nav import article_label
from briefgen.load.bibtex import has_cyrillic
from briefgen.render.citeblock import style_switch_html
from briefgen.render.markup import attr, esc, lang_of, page_label, status_text


def works_page(ctx: BriefContext, works: FormattedWorks) -> str:
    """Every work in every style. Without a script the page shows the default style (GOST) in
    its order, numbered; briefgen.js shows the reader's style, in that style's own order
    (`data-order-STYLE`), unnumbered for APA and Chicago, with hanging indents (briefgen.css)."""
    page = routes.WORKS
    styles = works.styles()
    order = works.order(works.default)
    positions = {style: {key: i for i, key in enumerate(works.order(style))} for style in styles}
    out = ["# Works cited\n\n"]
    out.append(
        '<p class="bg-note">Every work the brief and its sources cite. Each entry says whether it was '
        "checked against a public record, and links back to every claim that cites it.</p>\n\n"
    )
    out.append(style_switch_html(works.default) + "\n\n")
    out.append(
        '<p class="bg-downloads">Download the bibliography: '
        f'<a href="{routes.relative(routes.BIBLIOGRAPHY, page)}" download>BibTeX</a> · '
        f'<a href="{routes.relative(routes.WORKS_JSON, page)}" download>CSL-JSON</a></p>\n\n'
    )
    out.append(f'<ol class="bg-works" data-style="{works.default}">\n')
    for key in order:
        entry = ctx.bibliography.entries[key]
        orders = "".join(f' data-order-{style}="{positions[style].get(key, 0)}"' for style in styles)
        out.append(f'<li class="bg-work" id="{attr(routes.work_anchor(entry.key))}"{orders}>\n')
        for style in styles:
            # Only the shown style goes into the search index (the others are the same work).
            hidden = "" if style == works.default else " hidden data-search-exclude"
            lang_attr = _entry_lang(ctx, entry.key, style)
            out.append(
                f'<div class="bg-entry" data-style="{style}"{lang_attr}{hidden}>{works.entry(entry.key, style)}</div>\n'
            )
        out.append(f'<p class="bg-work-status">{status_text(entry)}</p>{coins(entry)}\n')
        uses = ctx.cited_in.get(entry.key, [])
        if uses:
            links = []
            seen: set[tuple[str, str | None]] = set()
            for use in uses:
                where = (use.target.page, use.target.anchor)
                if where in seen:
                    continue
                seen.add(where)
                label = use.target.label if use.target.kind != "work" else page_label(use.target.page)
                loc = f", {esc(use.locator)}" if use.locator else ""
                links.append(
                    f'<a href="{routes.html_path_link(use.target.page, use.target.anchor, page)}">{esc(label)}</a>{loc}'
                )
            out.append(f'<p class="bg-cited-in">Cited in: {"; ".join(links)}</p>\n')
        summaries = [(a.id, article_label(ctx, a)) for a in ctx.articles if a.source == entry.key]
        summaries += [(h.id, h.title.best()) for h in ctx.hierarchies if h.source == entry.key]
        for summary_id, label in summaries:
            target = ctx.xref.require(summary_id)
            out.append(
                f'<p class="bg-cited-in">Summarised in this brief: '
                f'<a href="{routes.html_path_link(target.page, target.anchor, page)}">{esc(label)}</a></p>\n'
            )
        out.append("</li>\n")
    out.append("</ol>\n")
    return "".join(out)


def _entry_lang(ctx: BriefContext, key: str, style: str) -> str:
    """The language of a formatted reference: the work's, in Latin script where the style
    romanises it (`ru-Latn`). Our status and "cited in" lines stay in the page's language."""
    lang = lang_of(ctx, key)
    if not lang:
        return ""
    entry = ctx.bibliography.entries[key]
    if STYLES[style].romanised and lang == "ru" and has_cyrillic(entry.fields.get("title", "")):
        lang = "ru-Latn"
    return f' lang="{lang}"'


def works_json(items: dict[str, dict[str, object]]) -> str:
    """CSL-JSON of every work, for download."""
    return json.dumps([items[k] for k in sorted(items)], ensure_ascii=False, indent=2) + "\n"
