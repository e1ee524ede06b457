"""The home page's header (above the hand-written introduction) and the changes page. Pure: Markdown strings."""

from __future__ import annotations

from collections.abc import Iterable

from briefgen.base import routes
from briefgen.base.doi import doi_url
from briefgen.index.context import BriefContext, article_number, claim_number_prefix
from briefgen.index.nav import article_label
from briefgen.render.editions import version_anchor, version_changes_html, versions_newest_first, withdrawn_notes
from briefgen.render.markup import (
    attr,
    counted,
    esc,
    format_date,
    page_label,
    text_md,
)


def home_header(ctx: BriefContext, offline: bool = False, edition: str = "") -> str:
    """Markdown placed above the hand-written introduction on the home page; `offline` adds the
    links to the PDF and the research pack (made by `briefgen build`, not by `mkdocs serve`).
    `edition` (citable.edition_text: version, dates, changes) goes into the byline, which other
    pages show on a line of its own: the home page says its version and dates once."""
    brief = ctx.brief
    page = routes.HOME
    out = [f"# {esc(brief.title.best())}\n\n"]
    if brief.subtitle:
        out.append(f'<p class="bg-subtitle">{esc(brief.subtitle.best())}</p>\n\n')
    if brief.title.ru:
        out.append(f'<p class="bg-original-title" lang="ru">{esc(brief.russian_title())}</p>\n\n')
    authors = ", ".join(a.display() for a in brief.authors)
    if not edition:
        edition = (
            f'Version {esc(brief.version)} · published <time datetime="{brief.published}">'
            f"{format_date(brief.published)}</time>"
        )
    out.append(f'<p class="bg-byline" data-search-exclude>{esc(authors)} · {edition} · {esc(brief.licence)}</p>\n\n')
    out.append(f"## Abstract {{#abstract}}\n\n{text_md(brief.abstract, ctx, page)}\n\n")
    out.append("## Contents {#contents}\n\n")
    for article in ctx.articles:
        target = ctx.xref.require(article.id, "article")
        # With several articles, the number their claims' § numbers start with.
        which = f"Article {article_number(ctx, article)}: " if claim_number_prefix(ctx, article) else ""
        out.append(
            f"- {which}[{esc(article_label(ctx, article))}]({ctx.xref.md_link(target, page)}): "
            f"{counted(len(article.parts), 'part')}, {counted(sum(len(p.claims) for p in article.parts), 'claim')}\n"
        )
    for hierarchy in ctx.hierarchies:
        target = ctx.xref.require(hierarchy.id, "hierarchy")
        matrix = routes.relative(routes.matrix_page(target.page), page)
        out.append(f"- [{esc(target.label)}]({ctx.xref.md_link(target, page)}) · [comparison matrix]({matrix})\n")
    out.append(f"- [Timeline]({routes.TIMELINE}) · [Glossary]({routes.GLOSSARY}) · [Works cited]({routes.WORKS})\n")
    if offline:
        out.append(
            f'- <a href="{routes.PDF}">The whole brief as PDF</a> · '
            f'<a href="{routes.pack_path(brief.version)}" download>Research pack</a> (zip: the site, which works '
            "opened from a folder, the PDF, the bibliography as BibTeX and CSL-JSON, and checksums)\n"
        )
    out.append("\n")
    return "".join(out)


def changelog_page(ctx: BriefContext) -> str:
    """Every version, newest first: its changes, each marked substantive or minor, and the
    claims that changed in it, word by word (render/editions.py)."""
    claims_file = routes.claims_data_name(ctx.brief.version)
    out = [
        "# Changes\n\n",
        '<p class="bg-note">A <strong>substantive</strong> change alters what a claim or summary says; '
        "a <strong>minor</strong> one fixes wording, typography or links. Each version keeps its text at "
        "its own URL (<code>v/VERSION/…</code>), so a citation of an earlier version still leads to what was cited."
        "</p>\n\n",
        f'<p class="bg-downloads bg-meta">The claims of version {esc(ctx.brief.version)} as data: '
        f'<a href="{claims_file}" download>{claims_file}</a> (schema.org '
        "claims in JSON-LD, with their sources, the works they cite and their versions).</p>\n\n",
    ]
    if not ctx.brief.changes and (ctx.editions is None or len(ctx.editions.versions) < 2):
        out.append(f"Version {esc(ctx.brief.version)}, published {format_date(ctx.brief.published)}: first edition.\n")
        return "".join(out)
    published = ctx.editions.published if ctx.editions is not None else {}
    for version in versions_newest_first(ctx):
        out.append(f"## Version {esc(version)} {{#{version_anchor(version)}}}\n\n")
        facts = []
        date = published.get(version) or (ctx.brief.published if version == ctx.brief.version else "")
        if date:
            facts.append(f'Published <time datetime="{date}">{format_date(date)}</time>')
        doi = ctx.brief.version_dois.get(version)
        if doi:
            facts.append(f'DOI <a href="{attr(doi_url(doi))}">{esc(doi)}</a>')
        if ctx.editions is not None and version in ctx.editions.changes:
            facts.append(f'<a href="#{version_anchor(version)}-claims">its claims, word by word</a>')
        if facts:
            out.append(f'<p class="bg-meta">{" · ".join(facts)}</p>\n\n')
        entries = [c for c in ctx.brief.changes if c.version == version]
        for change in reversed(entries):
            where = id_links_any(ctx, change.ids, routes.CHANGELOG) if change.ids else "the whole brief"
            out.append(
                f'- <time datetime="{change.date}">{format_date(change.date)}</time> · '
                f'<span class="bg-change bg-change-{change.kind}">{change.kind}</span> · {where}: {esc(change.note)}\n'
            )
        if not entries and version == versions_newest_first(ctx)[-1]:
            out.append("First edition.\n")
        out.append("\n")
        out.append(version_changes_html(ctx, version, routes.CHANGELOG))
    out.append(withdrawn_notes(ctx).get(routes.CHANGELOG, ""))  # those whose page is gone
    return "".join(out)


def id_links_any(ctx: BriefContext, ids: Iterable[str], page: str) -> str:
    """Links to ids of any kind (claims show their § number)."""
    out = []
    for ident in map(ctx.brief.current_id, ids):
        target = ctx.xref.get(ident) or ctx.xref.get(ident, "work")
        if target is not None:
            out.append(f"[{esc(target.label)}]({ctx.xref.md_link(target, page)})")
        elif routes.is_source_page(ident):  # a hand-written page, named by its path
            out.append(f"[{esc(page_label(ident))}]({routes.relative(ident, page)})")
    return ", ".join(out)
