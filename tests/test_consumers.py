"""The built brief as the consumers of a citation read it.

* Zotero: each page's <head> through a port of its Embedded Metadata translator and, where a
  page has COinS spans, of its COinS translator (tests/zotero_port.py, which cites the
  translators' files and lines), giving the item Zotero saves for each page kind;
* Google Scholar: each page against its inclusion rules (tests/scholar_rules.py);
* and then the page's RIS (through a port of Zotero's RIS import), BibTeX and CSL-JSON exports,
  its "Cite this page" block, and the PDF's metadata and cover, each compared with that item.

The sample brief and the repository's own brief are built once each, with their PDFs.
"""

from __future__ import annotations

import dataclasses
import json
import re
import subprocess
from pathlib import Path
from typing import Any

import pybtex.database
import pytest
from pypdf import PdfReader

from briefgen.base.project import Project
from briefgen.base.routes import page_url
from briefgen.cite.record import PageRecord
from briefgen.pipeline.build import build
from briefgen.pipeline.scaffold import scaffold
from briefgen.render.generate import Generated, generate

from .conftest import REPO, real_copy_of, require_tool
from .scholar_rules import not_an_item_problems, scholar_item, scholar_problems
from .zotero_port import read_page, ris_items, str_to_iso, zotero_save

pytestmark = pytest.mark.pdf


class Built:
    def __init__(self, project: Project, generated: Generated) -> None:
        self.project = project
        self.generated = generated
        self.site = project.site_dir

    def html(self, record: PageRecord) -> str:
        return (self.site / page_url(record.src)).read_text(encoding="utf-8")

    def export(self, record: PageRecord, ext: str) -> str:
        return (self.site / "brief" / "cite" / f"{record.key}.{ext}").read_text(encoding="utf-8")


DOIS = 'doi: "10.5281/zenodo.1000000"\nversion_dois: {"0.1": "10.5281/zenodo.1000001"}\n'
"""Example DOIs (the real brief has none): the brief's record then carries its version's DOI."""


