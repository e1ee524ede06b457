"""citeproc-js, the CSL processor Zotero uses, agrees with what the site shows: every work of the
real brief, of the sample and of test_styles' bibliography, every in-text citation, and every
page's citation, in the three styles, entry by entry.

Both processors get the same CSL-JSON (the published works.json and each page's CSL-JSON export,
prepared for the style as briefgen prepares them: romanised for APA and Chicago, translations
held out) and the same style files (styles/*.csl). Where the two may differ on purpose, the
difference is listed in styles/NOTICE.md ("Where citeproc-js differs") and undone here by
`deliberate`, and nowhere else.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from briefgen.base.project import Project
from briefgen.cite.csl import CslProcessor
from briefgen.cite.csljson import to_csl
from briefgen.cite.record import ACCESSED_BLANK
from briefgen.cite.styles import STYLES
from briefgen.cite.syntax import _PAGE_LOCATOR, CiteGroup, inferred_in_citation
from briefgen.load.bibtex import parse_bibliography
from briefgen.pipeline.build import build
from briefgen.pipeline.scaffold import scaffold
from briefgen.render.generate import generate

from .citeproc_js import citeproc_js, italics, text
from .conftest import REPO, real_copy_of
from .test_styles import BIB, GROUPS

STYLE_IDS = tuple(STYLES)


CJK = ("zh", "ja", "ko")


def deliberate(style: str, theirs: str, language: str = "") -> str:
    """citeproc-js's text with the differences styles/NOTICE.md lists undone:

    1. GOST entries carry the style's number; our list numbers them itself (<ol>).
    2. A translated title follows the quoted title in its own brackets: “Title” [Translation],
       not “Title [Translation].” (our post-processing, csl.py `plain_translation`).
    3. GOST, a quotation inside a quotation: citeproc-js uses the locale's inner marks
       («…„…“…»); pandoc repeats the outer ones («…«…»…»). Compared with both as «».
    5. APA, a work in Chinese, Japanese or Korean: citeproc-js writes its authors family name
       first without a comma ("Xu B."); APA inverts every name with one ("Xu, B."), as pandoc.
    """
    if style == "gost":
        theirs = re.sub(r"^\d+\.\s+", "", theirs)
    if style == "apa" and language.startswith(CJK):
        theirs = re.sub(r"(?<![\w,])([^\s,&()]+) ((?:[A-Z]\.)(?:[- ]?[A-Z]\.)*)(?=[,.]? |$)", r"\1, \2", theirs)
    theirs = re.sub(r"“([^”]+?) \[([^\]]+)\]([.,;:]?)”", r"“\1” [\2]\3", theirs)
    return _inner_quotes(style, theirs)


def _inner_quotes(style: str, value: str) -> str:
    return value.replace("„", "«").replace("“", "»") if style == "gost" else value


def _italics(markup: str) -> list[str]:
    """Italic runs without a translation in brackets at their end (difference 2)."""
    return [re.sub(r"(?<=\S)\s+\[[^\]]+\]$", "", run) for run in italics(markup)]


APA_CAPITALISED = frozenset(
    [
        "about",
        "above",
        "across",
        "after",
        "against",
        "along",
        "amid",
        "among",
        "around",
        "before",
        "behind",
        "below",
        "beneath",
        "beside",
        "between",
        "beyond",
        "down",
        "during",
        "except",
        "from",
        "inside",
        "into",
        "like",
        "near",
        "onto",
        "over",
        "past",
        "since",
        "than",
        "through",
        "toward",
        "towards",
        "under",
        "until",
        "upon",
        "with",
        "within",
        "without",
    ]
)
"""Difference 6: APA 7 capitalises every word of four letters or more in title case (pandoc does);
citeproc-js keeps these prepositions lowercase in the APA style's title-cased titles."""


def _same(style: str, mine: str, other: str) -> bool:
    """Equal, or equal but for differences 6-8."""
    if mine == other:
        return True
    # 7. An inferred page range or list (⟨63–64⟩) is "pp." in pandoc, "p." in citeproc-js.
    mine, other = (re.sub(r"\bpp?\. (?=[\[⟨])", "p. ", t) for t in (mine, other))
    a, b = mine.split(" "), other.split(" ")
    return len(a) == len(b) and all(_same_word(style, x, y) for x, y in zip(a, b, strict=True))


