"""Citable pages: one metadata record per page, and everything made from it.

The record feeds the byline, the "cite this page" block and each claim's "cite §N" (GOST, APA,
Chicago through the same CSL processor as the bibliography), the exports (BibTeX, RIS,
CSL-JSON), the <head> tags that Google Scholar and Zotero read (headtags.py), the PDF's cover and
metadata (pdfmeta.py) and the brief's CITATION.cff. verify.py reads all of them back from the
built site and fails the build when any of them disagrees with the record. Pure functions.

A page is cited by its heading (which is also its <title>). What a page is, for a reference
manager and for Google Scholar, depends on its kind (see README, "Citing a brief"):

* `brief`: the home page, which stands for the brief as a whole: a report;
* `section`: an article's overview, a part of it, a priority hierarchy: a page of the brief's
  web site, the work's sections that carry its scholarly content;
* `page`: everything else (timeline, glossary, works cited, changes, matrices, about):
  citable as a web page, but not a scholarly item of its own.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from briefgen.base.project import GENERATED
from briefgen.check.run import BriefContext
from briefgen.cite.csl import STYLES, CslProcessor
from briefgen.index.xref import matrix_page, page_url
from briefgen.model.schema import Brief

ACCESSED_SENTINEL = "1900-01-01"
"""Formatted as the access date, then replaced by a blank to fill in (briefgen.js fills in today)."""
ACCESSED_BLANK = "__.__.____"
"""What a printed or script-less GOST reference shows for the access date: the reader's to fill in.
A page never knows when it is read, so it never prints a date there."""
LANG_NAMES = {"en": "english", "ru": "russian"}
CSL_LANGUAGES = {"en": "en-US", "ru": "ru-RU"}
KINDS = ("brief", "section", "page")


@dataclass(frozen=True)
class PageRecord:
    """What a citation of one page says. Every other representation is made from this."""

    key: str
    """Export file name and CSL id: `brief-feng-background`."""
    src: str
    """Source path under docs/: `brief/feng/background.md`."""
    kind: str
    """`brief`, `section` or `page` (module docstring)."""
    title: str
    """The page's heading, as the page and its <title> show it."""
    container_title: str | None
    """The brief's title, for every page but the home page (which is the brief itself)."""
    authors: tuple[tuple[str, str], ...]
    """(family, given) for people; (name, "") for organisations."""
    organisations: tuple[bool, ...]
    institution: str | None
    """For the brief: the organisation that issues it (its first organisation author), if any."""
    version: str
    published: str
    last_changed: str
    url: str
    """The versioned URL, which keeps this version's text."""
    latest_url: str
    pdf_url: str | None
    """The PDF that is this item's full text: the whole brief's, for the brief; None when the
    build makes no PDF, and for every other page (the whole brief is not their full text)."""
    language: str
    licence: str
    abstract: str = ""
    """For the brief: its abstract as plain text."""
    claims: tuple[tuple[str, str], ...] = field(default=())
    """(claim id, § number) of each claim on the page."""

    def author_strings(self) -> list[str]:
        """Authors as Highwire tags want them, "Last, First"; an organisation as "Name," with an
        empty first name, so that reference managers keep it as one name (headtags.py)."""
        return [f"{family}, {given}" if given else f"{family}," for family, given in self.authors]

    def csl_authors(self) -> list[dict[str, str]]:
        return [
            {"literal": family} if org else {"family": family, "given": given}
            for (family, given), org in zip(self.authors, self.organisations, strict=True)
        ]

    def csl_item(self) -> dict[str, Any]:
        """The page as a CSL item: a report (the brief) or a page of the brief's web site."""
        item: dict[str, Any] = {
            "id": self.key,
            "type": "report" if self.kind == "brief" else "webpage",
            "title": self.title,
            "author": self.csl_authors(),
            "issued": _date_parts(self.published),
            "accessed": _date_parts(ACCESSED_SENTINEL),
            "URL": self.url,
            "version": self.version,
            "language": CSL_LANGUAGES.get(self.language, self.language),
        }
        if self.container_title:
            item["container-title"] = self.container_title
        # APA 7: a report whose author is also its publisher names the publisher once, as author.
        if self.institution and self.institution not in [a[0] for a in self.authors]:
            item["publisher"] = self.institution
        return item

    def claim_item(self, claim_id: str, number: str) -> dict[str, Any]:
        """One claim of the page as a CSL item: the page, its title followed by the claim's
        number, at the claim's own URL."""
        return dict(
            self.csl_item(),
            id=f"{self.key}--{claim_id}",
            title=f"{self.title}, §{number}",
            URL=f"{self.url}#{claim_id}",
        )


def _date_parts(value: str) -> dict[str, Any]:
    return {"date-parts": [[int(p) for p in value.split("-")]]}


def versioned_url(brief: Brief, src: str) -> str:
    return f"{brief.site_url.rstrip('/')}/v/{brief.version}/{page_url(src)}"


def latest_url(brief: Brief, src: str) -> str:
    return f"{brief.site_url.rstrip('/')}/{page_url(src)}"


