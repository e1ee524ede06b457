"""Citable pages: one metadata record per page, and everything made from it.

The record feeds the byline, the "cite this page" block (GOST, APA, Chicago through the same CSL
processor as the bibliography), the exports (BibTeX, RIS, CSL-JSON), the <head> tags that
Google Scholar and Zotero read (Highwire `citation_*`, Dublin Core, OpenGraph, JSON-LD), and the
brief's CITATION.cff. `verify_site` reads them back from the built site and fails the build when
any of them disagrees with the record. Pure functions, except `verify_site`, which reads files.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import asdict, dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from .context import BriefContext
from .csl import STYLES, CslProcessor
from .model import Brief
from .project import GENERATED
from .xref import matrix_page, page_url

ACCESSED_SENTINEL = "1900-01-01"
"""Formatted as the access date, then replaced by a span that the reader's browser sets to today."""
LANG_NAMES = {"en": "english", "ru": "russian"}


@dataclass(frozen=True)
class PageRecord:
    """What a citation of one page says. Every other representation is made from this."""

    key: str
    """Export file name and CSL id: `brief-feng-background`."""
    src: str
    """Source path under docs/: `brief/feng/background.md`."""
    title: str
    container_title: str | None
    """The brief's title, for every page but the home page (which is the brief itself)."""
    authors: tuple[tuple[str, str], ...]
    """(family, given) for people; (name, "") for organisations."""
    organisations: tuple[bool, ...]
    version: str
    published: str
    last_changed: str
    url: str
    """The versioned URL, which keeps this version's text."""
    latest_url: str
    pdf_url: str
    language: str
    licence: str

    def author_strings(self) -> list[str]:
        """Authors as "Last, First" (organisations as their name), as Highwire tags want them."""
        return [f"{family}, {given}" if given else family for family, given in self.authors]

    def csl_item(self) -> dict[str, Any]:
        authors: list[dict[str, str]] = [
            {"literal": family} if org else {"family": family, "given": given}
            for (family, given), org in zip(self.authors, self.organisations, strict=True)
        ]
        item: dict[str, Any] = {
            "id": self.key,
            "type": "webpage",
            "title": self.title,
            "author": authors,
            "issued": _date_parts(self.published),
            "accessed": _date_parts(ACCESSED_SENTINEL),
            "URL": self.url,
            "version": self.version,
            "language": {"en": "en-US", "ru": "ru-RU"}.get(self.language, self.language),
        }
        if self.container_title:
            item["container-title"] = self.container_title
        return item


def _date_parts(value: str) -> dict[str, Any]:
    return {"date-parts": [[int(p) for p in value.split("-")]]}


def versioned_url(brief: Brief, src: str) -> str:
    return f"{brief.site_url.rstrip('/')}/v/{brief.version}/{page_url(src)}"


def latest_url(brief: Brief, src: str) -> str:
    return f"{brief.site_url.rstrip('/')}/{page_url(src)}"


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


def page_records(ctx: BriefContext, titles: dict[str, str]) -> dict[str, PageRecord]:
    """A record for every page, keyed by source path."""
    brief = ctx.brief
    authors = tuple(
        (a.organisation.best(), "") if a.organisation else (a.person.family, a.person.given or "")  # type: ignore[union-attr]
        for a in brief.authors
    )
    organisations = tuple(a.organisation is not None for a in brief.authors)
    records = {}
    page_ids = ids_by_page(ctx)
    for src, title in titles.items():
        key = re.sub(r"[^a-z0-9]+", "-", src.removesuffix(".md").lower()).strip("-")
        home = src == "index.md"
        records[src] = PageRecord(
            key=key or "home",
            src=src,
            title=brief.title.best() if home else title,
            container_title=None if home else brief.title.best(),
            authors=authors,
            organisations=organisations,
            version=brief.version,
            published=brief.published,
            last_changed=(
                max((c.date for c in brief.changes), default=brief.published)  # it lists every change
                if src == f"{GENERATED}/changelog.md"
                else last_changed(ctx, page_ids.get(src, set()) | {src})  # a change may name the page itself
            ),
            url=versioned_url(brief, src),
            latest_url=latest_url(brief, src),
            pdf_url=f"{brief.site_url.rstrip('/')}/v/{brief.version}/{GENERATED}/brief.pdf",
            language=brief.languages[0],
            licence=brief.licence,
        )
    return records


# --- formatted citations -------------------------------------------------------------------


@dataclass(frozen=True)
class PageCitations:
    """`style -> HTML` for one page; the access date is a `bg-accessed` span."""

    by_style: dict[str, str]


