"""What each page declares in <head> for Google Scholar, Zotero and link previews; and the COinS
spans of the works-cited page. Pure functions of the page record (citable.py).

The rules come from the consumers themselves (scripts/briefgen/README.md, "Citing a brief", has the table):

* Zotero's Embedded Metadata translator reads Highwire `citation_*` tags. It files a page as a
  Book Section when it sees `citation_inbook_title`, as a Report when it sees
  `citation_technical_report_institution`, and otherwise as a journal article, unless OpenGraph
  says `og:type` = `website`, which makes it a Web Page. It splits every `citation_author` into
  first and last name at the last space, unless the value holds a comma: "Name," keeps an
  organisation's name whole (one single-field creator). `citation_pdf_url` becomes the item's
  "Full Text PDF".
* Zotero's COinS translator outranks Embedded Metadata: a page with COinS spans is saved from
  them. Only the works-cited page carries COinS (one per work, so "Save" offers the list); no
  item page does, or its own record would be lost.
* Google Scholar indexes a page that has `citation_title`, at least one `citation_author` and
  `citation_publication_date`, and takes `citation_pdf_url` as the full text of that very item.
  Only the brief and its sections carry `citation_*`; the timeline, glossary, works cited,
  changes, matrices and hand-written pages are not scholarly items and carry none.
"""

from __future__ import annotations

import html
import json
from typing import Any
from urllib.parse import urlencode

from briefgen.base.doi import doi_url, json_ld_identifier
from briefgen.base.doi import highwire_tags as doi_tags
from briefgen.cite.record import PageRecord, licence_url, record_json
from briefgen.load.bibtex import BibEntry


def _meta(name: str, content: str, attr: str = "name") -> str:
    return f'<meta {attr}="{html.escape(name)}" content="{html.escape(content, quote=True)}">'


def highwire_tags(record: PageRecord, references: list[str]) -> list[tuple[str, str]]:
    """(name, content) of the `citation_*` tags of a page; none for a page of kind `page`."""
    if record.kind == "page":
        return []
    tags = [("citation_title", record.title)]
    tags += [("citation_author", a) for a in record.author_strings()]
    tags += [
        ("citation_publication_date", record.published.replace("-", "/")),
        ("citation_language", record.language),
    ]
    if record.kind == "brief":
        if record.institution:
            tags.append(("citation_technical_report_institution", record.institution))
        if record.abstract:
            tags.append(("citation_abstract", record.abstract))
        tags.append(("citation_abstract_html_url", record.url))
        tags += doi_tags(record.doi)
        if record.pdf_url:
            tags.append(("citation_pdf_url", record.pdf_url))
    else:
        tags.append(("citation_fulltext_html_url", record.url))
    tags += [("citation_reference", ref) for ref in references]
    return tags


def opengraph_tags(record: PageRecord) -> list[tuple[str, str]]:
    """OpenGraph for link previews; `og:type` = `website` is also what makes Zotero's Embedded
    Metadata file a page without a Highwire type as a Web Page (RDF.js, `detectType`)."""
    return [
        ("og:title", record.title),
        ("og:type", "website"),
        ("og:url", record.url),
        ("og:site_name", record.container_title or record.title),
    ]


def json_ld(record: PageRecord) -> dict[str, Any]:
    """schema.org for search engines (no reference manager reads it)."""
    authors = [
        {"@type": "Organization", "name": family}
        if org
        else {"@type": "Person", "familyName": family, "givenName": given}
        for (family, given), org in zip(record.authors, record.organisations, strict=True)
    ]
    ld: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Report" if record.kind == "brief" else "WebPage",
        "headline": record.title,
        "name": record.title,
        "author": authors,
        "datePublished": record.published,
        "dateModified": record.last_changed,
        "version": record.version,
        "inLanguage": record.language,
        "url": record.url,
        "license": licence_url(record.licence),
    }
    if record.abstract:
        ld["abstract"] = record.abstract
    if record.pdf_url:
        ld["encoding"] = {"@type": "MediaObject", "contentUrl": record.pdf_url, "encodingFormat": "application/pdf"}
    if record.container_title:
        ld["isPartOf"] = {"@type": "Report", "name": record.container_title}
        if record.container_doi:
            ld["isPartOf"]["identifier"] = json_ld_identifier(record.container_doi)
    if record.doi:
        ld["identifier"] = json_ld_identifier(record.doi)
        ld["sameAs"] = doi_url(record.doi)
    if record.concept_doi:  # the brief in all its versions, of which this is one
        ld["exampleOfWork"] = {
            "@type": "CreativeWork",
            "name": record.title,
            "identifier": json_ld_identifier(record.concept_doi),
            "sameAs": doi_url(record.concept_doi),
        }
    return ld


def head_html(record: PageRecord, references: list[str]) -> str:
    """Highwire (Scholar, Zotero), OpenGraph and JSON-LD for one page, and its record."""
    tags = [_meta(n, c) for n, c in highwire_tags(record, references)]
    tags += [_meta(n, c, "property") for n, c in opengraph_tags(record)]
    payload = json.dumps(json_ld(record), ensure_ascii=False).replace("</", "<\\/")
    tags.append(f'<script type="application/ld+json">{payload}</script>')
    tags.append(f'<script type="application/json" id="bg-record">{record_json(record)}</script>')
    return "\n".join(tags)


def citation_reference(entry: BibEntry) -> str:
    """A `citation_reference` value for one work: `citation_title=…; citation_author=…; …`."""
    parts = [f"citation_title={entry.fields.get('title', entry.key)}"]
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


def coins(entry: BibEntry) -> str:
    """A COinS span (OpenURL ContextObject) for one work, so Zotero can import the whole list.
    Kinds and keys as Zotero's OpenURL parser reads them (zotero/utilities openurl.js): a
    journal article, a book's chapter (`bookitem`), a report, a document, a book; web pages in
    the Dublin Core format, with the site as `rft.source` (Zotero's website title)."""
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
    elif entry.type == "online":
        pairs += [("rft_val_fmt", "info:ofi/fmt:kev:mtx:dc"), ("rft.title", f.get("title", ""))]
        if f.get("organization"):
            pairs.append(("rft.source", f["organization"]))
    else:
        genre = {"book": "book", "incollection": "bookitem", "inproceedings": "proceeding", "report": "report"}
        pairs += [
            ("rft_val_fmt", "info:ofi/fmt:kev:mtx:book"),
            ("rft.genre", genre.get(entry.type, "document")),
            ("rft.btitle" if entry.type in ("book", "report") else "rft.title", f.get("title", "")),
        ]
    for name in entry.persons.get("author", []):
        pairs.append(("rft.au", f"{name.family}, {name.given}" if name.given else name.family))
    publisher = f.get("publisher") or f.get("institution") or f.get("organization")
    if publisher and not journal and entry.type != "online":
        pairs.append(("rft.pub", publisher))
    for field, kev in (
        ("volume", "rft.volume"),
        ("number", "rft.issue"),
        ("pages", "rft.pages"),
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
