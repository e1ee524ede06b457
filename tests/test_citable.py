"""Citable pages: the record, the exports (read back by independent parsers), the head tags
that Google Scholar and Zotero read, and the check that they all agree."""

from __future__ import annotations

import html
import json
import re
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from xml.etree import ElementTree

import pybtex.database
import pytest
import rispy

from briefgen.base.errors import BuildFailed
from briefgen.base.project import Project
from briefgen.check.run import build_context
from briefgen.cite.csl import CslProcessor
from briefgen.cite.exports import citation_cff, to_bibtex, to_csl_json, to_ris
from briefgen.cite.record import ACCESSED_BLANK, PageRecord
from briefgen.pipeline.build import build
from briefgen.publish.verify import verify_page
from briefgen.render.generate import generate

from .conftest import REPO, require_tool

PART = "brief/ivanov/introduction.md"
URL = "https://example.org/sample-brief/v/0.1/brief/ivanov/introduction.html"


@pytest.fixture
def record(sample: Project) -> PageRecord:
    return generate(sample).records[PART]


def test_record_of_a_part_page(record: PageRecord) -> None:
    assert record.title == "1. Introduction"  # its heading
    assert record.kind == "section"
    assert record.container_title == "Sample brief: Arctic shipping cooperation"
    assert record.author_strings() == ["Sample research group,"]  # one name, not "Group, Sample Research"
    assert (record.version, record.published, record.last_changed) == ("0.1", "2026-01-15", "2026-01-15")
    assert record.url == URL
    assert record.latest_url == "https://example.org/sample-brief/brief/ivanov/introduction.html"


def test_bibtex_export_parses_with_pybtex(record: PageRecord) -> None:
    data = pybtex.database.parse_string(to_bibtex(record), "bibtex")
    entry = data.entries["brief-ivanov-introduction"]
    assert entry.type == "online"
    assert entry.fields["title"] == record.title
    assert entry.fields["url"] == URL
    assert entry.fields["date"] == "2026-01-15"
    assert entry.fields["version"] == "0.1"
    assert [str(p) for p in entry.persons["author"]] == ["{Sample research group}"]
    assert entry.fields["maintitle"] == record.container_title


def test_ris_export_reads_with_rispy(record: PageRecord) -> None:
    [entry] = rispy.loads(to_ris(record))
    assert entry["type_of_reference"] == "ELEC"
    assert entry["authors"] == ["Sample research group"]
    assert entry["title"] == record.title
    assert entry["secondary_title"] == record.container_title
    assert entry["urls"] == [URL]
    assert entry["year"] == "2026"
    assert entry["edition"] == "0.1"


def _mods(tool: str, text: str, suffix: str, tmp_path: Path) -> ElementTree.Element:
    """What bibutils (the converters behind many reference managers' imports) reads."""
    source = tmp_path / f"page.{suffix}"
    source.write_text(text, encoding="utf-8")
    result = subprocess.run([require_tool(tool), str(source)], capture_output=True, check=True, text=True)
    return ElementTree.fromstring(result.stdout.lstrip("\ufeff").encode("utf-8"))


def _joined_title(mods: ElementTree.Element) -> str:
    ns = {"m": "http://www.loc.gov/mods/v3"}
    title = mods.findtext("m:mods/m:titleInfo/m:title", namespaces=ns) or ""
    sub = mods.findtext("m:mods/m:titleInfo/m:subTitle", namespaces=ns)
    return f"{title}: {sub}" if sub else title


def test_exports_import_into_another_reference_tool(record: PageRecord, tmp_path: Path) -> None:
    """Import the page's BibTeX and RIS with bibutils, as a new user importing into another
    tool would: title, URL, the organisation as one name, the date and the edition survive."""
    ns = {"m": "http://www.loc.gov/mods/v3"}
    from_bib = _mods("bib2xml", to_bibtex(record), "bib", tmp_path)
    assert _joined_title(from_bib) == record.title
    assert from_bib.findtext("m:mods/m:location/m:url", namespaces=ns) == URL
    assert [n.text for n in from_bib.findall("m:mods/m:name/m:namePart", ns)] == ["Sample research group"]
    from_ris = _mods("ris2xml", to_ris(record), "ris", tmp_path)
    assert _joined_title(from_ris) == record.title
    assert from_ris.findtext("m:mods/m:location/m:url", namespaces=ns) == URL
    assert from_ris.findtext("m:mods/m:originInfo/m:dateIssued", namespaces=ns) == "2026-01-15"
    assert from_ris.findtext("m:mods/m:originInfo/m:edition", namespaces=ns) == "0.1"


