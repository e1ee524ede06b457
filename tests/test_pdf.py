"""The PDF: built from the site by WeasyPrint, read back with pypdf and poppler."""

from __future__ import annotations

import logging
import re
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from html import unescape
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from pypdf.generic import Destination

from briefgen.base.errors import BuildFailed
from briefgen.base.project import Project
from briefgen.cli.main import main
from briefgen.pipeline.build import build
from briefgen.pipeline.scaffold import scaffold
from briefgen.publish.pdf import PDF_PATH, WORKS, build_page_pdf, build_pdf, nav_pages, pdf_chapters
from briefgen.render.generate import Generated, generate

from .conftest import require_tool

pytestmark = pytest.mark.pdf


@dataclass
class Built:
    project: Project
    generated: Generated
    pdf: Path
    reader: PdfReader

    @property
    def site(self) -> Path:
        return self.project.site_dir


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The sample brief, built once with its PDF through the normal `build`."""
    root = tmp_path_factory.mktemp("pdf") / "brief"
    scaffold(root)
    project = Project(root)
    build(project, pdf=True)
    pdf = project.site_dir / PDF_PATH
    return Built(project, generate(project), pdf, PdfReader(pdf))


def pdftotext(pdf: Path, page: int | None = None) -> str:
    tool = require_tool("pdftotext")
    pages = ["-f", str(page), "-l", str(page)] if page else []
    return subprocess.run(
        [tool, "-enc", "UTF-8", *pages, str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def outline(reader: PdfReader) -> list[tuple[int, str, int]]:
    """(depth, title, 1-based page) of every bookmark, in order."""
    out: list[tuple[int, str, int]] = []

    def walk(items: list[Any], depth: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                assert isinstance(item, Destination)
                page = reader.get_destination_page_number(item)
                assert page is not None
                out.append((depth, str(item.title), page + 1))

    walk(reader.outline, 0)
    return out


def chapter_title(site: Path, page: str) -> str:
    """The title a page's chapter has in the PDF: its h1 (the home page's is "Introduction")."""
    if page == "index.html":
        return "Introduction"
    html = (site / page).read_text(encoding="utf-8")
    match = re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S)
    assert match, page
    return flat(unescape(re.sub(r"<a class=\"headerlink\".*?</a>|<[^>]+>", "", match.group(1))))


def link_annotations(reader: PdfReader) -> Iterator[tuple[int, dict[str, Any]]]:
    for number, page in enumerate(reader.pages, start=1):
        for ref in page.get("/Annots") or []:
            annot = ref.get_object()
            if annot.get("/Subtype") == "/Link":
                yield number, annot


# --- the whole brief ---------------------------------------------------------------------------


def test_pdf_is_published_with_the_site(built: Built) -> None:
    assert built.pdf.is_file()
    assert built.pdf.read_bytes().startswith(b"%PDF-")
    assert built.pdf.stat().st_mode & 0o777 == 0o644
    # The assembled HTML is never written: the only new file in the site is the PDF.
    assert not [p for p in built.site.rglob("*") if p.suffix in (".html", ".htm") and "pdf" in p.name.lower()]
    assert not [p for p in built.project.state_dir.iterdir() if p.name.startswith("staging-")]


def test_bookmark_for_every_nav_page_in_nav_order(built: Built) -> None:
    marks = outline(built.reader)
    starts = []
    for page, nav_sections in nav_pages(built.generated.nav):
        sections = [] if page == WORKS else nav_sections  # the bibliography closes the book on its own
        title = chapter_title(built.site, page)
        # A chapter's bookmark sits inside the bookmarks of its nav sections.
        found = [p for depth, t, p in marks if t == title and depth == len(sections)]
        assert found, f"no bookmark for {page} ({title!r}) at depth {len(sections)}: {marks}"
        starts.append(found[0])
        for depth, section in enumerate(sections):
            assert (depth, section) in [(d, t) for d, t, _ in marks], section
    # Each chapter starts on a new page, in nav order, but for the works cited, which come last.
    start = dict(zip([p for p, _ in nav_pages(built.generated.nav)], starts, strict=True))
    order = [start[p] for p in pdf_chapters(built.generated.nav)]
    assert order == sorted(order)
    assert len(set(starts)) == len(starts)
    assert (0, "Reference", start["brief/timeline.html"]) in marks
    assert (0, "Works cited", start["brief/works.html"]) in marks
    # h2 and h3 headings are bookmarks inside their chapter.
    assert (2, "Claims", start["brief/ivanov/introduction.html"]) in marks
    # The hierarchy is a nav section (its overview and its comparison matrix), as an article is.
    assert (0, "Goals of shipping cooperation", start["brief/li-park-goals.html"]) in marks
    assert (2, "Tier 1. Safety", start["brief/li-park-goals.html"]) in marks
    assert (3, "Safe navigation in ice", start["brief/li-park-goals.html"]) in marks
    assert (2, "Notes on the links", start["brief/li-park-goals/matrix.html"]) in marks
    assert marks[0][1] == "Contents"
    # Site-only parts of pages are not in the PDF.
    assert "Cite this page" not in [t for _, t, _ in marks]


def test_contents_page_numbers_are_the_chapter_start_pages(built: Built) -> None:
    marks = outline(built.reader)
    contents_page = next(page for _, title, page in marks if title == "Contents")
    text = flat(pdftotext(built.pdf, contents_page))
    assert text.count("Contents") >= 1
    for page, _sections in nav_pages(built.generated.nav):
        title = chapter_title(built.site, page)
        start = next(p for _, t, p in marks if t == title)
        match = re.search(re.escape(title) + r" ?\.{3,} ?(\d+)\b", text)
        assert match, f"{title!r} is not in the contents: {text}"
        assert int(match.group(1)) == start, title


def internal_destinations(reader: PdfReader) -> list[tuple[int, str]]:
    """(page, destination name) of every internal link; fails on any other kind of link."""
    out = []
    for number, annot in link_annotations(reader):
        action = annot.get("/A")
        if action is not None and action.get("/S") == "/URI":
            assert str(action["/URI"]).startswith(("http://", "https://", "mailto:")), (number, action)
            continue
        dest = annot.get("/Dest")
        if dest is None and action is not None and action.get("/S") == "/GoTo":
            dest = action.get("/D")
        assert isinstance(dest, str), f"page {number}: link without a named destination: {annot}"
        out.append((number, str(dest)))
    return out


def test_every_internal_link_resolves_inside_the_pdf(built: Built) -> None:
    names = set(built.reader.named_destinations)
    links = internal_destinations(built.reader)
    assert len(links) > 50
    for number, dest in links:
        assert dest in names, f"page {number}: link to unknown destination {dest!r}"
    targets = {dest for _, dest in links}
    # Links between pages became links inside the PDF: a claim (from the works page and the
    # priorities), a glossary term, the works-cited entry a citation points at, a chapter.
    assert {
        "brief.ivanov.introduction--route-shorter",
        "brief.glossary--nsr",
        "brief.works--ref-li-park-2022",
        "about",
    } <= targets


def test_matrix_chapter_links_its_cells_inside_the_pdf(built: Built) -> None:
    marks = outline(built.reader)
    page = next(p for _, t, p in marks if t == "Comparison matrix: Goals of shipping cooperation")
    text = flat(pdftotext(built.pdf, page))
    assert "Rows: priorities, by tier. Columns: parts." in text
    # Relations in words, next to their symbols; the screen-reader-only words are not printed.
    assert "§1.2 = continuity 1" in text
    assert "§2.1 × tension 3" in text
    assert "none" not in text
    on_page = {dest for number, dest in internal_destinations(built.reader) if number == page}
    assert {
        "brief.ivanov.introduction--ice-risk",
        "brief.ivanov.conclusion--slow-growth",
        "brief.li-park-goals--icebreaker-escort",
        "brief.li-park-goals.matrix--matrix-note-1",
    } <= on_page


def test_russian_and_cjk_text_extract(built: Built) -> None:
    text = flat(pdftotext(built.pdf))
    assert "Введение" in text
    assert "Пример: сотрудничество в арктическом судоходстве" in text
    assert "航运合作的目标" in text
    # Claim numbers exactly as on the site.
    assert "§1.1" in text
    assert "§1.2" in text
    assert "§2.1" in text


def test_every_font_is_embedded(built: Built) -> None:
    tool = require_tool("pdffonts")
    rows = subprocess.run([tool, str(built.pdf)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    assert rows
    for row in rows:
        # name type... encoding emb sub uni object ID: emb is the fifth field from the end.
        assert row.split()[-5] == "yes", row
    names = " ".join(row.split()[0] for row in rows)
    for family in ("Noto-Serif", "Noto-Sans", "Noto-Serif-CJK-SC", "DejaVu-Sans-Mono"):
        assert family in names, names
    for page in built.reader.pages:
        resources: Any = page["/Resources"].get_object()
        fonts = resources.get("/Font", {})
        for ref in fonts.values():
            font = ref.get_object()
            for descendant in font.get("/DescendantFonts", [font]):
                descriptor = descendant.get_object()["/FontDescriptor"].get_object()
                assert {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor), descriptor


def test_metadata_is_the_brief_record(built: Built) -> None:
    """Info and XMP, read with pypdf's own accessors, say what the home page's record says:
    title, authors, version, date, licence and the versioned URL."""
    record = built.generated.records["index.md"]
    brief = built.generated.ctx.brief
    info = built.reader.metadata
    assert info is not None
    assert info.title == record.title == brief.title.best()
    assert info.author == "Sample research group"
    assert brief.subtitle is not None
    assert info.subject == brief.subtitle.best()
    assert str(info.get("/CreationDate")).startswith("D:20260115")
    assert (info.get("/Version"), info.get("/License"), info.get("/URL")) == (
        "0.1",
        "CC-BY-4.0",
        "https://example.org/sample-brief/v/0.1/index.html",
    )
    root: Any = built.reader.trailer["/Root"]
    assert root["/Lang"] == "en"
    xmp = built.reader.xmp_metadata
    assert xmp is not None
    assert xmp.dc_title == {"x-default": record.title}
    assert xmp.dc_creator == ["Sample research group"]
    assert xmp.dc_rights == {"x-default": "CC-BY-4.0 (https://spdx.org/licenses/CC-BY-4.0.html)"}
    assert xmp.dc_identifier == record.url
    assert [str(d.date()) for d in xmp.dc_date] == ["2026-01-15"]
    assert xmp.xmp_create_date is not None and str(xmp.xmp_create_date.date()) == "2026-01-15"


def test_cover_cites_the_brief_as_its_home_page_does(built: Built) -> None:
    """The cover's "Cite as" (read with poppler's pdftotext) is the home page's "Cite this page"
    in every style (read from the built page), with the GOST access date left blank."""
    text = flat(pdftotext(built.pdf, 1))
    brief = built.generated.ctx.brief
    assert brief.title.best() in text
    assert "Version 0.1" in text
    assert "15 January 2026" in text
    assert "CC-BY-4.0" in text
    home = (built.site / "index.html").read_text(encoding="utf-8")
    for style in ("gost", "apa", "chicago"):
        shown = re.search(rf'<p class="bg-cite-text" id="cite-{style}">(.*?)</p>', home, re.S)
        assert shown is not None
        citation = flat(unescape(re.sub(r"<[^>]+>", "", shown.group(1))))
        assert citation in text, style
    assert "(дата обращения: __.__.____)." in text
    assert not re.search(r"дата обращения: \d", text)


def test_build_fails_when_the_pdf_disagrees_with_the_record(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    root = tmp_path / "brief"
    scaffold(root)
    project = Project(root)
    monkeypatch.setattr(
        "briefgen.publish.pdfmeta.info_entries",
        lambda meta: {"Version": "9.9", "License": meta.licence, "URL": meta.url},
    )
    with pytest.raises(BuildFailed, match=r"brief/brief\.pdf: PDF Info /Version is '9\.9' but the record says '0\.1'"):
        build(project, pdf=True)
    assert not project.site_dir.exists()


def test_each_citation_appears_once_in_the_site_form(built: Built) -> None:
    """Citations keep the site's author-date form, linked to the bibliography; no footnote repeats
    the reference, which the bibliography holds once."""
    text = flat(pdftotext(built.pdf))
    works = built.generated.works
    summarised = {a.source for a in built.generated.ctx.articles}  # also heads its article's overview
    for key in built.generated.ctx.bibliography.entries:
        entry = flat(unescape(re.sub(r"<[^>]+>", "", works.entry(key))))
        expected = 2 if key in summarised else 1
        assert text.count(entry) == expected, f"{key}: its reference is printed {text.count(entry)} times"
    # The bracket citation, as on the site, as often as the site's chapters have it.
    page = (built.site / "brief/ivanov/introduction.html").read_text(encoding="utf-8")
    article = page.split('<article class="md-content__inner md-typeset">')[1].split('<section class="bg-cite-page"')[0]
    call = "[Li, Park, 2022, с. 4–6]"
    on_site = flat(unescape(re.sub(r"<[^>]+>", "", article))).count(call)
    assert on_site >= 1
    assert text.count(call) == on_site
    links = {dest for _, dest in internal_destinations(built.reader)}
    assert "brief.works--ref-li-park-2022" in links
    # No per-page reference lists (the bibliography replaces them), no footnotes.
    assert "References" not in text
    assert all(not name.startswith("footnote") for name in built.reader.named_destinations)


def test_bibliography_is_the_last_part(built: Built) -> None:
    marks = outline(built.reader)
    top = [(title, page) for depth, title, page in marks if depth == 0]
    assert top[-1][0] == "Works cited"
    assert top[-1][1] == max(page for _, _, page in marks)
    last = flat(pdftotext(built.pdf, len(built.reader.pages)))
    assert "Li M., Park J. 航运合作的目标" in last


def test_no_line_that_only_the_site_has(built: Built) -> None:
    """The cover dates the PDF: no chapter repeats "Version … · published … · changes"; no
    buttons, style switch, downloads or cite blocks."""
    for number in range(2, len(built.reader.pages) + 1):
        text = flat(pdftotext(built.pdf, number))
        for web in ("Version 0.1 · published", "last changed", "cite §", "Copy", "Cite this page", "Download", "APA 7"):
            assert web not in text, f"page {number}: {web!r}"
    assert "Version 0.1 · Published 15 January 2026" in flat(pdftotext(built.pdf, 1))


def test_pdf_output_option_leaves_the_site_alone(
    built: Built, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = built.pdf.read_bytes()
    out = tmp_path / "whole.pdf"
    assert main(["-C", str(built.project.root), "pdf", "-o", str(out)]) == 0
    assert out.read_bytes().startswith(b"%PDF-")
    assert len(PdfReader(out).pages) == len(built.reader.pages)
    assert built.pdf.read_bytes() == before
    assert f"wrote {out} ({len(built.reader.pages)} pages)" in capsys.readouterr().out


def test_running_heads_are_whole(sample: Project) -> None:
    """A long title and a long chapter title are never cut: the brief's title heads left-hand
    pages, the chapter's right-hand pages, each across the measure."""
    long_title = (
        "Sample brief: Arctic shipping cooperation between Russia, China, Japan and South Korea after the 2017 season"
    )
    path = sample.content_dir / "brief.yml"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            'en: "Sample brief: Arctic shipping cooperation"', f'en: "{long_title}"'
        ),
        encoding="utf-8",
    )
    build(sample, pdf=True)
    pdf = sample.site_dir / PDF_PATH
    reader = PdfReader(pdf)
    marks = outline(reader)
    glossary = next(page for _, title, page in marks if title == "Glossary")
    assert glossary > 3
    for number in range(3, len(reader.pages) + 1):
        head = flat(pdftotext(pdf, number))
        if number % 2 == 0:
            assert head.startswith(long_title), (number, head[:150])
        elif number == glossary:
            assert head.startswith("Glossary"), (number, head[:150])


