"""The edition line, the citation style switch and the "Cite this page" block. Pure: strings only."""

from __future__ import annotations

import html

from briefgen.cite.record import PageCitations, PageRecord
from briefgen.cite.styles import STYLES
from briefgen.render.markup import format_date


def edition_text(record: PageRecord, changelog_href: str) -> str:
    """`Version 1.0 · published … · last changed … · changes`, as inline HTML."""
    return (
        f"Version {html.escape(record.version)} · published "
        f'<time datetime="{record.published}">{format_date(record.published)}</time> · last changed '
        f'<time datetime="{record.last_changed}">{format_date(record.last_changed)}</time> · '
        f'<a href="{changelog_href}">changes</a>'
    )


def edition_html(record: PageRecord, changelog_href: str) -> str:
    # Out of the search index: on every page, it would be the snippet of every page's first section.
    """The edition line of a page (out of the search index)."""
    return f'<p class="bg-edition" data-search-exclude>{edition_text(record, changelog_href)}</p>'


def style_switch_html(default: str) -> str:
    """Buttons that choose the citation style of everything on the page (briefgen.js). Hidden
    until the script shows them: without it the default style is the only one."""
    buttons = "".join(
        f'<button type="button" data-style="{s}" aria-pressed="{str(s == default).lower()}">{STYLES[s].label}</button>'
        for s in STYLES
    )
    return f'<div class="bg-style-switch" role="group" aria-label="Citation style" hidden>{buttons}</div>'


def cite_block_html(
    record: PageRecord, citations: PageCitations, export_href: str, pdf_href: str | None, default: str
) -> str:
    """The "Cite this page" section: the page in the reader's style (the default without a
    script), a copy button, the exports, and each claim's citation for its "cite §N" button."""
    out = [
        f'<section class="bg-cite-page" aria-labelledby="cite-this-page" data-url="{html.escape(record.url)}"'
        f' data-title="{html.escape(record.title, quote=True)}" data-version="{html.escape(record.version)}"'
        f' data-published="{record.published}" data-search-exclude>',
        # Kept out of the search index: the same citations on every page would make up a large
        # share of it and match every search for the brief's title.
        '<h2 id="cite-this-page" data-search-exclude>Cite this page</h2>',
        style_switch_html(default),
    ]
    for style, text in citations.by_style.items():
        hidden = "" if style == default else " hidden"
        out.append(
            f'<div class="bg-cite-style" data-style="{style}"{hidden}>'
            f'<p class="bg-cite-label">{STYLES[style].label}</p>'
            f'<p class="bg-cite-text" id="cite-{style}">{text}</p>'
            f'<button type="button" class="bg-copy" data-copy="cite-{style}">Copy</button></div>'
        )
    if citations.claims:
        claims = "".join(
            f'<p class="bg-cite-claim-text" data-claim="{claim_id}" data-style="{style}">{text}</p>'
            for claim_id, by_style in citations.claims.items()
            for style, text in by_style.items()
        )
        out.append(f'<div class="bg-cite-claims" hidden>{claims}</div>')
    pdf = f' · the whole brief as <a href="{pdf_href}">PDF</a>' if pdf_href else ""
    out.append(
        f'<p class="bg-cite-exports">Download this citation: <a href="{export_href}.bib" download>BibTeX</a> · '
        f'<a href="{export_href}.ris" download>RIS</a> · <a href="{export_href}.json" download>CSL-JSON</a>{pdf}. '
        f'This version keeps its text at <a href="{html.escape(record.url)}">{html.escape(record.url)}</a>.</p>'
    )
    out.append("</section>")
    return "\n".join(out)
