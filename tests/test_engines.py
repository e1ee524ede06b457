"""The same brief built with MkDocs, ProperDocs and Zensical publishes the same site: the same
pages, the same bodies, claim anchors, cite blocks, head tags, exports and PDF. briefgen renders
every page before the engine runs; the engine applies the theme and makes the search index.

Known differences, normalised below (each engine's own, not the brief's):
- the search index: `search/search_index.json` and `.js` (Material's plugin, under MkDocs and
  ProperDocs) against `search.json` and `search.js` (Zensical);
- `sitemap.xml.gz`, which Zensical does not write, and the sitemap's layout (the same URLs and dates);
- the theme's own files under `assets/` (Material's bundle and lunr, or Zensical's);
- the generator `<meta>` tag;
- `data-search-exclude` attributes, which Zensical removes once it has indexed the page;
- white space between the theme's tags, and Zensical's skip-link anchor (`<a id="__skip">`).
"""

from __future__ import annotations

import importlib.util
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from pypdf import PdfReader

from briefgen.base.project import Project
from briefgen.cli.main import main
from briefgen.pipeline.build import build
from briefgen.pipeline.scaffold import scaffold

from .conftest import REPO, real_copy_of, skip_unless_ci

ENGINES = ("mkdocs", "properdocs", "zensical")
THEME_FILES = re.compile(r"^(v/[^/]+/)?(assets/|search/|search\.js(on)?$|sitemap\.xml\.gz$)")
"""Files each engine makes its own way (the theme's assets, the search index, the gzip sitemap)."""
_ARTICLE = re.compile(r'<article class="md-content__inner[^"]*">(.*?)</article>', re.S)
_CITE_BLOCK = re.compile(r'<section class="bg-cite-page".*?</section>', re.S)


def _require_engines() -> None:
    for module in ENGINES:
        if importlib.util.find_spec(module) is None:
            skip_unless_ci(f"{module} is not installed (make test installs briefgen[properdocs,zensical])")


def _normalised(html: str) -> str:
    html = re.sub(r' data-search-exclude(="")?', "", html)
    html = re.sub(r'<a id="__skip" tabindex="-1"></a>', "", html)
    return re.sub(r">\s+<", "><", html).strip()


