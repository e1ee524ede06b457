"""The PDF's metadata and the cover's "Cite as", made from the brief's record, and read back.

The whole brief's PDF is the same work as the home page: its document information dictionary
(Info) and its XMP packet say what the record says (title, authors, version, date, licence, the
versioned URL), and its cover cites it with the same formatted references as the home page's
"Cite this page" block. `read_pdf_metadata` reads a written PDF back (pypdf), so the build can
check that what was written is what the record says (verify.py).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from briefgen.cite.record import PageRecord, licence_url

NS = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "dc": "http://purl.org/dc/elements/1.1/",
    "xmp": "http://ns.adobe.com/xap/1.0/",
    "xmpRights": "http://ns.adobe.com/xap/1.0/rights/",
    "pdf": "http://ns.adobe.com/pdf/1.3/",
    "prism": "http://prismstandard.org/namespaces/basic/3.0/",
}


@dataclass(frozen=True)
class PdfMetadata:
    """What the PDF says about itself, in the record's terms."""

    title: str
    authors: tuple[str, ...]
    version: str
    date: str
    """YYYY-MM-DD: the publication date."""
    licence: str
    """SPDX identifier."""
    url: str
    """The versioned URL of the brief (its home page)."""
    language: str
    doi: str | None = None
    """This version's DOI, when brief.yml gives it."""


def expected_metadata(record: PageRecord) -> PdfMetadata:
    """The metadata the brief's PDF must carry: its home page's record."""
    return PdfMetadata(
        title=record.title,
        authors=tuple(f"{given} {family}".strip() if given else family for family, given in record.authors),
        version=record.version,
        date=record.published,
        licence=record.licence,
        url=record.url,
        language=record.language,
        doi=record.doi,
    )


def _pdf_date(value: str) -> str:
    y, m, d = [*value.split("-"), "01", "01"][:3]
    return f"D:{y}{m}{d}000000Z"


def info_entries(meta: PdfMetadata) -> dict[str, str]:
    """Info dictionary keys beyond WeasyPrint's own: ISO 32000 allows other keys in Info."""
    entries = {"Version": meta.version, "License": meta.licence, "URL": meta.url}
    if meta.doi:
        entries["DOI"] = meta.doi
    return entries


def xmp_packet(meta: PdfMetadata, generator: str, modified: str) -> bytes:
    """The XMP packet: Dublin Core (title, creators, rights, identifier, date, language),
    XMP Rights (the licence's URL), PRISM (version, URL) and the dates."""
    S = ElementTree.SubElement
    for prefix, uri in NS.items():
        ElementTree.register_namespace(prefix, uri)

    def q(prefix: str, name: str) -> str:
        return f"{{{NS[prefix]}}}{name}"

    rdf = ElementTree.Element(q("rdf", "RDF"))
    desc = S(rdf, q("rdf", "Description"), {q("rdf", "about"): ""})

    def alt(name: str, text: str) -> None:
        li = S(S(S(desc, q("dc", name)), q("rdf", "Alt")), q("rdf", "li"))
        li.set("xml:lang", "x-default")
        li.text = text

    def bag(prefix: str, name: str, values: list[str], kind: str = "Bag") -> None:
        container = S(S(desc, q(prefix, name)), q("rdf", kind))
        for value in values:
            S(container, q("rdf", "li")).text = value

    alt("title", meta.title)
    bag("dc", "creator", list(meta.authors), "Seq")
    alt("rights", f"{meta.licence} ({licence_url(meta.licence)})")
    S(desc, q("dc", "identifier")).text = meta.url
    bag("dc", "date", [meta.date], "Seq")
    bag("dc", "language", [meta.language])
    S(desc, q("dc", "format")).text = "application/pdf"
    S(desc, q("xmpRights", "Marked")).text = "True"
    S(desc, q("xmpRights", "WebStatement")).text = licence_url(meta.licence)
    S(desc, q("prism", "versionIdentifier")).text = meta.version
    S(desc, q("prism", "url")).text = meta.url
    if meta.doi:
        S(desc, q("prism", "doi")).text = meta.doi
    S(desc, q("prism", "publicationDate")).text = meta.date
    S(desc, q("xmp", "CreateDate")).text = meta.date
    S(desc, q("xmp", "ModifyDate")).text = modified
    S(desc, q("xmp", "MetadataDate")).text = modified
    S(desc, q("xmp", "CreatorTool")).text = generator
    body: bytes = ElementTree.tostring(rdf, encoding="utf-8")
    return (
        b'<?xpacket begin="\xef\xbb\xbf" id="W5M0MpCehiHzreSzNTczkc9d"?>\n<x:xmpmeta xmlns:x="adobe:ns:meta/">'
        + body
        + b'</x:xmpmeta>\n<?xpacket end="r"?>'
    )


