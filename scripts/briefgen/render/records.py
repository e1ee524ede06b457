"""A citation record for every page, made from the validated context (what each page is, its
title, dates and claims); cite/record.py says what a record holds."""

from __future__ import annotations

from briefgen.base import routes
from briefgen.cite.record import PageRecord
from briefgen.cite.syntax import plain_text
from briefgen.index.context import BriefContext


def ids_by_page(ctx: BriefContext) -> dict[str, set[str]]:
    """Page -> every id whose anchor or page it is (to find the changes that touched a page)."""
    out: dict[str, set[str]] = {}
    for target in ctx.xref.targets.values():
        out.setdefault(target.page, set()).add(target.id)
    for target in ctx.xref.targets.values():
        if target.kind == "hierarchy":  # its matrix shows the same priorities
            out[routes.matrix_page(target.page)] = out[target.page]
    return out


def last_changed(ctx: BriefContext, ids: set[str]) -> str:
    """The date of the newest change that touched any of `ids` (the page's own date if none did)."""
    dates = [c.date for c in ctx.brief.changes if not c.ids or ids & {ctx.brief.current_id(i) for i in c.ids}]
    return max(dates, default=ctx.brief.published)


def page_kinds(ctx: BriefContext) -> dict[str, str]:
    """Source path -> kind, for the home page and the brief's sections; every other page is `page`."""
    kinds = {routes.HOME: "brief"}
    for ident, kind in (
        *((a.id, "article") for a in ctx.articles),
        *((p.id, "part") for a in ctx.articles for p in a.parts),
        *((h.id, "hierarchy") for h in ctx.hierarchies),
    ):
        target = ctx.xref.get(ident, kind)
        if target is not None:
            kinds[target.page] = "section"
    return kinds


def page_claims(ctx: BriefContext) -> dict[str, list[tuple[str, str]]]:
    """Page -> (claim id, § number) of the claims on it, in order."""
    out: dict[str, list[tuple[str, str]]] = {}
    for article in ctx.articles:
        for part in article.parts:
            for claim in part.claims:
                target = ctx.xref.get(claim.id, "claim")
                if target is not None:
                    out.setdefault(target.page, []).append((claim.id, ctx.claim_numbers[claim.id]))
    return out


def page_records(ctx: BriefContext, titles: dict[str, str], *, pdf: bool) -> dict[str, PageRecord]:
    """A record for every page, keyed by source path. `titles` are the pages' headings; `pdf`
    says whether this build publishes the whole brief's PDF."""
    brief = ctx.brief
    authors = tuple(
        (a.organisation.best(), "") if a.organisation else (a.person.family, a.person.given or "")  # type: ignore[union-attr]
        for a in brief.authors
    )
    organisations = tuple(a.organisation is not None for a in brief.authors)
    institution = next((a.organisation.best() for a in brief.authors if a.organisation is not None), None)
    kinds = page_kinds(ctx)
    claims = page_claims(ctx)
    records = {}
    page_ids = ids_by_page(ctx)
    for src, title in titles.items():
        kind = kinds.get(src, "page")
        home = kind == "brief"
        records[src] = PageRecord(
            key=routes.record_key(src),
            src=src,
            kind=kind,
            title=title,
            container_title=None if home else brief.title.best(),
            authors=authors,
            organisations=organisations,
            institution=institution if home else None,
            version=brief.version,
            published=brief.published,
            last_changed=(
                max((c.date for c in brief.changes), default=brief.published)  # it lists every change
                if src == routes.CHANGELOG
                else last_changed(ctx, page_ids.get(src, set()) | {src})  # a change may name the page itself
            ),
            url=routes.versioned_url(brief.site_url, brief.version, src),
            latest_url=routes.latest_url(brief.site_url, src),
            pdf_url=routes.versioned_pdf_url(brief.site_url, brief.version) if home and pdf else None,
            language=brief.languages[0],
            licence=brief.licence,
            abstract=" ".join(plain_text(brief.abstract).split()) if home else "",
            claims=tuple(claims.get(src, ())),
            doi=brief.version_dois.get(brief.version) if home else None,
            concept_doi=brief.doi if home else None,
            container_doi=None if home else brief.version_dois.get(brief.version),
        )
    return records