class _Head(HTMLParser):
    """What a page's <head> declares to the consumers (Zotero, Scholar, search engines)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, ...]] = []
        self._script: str | None = None
        self._title = False
        self.title = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if tag == "meta" and (values.get("name", "").startswith("citation_") or "property" in values):
            self.tags.append(("meta", values.get("name") or values["property"], values.get("content", "")))
        elif tag == "meta" and values.get("name") in ("description", "DC.title", "robots"):
            self.tags.append(("meta", values["name"], values.get("content", "")))
        elif tag == "link" and values.get("rel") in ("alternate", "canonical", "describedby"):
            self.tags.append(("link", values["rel"], values.get("type", ""), values.get("href", "")))
        elif tag == "script" and values.get("type") in ("application/ld+json", "application/json"):
            self._script = values.get("id", values["type"])
        elif tag == "title":
            self._title = True

    def handle_endtag(self, tag: str) -> None:
        self._script = None if tag == "script" else self._script
        self._title = False if tag == "title" else self._title

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self.tags.append(("script", self._script, data))
        if self._title:
            self.title += data


def _head(html: str) -> tuple[str, list[tuple[str, ...]]]:
    parser = _Head()
    parser.feed(html[: html.find("</head>")])
    return " ".join(parser.title.split()), parser.tags


def _site_files(site: Path) -> dict[str, Path]:
    return {p.relative_to(site).as_posix(): p for p in sorted(site.rglob("*")) if p.is_file()}


def _build_all(project: Project, tmp: Path) -> dict[str, Path]:
    """The brief built with each engine, each published site copied aside."""
    import shutil

    sites = {}
    for engine in ENGINES:
        built = build(project, pdf=True, engine=engine)
        assert built.engine == engine
        sites[engine] = tmp / f"site-{engine}"
        shutil.copytree(project.site_dir, sites[engine], symlinks=False)
    return sites


def _compare(sites: dict[str, Path]) -> None:
    files = {engine: _site_files(site) for engine, site in sites.items()}
    ours = {engine: {k: v for k, v in f.items() if not THEME_FILES.match(k)} for engine, f in files.items()}
    reference = ours["mkdocs"]
    pages = [k for k in reference if k.endswith(".html") and not k.startswith("v/")]
    assert len(pages) > 5
    for engine, found in ours.items():
        # The same page set, the same exports and the same versioned copy.
        assert sorted(found) == sorted(reference), engine
        for rel, path in found.items():
            if rel.endswith((".bib", ".ris", ".json", ".css", ".js", ".cff")) and "/assets/" not in f"/{rel}":
                assert path.read_bytes() == reference[rel].read_bytes(), f"{engine}: {rel}"
        for page in pages:
            mine, theirs = found[page].read_text(encoding="utf-8"), reference[page].read_text(encoding="utf-8")
            if page.endswith("404.html"):
                continue
            body, expected = _ARTICLE.search(mine), _ARTICLE.search(theirs)
            assert body is not None and expected is not None, f"{engine}: {page}"
            # The page body briefgen rendered, whole: claims, their anchors, citations, previews.
            assert _normalised(body.group(1)) == _normalised(expected.group(1)), f"{engine}: {page}"
            assert _normalised("".join(_CITE_BLOCK.findall(mine))) == _normalised(
                "".join(_CITE_BLOCK.findall(theirs))
            ), f"{engine}: {page}"
            assert _head(mine) == _head(theirs), f"{engine}: {page}"
            assert "briefgen:page" not in mine, f"{engine}: {page}"
        reader, expected_pdf = PdfReader(found["brief/brief.pdf"]), PdfReader(reference["brief/brief.pdf"])
        assert [p.extract_text() for p in reader.pages] == [p.extract_text() for p in expected_pdf.pages], engine
        assert reader.metadata == expected_pdf.metadata, engine


def _claim_anchors(site: Path) -> dict[str, list[str]]:
    out = {}
    for page in sorted(site.glob("brief/**/*.html")):
        if "/v/" in page.as_posix():
            continue
        ids = re.findall(r'<div class="bg-claim" id="([^"]+)"', page.read_text(encoding="utf-8"))
        if ids:
            out[page.relative_to(site).as_posix()] = ids
    return out


def _search_locations(site: Path) -> set[str]:
    index = site / "search" / "search_index.json"
    if not index.exists():
        index = site / "search.json"
    data = json.loads(index.read_text(encoding="utf-8"))
    return {entry["location"] for entry in data.get("docs", data.get("items", []))}


def _check_search(sites: dict[str, Path]) -> None:
    """Every claim is a search result of its own, in every engine's index."""
    anchors = _claim_anchors(sites["mkdocs"])
    assert anchors
    for engine, site in sites.items():
        assert _claim_anchors(site) == anchors, engine
        locations = _search_locations(site)
        missing = [f"{page}#{c}" for page, ids in anchors.items() for c in ids if f"{page}#{c}" not in locations]
        assert missing == [], engine


@pytest.mark.pdf
def test_the_sample_is_the_same_site_in_every_engine(sample: Project, tmp_path: Path) -> None:
    _require_engines()
    sites = _build_all(sample, tmp_path)
    _compare(sites)
    _check_search(sites)


@pytest.mark.pdf
def test_the_real_brief_is_the_same_site_in_every_engine(tmp_path: Path) -> None:
    _require_engines()
    project = real_copy_of(REPO, tmp_path / "real")
    sites = _build_all(project, tmp_path)
    _compare(sites)
    _check_search(sites)


def test_a_page_the_extension_did_not_place_fails_the_audit(tmp_path: Path) -> None:
    """If an engine skipped the page-body extension (a configuration that lost it), the marker
    stays in the built page and the audit refuses to publish."""
    from briefgen.publish.audit import scan_page

    page = (
        b"<html><head></head><body><article class='md-content__inner'><!-- briefgen:page "
        + b"0" * 64
        + b" 0123456789abcdef toc= -->\n<h1>x</h1></article></body></html>"
    )
    assert scan_page(page).problems == [
        "a page briefgen rendered was not placed (its marker is in the built page: the engine did not run "
        "the briefgen.pagebody extension)"
    ]