def pdf_url(brief: Brief) -> str:
    """Where the versioned whole-brief PDF is: beside the versioned home page, in its folder."""
    return f"{brief.site_url.rstrip('/')}/v/{brief.version}/{GENERATED}/brief.pdf"


def ids_by_page(ctx: BriefContext) -> dict[str, set[str]]:
    """Page -> every id whose anchor or page it is (to find the changes that touched a page)."""
    out: dict[str, set[str]] = {}
    for target in ctx.xref.targets.values():
        out.setdefault(target.page, set()).add(target.id)
    for target in ctx.xref.targets.values():
        if target.kind == "hierarchy":  # its matrix shows the same priorities
            out[matrix_page(target.page)] = out[target.page]
    return out


def last_changed(ctx: BriefContext, ids: set[str]) -> str:
    dates = [c.date for c in ctx.brief.changes if not c.ids or ids & {ctx.brief.current_id(i) for i in c.ids}]
    return max(dates, default=ctx.brief.published)


def page_kinds(ctx: BriefContext) -> dict[str, str]:
    """Source path -> kind, for the home page and the brief's sections; every other page is `page`."""
    kinds = {"index.md": "brief"}
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
        key = re.sub(r"[^a-z0-9]+", "-", src.removesuffix(".md").lower()).strip("-")
        kind = kinds.get(src, "page")
        home = kind == "brief"
        records[src] = PageRecord(
            key=key or "home",
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
                if src == f"{GENERATED}/changelog.md"
                else last_changed(ctx, page_ids.get(src, set()) | {src})  # a change may name the page itself
            ),
            url=versioned_url(brief, src),
            latest_url=latest_url(brief, src),
            pdf_url=pdf_url(brief) if home and pdf else None,
            language=brief.languages[0],
            licence=brief.licence,
            abstract=" ".join(plain_text(brief.abstract).split()) if home else "",
            claims=tuple(claims.get(src, ())),
        )
    return records


# --- formatted citations -------------------------------------------------------------------


@dataclass(frozen=True)
class PageCitations:
    """`style -> HTML` for one page, and for each of its claims; a GOST access date is a
    `bg-accessed` span holding a blank to fill in."""

    by_style: dict[str, str]
    claims: dict[str, dict[str, str]] = field(default_factory=dict)
    """Claim id -> style -> HTML."""


def format_page_citations(
    records: dict[str, PageRecord], cache_dir: Path | None
) -> tuple[dict[str, PageCitations], int]:
    """All pages and their claims in all styles: one CSL run per style, cached like the
    bibliography. Returns the citations and how many times pandoc ran."""
    items = {r.key: r.csl_item() for r in records.values()}
    for record in records.values():
        for claim_id, number in record.claims:
            item = record.claim_item(claim_id, number)
            items[item["id"]] = item
    processor = CslProcessor(items, cache_dir, year_suffix=False)
    formatted = processor.format_styles(dict.fromkeys(STYLES, ()))
    out = {}
    for src, record in records.items():
        out[src] = PageCitations(
            {style: accessed_blank(formatted[style].entries[record.key]) for style in STYLES},
            {
                claim_id: {
                    style: accessed_blank(formatted[style].entries[f"{record.key}--{claim_id}"]) for style in STYLES
                }
                for claim_id, _number in record.claims
            },
        )
    return out, processor.runs


_SENTINELS = {
    "01.01.1900": "dmy",  # GOST
    "January 1, 1900": "mdy-long",  # APA, Chicago (which print no access date for a dated page)
    "1900-01-01": "iso",
}


def accessed_blank(text: str) -> str:
    """The sentinel access date as a blank span (`__.__.____`) that briefgen.js fills in."""
    for sentinel, fmt in _SENTINELS.items():
        if sentinel in text:
            return text.replace(sentinel, f'<span class="bg-accessed" data-format="{fmt}">{ACCESSED_BLANK}</span>')
    return text