def _same_word(style: str, mine: str, other: str) -> bool:
    if mine == other:
        return True
    if style == "apa" and mine == other[:1].upper() + other[1:] and other.strip(".,;:").lower() in APA_CAPITALISED:
        return True
    # 8. Chicago abbreviates a page range in a citation's locator (150–62, CMOS 9.64) with
    # pandoc; citeproc-js only in the bibliography's page variable.
    ours, theirs = re.fullmatch(r"(\d+)–(\d+)(\W*)", mine), re.fullmatch(r"(\d+)–(\d+)(\W*)", other)
    return bool(
        style == "chicago"
        and ours
        and theirs
        and ours.group(1) == theirs.group(1)
        and ours.group(3) == theirs.group(3)
        and len(ours.group(2)) < len(theirs.group(2))
        and theirs.group(2).endswith(ours.group(2))
    )


def clusters(groups: list[CiteGroup]) -> list[list[dict[str, str]]]:
    """The citations as citeproc-js citation items: a page locator with its label."""
    out = []
    for group in groups:
        cluster = []
        for item in group.items:
            cite: dict[str, str] = {"id": item.key}
            if item.locator:
                match = _PAGE_LOCATOR.match(item.locator)
                assert match, item.locator
                # The same input as pandoc gets: an inferred page is written ⟨67⟩ before any
                # processor sees it (a GOST citation is itself in square brackets).
                cite.update(locator=inferred_in_citation(match.group("value")), label="page")
            if item.prefix:
                cite["prefix"] = item.prefix + " "
            cluster.append(cite)
        out.append(cluster)
    return out


def _sorted_within(style: str, group: CiteGroup) -> bool:
    """Difference 4: a citation whose works carry a prefix (`[see @a; @b]`) keeps the author's
    order in pandoc; citeproc-js sorts it as the style sorts citations, prefix and all."""
    return any(item.prefix for item in group.items) and len(group.items) > 1


def assert_agree(
    style: str, ours: dict[str, str], theirs: dict[str, str], where: str, items: dict[str, dict[str, Any]]
) -> None:
    problems = []
    for key, html in ours.items():
        language = str(items.get(key, {}).get("language", ""))
        mine, other = _inner_quotes(style, text(html)), deliberate(style, text(theirs[key]), language)
        if not _same(style, mine, other):
            problems.append(f"{where} {style} {key}:\n  ours:        {mine}\n  citeproc-js: {other}")
        elif _italics(html) != _italics(theirs[key]):
            problems.append(f"{where} {style} {key}: italics {_italics(html)} != {_italics(theirs[key])}")
    assert not problems, "\n".join(problems)


# --- the bibliographies ----------------------------------------------------------------------


def _styles_corpus() -> dict[str, dict[str, Any]]:
    bib, problems = parse_bibliography(BIB.encode("utf-8"), "bibliography.bib")
    assert problems == []
    return {key: to_csl(entry) for key, entry in bib.entries.items()}


@pytest.mark.parametrize("style", STYLE_IDS)
def test_test_styles_bibliography_agrees_with_citeproc_js(style: str) -> None:
    items = _styles_corpus()
    ours = CslProcessor(items, None).format(style, GROUPS)
    theirs = citeproc_js(items, style, clusters(list(GROUPS)))
    assert_agree(style, ours.entries, theirs["entries"], "test_styles", items)
    if style != "gost":
        assert list(ours.entries) == theirs["order"]
    for group, cited in zip(GROUPS, theirs["citations"], strict=True):
        if not _sorted_within(style, group):
            mine, other = _inner_quotes(style, text(ours.groups[group])), deliberate(style, text(cited))
            assert _same(style, mine, other), group.markdown()


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Project]:
    """The sample and the real brief, each built once (without the PDF)."""
    sample = tmp_path_factory.mktemp("oracle") / "sample"
    scaffold(sample)
    real = real_copy_of(REPO, tmp_path_factory.mktemp("oracle") / "real")
    projects = {"sample": Project(sample), "real": real}
    for project in projects.values():
        build(project, pdf=False)
    return projects