def format_page_citations(
    records: dict[str, PageRecord], cache_dir: Path | None
) -> tuple[dict[str, PageCitations], int]:
    """All pages in all styles: one CSL run per style, cached like the bibliography.
    Returns the citations and how many times pandoc ran."""
    processor = CslProcessor({r.key: r.csl_item() for r in records.values()}, cache_dir, year_suffix=False)
    formatted = processor.format_styles(dict.fromkeys(STYLES, ()))
    out = {}
    for src, record in records.items():
        out[src] = PageCitations({style: _accessed_span(formatted[style].entries[record.key]) for style in STYLES})
    return out, processor.runs


_SENTINELS = {
    "01.01.1900": "dmy",  # GOST
    "January 1, 1900": "mdy-long",  # APA, Chicago
    "1900-01-01": "iso",
}


def _accessed_span(text: str) -> str:
    for sentinel, fmt in _SENTINELS.items():
        if sentinel in text:
            return text.replace(sentinel, f'<span class="bg-accessed" data-format="{fmt}">{sentinel}</span>')
    return text


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
    fields += [
        ("version", record.version),
        ("date", record.published),
        ("url", record.url),
        ("langid", LANG_NAMES.get(record.language, record.language)),
    ]
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@online{{{record.key},\n{body},\n}}\n"


def to_ris(record: PageRecord) -> str:
    lines = ["TY  - ELEC"]
    lines += [f"AU  - {a}" for a in record.author_strings()]
    lines.append(f"TI  - {record.title}")
    if record.container_title:
        lines.append(f"T2  - {record.container_title}")
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


# --- head tags and the cite block ------------------------------------------------------------


def _meta(name: str, content: str, attr: str = "name") -> str:
    return f'<meta {attr}="{html.escape(name)}" content="{html.escape(content, quote=True)}">'


def head_html(record: PageRecord, references: list[str]) -> str:
    """Highwire (Google Scholar, Zotero), Dublin Core, OpenGraph and JSON-LD for one page."""
    date = record.published.replace("-", "/")
    tags = [_meta("citation_title", record.title)]
    tags += [_meta("citation_author", a) for a in record.author_strings()]
    tags += [
        _meta("citation_publication_date", date),
        _meta("citation_online_date", date),
        _meta("citation_language", record.language),
        _meta("citation_fulltext_html_url", record.url),
        _meta("citation_pdf_url", record.pdf_url),
    ]
    if record.container_title:
        tags.append(_meta("citation_inbook_title", record.container_title))
    tags += [_meta("citation_reference", ref) for ref in references]
    tags += [_meta("DC.title", record.title)]
    tags += [_meta("DC.creator", a) for a in record.author_strings()]
    tags += [
        _meta("DC.date", record.published),
        _meta("DC.language", record.language),
        _meta("DC.identifier", record.url),
        _meta("DC.rights", record.licence),
        _meta("DC.type", "Text"),
        _meta("og:title", record.title, "property"),
        _meta("og:type", "article", "property"),
        _meta("og:url", record.url, "property"),
        _meta("og:site_name", record.container_title or record.title, "property"),
    ]
    ld: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "ScholarlyArticle" if record.container_title is None else "WebPage",
        "headline": record.title,
        "name": record.title,
        "author": [
            {"@type": "Organization", "name": family}
            if org
            else {"@type": "Person", "familyName": family, "givenName": given}
            for (family, given), org in zip(record.authors, record.organisations, strict=True)
        ],
        "datePublished": record.published,
        "dateModified": record.last_changed,
        "version": record.version,
        "inLanguage": record.language,
        "url": record.url,
        "license": f"https://spdx.org/licenses/{record.licence}.html",
    }
    if record.container_title:
        ld["isPartOf"] = {"@type": "CreativeWork", "name": record.container_title}
    payload = json.dumps(ld, ensure_ascii=False).replace("</", "<\\/")
    record_json = json.dumps(asdict(record), ensure_ascii=False).replace("</", "<\\/")
    tags.append(f'<script type="application/ld+json">{payload}</script>')
    tags.append(f'<script type="application/json" id="bg-record">{record_json}</script>')
    return "\n".join(tags)


def citation_reference(ctx: BriefContext, key: str) -> str:
    """A `citation_reference` value for one work: `citation_title=…; citation_author=…; …`."""
    entry = ctx.bibliography.entries[key]
    parts = [f"citation_title={entry.fields.get('title', key)}"]
    for name in entry.persons.get("author", []):
        parts.append(f"citation_author={name.family}, {name.given}" if name.given else f"citation_author={name.family}")
    if entry.year:
        parts.append(f"citation_publication_date={entry.year}")
    container = entry.fields.get("journaltitle") or entry.fields.get("journal")
    if container:
        parts.append(f"citation_journal_title={container}")
    for field, tag in (("volume", "citation_volume"), ("number", "citation_issue"), ("doi", "citation_doi")):
        if entry.fields.get(field):
            parts.append(f"{tag}={entry.fields[field]}")
    return "; ".join(p.replace(";", ",") for p in parts)