def test_csl_json_export_is_read_by_a_csl_processor(record: PageRecord) -> None:
    [item] = json.loads(to_csl_json(record))
    formatted = CslProcessor({item["id"]: item}).format("apa").entries[item["id"]]
    assert formatted == (
        "Sample research group. (2026, January 15). <em>1. Introduction</em>. Sample Brief: Arctic Shipping Cooperation. "
        f'<a href="{URL}">{URL}</a>'
    )


def test_gost_citation_of_a_page_follows_the_electronic_resource_pattern(sample: Project) -> None:
    """GOST's access date is left blank to fill in (the script fills in today): a page never
    prints a date on which it was not read. APA and Chicago print none for a dated page."""
    citations = generate(sample).page_citations[PART].by_style
    assert citations["gost"] == (
        "Sample research group. 1. Introduction [Электронный ресурс] // Sample brief: Arctic shipping cooperation. "
        f'2026. URL: <a href="{URL}">{URL}</a> (дата обращения: <span class="bg-accessed" data-format="dmy">'
        f"{ACCESSED_BLANK}</span>)."
    )
    assert citations["chicago"] == (
        "Sample research group. 2026. <span>“1. Introduction.”</span> "
        "Version 0.1. Sample Brief: Arctic Shipping Cooperation, January 15. "
        f'<a href="{URL}">{URL}</a>.'
    )
    assert "1900" not in "".join(citations.values())


def test_cite_this_claim_is_the_claim_in_every_style_at_its_url(sample: Project) -> None:
    """ "cite §1.2" copies a reference to the claim itself: its number after the page's title,
    its own URL, in the reader's style; not the page's GOST citation with ", §1.2." appended."""
    claims = generate(sample).page_citations[PART].claims
    gost = claims["ice-risk"]["gost"]
    assert gost == (
        "Sample research group. 1. Introduction, §1.2 [Электронный ресурс] // Sample brief: Arctic shipping "
        f'cooperation. 2026. URL: <a href="{URL}#ice-risk">{URL}#ice-risk</a> (дата обращения: '
        f'<span class="bg-accessed" data-format="dmy">{ACCESSED_BLANK}</span>).'
    )
    assert claims["ice-risk"]["apa"] == (
        "Sample research group. (2026, January 15). <em>1. Introduction, §1.2</em>. Sample Brief: Arctic Shipping "
        f'Cooperation. <a href="{URL}#ice-risk">{URL}#ice-risk</a>'
    )
    assert set(claims) == {"route-shorter", "ice-risk"}


