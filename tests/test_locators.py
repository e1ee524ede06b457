"""Page locators: which pages are inferred (all, none, or one end of a range), and how that is
shown wherever a locator appears: claims, parts, previews, the works page, citations, the PDF."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from briefgen.base.project import Project
from briefgen.check.run import build_context
from briefgen.cite.syntax import localize_locator
from briefgen.model.common import Locator
from briefgen.pipeline.build import build
from briefgen.publish.pdf.__init__ import build_page_pdf
from briefgen.render.generate import generate
from briefgen.render.markup import locator_html, locator_text

from .conftest import require_tool


@pytest.mark.parametrize(
    ("pages", "inferred", "english", "russian"),
    [
        ("66", False, "p. 66", "с. 66"),
        ("63", True, "p. [63]", "с. [63]"),
        ("63–64", True, "pp. [63–64]", "с. [63–64]"),
        ("66–67", "end", "pp. 66–[67]", "с. 66–[67]"),
        ("65–66", "start", "pp. [65]–66", "с. [65]–66"),
        ("65 - 66", "start", "pp. [65]-66", "с. [65]-66"),
        ("28–46", False, "pp. 28–46", "с. 28–46"),
    ],
)
def test_locator_text_brackets_only_what_is_inferred(
    pages: str, inferred: bool | str, english: str, russian: str
) -> None:
    locator = Locator(pages=pages, inferred=inferred)
    assert locator_text(locator) == english
    assert locator_text(locator, "с.") == russian


def test_locator_html_underlines_only_the_inferred_end() -> None:
    assert locator_html(Locator(pages="66–67", inferred="end")) == (
        '<span class="bg-loc">pp. 66–<span class="bg-inferred" '
        'title="Page 67 inferred: it is not printed in the source">&#91;67&#93;</span></span>'
    )
    assert locator_html(Locator(pages="65–66", inferred="start"), "с.") == (
        '<span class="bg-loc">с. <span class="bg-inferred" '
        'title="Page 65 inferred: it is not printed in the source">&#91;65&#93;</span>–66</span>'
    )
    assert locator_html(Locator(pages="63", inferred=True)) == (
        '<span class="bg-loc bg-inferred" title="Page number inferred: it is not printed in the source">p. &#91;63&#93;</span>'
    )
    assert locator_html(Locator(pages="66")) == '<span class="bg-loc">p. 66</span>'


@pytest.mark.parametrize(
    ("locator", "gost", "english"),
    [
        ("p. 66", "с. 66", "p. 66"),
        ("pp. 28–46", "с. 28–46", "p. 28–46"),
        # Inferred pages are in angle brackets inside a citation, so that GOST's [ … ] never nests;
        # the braces make pandoc read the label and keep the rest as written.
        ("p. [63]", "{с. ⟨63⟩}", "{p. ⟨63⟩}"),
        ("pp. 66–[67]", "{с. 66–⟨67⟩}", "{p. 66–⟨67⟩}"),
        ("pp. [62], [63–64]", "{с. ⟨62⟩, ⟨63–64⟩}", "{p. ⟨62⟩, ⟨63–64⟩}"),
        ("[63]", "⟨63⟩", "⟨63⟩"),
    ],
)
def test_citation_locators_mark_inferred_pages_without_nesting(locator: str, gost: str, english: str) -> None:
    assert localize_locator(locator, "с.") == gost
    assert localize_locator(locator, "p.") == english


def edit(project: Project, rel: str, old: str, new: str) -> None:
    path = project.root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {rel}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def with_inferred_end(project: Project) -> Project:
    """The sample, with claim §1.2 on pp. 10–[11] and an event source on the same pages."""
    edit(
        project,
        "content/article.yml",
        'locator: {pages: "11", inferred: true}',
        'locator: {pages: "10–11", inferred: end}',
    )
    edit(project, "content/timeline.yml", 'locator: "p. 11"', 'locator: "pp. 10–[11]"')
    return project


def test_inferred_end_is_shown_on_every_page_that_shows_the_locator(sample: Project) -> None:
    build(with_inferred_end(sample), pdf=False)
    site = sample.site_dir
    part = (site / "brief/ivanov/introduction.html").read_text(encoding="utf-8")
    assert (
        '<span class="bg-loc">pp. 10–<span class="bg-inferred" title="Page 11 inferred: it is not printed in the source">'
        "[11]</span></span>"
    ) in part
    # The timeline cites the article on those pages: no nested brackets in the citation, and the
    # preview of claim §1.2 (linked from the event) gives its pages.
    timeline = (site / "brief/timeline.html").read_text(encoding="utf-8")
    citation = re.search(r'<span class="bg-cite" data-cites="ivanov-2021">(.*?)</span>', timeline)
    assert citation
    assert re.sub(r"<[^>]+>", "", citation.group(1)) == "[Иванов, 2021, с. 10–⟨11⟩]"
    assert re.search(r'<span class="bg-tip-loc">pp\. 10–\[11\]</span>', timeline)


@pytest.mark.pdf
def test_inferred_end_in_the_pdf(sample: Project, tmp_path: Path) -> None:
    build(with_inferred_end(sample), pdf=False)
    out = tmp_path / "intro.pdf"
    out.write_bytes(
        build_page_pdf(sample, generate(sample), sample.site_dir, "brief/ivanov/introduction.md", out.name).data
    )
    text = subprocess.run(
        [require_tool("pdftotext"), "-enc", "UTF-8", str(out), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "pp. 10–[11]" in text


def test_the_real_brief_marks_the_printed_page_of_its_ranges(real_copy: Project) -> None:
    ctx = build_context(real_copy)
    claim = ctx.claim("cn-mfa-internal-affair")
    assert locator_text(claim.locator) == "pp. 66–[67]"
    parts = {p.id: p for a in ctx.articles for p in a.parts}
    assert locator_text(parts["background"].locator) == "pp. [63]–66"
    assert locator_text(parts["china-position"].locator) == "pp. 66–[68]"
    # Page 66 is the only printed page: it is never shown as inferred, and every other page is.
    for article in ctx.articles:
        for part in article.parts:
            for locator in (part.locator, *(c.locator for c in part.claims)):
                pages = set(re.findall(r"\d+", locator.pages))
                printed = pages - set(re.findall(r"\d+", locator.inferred_pages()))
                assert printed == pages & {"66"}, (part.id, locator)