def test_bibliography_chapter_shows_only_the_default_style(built: Built) -> None:
    start = next(p for _, t, p in outline(built.reader) if t == "Works cited")
    text = flat(pdftotext(built.pdf, start))
    assert "Иванов И. Северный морской путь и азиатские партнёры" in text
    assert "Иванов, И. (2021)" not in text  # APA, hidden on the site
    assert "APA 7" not in text
    assert "Download the bibliography" not in text


# --- no network ---------------------------------------------------------------------------------


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every attempt to open a connection or resolve a name is recorded and refused."""
    attempts: list[str] = []

    def refuse(*args: object, **kwargs: object) -> None:
        attempts.append(repr(args[:2]))
        raise OSError("network disabled in this test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    return attempts


def site_copy(built: Built, tmp_path: Path) -> Path:
    site = tmp_path / "site"
    shutil.copytree(built.site, site)
    (site / PDF_PATH).unlink()
    return site


def inject(site: Path, page: str, markup: str) -> None:
    path = site / page
    html = path.read_text(encoding="utf-8")
    marker = '<article class="md-content__inner md-typeset">'
    assert marker in html
    path.write_text(html.replace(marker, marker + markup, 1), encoding="utf-8")


@pytest.mark.parametrize(
    ("markup", "url"),
    [
        ('<p><img src="http://example.org/x.png" alt="x"></p>', "http://example.org/x.png"),
        ('<p style="background: url(https://example.org/y.png)">x</p>', "https://example.org/y.png"),
        ('<p><img src="//example.org/z.png" alt="z"></p>', "//example.org/z.png"),
    ],
)
def test_remote_resource_is_refused_naming_page_and_url(
    built: Built, tmp_path: Path, no_network: list[str], markup: str, url: str
) -> None:
    site = site_copy(built, tmp_path)
    inject(site, "brief/glossary.html", markup)
    with pytest.raises(BuildFailed) as caught:
        build_pdf(built.project, built.generated, site)
    assert str(caught.value) == (
        f"brief/glossary.html: refusing to fetch {url} (only files inside the site and data: URLs are allowed)"
    )
    assert no_network == []
    assert not (site / PDF_PATH).exists()


def test_fetcher_refusal_names_page_and_url(
    built: Built, tmp_path: Path, no_network: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The URL fetcher is the second line: with the pre-render check switched off, WeasyPrint
    asks for the remote image and the build still fails, naming the page, before connecting."""
    site = site_copy(built, tmp_path)
    inject(site, "brief/glossary.html", '<p><img src="http://example.org/x.png" alt="x"></p>')
    monkeypatch.setattr("briefgen.publish.pdf._Assembly._resources", lambda self, chapter: None)
    with pytest.raises(BuildFailed) as caught:
        build_pdf(built.project, built.generated, site)
    assert str(caught.value) == (
        "brief/glossary.html: refusing to fetch http://example.org/x.png "
        "(only files inside the site and data: URLs are allowed)"
    )
    assert no_network == []
    assert not (site / PDF_PATH).exists()


