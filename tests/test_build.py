"""End to end: strict builds of the sample and the real brief, and atomic publishing."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from briefgen.base.errors import BriefError, BuildFailed
from briefgen.base.project import Project
from briefgen.cli.main import main
from briefgen.pipeline.build import build
from briefgen.publish.writer import remove_tree
from briefgen.render.generate import generate, generated_markdown

from .conftest import tree_digest

GOLDEN = Path(__file__).parent / "golden"


def test_sample_builds_every_page_kind(sample: Project) -> None:
    build(sample, pdf=False)
    site = sample.site_dir
    for page in (
        "index.html",
        "about.html",
        "brief/ivanov/index.html",
        "brief/ivanov/introduction.html",
        "brief/ivanov/conclusion.html",
        "brief/li-park-goals.html",
        "brief/li-park-goals/matrix.html",
        "brief/timeline.html",
        "brief/glossary.html",
        "brief/works.html",
        "brief/works.json",
        "brief/bibliography.bib",
    ):
        assert (site / page).is_file(), page
    part = (site / "brief/ivanov/introduction.html").read_text(encoding="utf-8")
    # A claim: stable anchor from its id, § number, inferred page in brackets, linked citation.
    assert 'id="ice-risk"' in part
    assert '<a class="bg-claim-no" href="#ice-risk" title="Link to this claim" data-search-exclude="">§1.2</a>' in part
    assert "p. [11]</span>" in part
    # (with a preview of the reference: previews.py)
    assert re.search(
        r'\[<a href="\.\./works\.html#ref-li-park-2022" role="doc-biblioref" class="bg-has-preview" '
        r'aria-describedby="(bg_tip_\d+)" data-bg-tip="\1">Li, Park, 2022, с\. 4–6</a>\]',
        part,
    )
    works = (site / "brief/works.html").read_text(encoding="utf-8")
    # The work links back to the claim that cites it, with the locator.
    assert re.search(
        r'<a href="ivanov/introduction\.html#route-shorter" class="bg-has-preview" '
        r'aria-describedby="(bg_tip_\d+)" data-bg-tip="\1">§1\.1</a>, pp\. 4–6',
        works,
    )
    # GOST order: the Cyrillic entry before the Latin one.
    assert works.index('id="ref-ivanov-2021"') < works.index('id="ref-li-park-2022"')


def test_code_is_never_read_as_a_citation(sample: Project) -> None:
    about = sample.docs_dir / "about.md"
    about.write_text(
        about.read_text(encoding="utf-8") + "\n`[@nokey]` and\n\n```\n@property [@nokey2]\n```\n", encoding="utf-8"
    )
    build(sample, pdf=False)
    html = (sample.site_dir / "about.html").read_text(encoding="utf-8")
    assert "<code>[@nokey]</code>" in html
    assert "@property [@nokey2]" in html


def test_real_brief_builds(real_copy: Project) -> None:
    build(real_copy, pdf=False)
    works = (real_copy.site_dir / "brief/works.html").read_text(encoding="utf-8")
    assert works.count('class="bg-work"') == len(
        re.findall(r"^@\w+\{", real_copy.bibliography.read_text(encoding="utf-8"), re.M)
    )


@pytest.mark.parametrize(
    ("rel", "old", "new", "expected"),
    [
        (
            "bibliography.bib",
            "@report{li-park-2022,",
            "@report{li-park-2022-gone,",
            "content/article.yml:19: articles[0].parts[0].claims[0].cites[0].key: no entry 'li-park-2022' in bibliography.bib (did you mean 'li-park-2022-gone'?)",
        ),
        (
            "content/priorities.yml",
            "claim: ice-risk",
            "claim: ice-rsik",
            "content/priorities.yml:23: hierarchies[0].tiers[0].priorities[0].claims[0].claim: no claim with id 'ice-rsik' (did you mean 'ice-risk'?)",
        ),
    ],
)
def test_broken_edit_leaves_site_byte_identical(  # noqa: PLR0917 - parametrized cases
    sample: Project, capsys: pytest.CaptureFixture[str], rel: str, old: str, new: str, expected: str
) -> None:
    assert main(["-C", str(sample.root), "build", "--no-pdf"]) == 0
    before = tree_digest(sample.site_dir)
    path = sample.root / rel
    path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    capsys.readouterr()
    assert main(["-C", str(sample.root), "check"]) == 1
    assert expected in capsys.readouterr().err.splitlines()
    assert main(["-C", str(sample.root), "build", "--no-pdf"]) == 1
    err = capsys.readouterr().err
    assert expected in err.splitlines()
    assert "nothing was written; site/ is unchanged" in err
    assert tree_digest(sample.site_dir) == before


def test_crash_in_a_late_step_leaves_site_and_no_staging(sample: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    build(sample, pdf=False)
    before = tree_digest(sample.site_dir)
    sample.docs_dir.joinpath("about.md").write_text("# Changed\n", encoding="utf-8")

    def explode(site: Path, *_: object) -> list[str]:
        raise RuntimeError("late failure")

    monkeypatch.setattr("briefgen.pipeline.build.site_problems", explode)
    with pytest.raises(RuntimeError, match="late failure"):
        build(sample, pdf=False)
    assert tree_digest(sample.site_dir) == before
    assert not [p for p in sample.state_dir.iterdir() if p.name.startswith("staging-")]


def test_audit_failure_blocks_publishing(sample: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        "briefgen.pipeline.build.site_problems",
        lambda site, *_: ["index.html: event handler attribute onclick= on <p>"],
    )
    with pytest.raises(BuildFailed, match="onclick"):
        build(sample, pdf=False)
    assert not sample.site_dir.exists()


def test_unknown_key_in_a_handwritten_page_fails_with_its_line(sample: Project) -> None:
    about = sample.docs_dir / "about.md"
    about.write_text("# About\n\nSee [@nobody-2020, p. 3].\n", encoding="utf-8")
    with pytest.raises(BriefError) as caught:
        build(sample, pdf=False)
    assert [str(p) for p in caught.value.problems] == [
        "docs/about.md:3: [@nobody-2020, p. 3]: no entry 'nobody-2020' in bibliography.bib (add the entry to bibliography.bib)"
    ]


def test_an_edit_renders_again_only_the_pages_it_shows_on(sample: Project) -> None:
    """The page cache: a page whose inputs did not change is neither rendered nor written again,
    and what the cache keeps is exactly what rendering everything again gives."""
    from briefgen.engine.session import prepare

    first = prepare(sample, pdf=False)
    assert len(first.pages) == 11 and first.kept == {}
    again = prepare(sample, pdf=False)
    assert set(again.kept) == set(again.pages) and not [p for p in again.files if p.endswith(".md")]
    article = sample.content_dir / "article.yml"
    article.write_text(
        article.read_text(encoding="utf-8").replace("insurance costs stay high", "insurance stays dear"),
        encoding="utf-8",
    )
    edited = prepare(sample, pdf=False)
    # The claim's own page, and the pages that preview it (by its § number: the hierarchy,
    # its matrix, and the glossary and timeline, which list the claims of each entry).
    assert sorted(p for p in edited.files if p.endswith(".md")) == [
        "brief/glossary.md",
        "brief/ivanov/conclusion.md",
        "brief/li-park-goals.md",
        "brief/li-park-goals/matrix.md",
        "brief/timeline.md",
    ]
    cached = tree_digest(sample.engine_docs_dir)
    remove_tree(sample.engine_docs_dir)
    assert prepare(sample, pdf=False).kept == {}
    assert tree_digest(sample.engine_docs_dir) == cached


def test_each_style_is_formatted_once_and_cached(sample: Project) -> None:
    from briefgen.publish.writer import write_caches

    first = generate(sample)
    assert first.csl_runs == 6  # works and pages, in three styles each
    assert not sample.cache_dir.exists(), "generating writes nothing: the caches are data"
    assert generate(sample).csl_runs == 6
    write_caches(sample, first.caches)  # as the build does
    assert generate(sample).csl_runs == 0  # second build: every style from the content-hash cache


def test_generated_markdown_matches_golden(sample: Project) -> None:
    """The generated pages' Markdown, before the site adds its parts and briefgen converts it
    (the converted pages are compared with whole built sites in test_engines.py)."""
    generated = generate(sample)
    pages = generated_markdown(generated.ctx, generated.works)
    golden = GOLDEN / "sample"
    if os.environ.get("UPDATE_GOLDENS"):
        for rel, text in pages.items():
            (golden / rel).parent.mkdir(parents=True, exist_ok=True)
            (golden / rel).write_text(str(text), encoding="utf-8")
    expected = {p.relative_to(golden).as_posix(): p.read_text(encoding="utf-8") for p in golden.rglob("*.md")}
    assert pages == expected


def test_new_refuses_a_folder_that_is_not_empty(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "x").mkdir()
    (tmp_path / "x" / "keep.txt").write_text("mine", encoding="utf-8")
    assert main(["new", str(tmp_path / "x")]) == 2
    assert f"{tmp_path / 'x'} is not empty (choose a new folder)" in capsys.readouterr().err


@pytest.mark.parametrize(
    "polyfills",
    [None, [], ["https://unpkg.com/iframe-worker/shim"], ["https://unpkg.com/iframe-worker/shim", "x/other.js"]],
)
def test_offline_plugin_gets_our_worker_shim_not_the_cdn_one(polyfills: list[str] | None) -> None:
    """Whichever on_config runs first (Material's offline plugin appends its CDN shim when no
    polyfill names iframe-worker), the page loads only our shim, plus any other polyfill."""
    from briefgen.engine.siteconfig import local_worker_shim

    once = local_worker_shim(polyfills)
    others = [p for p in polyfills or [] if "unpkg" not in p]
    assert once == ["brief/assets/iframe-worker.js", *others]
    assert local_worker_shim(once) == once  # idempotent: `mkdocs serve` runs on_config on every rebuild


def test_sitemap_dates_each_page_by_its_last_change_not_by_the_build(sample: Project) -> None:
    """Reproducible builds: the same content gives the same site on any day."""
    build(sample, pdf=False)
    sitemap = (sample.site_dir / "sitemap.xml").read_text(encoding="utf-8")
    records = generate(sample).records
    found = dict(re.findall(r"<loc>[^<]*/([^/<]+(?:/[^<]+)?)</loc>\s*<lastmod>([^<]+)</lastmod>", sitemap))
    assert found and set(found.values()) == {r.last_changed for r in records.values()}
    assert "index.html" in found and found["index.html"] == records["index.md"].last_changed