class _Meta(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        name = values.get("name") or values.get("property")
        if tag == "meta" and name:
            self.tags.append((name, values.get("content") or ""))


def test_head_tags_are_what_scholar_and_zotero_read(sample: Project) -> None:
    build(sample, pdf=False)
    scan = _Meta()
    scan.feed((sample.site_dir / "brief/ivanov/introduction.html").read_text(encoding="utf-8"))
    citation = [(n, c) for n, c in scan.tags if n.startswith("citation_")]
    assert citation == [
        ("citation_title", "1. Introduction"),
        ("citation_author", "Sample research group,"),
        ("citation_publication_date", "2026/01/15"),
        ("citation_language", "en"),
        ("citation_fulltext_html_url", URL),
        (
            "citation_reference",
            "citation_title=航运合作的目标; citation_author=Li, Ming; citation_author=Park, Jihoon; citation_publication_date=2022",
        ),
    ]
    tags = dict(scan.tags)
    assert tags["og:title"] == "1. Introduction"
    assert tags["og:url"] == URL
    assert tags["og:type"] == "website"
    assert not [n for n, _ in scan.tags if n.startswith("DC.")]


def test_every_page_has_a_cite_block_and_an_edition_line(sample: Project) -> None:
    build(sample, pdf=False)
    for page in ("index.html", "about.html", "brief/works.html", "brief/ivanov/introduction.html"):
        html = (sample.site_dir / page).read_text(encoding="utf-8")
        assert '<h2 id="cite-this-page" data-search-exclude="">Cite this page</h2>' in html, page
        # Once on each page (the home page's is in its byline), and out of the search index.
        edition = 'Version 0.1 · published <time datetime="2026-01-15">15 January 2026</time>'
        assert html.count(edition) == 1, page
        line = "bg-byline" if page == "index.html" else "bg-edition"
        assert (
            f'class="{line}" data-search-exclude="">{"Sample research group · " if line == "bg-byline" else ""}{edition}'
            in html
        ), page
        assert 'data-copy="cite-gost"' in html and 'data-copy="cite-apa"' in html and 'data-copy="cite-chicago"' in html
        # Without a script: GOST only, no style buttons, no date that is not an access date.
        assert '<div class="bg-cite-style" data-style="apa" hidden="">' in html, page
        assert '<div class="bg-style-switch" role="group" aria-label="Citation style" hidden="">' in html, page
        assert "1900" not in html, page
    part = (sample.site_dir / "brief/ivanov/introduction.html").read_text(encoding="utf-8")
    assert 'class="bg-cite-claim" data-claim="ice-risk" data-number="§1.2"' in part
    # This version is kept at its own URL.
    assert (sample.site_dir / "v/0.1/brief/ivanov/introduction.html").read_bytes() == (
        sample.site_dir / "brief/ivanov/introduction.html"
    ).read_bytes()
    for ext in ("bib", "ris", "json"):
        assert (sample.site_dir / f"brief/cite/brief-ivanov-introduction.{ext}").is_file()
    # The cite blocks, the pages' reference lists and the works page's hidden styles stay out of
    # the search index; the works page's shown style is in it.
    index = json.loads((sample.site_dir / "search/search_index.json").read_text(encoding="utf-8"))["docs"]
    assert not [d["location"] for d in index if d["location"].endswith(("#cite-this-page", "#references"))]
    assert '<h2 data-search-exclude="" id="references">References' in part
    assert not [d for d in index if "Cite this page" in d["title"] or "Copy" in d["text"]]
    works_text = " ".join(d["text"] for d in index if d["location"].startswith("brief/works.html"))
    gost, apa = re.compile(r"// |\[Электронный ресурс\]|Т\. \d"), re.compile(r"\(\d{4}[a-z]?\)\. ")
    assert gost.search(works_text) and not apa.search(works_text)


def test_home_page_cites_the_brief_as_a_whole(sample: Project) -> None:
    record = generate(sample).records["index.md"]
    assert record.title == "Sample brief: Arctic shipping cooperation"
    assert record.container_title is None
    assert record.kind == "brief"
    assert record.csl_item()["type"] == "report"
    assert record.pdf_url is None  # this build makes no PDF
    assert (
        generate(sample, pdf=True).records["index.md"].pdf_url
        == "https://example.org/sample-brief/v/0.1/brief/brief.pdf"
    )


def test_disagreement_with_the_record_is_reported(record: PageRecord) -> None:
    page = (
        f'<meta name="citation_title" content="Another title"><section class="bg-cite-page" data-url="{URL}"></section>'
    )
    problems = verify_page(page, record, {"bib": to_bibtex(record), "ris": to_ris(record), "json": to_csl_json(record)})
    assert (
        "head tags citation_* are [('citation_title', 'Another title')] but the record says "
        "[('citation_title', '1. Introduction'), ('citation_author', 'Sample research group,'), "
        "('citation_publication_date', '2026/01/15'), ('citation_language', 'en'), "
        f"('citation_fulltext_html_url', '{URL}')]"
    ) in problems
    assert "cite block data-title is None but the record says '1. Introduction'" in problems
    assert "heading is '' but the record's title is '1. Introduction'" in problems


def test_build_fails_when_a_page_disagrees(sample: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        "briefgen.render.chrome.head_html", lambda record, refs: '<meta name="citation_title" content="Wrong">'
    )
    with pytest.raises(BuildFailed, match=r"head tags citation_\* are \[\('citation_title', 'Wrong'\)\]"):
        build(sample, pdf=False)


def test_last_changed_follows_the_changelog(sample: Project) -> None:
    brief = sample.content_dir / "brief.yml"
    brief.write_text(
        brief.read_text(encoding="utf-8")
        + 'changes:\n  - {version: "0.1", date: "2026-01-15", kind: substantive, note: "First edition."}\n'
        + '  - {version: "0.1", date: "2026-02-01", kind: minor, ids: [ice-risk], note: "Typo."}\n',
        encoding="utf-8",
    )
    records = generate(sample).records
    assert records[PART].last_changed == "2026-02-01"
    assert records["brief/ivanov/conclusion.md"].last_changed == "2026-01-15"


def test_citation_cff_in_the_repository_matches_brief_yml() -> None:
    ctx = build_context(Project(REPO))
    assert (REPO / "CITATION.cff").read_text(encoding="utf-8") == citation_cff(ctx.brief)


@pytest.mark.parametrize("which", ["real", "sample"])
def test_citation_cff_is_valid_cff_1_2_and_cites_a_report(which: str, sample: Project) -> None:
    """Valid against the CFF 1.2.0 schema (tests/cff/, as published by the Citation File Format
    project). Its `type` may only be software or dataset, and a brief is neither, so it is left
    out; what code hosts format is `preferred-citation`, a report (not "[Data set]")."""
    import jsonschema
    import yaml

    project = Project(REPO) if which == "real" else sample
    cff = yaml.safe_load(citation_cff(build_context(project).brief))
    schema = json.loads((REPO / "tests" / "cff" / "schema-1.2.0.json").read_text(encoding="utf-8"))
    jsonschema.validate(cff, schema, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)
    assert "type" not in cff
    cited = cff["preferred-citation"]
    assert cited["type"] == "report"
    assert cited["authors"] == cff["authors"]
    record = generate(project).records["index.md"]
    assert (cited["title"], cited["version"], cited["date-published"], cited["url"]) == (
        record.title,
        record.version,
        record.published,
        record.url,
    )
    with pytest.raises(jsonschema.ValidationError, match="'report' is not one of \\['dataset', 'software'\\]"):
        jsonschema.validate(dict(cff, type="report"), schema)


def test_unknown_id_in_the_changelog_is_an_error(sample: Project) -> None:
    from briefgen.base.errors import BriefError

    brief = sample.content_dir / "brief.yml"
    brief.write_text(
        brief.read_text(encoding="utf-8")
        + 'changes:\n  - {version: "0.1", date: "2026-01-15", kind: minor, ids: [ice-rsik], note: "Typo."}\n',
        encoding="utf-8",
    )
    with pytest.raises(BriefError) as caught:
        build_context(sample)
    assert [str(p) for p in caught.value.problems] == [
        "content/brief.yml:24: changes[0].ids[0]: no id 'ice-rsik' in the brief (did you mean 'ice-risk'?)"
    ]


def test_works_page_has_coins_for_every_work(sample: Project) -> None:
    """Zotero's COinS translator imports every work listed on the page at once."""
    from urllib.parse import parse_qs

    build(sample, pdf=False)
    works = (sample.site_dir / "brief/works.html").read_text(encoding="utf-8")
    spans = re.findall(r'<span class="Z3988" title="([^"]*)"', works)
    assert len(spans) == 2
    fields = parse_qs(html.unescape(spans[0]))
    assert fields["ctx_ver"] == ["Z39.88-2004"]
    assert fields["rft.genre"] == ["article"]
    assert fields["rft.atitle"] == ["Северный морской путь и азиатские партнёры"]
    assert fields["rft.jtitle"] == ["Образцовый журнал"]
    assert fields["rft.au"] == ["Иванов, Иван"]
    assert fields["rft.date"] == ["2021"]
    assert fields["rft.pages"] == ["10–12"]
