"""DOIs per edition: validated in brief.yml, carried by every surface where a DOI is right (the
brief's record: cite blocks, exports, citation_doi, JSON-LD, CITATION.cff, the PDF), checked by
the build's record check; and `.zenodo.json` against Zenodo's documented fields. The real brief
has no DOI: these are example DOIs in the sample brief."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pybtex.database
import pytest
import rispy
import yaml

from briefgen.base.doi import doi_problem
from briefgen.base.project import Project
from briefgen.check.run import build_context
from briefgen.cite.exports import citation_cff, to_bibtex, to_csl_json, to_ris
from briefgen.cite.headtags import json_ld
from briefgen.pipeline.build import build, release
from briefgen.publish.pdfmeta import PdfMetadata, metadata_problems
from briefgen.publish.verify import verify_page
from briefgen.render.generate import generate

from .conftest import REPO

CONCEPT = "10.5281/zenodo.1000000"
V01 = "10.5281/zenodo.1000001"
V02 = "10.5281/zenodo.1000002"
SCHEMA = REPO / "tests" / "zenodo" / "deposit-metadata.schema.json"
PART = "brief/ivanov/introduction.md"


def with_dois(project: Project, extra: str = "") -> Project:
    with (project.content_dir / "brief.yml").open("a", encoding="utf-8") as out:
        out.write(f'doi: "{CONCEPT}"\nversion_dois: {{"0.1": "{V01}"}}\n{extra}')
    return project


@pytest.fixture
def dois(sample: Project) -> Project:
    return with_dois(sample, "zenodo: {keywords: [Arctic, shipping]}\n")


def test_doi_problems() -> None:
    assert doi_problem(V01) is None
    assert doi_problem("10.1000.10/abc(1)") is None
    assert doi_problem("https://doi.org/10.5281/zenodo.1") == (
        "'https://doi.org/10.5281/zenodo.1' is not a bare DOI (write 10.5281/zenodo.1, without https://doi.org/)"
    )
    assert doi_problem("doi:10.5281/zenodo.1") == (
        "'doi:10.5281/zenodo.1' is not a bare DOI (write 10.5281/zenodo.1, without doi:)"
    )
    assert (
        doi_problem("10.12/x")
        == "'10.12/x' is not a DOI (write it bare, as 10.NNNN/suffix, e.g. 10.5281/zenodo.1234567)"
    )
    assert doi_problem("10.5281/with space") is not None


# --------------------------------------------------------------------------- every surface


def test_the_brief_record_carries_this_versions_doi_and_sections_only_name_it(dois: Project) -> None:
    records = generate(dois).records
    home, part = records["index.md"], records[PART]
    assert (home.doi, home.concept_doi, home.container_doi) == (V01, CONCEPT, None)
    assert (part.doi, part.concept_doi, part.container_doi) == (None, None, V01)
    assert home.csl_item()["DOI"] == V01
    # A section's reference keeps its own URL: in APA and Chicago a DOI would replace it.
    assert "DOI" not in part.csl_item()
    assert "DOI" not in part.claim_item("route-shorter", "1.1")


def test_exports_carry_the_doi_as_their_readers_read_it(dois: Project) -> None:
    home = generate(dois).records["index.md"]
    [entry] = pybtex.database.parse_string(to_bibtex(home), "bibtex").entries.values()
    assert entry.fields["doi"] == V01
    [ris] = rispy.loads(to_ris(home))
    assert ris["doi"] == V01
    assert json.loads(to_csl_json(home))[0]["DOI"] == V01


def test_cite_blocks_print_the_doi_where_the_style_does(dois: Project) -> None:
    """APA 7 and Chicago print https://doi.org/… in place of the URL; GOST R 7.0.5-2008 has no
    DOI element and keeps the versioned URL. Section pages keep their URLs in every style."""
    generated = generate(dois)
    home = generated.page_citations["index.md"].by_style
    link = f'<a href="https://doi.org/{V01}">https://doi.org/{V01}</a>'
    assert home["apa"].endswith(link)
    assert link in home["chicago"]
    assert "doi.org" not in home["gost"] and "https://example.org/sample-brief/v/0.1/index.html" in home["gost"]
    part = generated.page_citations[PART]
    assert not any("doi.org" in text for text in part.by_style.values())


def test_head_tags_and_json_ld(dois: Project) -> None:
    build(dois, pdf=False)
    site = dois.site_dir
    home = (site / "index.html").read_text(encoding="utf-8")
    assert f'<meta name="citation_doi" content="{V01}">' in home
    part = (site / "brief/ivanov/introduction.html").read_text(encoding="utf-8")
    assert "citation_doi" not in part
    records = generate(dois).records
    ld = json_ld(records["index.md"])
    assert ld["identifier"]["value"] == f"doi:{V01}" and ld["sameAs"] == f"https://doi.org/{V01}"
    assert ld["exampleOfWork"]["identifier"]["value"] == f"doi:{CONCEPT}"
    section = json_ld(records[PART])
    assert section["isPartOf"]["identifier"]["url"] == f"https://doi.org/{V01}"
    assert "identifier" not in section and "sameAs" not in section


def test_citation_cff_names_both_dois_and_stays_valid(dois: Project) -> None:
    cff = yaml.safe_load(citation_cff(build_context(dois).brief))
    schema = json.loads((REPO / "tests" / "cff" / "schema-1.2.0.json").read_text(encoding="utf-8"))
    jsonschema.validate(cff, schema, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)
    assert cff["doi"] == V01 and cff["preferred-citation"]["doi"] == V01
    assert [(i["type"], i["value"]) for i in cff["identifiers"]] == [("doi", V01), ("doi", CONCEPT)]


def test_citation_cff_falls_back_to_the_concept_doi(sample: Project) -> None:
    """Zenodo mints a version's DOI after the release: until brief.yml has it, CITATION.cff
    names the concept DOI, which is right for the repository as a whole."""
    with (sample.content_dir / "brief.yml").open("a", encoding="utf-8") as out:
        out.write(f'doi: "{CONCEPT}"\n')
    cff = yaml.safe_load(citation_cff(build_context(sample).brief))
    assert cff["doi"] == CONCEPT
    assert generate(sample).records["index.md"].doi is None  # never the concept DOI for a version


@pytest.mark.pdf
def test_the_pdf_carries_the_doi_and_the_build_checks_it(dois: Project, tmp_path: Path) -> None:
    build(dois, pdf=True)
    from briefgen.publish.pdfmeta import read_pdf_metadata

    info, xmp, first = read_pdf_metadata(dois.site_dir / "brief" / "brief.pdf")
    assert info["DOI"] == V01
    assert xmp["prism:doi"] == [V01]
    assert f"https://doi.org/{V01}" in re.sub(r"\s+", "", first)
    home = generate(dois, pdf=True).records["index.md"]
    wrong = PdfMetadata(home.title, ("Sample research group",), "0.1", "2026-01-15", "CC-BY-4.0", home.url, "en", V02)
    problems = metadata_problems(dois.site_dir / "brief" / "brief.pdf", wrong, [])
    assert f"PDF Info /DOI is '{V01}' but the record says '{V02}'" in problems
    assert f"PDF XMP prism:doi is ['{V01}'] but the record says ['{V02}']" in problems


def test_the_record_check_covers_the_doi(dois: Project) -> None:
    build(dois, pdf=False)
    home = generate(dois).records["index.md"]
    page = (dois.site_dir / "index.html").read_text(encoding="utf-8")
    exports = {"bib": to_bibtex(home), "ris": to_ris(home), "json": to_csl_json(home)}
    assert verify_page(page, home, exports) == []
    broken = {
        "bib": exports["bib"].replace(f"  doi = {{{V01}}},\n", ""),
        "ris": exports["ris"].replace(f"DO  - {V01}\n", ""),
        "json": exports["json"].replace(V01, V02),
    }
    assert verify_page(page, home, broken) == [
        "the CSL-JSON export differs from the record",
        f"the BibTeX export's doi is not {V01}, as the record says",
        f"the RIS export's DO is not {V01}, as the record says",
    ]
    assert verify_page(page.replace(f"doi:{V01}", f"doi:{V02}"), home, exports) == [
        "the page's JSON-LD differs from the record"
    ]
    assert verify_page(
        page.replace(f'name="citation_doi" content="{V01}"', 'name="citation_doi" content="x"'), home, exports
    )[0].startswith("head tags citation_* are")


# --------------------------------------------------------------------------- .zenodo.json


def validator() -> jsonschema.Draft202012Validator:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


def zenodo_json(project: Project) -> dict[str, Any]:
    data = json.loads((project.root / ".zenodo.json").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def test_release_writes_zenodo_json_that_zenodo_reads(dois: Project) -> None:
    done = release(dois)
    assert ".zenodo.json" in done.written
    data = zenodo_json(dois)
    assert list(validator().iter_errors(data)) == []
    assert data == {
        "upload_type": "publication",
        "publication_type": "report",
        "title": "Sample brief: Arctic shipping cooperation",
        "creators": [{"name": "Sample research group"}],
        "description": data["description"],
        "access_right": "open",
        "license": "CC-BY-4.0",
        "publication_date": "2026-01-15",
        "version": "0.1",
        "language": "eng",
        "keywords": ["Arctic", "shipping"],
        "related_identifiers": [
            {
                "identifier": "https://example.org/sample-brief/v/0.1/index.html",
                "relation": "isSourceOf",
                "scheme": "url",
            }
        ],
    }
    assert data["description"].startswith("<p>This sample shows every kind of content briefgen understands")
    assert "[@" not in data["description"]


def test_the_next_version_is_related_to_the_previous_versions_doi(dois: Project) -> None:
    release(dois)
    brief = dois.content_dir / "brief.yml"
    text = brief.read_text(encoding="utf-8").replace('version: "0.1"', 'version: "0.2"')
    brief.write_text(text.replace('published: "2026-01-15"', 'published: "2026-02-01"'), encoding="utf-8")
    release(dois)
    data = zenodo_json(dois)
    assert list(validator().iter_errors(data)) == []
    assert data["version"] == "0.2"
    assert {
        "identifier": V01,
        "relation": "isNewVersionOf",
        "resource_type": "publication-report",
        "scheme": "doi",
    } in (data["related_identifiers"])
    assert "doi" not in data  # Zenodo mints this version's DOI itself


def test_a_person_is_written_family_first_with_an_orcid(dois: Project) -> None:
    brief = dois.content_dir / "brief.yml"
    text = brief.read_text(encoding="utf-8")
    brief.write_text(
        text.replace(
            '  - organisation: {en: "Sample research group", ru: "Образцовая исследовательская группа"}\n',
            '  - person: {family: "Ivanova", given: "Anna", orcid: "0000-0002-1825-0097"}\n'
            '  - organisation: {en: "Sample research group"}\n',
        ),
        encoding="utf-8",
    )
    release(dois)
    data = zenodo_json(dois)
    assert data["creators"] == [
        {"name": "Ivanova, Anna", "orcid": "0000-0002-1825-0097"},
        {"name": "Sample research group"},
    ]
    assert list(validator().iter_errors(data)) == []


def test_no_zenodo_json_unless_the_brief_asks(sample: Project) -> None:
    with_dois(sample)
    release(sample)
    assert not (sample.root / ".zenodo.json").exists()
    assert not (REPO / ".zenodo.json").exists()  # the real brief deposits nothing on Zenodo


@pytest.mark.parametrize(
    ("change", "error"),
    [
        ({"publication_date": None}, "'publication_date' is a required property"),
        ({"upload_type": "report"}, "'report' is not one of"),
        ({"doi": V01}, "Additional properties are not allowed ('doi' was unexpected)"),
        ({"licence": "CC-BY-4.0"}, "Additional properties are not allowed ('licence' was unexpected)"),
        ({"creators": [{"name": "Group, Research, Arctic"}]}, "does not match '^[^,]+(, [^,]+)?$'"),
        ({"publication_date": "2026-02-30"}, "'2026-02-30' is not a 'date'"),
        ({"related_identifiers": [{"identifier": CONCEPT, "relation": "isVersionOf"}]}, "is not one of"),
    ],
)
def test_the_schema_refuses_what_zenodo_would_misread(dois: Project, change: dict[str, Any], error: str) -> None:
    release(dois)
    data = zenodo_json(dois)
    for key, value in change.items():
        if value is None:
            del data[key]
        else:
            data[key] = value
    messages = [e.message for e in validator().iter_errors(data)]
    assert any(error in m for m in messages), messages