def coins(ctx: BriefContext, key: str) -> str:
    """A COinS span (OpenURL ContextObject) for one work, so Zotero can import the whole list."""
    from urllib.parse import urlencode

    entry = ctx.bibliography.entries[key]
    f = entry.fields
    journal = entry.type == "article" and (f.get("journaltitle") or f.get("journal"))
    pairs: list[tuple[str, str]] = [("ctx_ver", "Z39.88-2004")]
    if journal:
        pairs += [
            ("rft_val_fmt", "info:ofi/fmt:kev:mtx:journal"),
            ("rft.genre", "article"),
            ("rft.atitle", f.get("title", "")),
            ("rft.jtitle", str(journal)),
        ]
    else:
        genre = {"book": "book", "incollection": "bookitem", "inproceedings": "proceeding", "report": "report"}
        pairs += [
            ("rft_val_fmt", "info:ofi/fmt:kev:mtx:book"),
            ("rft.genre", genre.get(entry.type, "document")),
            ("rft.btitle" if entry.type == "book" else "rft.title", f.get("title", "")),
        ]
    for name in entry.persons.get("author", []):
        pairs.append(("rft.au", f"{name.family}, {name.given}" if name.given else name.family))
    for field, kev in (
        ("volume", "rft.volume"),
        ("number", "rft.issue"),
        ("pages", "rft.pages"),
        ("publisher", "rft.pub"),
        ("location", "rft.place"),
    ):
        if f.get(field):
            pairs.append((kev, f[field].replace("--", "–")))
    if entry.year:
        pairs.append(("rft.date", f.get("date") or entry.year))
    if f.get("doi"):
        pairs.append(("rft_id", f"info:doi/{f['doi']}"))
    if f.get("url"):
        pairs.append(("rft_id", f["url"]))
    if entry.language:
        pairs.append(("rft.language", entry.language))
    return f'<span class="Z3988" title="{html.escape(urlencode(pairs), quote=True)}"></span>'


def edition_html(record: PageRecord, changelog_href: str) -> str:
    from .pages import format_date

    return (
        f'<p class="bg-edition">Version {html.escape(record.version)} · published '
        f'<time datetime="{record.published}">{format_date(record.published)}</time> · last changed '
        f'<time datetime="{record.last_changed}">{format_date(record.last_changed)}</time> · '
        f'<a href="{changelog_href}">changes</a></p>'
    )


def cite_block_html(record: PageRecord, citations: PageCitations, export_href: str, pdf_href: str | None) -> str:
    """The "Cite this page" section: three styles with copy buttons, and the exports."""
    labels = {s: STYLES[s].label for s in STYLES}
    out = [
        f'<section class="bg-cite-page" aria-labelledby="cite-this-page" data-url="{html.escape(record.url)}"'
        f' data-title="{html.escape(record.title, quote=True)}" data-version="{html.escape(record.version)}"'
        f' data-published="{record.published}" data-search-exclude>',
        # Kept out of the search index: the same three citations on every page would make up a
        # large share of it and match every search for the brief's title.
        '<h2 id="cite-this-page" data-search-exclude>Cite this page</h2>',
    ]
    for style, text in citations.by_style.items():
        out.append(
            f'<div class="bg-cite-style" data-style="{style}"><p class="bg-cite-label">{labels[style]}</p>'
            f'<p class="bg-cite-text" id="cite-{style}">{text}</p>'
            f'<button type="button" class="bg-copy" data-copy="cite-{style}">Copy</button></div>'
        )
    out.append(
        f'<p class="bg-cite-exports">Download this citation: <a href="{export_href}.bib" download>BibTeX</a> · '
        f'<a href="{export_href}.ris" download>RIS</a> · <a href="{export_href}.json" download>CSL-JSON</a>'
        + (f' · the whole brief as <a href="{pdf_href}">PDF</a>' if pdf_href else "")
        + ". "
        f'This version keeps its text at <a href="{html.escape(record.url)}">{html.escape(record.url)}</a>.</p>'
    )
    out.append("</section>")
    return "\n".join(out)