def test_local_file_outside_the_site_is_refused(built: Built, tmp_path: Path, no_network: list[str]) -> None:
    site = site_copy(built, tmp_path)
    secret = tmp_path / "secret.png"
    secret.write_bytes(b"not an image")
    inject(site, "about.html", '<p><img src="../secret.png" alt="s"></p>')
    with pytest.raises(BuildFailed, match=r"^about\.html: refusing to fetch \.\./secret\.png \(only files inside"):
        build_pdf(built.project, built.generated, site)
    assert no_network == []


def test_missing_local_image_is_an_error(built: Built, tmp_path: Path) -> None:
    site = site_copy(built, tmp_path)
    inject(site, "brief/timeline.html", '<p><img src="figures/missing.png" alt="m"></p>')
    with pytest.raises(BuildFailed, match=r"^brief/timeline\.html: missing file brief/figures/missing\.png"):
        build_pdf(built.project, built.generated, site)


def test_local_image_and_data_url_are_rendered(built: Built, tmp_path: Path, no_network: list[str]) -> None:
    site = site_copy(built, tmp_path)
    svg = '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"><rect width="40" height="20" fill="#1f3a5f"/></svg>'
    (site / "brief" / "figure.svg").write_text(svg, encoding="utf-8")
    inject(
        site,
        "brief/timeline.html",
        '<p><img src="figure.svg" alt="a figure"> <img alt="dot" src="data:image/svg+xml;utf8,'
        '%3Csvg xmlns=%22http://www.w3.org/2000/svg%22 width=%224%22 height=%224%22/%3E"></p>',
    )
    (site / PDF_PATH).write_bytes(build_pdf(built.project, built.generated, site).data)
    assert PdfReader(site / PDF_PATH).pages
    assert no_network == []