@pytest.fixture(scope="module", params=["sample", "sample-doi", "real"])
def built(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Built:
    root = tmp_path_factory.mktemp("consumers") / request.param
    if request.param.startswith("sample"):
        scaffold(root)
        project = Project(root)
        if request.param == "sample-doi":
            with (project.content_dir / "brief.yml").open("a", encoding="utf-8") as brief:
                brief.write(DOIS)
    else:
        project = real_copy_of(REPO, root)
    build(project, pdf=True)
    return Built(project, generate(project, pdf=True))


def expected_zotero_item(record: PageRecord) -> dict[str, Any]:
    """The item Zotero should save from a page, by its kind (scripts/briefgen/README.md, "Citing a brief")."""
    org = [{"name": family, "creatorType": "author"} for family, given in record.authors if not given]
    people = [{"firstName": g, "lastName": f, "creatorType": "author"} for f, g in record.authors if g]
    creators = org + people if all(not g for _, g in record.authors) else people + org
    common = {"url": record.url, "accessDate": "CURRENT_TIMESTAMP", "language": record.language}
    if record.kind == "brief":
        doi = {"DOI": record.doi} if record.doi else {}
        return {
            **doi,
            "itemType": "report",
            "title": record.title,
            "creators": creators,
            "abstractNote": record.abstract,
            "institution": record.institution,
            "date": record.published.replace("-", "/"),
            "libraryCatalog": "example.org",
            **common,
            "attachments": [{"title": "Full Text PDF", "url": record.pdf_url, "mimeType": "application/pdf"}],
        }
    snapshot = [{"title": "Snapshot", "url": record.latest_url, "mimeType": "text/html"}]
    if record.kind == "section":
        return {
            "itemType": "webpage",
            "title": record.title,
            "creators": creators,
            "websiteTitle": record.container_title,
            "date": record.published.replace("-", "/"),
            **common,
            "attachments": snapshot,
        }
    # Not a scholarly item: no Highwire tags, so OpenGraph and the page's own <time> and lang
    # make a web page with no author (no tag Zotero reads names an organisation as one creator
    # without making the page look like a paper to Scholar).
    return {
        "itemType": "webpage",
        "title": record.title,
        "creators": [],
        "websiteTitle": record.container_title,
        "date": record.published,
        **common,
        "attachments": snapshot,
    }


def test_zotero_saves_each_page_as_its_kind_says(built: Built) -> None:
    """Saving a page (visited at its latest URL) gives the report, web page or plain web page
    of its kind, with the organisation as one single-field creator and the versioned URL;
    the works-cited page offers its works (COinS outranks Embedded Metadata)."""
    kinds = set()
    for record in built.generated.records.values():
        translator, items = zotero_save(built.html(record), record.latest_url)
        if record.src == "brief/works.md":
            assert translator == "COinS"
            assert len(items) == len(built.generated.ctx.bibliography.entries)
            continue
        assert translator == "Embedded Metadata", record.src
        assert items == [expected_zotero_item(record)], record.src
        kinds.add(record.kind)
    assert kinds == {"brief", "section", "page"}


def test_zotero_reads_every_work_from_the_works_page(built: Built) -> None:
    """Each COinS span becomes the work it describes: type, title, each author as "Last, First"."""
    record = built.generated.records["brief/works.md"]
    _, items = zotero_save(built.html(record), record.url)
    by_title = {item["title"]: item for item in items}
    types = {"article": "journalArticle", "online": "webpage", "report": "report", "book": "book", "misc": "document"}
    for entry in built.generated.ctx.bibliography.entries.values():
        item = by_title[entry.fields["title"]]
        if entry.type == "article" and not (entry.fields.get("journaltitle") or entry.fields.get("journal")):
            assert item["itemType"] == "document", entry.key
        else:
            assert item["itemType"] == types[entry.type], entry.key
        names = [
            {"firstName": n.given, "lastName": n.family, "creatorType": "author"}
            for n in entry.persons.get("author", [])
        ]
        assert [c for c in item["creators"] if "firstName" in c] == [n for n in names if n["firstName"]], entry.key
        if entry.fields.get("url"):
            assert item["url"] == entry.fields["url"]


def _zotero_item(built: Built, record: PageRecord) -> dict[str, Any]:
    _, [item] = zotero_save(built.html(record), record.latest_url)
    return item


def test_ris_bibtex_and_csl_json_exports_agree_with_the_zotero_item(built: Built) -> None:
    for record in built.generated.records.values():
        if record.src == "brief/works.md":
            continue
        item = _zotero_item(built, record)
        # RIS, as Zotero's RIS import reads it.
        [ris] = ris_items(built.export(record, "ris"))
        for name in ("itemType", "title", "url", "language"):
            assert ris[name] == item[name], (record.src, name)
        # The exports name the authors on every page; Zotero's item of a page that is not a
        # scholarly item has none (see expected_zotero_item).
        creators = item["creators"] or expected_zotero_item(dataclasses.replace(record, kind="section"))["creators"]
        assert ris["creators"] == creators, record.src
        assert ris["date"] == str_to_iso(item["date"]), record.src
        if record.kind == "brief":
            assert ris["institution"] == item["institution"]
            assert ris.get("DOI") == item.get("DOI") == record.doi
        else:
            assert ris["websiteTitle"] == item["websiteTitle"]
        # BibTeX, read by pybtex: an organisation in braces is one name.
        [(_key, entry)] = pybtex.database.parse_string(built.export(record, "bib"), "bibtex").entries.items()
        assert entry.type == {"report": "report", "webpage": "online"}[item["itemType"]]
        assert entry.fields["title"] == item["title"]
        assert entry.fields["url"] == item["url"]
        assert entry.fields["date"] == str_to_iso(item["date"])
        assert entry.fields.get("doi") == item.get("DOI")
        assert [str(p).strip("{}") for p in entry.persons["author"]] == [
            c.get("name") or f"{c['lastName']}, {c['firstName']}" for c in creators
        ]
        # CSL-JSON, in CSL's names for the same fields.
        [csl] = json.loads(built.export(record, "json"))
        assert csl["type"] == {"report": "report", "webpage": "webpage"}[item["itemType"]]
        assert csl["title"] == item["title"]
        assert csl["URL"] == item["url"]
        assert csl["issued"] == {"date-parts": [[int(p) for p in str_to_iso(item["date"]).split("-")]]}
        assert csl["language"].split("-")[0] == item["language"]
        assert csl.get("container-title") == item.get("websiteTitle")
        assert [a.get("literal") or a["family"] for a in csl["author"]] == [
            c.get("name") or c["lastName"] for c in creators
        ]
        # What the record says beyond Zotero's item types: the version (Zotero's report and web
        # page have no version field; the versioned URL carries it) and the access date.
        assert csl.get("DOI") == item.get("DOI")
        assert set(csl) - {"id", "type", "title", "author", "issued", "URL", "language", "container-title"} == {
            "version",
            *(["DOI"] if record.doi else []),
        }


def _cite_texts(page_html: str) -> dict[str, str]:
    found = re.findall(r'<p class="bg-cite-text" id="cite-(\w+)">(.*?)</p>', page_html, re.S)
    return {style: " ".join(re.sub(r"<[^>]+>", "", body).split()) for style, body in found}


def test_cite_block_agrees_with_the_zotero_item(built: Built) -> None:
    """Every style's citation of the page names the item's authors, title, year and URL."""
    for record in built.generated.records.values():
        item = _zotero_item(built, record) if record.src != "brief/works.md" else None
        texts = _cite_texts(built.html(record))
        assert set(texts) == {"gost", "apa", "chicago"}
        for style, text in texts.items():
            title = (item["title"] if item else record.title).replace("'", "’")  # the styles' apostrophe
            assert title.casefold() in text.casefold(), (record.src, style)
            if record.doi and style in ("apa", "chicago"):  # the DOI replaces the URL
                assert f"https://doi.org/{record.doi}" in text and record.url not in text, (record.src, style)
            else:
                assert record.url in text, (record.src, style)
            assert record.published[:4] in text, (record.src, style)
            for family, _given in record.authors:
                assert family in text, (record.src, style)
            assert not re.search(r"\d{2}\.\d{2}\.\d{4}", text.replace(record.published, "")), (record.src, style)


def _pdftotext(pdf: Path, page: int) -> str:
    tool = require_tool("pdftotext")
    out = subprocess.run(
        [tool, "-enc", "UTF-8", "-f", str(page), "-l", str(page), str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return " ".join(out.split())


def test_pdf_agrees_with_the_zotero_item_of_the_brief(built: Built) -> None:
    """The brief's PDF (its Info and XMP read with pypdf, its cover with poppler) names the
    item Zotero saves from the home page: title, author, URL, date; and it is that item's
    "Full Text PDF"."""
    record = built.generated.records["index.md"]
    item = _zotero_item(built, record)
    [attachment] = item["attachments"]
    assert attachment["url"] == record.pdf_url
    pdf = built.site / attachment["url"].removeprefix(
        built.generated.ctx.brief.site_url.rstrip("/") + "/v/" + record.version + "/"
    )
    reader = PdfReader(pdf)
    info = reader.metadata
    assert info is not None
    assert info.title == item["title"]
    assert info.author == ", ".join(c["name"] for c in item["creators"])
    assert info.get("/URL") == item["url"]
    assert info.get("/DOI") == item.get("DOI")
    assert str(info.get("/CreationDate")).startswith("D:" + str_to_iso(item["date"]).replace("-", ""))
    xmp = reader.xmp_metadata
    assert xmp is not None and xmp.dc_identifier == item["url"]
    cover = _pdftotext(pdf, 1)
    assert item["title"] in cover
    assert item["url"] in cover


def _pdf_title(built: Built) -> Any:
    site_url = built.generated.ctx.brief.site_url.rstrip("/")

    def title(url: str) -> str | None:
        path = url.removeprefix(site_url + "/")
        path = re.sub(r"^v/[^/]+/", "", path)
        file = built.site / path
        return _pdftotext(file, 1) if file.is_file() else None

    return title


def test_every_page_follows_scholars_inclusion_rules(built: Built) -> None:
    """The brief and its sections are items Scholar indexes, each once, with its own title and
    only a PDF that is its own full text; every other page declares nothing Scholar reads."""
    titles: dict[str, str] = {}
    problems = []
    for record in built.generated.records.values():
        page = read_page(built.html(record), record.url)
        if record.kind == "page":
            problems += [f"{record.src}: {p}" for p in not_an_item_problems(page)]
            continue
        problems += [f"{record.src}: {p}" for p in scholar_problems(page, record.title, _pdf_title(built))]
        [title] = scholar_item(page)["citation_title"]
        if title in titles:
            problems.append(f"{record.src}: the same item as {titles[title]} ({title!r})")
        titles[title] = record.src
    assert not problems, "\n".join(problems)
    assert {r.kind for r in built.generated.records.values()} == {"brief", "section", "page"}


def test_scholar_rules_catch_a_misleading_page() -> None:
    """The rules fail what the site used to do: a glossary offered as a paper, with the whole
    brief's PDF as its full text."""
    page = read_page(
        '<html><head><meta name="citation_title" content="Glossary"><meta name="citation_author" '
        'content="briefgen research team"><meta name="citation_publication_date" content="2026/11/21">'
        '<meta name="citation_pdf_url" content="https://example.org/b/v/1.0/brief/brief.pdf"></head></html>',
        "https://example.org/b/v/1.0/brief/glossary/index.html",
    )
    assert not_an_item_problems(page) == [
        "citation_title on a page that is not a scholarly item",
        "citation_author on a page that is not a scholarly item",
        "citation_publication_date on a page that is not a scholarly item",
        "citation_pdf_url on a page that is not a scholarly item",
    ]
    assert scholar_problems(page, "Glossary", lambda url: "Russia and North Korea after the 2024 Treaty") == [
        "citation_pdf_url https://example.org/b/v/1.0/brief/brief.pdf is not in the page's subdirectory "
        "/b/v/1.0/brief/glossary/",
        "citation_pdf_url https://example.org/b/v/1.0/brief/brief.pdf is not the full text of 'Glossary' "
        "(its first page: 'Russia and North Korea after the 2024 Treaty')",
    ]
    # Zotero would file the old part pages as Book Sections, with "Team, Briefgen Research".
    _, [item] = zotero_save(
        '<html><head><meta name="citation_title" content="Part 3"><meta name="citation_author" '
        'content="briefgen research team"><meta name="citation_inbook_title" content="The brief">'
        '<meta name="citation_publication_date" content="2026/11/21"></head></html>',
        "https://example.org/b/part.html",
    )
    assert item["itemType"] == "bookSection"
    assert item["creators"] == [{"firstName": "Briefgen Research", "lastName": "Team", "creatorType": "author"}]


def test_a_build_without_the_pdf_declares_no_pdf(tmp_path: Path) -> None:
    """`briefgen build --no-pdf`: no page links to the PDF or the research pack, and no page
    declares one (citation_pdf_url, JSON-LD, the embedded record); Zotero saves a snapshot."""
    root = tmp_path / "brief"
    scaffold(root)
    project = Project(root)
    build(project, pdf=False)
    assert not (project.site_dir / "brief" / "brief.pdf").exists()
    for page in project.site_dir.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "brief.pdf" not in text, page
        assert "research-pack" not in text, page
        assert '"pdf_url": null' in text or 'id="bg-record"' not in text, page
    home = (project.site_dir / "index.html").read_text(encoding="utf-8")
    _, [item] = zotero_save(home, "https://example.org/sample-brief/index.html")
    assert item["itemType"] == "report"
    assert [a["title"] for a in item["attachments"]] == ["Snapshot"]