def test_the_scaffold_builds_with_every_engine_from_a_new_folder(tmp_path: Path) -> None:
    """`briefgen new`, then each engine, with no PDF: what a newcomer trying an engine does."""
    _require_engines()
    root = tmp_path / "brief"
    scaffold(root)
    for engine in ENGINES:
        built = build(Project(root), pdf=False, engine=engine)
        assert built.pages == 11
        assert (root / "site" / "brief" / "ivanov" / "introduction.html").is_file()


def test_build_takes_the_engine_on_the_command_line(sample: Project, capsys: pytest.CaptureFixture[str]) -> None:
    """`briefgen build --engine zensical`: built with it, and the preview it prints serves with it."""
    _require_engines()
    assert main(["-C", str(sample.root), "build", "--no-pdf", "--engine", "zensical"]) == 0
    out = capsys.readouterr().out
    assert "serve --engine zensical   then http://127.0.0.1:8000/" in out
    assert (sample.site_dir / "search.json").is_file()  # Zensical's search index, not Material's
    assert not (sample.site_dir / "search" / "search_index.json").exists()
    with pytest.raises(SystemExit) as refused:
        main(["-C", str(sample.root), "build", "--no-pdf", "--engine", "hugo"])
    assert refused.value.code == 2
    assert "invalid choice: 'hugo'" in capsys.readouterr().err


# --- the extension that places a page's body ------------------------------------------------------


def _placed(body: str, toc: list[dict[str, object]] | None = None) -> tuple[str, object]:
    """`body` as a page file, converted by Python-Markdown with every extension of the standard
    configuration: (the HTML, the table of contents it gives the engine)."""
    import markdown
    from pymdownx.slugs import slugify

    from briefgen.render.pagefile import RenderedPage, page_file

    text = page_file(RenderedPage(body, toc or []), "0" * 64)
    text = text[text.index("\n---\n") + 5 :] if text.startswith("---\n") else text
    others = ["briefgen.citations", "attr_list", "md_in_html", "tables", "admonition", "footnotes", "toc"]
    md = markdown.Markdown(
        extensions=["briefgen.pagebody", *others],
        extension_configs={"toc": {"permalink": True, "slugify": slugify(case="lower")}},
    )
    return md.convert(text), md.toc_tokens  # type: ignore[attr-defined]


def test_the_body_is_placed_as_written_and_its_contents_given_to_the_engine() -> None:
    toc = [{"level": 1, "id": "t", "name": "T", "html": "T", "data-toc-label": "", "children": []}]
    body = '<h1 id="t">T</h1>\n<p>A &amp; B, *not emphasis*, [@key] and {: .x} stay text.</p>\n\n<table><tr><td>1</td></tr></table>'
    assert _placed(body, toc) == (body, toc)


def test_a_body_that_does_not_start_with_a_block_is_a_paragraph_as_python_markdown_makes_raw_html() -> None:
    assert _placed('<span class="x">inline</span> text')[0] == '<p><span class="x">inline</span> text</p>'


def test_nothing_in_the_body_is_rewritten() -> None:
    """Text Python-Markdown's own steps would rewrite (a footnote back-link placeholder, an
    escaped-character placeholder) comes out as it went in."""
    body = "<p>zz1337820767766393qq and qq3936677670287331zz and \\*</p>"
    assert _placed(body)[0] == body


def test_a_body_changed_after_it_was_written_is_refused() -> None:
    import markdown

    from briefgen.render.pagefile import PageFileError, RenderedPage, page_file

    text = page_file(RenderedPage("<p>as written</p>"), "0" * 64).replace("as written", "changed")
    with pytest.raises(PageFileError, match="changed after it was written"):
        markdown.Markdown(extensions=["briefgen.pagebody"]).convert(text[text.index("<!--") :])