def test_fetcher_refuses_before_connecting(built: Built, no_network: list[str]) -> None:
    import weasyprint

    from briefgen.publish.pdf import PdfFetchRefused, _site_fetcher

    site = built.site.resolve()
    fetcher = _site_fetcher(weasyprint, site)
    for url in (
        "http://example.org/a.css",
        "https://example.org/b.png",
        "ftp://example.org/c",
        (site.parent / "content" / "brief.yml").as_uri(),
        "file:///etc/passwd",
    ):
        with pytest.raises(PdfFetchRefused, match="refusing to fetch"):
            fetcher.fetch(url)
    assert no_network == []
    inside = fetcher.fetch((site / "index.html").as_uri())
    try:
        assert inside.read().lstrip().startswith(b"<!doctype html>")
    finally:
        inside.close()
    data = fetcher.fetch("data:text/plain,hello")
    try:
        assert data.read() == b"hello"
    finally:
        data.close()


# --- one page -----------------------------------------------------------------------------------


def test_single_page_pdf(built: Built, tmp_path: Path) -> None:
    out = tmp_path / "part.pdf"
    out.write_bytes(
        build_page_pdf(built.project, built.generated, built.site, "brief/ivanov/introduction.md", out.name).data
    )
    reader = PdfReader(out)
    titles = [t for _, t, _ in outline(reader)]
    assert titles[0] == "1. Introduction"
    assert len(reader.pages) == 1
    first = flat(pdftotext(out, 1))
    title = built.generated.ctx.brief.title.best()
    # Running heads, the header naming the brief and the page's address, then the page itself.
    assert first.startswith(f"1. Introduction {title} Version 0.1 · 15 January 2026 · ")
    assert "brief/ivanov/introduction.html 1. Introduction " in first
    assert "Введение" in first
    assert "Contents" not in titles
    text = flat(pdftotext(out))
    # The site's citation block: the default style only, the access date left blank, never a
    # date the page was not read on.
    assert "Cite this page" in text
    assert "APA 7" not in text
    assert "Download this citation" not in text
    assert "(дата обращения: __.__.____)" in text
    assert not re.search(r"дата обращения: \d", text)
    # Its metadata is the page's record.
    record = built.generated.records["brief/ivanov/introduction.md"]
    info = reader.metadata
    assert info is not None
    assert (info.title, info.get("/URL")) == (record.title, record.url)
    assert "§1.1" in text
    assert "[Li, Park, 2022, с. 4–6]" in text  # the citation, as on the site
    assert "References Li M., Park J. 航运合作的目标 [Goals of shipping cooperation]" in text  # the page's own list
    site_url = built.generated.ctx.brief.site_url
    uris = [str(a["/A"]["/URI"]) for _, a in link_annotations(reader) if a.get("/A", {}).get("/S") == "/URI"]
    # Links to other pages go to the published site.
    assert f"{site_url}brief/glossary.html#nsr" in uris
    assert f"{site_url}brief/works.html#ref-li-park-2022" in uris
    names = set(reader.named_destinations)
    assert all(dest in names for _, dest in internal_destinations(reader))