def citation_text(citation_html: str) -> str:
    """A formatted citation as plain text, as it is printed (the access date left blank)."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", citation_html)).split())


# --- exports ---------------------------------------------------------------------------------


def _bib_escape(value: str) -> str:
    return value.replace("\\", "").replace("{", "(").replace("}", ")")


def to_bibtex(record: PageRecord) -> str:
    authors = " and ".join(
        f"{{{_bib_escape(family)}}}" if org else f"{_bib_escape(family)}, {_bib_escape(given)}"
        for (family, given), org in zip(record.authors, record.organisations, strict=True)
    )
    fields = [("author", authors), ("title", _bib_escape(record.title))]
    if record.container_title:
        fields.append(("maintitle", _bib_escape(record.container_title)))
    if record.institution:
        fields.append(("institution", _bib_escape(record.institution)))
    fields += [
        ("version", record.version),
        ("date", record.published),
        ("url", record.url),
        ("langid", LANG_NAMES.get(record.language, record.language)),
    ]
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    entry_type = "report" if record.kind == "brief" else "online"
    return f"@{entry_type}{{{record.key},\n{body},\n}}\n"


def to_ris(record: PageRecord) -> str:
    lines = ["TY  - RPRT" if record.kind == "brief" else "TY  - ELEC"]
    lines += [
        f"AU  - {family}" if org else f"AU  - {family}, {given}"
        for (family, given), org in zip(record.authors, record.organisations, strict=True)
    ]
    lines.append(f"TI  - {record.title}")
    if record.container_title:
        lines.append(f"T2  - {record.container_title}")
    if record.institution:
        lines.append(f"PB  - {record.institution}")
    lines += [
        f"PY  - {record.published[:4]}",
        f"DA  - {record.published.replace('-', '/')}",
        f"ET  - {record.version}",
        f"UR  - {record.url}",
        f"LA  - {record.language}",
        "ER  - ",
    ]
    return "\n".join(lines) + "\n"


def to_csl_json(record: PageRecord) -> str:
    item = record.csl_item()
    del item["accessed"]
    return json.dumps([item], ensure_ascii=False, indent=2) + "\n"


def export_files(records: dict[str, PageRecord]) -> dict[str, str]:
    """`brief/cite/<key>.bib|.ris|.json` for every page."""
    files = {}
    for record in records.values():
        base = f"{GENERATED}/cite/{record.key}"
        files[f"{base}.bib"] = to_bibtex(record)
        files[f"{base}.ris"] = to_ris(record)
        files[f"{base}.json"] = to_csl_json(record)
    return files


# --- the cite block --------------------------------------------------------------------------


def edition_text(record: PageRecord, changelog_href: str) -> str:
    """`Version 1.0 · published … · last changed … · changes`, as inline HTML."""
    from briefgen.render.pages import format_date

    return (
        f"Version {html.escape(record.version)} · published "
        f'<time datetime="{record.published}">{format_date(record.published)}</time> · last changed '
        f'<time datetime="{record.last_changed}">{format_date(record.last_changed)}</time> · '
        f'<a href="{changelog_href}">changes</a>'
    )


def edition_html(record: PageRecord, changelog_href: str) -> str:
    # Out of the search index: on every page, it would be the snippet of every page's first section.
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


# --- CITATION.cff ----------------------------------------------------------------------------


def citation_cff(ctx: BriefContext) -> str:
    """CITATION.cff for the brief as a whole (code hosts show "Cite this repository").

    CFF 1.2.0 allows only `software` and `dataset` as the repository's `type`, and a brief is
    neither, so `type` is left out; `preferred-citation` is what code hosts format, and there the
    brief is a `report`, as everywhere else."""
    brief = ctx.brief

    def q(value: str) -> str:
        return json.dumps(value, ensure_ascii=False)

    def authors(indent: str) -> list[str]:
        lines = []
        for author in brief.authors:
            if author.organisation is not None:
                lines.append(f"{indent}- name: {q(author.organisation.best())}")
            else:
                assert author.person is not None
                lines.append(f"{indent}- family-names: {q(author.person.family)}")
                if author.person.given:
                    lines.append(f"{indent}  given-names: {q(author.person.given)}")
                if author.person.orcid:
                    lines.append(f"{indent}  orcid: {q('https://orcid.org/' + author.person.orcid)}")
        return lines

    url = versioned_url(brief, "index.md")
    abstract = " ".join(plain_text(brief.abstract).split())
    # No `institution`: the brief's only institution is its organisation author, and a report
    # whose author is its publisher names it once (APA 7), as the cite blocks do.
    lines = [
        "# Generated by `briefgen build` from content/brief.yml; do not edit by hand.",
        "cff-version: 1.2.0",
        "message: If you use this brief, please cite it as below.",
        f"title: {q(brief.title.best())}",
        "authors:",
        *authors("  "),
        f"version: {q(brief.version)}",
        f"date-released: {q(brief.published)}",
        f"license: {q(brief.licence)}",
        f"url: {q(brief.site_url)}",
        f"abstract: {q(abstract)}",
        "preferred-citation:",
        "  type: report",
        f"  title: {q(brief.title.best())}",
        "  authors:",
        *authors("    "),
    ]
    lines += [
        f"  version: {q(brief.version)}",
        f"  date-published: {q(brief.published)}",
        f"  year: {int(brief.published[:4])}",
        f"  url: {q(url)}",
        f"  languages: [{q(brief.languages[0])}]",
        f"  license: {q(brief.licence)}",
    ]
    return "\n".join(lines) + "\n"


def plain_text(markdown_text: str) -> str:
    """A text field without its markup: citations dropped, links reduced to their text."""
    from briefgen.check.run import TEXT_LINK
    from briefgen.cite.syntax import GROUP_PATTERN

    text = re.sub(r"\s*" + GROUP_PATTERN, "", markdown_text)
    text = TEXT_LINK.sub(lambda m: m.group("text"), text)
    return re.sub(r"[*_]{1,2}([^*_]+)[*_]{1,2}", r"\1", text)


def record_json(record: PageRecord) -> str:
    """The record as embedded in its page (`<script id="bg-record">`), safe inside <script>."""
    return json.dumps(asdict(record), ensure_ascii=False).replace("</", "<\\/")