def html_head_meta(meta: PdfMetadata, description: str, generator: str, modified: str) -> list[str]:
    """The <meta> elements WeasyPrint turns into the Info dictionary's standard keys."""
    out = [f"<title>{html.escape(meta.title)}</title>"]
    out.append(f'<meta name="author" content="{html.escape(", ".join(meta.authors))}">')
    if description:
        out.append(f'<meta name="description" content="{html.escape(description)}">')
    out.append(f'<meta name="generator" content="{html.escape(generator)}">')
    out.append(f'<meta name="dcterms.created" content="{html.escape(meta.date)}">')
    out.append(f'<meta name="dcterms.modified" content="{html.escape(modified)}">')
    return out


def finish_pdf(pdf: Any, meta: PdfMetadata, generator: str, modified: str) -> None:
    """WeasyPrint's finisher: the extra Info keys and our XMP packet (WeasyPrint writes XMP only
    for its PDF/A, /UA and /X variants)."""
    import pydyf  # noqa: PLC0415 - WeasyPrint's PDF writer: loaded only when a PDF is made

    for key, value in info_entries(meta).items():
        pdf.info[key] = pydyf.String(value)
    stream = pydyf.Stream([xmp_packet(meta, generator, modified)], {"Type": "/Metadata", "Subtype": "/XML"})
    pdf.add_object(stream)
    pdf.catalog["Metadata"] = stream.reference


def read_pdf_metadata(path: Path) -> tuple[dict[str, str], dict[str, list[str]], str]:
    """(Info, XMP properties as `prefix:name` -> values, the first page's text) of a PDF."""
    from pypdf import PdfReader  # noqa: PLC0415 - loaded only when a PDF is read back

    reader = PdfReader(path)
    info = {str(k).lstrip("/"): str(v) for k, v in (reader.metadata or {}).items()}
    xmp: dict[str, list[str]] = {}
    root: Any = reader.trailer["/Root"]
    if "/Metadata" in root:
        data = root["/Metadata"].get_object().get_data()
        tree = ElementTree.fromstring(data)
        names = {uri: prefix for prefix, uri in NS.items()}
        for desc in tree.iter(f"{{{NS['rdf']}}}Description"):
            for prop in desc:
                uri, _, local = prop.tag[1:].partition("}")
                if uri not in names:
                    continue
                values = [li.text or "" for li in prop.iter(f"{{{NS['rdf']}}}li")] or [prop.text or ""]
                xmp[f"{names[uri]}:{local}"] = values
    first = reader.pages[0].extract_text() if reader.pages else ""
    return info, xmp, first


def metadata_problems(path: Path, meta: PdfMetadata, cover_citations: list[str]) -> list[str]:
    """Where the PDF at `path` disagrees with `meta`, or its first page lacks a citation."""
    info, xmp, first_page = read_pdf_metadata(path)
    problems = []
    # Spelled out, not info_entries(meta): what the check expects must not come from the writer.
    expected_info = {
        "Title": meta.title,
        "Author": ", ".join(meta.authors),
        "Version": meta.version,
        "License": meta.licence,
        "URL": meta.url,
    }
    if meta.doi:
        expected_info["DOI"] = meta.doi
    for key, value in expected_info.items():
        if info.get(key) != value:
            problems.append(f"PDF Info /{key} is {info.get(key)!r} but the record says {value!r}")
    if not info.get("CreationDate", "").startswith(_pdf_date(meta.date)[:10]):
        problems.append(f"PDF Info /CreationDate is {info.get('CreationDate')!r} but the record says {meta.date}")
    expected_xmp = {
        "dc:title": [meta.title],
        "dc:creator": list(meta.authors),
        "dc:identifier": [meta.url],
        "dc:date": [meta.date],
        "dc:language": [meta.language],
        "dc:rights": [f"{meta.licence} ({licence_url(meta.licence)})"],
        "xmpRights:WebStatement": [licence_url(meta.licence)],
        "prism:versionIdentifier": [meta.version],
        "prism:url": [meta.url],
    }
    if meta.doi:
        expected_xmp["prism:doi"] = [meta.doi]
    for key, values in expected_xmp.items():
        if xmp.get(key) != values:
            problems.append(f"PDF XMP {key} is {xmp.get(key)} but the record says {values}")
    # Compared without white space: a line break in the PDF is a space or nothing in the text.
    flat = re.sub(r"\s+", "", first_page)
    for citation in cover_citations:
        if re.sub(r"\s+", "", citation) not in flat:
            problems.append(f"the PDF's cover does not cite the brief as the home page does: {citation!r}")
    return problems