def test_print_css_renders_without_warnings(built: Built, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """WeasyPrint ignores CSS it does not understand with only a warning: keep print.css clean."""
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        build_page_pdf(built.project, built.generated, built.site, "brief/glossary.html", "g.pdf")
    assert [r.getMessage() for r in caplog.records if r.name.startswith("weasyprint")] == []


def test_single_page_that_does_not_exist(built: Built, tmp_path: Path) -> None:
    with pytest.raises(BuildFailed, match=r"^brief/nope\.html: no such page"):
        build_page_pdf(built.project, built.generated, built.site, "brief/nope.md", "x.pdf")


# --- the real brief -------------------------------------------------------------------------------


def test_real_brief_pdf_is_fast_and_whole(real_copy: Project) -> None:
    build(real_copy, pdf=False)
    generated = generate(real_copy)
    started = time.process_time()  # CPU time: WeasyPrint is single-threaded, and a busy machine must not fail this
    (real_copy.site_dir / PDF_PATH).write_bytes(build_pdf(real_copy, generated, real_copy.site_dir).data)
    elapsed = time.process_time() - started
    assert elapsed < 20, f"the real brief's PDF took {elapsed:.1f} s of CPU"
    reader = PdfReader(real_copy.site_dir / PDF_PATH)
    names = set(reader.named_destinations)
    links = internal_destinations(reader)
    assert len(links) > 500
    for number, dest in links:
        assert dest in names, f"page {number}: {dest}"
    titles = [t for _, t, _ in outline(reader)]
    for page, _sections in nav_pages(generated.nav):
        assert chapter_title(real_copy.site_dir, page) in titles, page
    text = pdftotext(real_copy.site_dir / PDF_PATH)
    assert "Договор" in text
    # The matrix's column headings break between words only, never inside one.
    marks = outline(reader)
    matrix = next(p for _, t, p in marks if t.startswith("Comparison matrix"))
    heading = flat(pdftotext(real_copy.site_dir / PDF_PATH, matrix))
    from briefgen.render.matrix import matrix_columns

    columns = matrix_columns(generated.ctx, generated.ctx.hierarchies[0])
    assert len(columns) >= 3
    for column in columns:
        assert f"{column.number}. {column.part.title.best()}" in heading, column.part.id