def _shown_entries(site: Path, style: str) -> tuple[dict[str, str], list[str]]:
    """The works-cited page's entries in `style` (HTML) and the order that style lists them in."""
    page = (site / "brief" / "works.html").read_text(encoding="utf-8")
    entries = {}
    orders = {}
    for item in re.finditer(r'<li class="bg-work" id="ref-([^"]+)"([^>]*)>(.*?)</li>', page, re.S):
        key, attrs, body = item.groups()
        entry = re.search(rf'<div class="bg-entry" data-style="{style}"[^>]*>(.*?)</div>\n', body, re.S)
        assert entry, (key, style)
        entries[key] = entry.group(1)
        order = re.search(rf'data-order-{style}="(\d+)"', attrs)
        assert order, (key, style)
        orders[key] = int(order.group(1))
    return entries, sorted(orders, key=orders.__getitem__)


@pytest.mark.parametrize("which", ["sample", "real"])
@pytest.mark.parametrize("style", STYLE_IDS)
def test_works_cited_agrees_with_citeproc_js(built: dict[str, Project], which: str, style: str) -> None:
    """Every work of works.json (the download) as the works-cited page shows it."""
    project = built[which]
    works = json.loads((project.site_dir / "brief" / "works.json").read_text(encoding="utf-8"))
    items = {item["id"]: item for item in works}
    shown, order = _shown_entries(project.site_dir, style)
    assert set(shown) == set(items)
    theirs = citeproc_js(items, style)
    # The site's links are its own (preview triggers); compare what the reader reads.
    assert_agree(style, shown, theirs["entries"], which, items)
    if style != "gost":  # GOST's order is ours: Cyrillic, then Latin, then other scripts (NOTICE)
        assert order == theirs["order"]


@pytest.mark.parametrize("which", ["sample", "real"])
@pytest.mark.parametrize("style", STYLE_IDS)
def test_in_text_citations_agree_with_citeproc_js(built: dict[str, Project], which: str, style: str) -> None:
    generated = generate(built[which])
    items = {key: to_csl(entry) for key, entry in generated.ctx.bibliography.entries.items()}
    groups = sorted(generated.ctx.groups, key=lambda g: g.pandoc_markdown())
    theirs = citeproc_js(items, style, clusters(groups))
    problems = []
    for group, cited in zip(groups, theirs["citations"], strict=True):
        mine = _inner_quotes(style, text(generated.works.cite(group, style)))
        other = deliberate(style, text(cited))
        if not _same(style, mine, other) and not _sorted_within(style, group):
            problems.append(f"{group.markdown()}:\n  ours:        {mine}\n  citeproc-js: {other}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("which", ["sample", "real"])
def test_every_page_citation_agrees_with_citeproc_js(built: dict[str, Project], which: str) -> None:
    """Each page's CSL-JSON export (what a reader downloads), formatted by citeproc-js, is the
    citation its "Cite this page" block shows, in every style (the GOST access date: the blank
    the page prints, where citeproc-js prints the date it is given)."""
    project = built[which]
    site = project.site_dir
    generated = generate(project)
    items = {}
    for record in generated.records.values():
        [item] = json.loads((site / "brief" / "cite" / f"{record.key}.json").read_text(encoding="utf-8"))
        items[item["id"]] = dict(item, accessed={"date-parts": [[1900, 1, 1]]})
    for style in STYLE_IDS:
        theirs = citeproc_js(items, style, year_suffix=False)
        problems = []
        for src, record in generated.records.items():
            page = (site / src.removesuffix(".md")).with_suffix(".html").read_text(encoding="utf-8")
            shown = re.search(rf'<p class="bg-cite-text" id="cite-{style}">(.*?)</p>', page, re.S)
            assert shown, (src, style)
            mine = text(shown.group(1))
            other = deliberate(style, text(theirs["entries"][record.key])).replace("01.01.1900", ACCESSED_BLANK)
            if not _same(style, mine, other):
                problems.append(f"{src} {style}:\n  ours:        {mine}\n  citeproc-js: {other}")
        assert not problems, "\n".join(problems)


def test_a_difference_is_found() -> None:
    """The comparison can fail: a title the two processors would case differently is caught."""
    items = {"x": {"id": "x", "type": "book", "title": "war between peace", "issued": {"date-parts": [[2020]]}}}
    ours = CslProcessor(items, None).format("chicago").entries
    theirs = citeproc_js(items, "chicago")["entries"]
    assert text(ours["x"]) == deliberate("chicago", text(theirs["x"]))
    with pytest.raises(AssertionError, match="citeproc-js"):
        assert_agree("chicago", {"x": ours["x"].replace("between", "Between")}, theirs, "probe", items)