def citation_cff(ctx: BriefContext) -> str:
    """CITATION.cff for the brief as a whole (code hosts show "Cite this repository")."""
    brief = ctx.brief

    def q(value: str) -> str:
        return json.dumps(value, ensure_ascii=False)

    lines = [
        "# Generated by `briefgen build` from content/brief.yml; do not edit by hand.",
        "cff-version: 1.2.0",
        "message: If you use this brief, please cite it as below.",
        "type: dataset",
        f"title: {q(brief.title.best())}",
        "authors:",
    ]
    for author in brief.authors:
        if author.organisation is not None:
            lines.append(f"  - name: {q(author.organisation.best())}")
        else:
            assert author.person is not None
            lines.append(f"  - family-names: {q(author.person.family)}")
            if author.person.given:
                lines.append(f"    given-names: {q(author.person.given)}")
            if author.person.orcid:
                lines.append(f"    orcid: {q('https://orcid.org/' + author.person.orcid)}")
    lines += [
        f"version: {q(brief.version)}",
        f"date-released: {q(brief.published)}",
        f"license: {q(brief.licence)}",
        f"url: {q(brief.site_url)}",
    ]
    abstract = " ".join(plain_text(brief.abstract).split())
    lines.append(f"abstract: {q(abstract)}")
    return "\n".join(lines) + "\n"


def plain_text(markdown_text: str) -> str:
    """A text field without its markup: citations dropped, links reduced to their text."""
    from .citations import GROUP_PATTERN
    from .context import TEXT_LINK

    text = re.sub(r"\s*" + GROUP_PATTERN, "", markdown_text)
    text = TEXT_LINK.sub(lambda m: m.group("text"), text)
    return re.sub(r"[*_]{1,2}([^*_]+)[*_]{1,2}", r"\1", text)


# --- verification ----------------------------------------------------------------------------


class _HeadScan(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.meta: list[tuple[str, str]] = []
        self.record_json = ""
        self.cite_block: dict[str, str] = {}
        self._in_record = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if tag == "meta" and ("name" in values or "property" in values):
            self.meta.append((values.get("name") or values.get("property", ""), values.get("content", "")))
        if tag == "script" and values.get("id") == "bg-record":
            self._in_record = True
        if tag == "section" and "bg-cite-page" in values.get("class", ""):
            self.cite_block = values

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_record = False

    def handle_data(self, data: str) -> None:
        if self._in_record:
            self.record_json += data


def _record_parts(page_html: str) -> str:
    """The <head> and the cite block's opening tag: all that verify_page reads (a full parse of
    every page, nav included, would dominate large builds). The JSON in <head> escapes `</`."""
    end = page_html.find("</head>")
    parts = [page_html[: end if end >= 0 else len(page_html)]]
    start = page_html.find('<section class="bg-cite-page"')
    if start >= 0:
        parts.append(page_html[start : page_html.find(">", start) + 1])
    return "".join(parts)


def verify_page(page_html: str, record: PageRecord, exports: dict[str, str]) -> list[str]:
    """Where the built page or its exports disagree with the record (empty when they agree)."""
    scan = _HeadScan()
    scan.feed(_record_parts(page_html))
    problems = []
    meta: dict[str, list[str]] = {}
    for name, content in scan.meta:
        meta.setdefault(name, []).append(content)
    expected = {
        "citation_title": [record.title],
        "citation_author": record.author_strings(),
        "citation_publication_date": [record.published.replace("-", "/")],
        "citation_fulltext_html_url": [record.url],
        "citation_pdf_url": [record.pdf_url],
        "DC.title": [record.title],
        "og:url": [record.url],
    }
    for name, values in expected.items():
        if meta.get(name) != values:
            problems.append(f"head tag {name} is {meta.get(name)} but the record says {values}")
    if not scan.record_json or json.loads(scan.record_json) != json.loads(json.dumps(asdict(record))):
        problems.append("the embedded page record differs from the record")
    block = scan.cite_block
    for field, value in (
        ("data-url", record.url),
        ("data-title", record.title),
        ("data-version", record.version),
        ("data-published", record.published),
    ):
        if block.get(field) != value:
            problems.append(f"cite block {field} is {block.get(field)!r} but the record says {value!r}")
    if exports.get("bib") is not None and f"url = {{{record.url}}}" not in exports["bib"]:
        problems.append("the BibTeX export's url differs from the record")
    if exports.get("json") is not None and json.loads(exports["json"])[0].get("URL") != record.url:
        problems.append("the CSL-JSON export's URL differs from the record")
    if exports.get("ris") is not None and f"UR  - {record.url}" not in exports["ris"]:
        problems.append("the RIS export's UR differs from the record")
    return problems


def verify_site(site: Path, records: dict[str, PageRecord]) -> list[str]:
    problems = []
    for src, record in records.items():
        page = site / page_url(src)
        if not page.exists():
            problems.append(f"{page_url(src)}: page is missing")
            continue
        exports = {}
        for ext in ("bib", "ris", "json"):
            path = site / GENERATED / "cite" / f"{record.key}.{ext}"
            exports[ext] = path.read_text(encoding="utf-8") if path.exists() else ""
        problems += [f"{page_url(src)}: {p}" for p in verify_page(page.read_text(encoding="utf-8"), record, exports)]
    return problems
