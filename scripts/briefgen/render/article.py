"""An article's overview page and its parts, with their claims. Pure: Markdown strings."""

from __future__ import annotations

from briefgen.base import routes
from briefgen.cite.syntax import cite_group, source_group
from briefgen.cite.works import FormattedWorks
from briefgen.index.context import BriefContext, article_number, claim_number_prefix
from briefgen.index.nav import article_label, article_phrase
from briefgen.model.articles import Article, Claim, Part
from briefgen.render.editions import claim_status_html
from briefgen.render.markup import (
    attr,
    counted,
    editorial_block,
    esc,
    id_links,
    lang_of,
    locator_html,
    original_title,
    status_text,
    text_md,
)


def part_page(ctx: BriefContext, works: FormattedWorks, article: Article, part: Part, number: int) -> str:
    """A part of an article: its summary and claims."""
    page = routes.part_page(article.id, part.id)
    lang = lang_of(ctx, article.source)
    overview = ctx.xref.require(article.id, "article")
    out = [f"# {number}. {esc(part.title.best())}\n"]
    out.append(original_title(part.title, lang))
    if part.untitled:
        out.append('<p class="bg-note">This part has no heading in the source; the title is ours.</p>\n\n')
    # The article named as on its own page, then as every citation of it reads.
    which = f"article {article_number(ctx, article)}, " if claim_number_prefix(ctx, article) else ""
    out.append(
        f'<p class="bg-meta">Part {number} of {len(article.parts)} of {which}'
        f'<a href="{routes.html_path_link(overview.page, None, page)}">{esc(article_phrase(ctx, article))}</a> '
        f"{work_cite_html(ctx, works, article.source, page)} · {locator_html(part.locator)}</p>\n\n"
    )
    out.append(f"## Summary {{#summary}}\n\n{text_md(part.summary, ctx, page)}\n\n")
    if part.claims:
        out.append("## Claims {#claims}\n\n")
        for claim in part.claims:
            out.append(claim_block(ctx, claim, page))
    return "".join(out)


def work_cite_html(ctx: BriefContext, works: FormattedWorks, key: str, page: str) -> str:
    """The whole work cited as the brief cites it everywhere (`[Asmolov, Zakharova, 2020b]`),
    linked to its entry in the works cited, where pages name the work they summarise."""
    target = ctx.xref.require(key, "work")
    cited = works.cite(source_group(key)).replace(
        f'href="#{routes.work_anchor(key)}"', f'href="{routes.html_path_link(target.page, target.anchor, page)}"'
    )
    return f'<span class="bg-cite" data-cites="{attr(key)}">{cited}</span>'


def claim_block(ctx: BriefContext, claim: Claim, page: str) -> str:
    """One claim: its number, text and locator, its cite button, and what it links."""
    number = ctx.claim_numbers[claim.id]
    lines = [
        f'<div class="bg-claim" id="{claim.id}" markdown>\n',
        # The number and the button stay out of the search index: the claim's result is titled
        # with its number (searchsections.py), and "cite §N" is not the claim's text.
        f'<a class="bg-claim-no" href="#{claim.id}" title="Link to this claim" data-search-exclude>§{number}</a> '
        f"{text_md(claim.text, ctx, page)} {locator_html(claim.locator)} "
        f'<button type="button" class="bg-cite-claim" data-claim="{claim.id}" data-number="§{number}" '
        f'title="Copy a citation of claim §{number}" data-search-exclude>cite §{number}</button>\n\n',
    ]
    meta: list[str] = []
    status = claim_status_html(ctx, claim.id, page)  # "unchanged since 1.0", "changed in 1.1 (…)"
    if status:
        meta.append(status)
    if claim.cites:
        meta.append(f"The article cites {cite_group(claim.cites).markdown()}.")
    if claim.missing_footnotes:
        n = claim.missing_footnotes
        meta.append(
            f'<span class="bg-missing">The article has {"a footnote" if n == 1 else f"{n} footnotes"} here '
            f"whose text is missing from the source.</span>"
        )
    for label, ids, kind in (
        ("Events", claim.events, "event"),
        ("Terms", claim.terms, "term"),
        ("Actors", claim.actors, "actor"),
    ):
        if ids:
            meta.append(f"{label}: {id_links(ctx, ids, kind, page)}.")
    related = ctx.claim_priorities.get(claim.id, [])
    if related:
        links = []
        for priority, relation, _note in related:
            target = ctx.xref.require(priority.id, "priority")
            links.append(f"[{esc(priority.title.best())}]({ctx.xref.md_link(target, page)}) ({relation})")
        meta.append(f"Bears on (our reading): {'; '.join(links)}.")
    if meta:
        lines.append('<p class="bg-claim-meta" markdown>' + " ".join(meta) + "</p>\n\n")
    lines.append("</div>\n\n")
    return "".join(lines)


def article_page(ctx: BriefContext, works: FormattedWorks, article: Article) -> str:
    """An article's overview: its record, its note and its parts."""
    page = routes.article_page(article.id)
    lang = lang_of(ctx, article.source)
    out = [f"# {esc(article_label(ctx, article))}\n\n"]
    if article.title:
        out.append(original_title(article.title, lang))
    source = ctx.xref.require(article.source, "work")
    out.append(
        f'<div class="bg-record"><p>{works.entry(article.source)}</p>'
        f'<p class="bg-meta"><a href="{ctx.xref.html_link(source, page)}">Entry in works cited</a>'
        f" · {status_text(ctx.bibliography.entries[article.source])}</p></div>\n\n"
    )
    if claim_number_prefix(ctx, article):
        n = article_number(ctx, article)
        out.append(
            f'<p class="bg-meta">Article {n} of {len(ctx.articles)} in this brief: its claims are numbered '
            f"§{n}.1.1, §{n}.1.2, … (article, part, claim).</p>\n\n"
        )
    if article.note:
        out.append(editorial_block("Our note on the document", text_md(article.note, ctx, page)))
    out.append("## Parts {#parts}\n\n")
    for number, part in enumerate(article.parts, start=1):
        target = ctx.xref.require(part.id, "part")
        claims = len(part.claims)
        out.append(
            f"{number}. [{esc(part.title.best())}]({ctx.xref.md_link(target, page)})"
            f" — {locator_html(part.locator)}, {counted(claims, 'claim')}\n"
        )
    out.append("\n")
    return "".join(out)
