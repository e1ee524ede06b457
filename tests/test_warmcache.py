"""What a build with nothing changed reads back instead of doing again: the formatted works
(cached whole), the page check after the engine (skipped for a page whose every input is byte
for byte the one the last build checked), and the page keys' shared lookups. Each cache is keyed
by all its inputs: changing any one of them makes the work be done again.

The page cache itself is in test_pagecache.py and test_build.py."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from briefgen.base import routes
from briefgen.base.project import Project
from briefgen.check.run import validate
from briefgen.cite import works as works_module
from briefgen.cite.csl import CslProcessor
from briefgen.cite.record import PageCitations
from briefgen.cite.syntax import CiteGroup, CiteItem
from briefgen.cite.works import FormattedWorks, csl_items, format_works
from briefgen.pipeline.build import build
from briefgen.publish import verify, writer
from briefgen.publish.audit import anchor_fragment, audit_site
from briefgen.publish.verify import check_key, verify_site
from briefgen.publish.writer import write_caches
from briefgen.render.generate import generate
from briefgen.render.pagekeys import PageKeys
from briefgen.render.previews import PreviewIndex

# --- the formatted works -------------------------------------------------------------------------


def _in_order(works: FormattedWorks) -> list[object]:
    """Everything in `works`, in order (dict equality alone ignores the order of the entries,
    which is each style's reference order)."""
    return [
        works.default,
        [(s, list(f.entries.items()), list(f.groups.items())) for s, f in works.by_style.items()],
    ]


def test_formatted_works_are_read_back_whole_and_in_order(sample: Project) -> None:
    ctx = validate(sample).ctx
    items = csl_items(ctx.bibliography.entries)
    first = CslProcessor(items, cache_dir=sample.cache_dir)
    formatted = format_works(ctx.bibliography.entries, ctx.groups, first)
    assert first.runs == 3
    write_caches(sample, first.caches)
    for csl in sample.cache_dir.glob("csl-*.json"):  # only the whole result is left to read
        csl.unlink()
    again = CslProcessor(items, cache_dir=sample.cache_dir)
    assert _in_order(format_works(ctx.bibliography.entries, ctx.groups, again)) == _in_order(formatted)
    assert again.runs == 0 and again.caches == []
    # Without a cache folder nothing is kept, and the result is the same.
    assert _in_order(format_works(ctx.bibliography.entries, ctx.groups, CslProcessor(items))) == _in_order(formatted)


def _with_locator(groups: set[CiteGroup], locator: str | None = None, prefix: str | None = None) -> set[CiteGroup]:
    """`groups` with one citation's first item given another locator or prefix."""
    group = sorted(groups, key=lambda g: g.markdown())[0]
    first = group.items[0]
    changed = CiteItem(
        first.key, first.locator if locator is None else locator, first.prefix if prefix is None else prefix
    )
    return (groups - {group}) | {CiteGroup((changed, *group.items[1:]))}


@pytest.mark.parametrize(
    "change",
    [
        "a work's title",
        "a new work",
        "a citation's locator",
        "a citation's prefix",
        "a new citation",
        "year suffixes",
        "pandoc",
        "briefgen's code",
    ],
)
def test_the_formatted_works_cache_key_holds_every_input(
    sample: Project, monkeypatch: pytest.MonkeyPatch, change: str
) -> None:
    ctx = validate(sample).ctx
    items = csl_items(ctx.bibliography.entries)
    groups = set(ctx.groups)
    wholes = {CiteGroup((CiteItem(key),)) for key in items}
    before = works_module._works_cache_path(CslProcessor(items, sample.cache_dir), groups | wholes)
    year_suffix = True
    if change == "a work's title":
        key = sorted(items)[0]
        items = {**items, key: {**items[key], "title": "Another title"}}
    elif change == "a new work":
        items = {**items, "new-2026": {"id": "new-2026", "type": "book", "title": "New"}}
    elif change == "a citation's locator":
        groups = _with_locator(groups, locator="p. 999")
    elif change == "a citation's prefix":
        groups = _with_locator(groups, prefix="see also")
    elif change == "a new citation":
        groups = groups | {CiteGroup((CiteItem(sorted(items)[0], "p. 12345"),))}
    elif change == "year suffixes":
        year_suffix = False
    elif change == "pandoc":
        monkeypatch.setattr(works_module, "pandoc_version", lambda: "pandoc 0.0")
    else:
        monkeypatch.setattr(works_module, "package_digest", lambda _packages: "0" * 64)
    after = works_module._works_cache_path(
        CslProcessor(items, sample.cache_dir, year_suffix=year_suffix), groups | wholes
    )
    assert before is not None and after is not None and after != before


def test_an_edited_work_is_formatted_again_on_a_warm_build(sample: Project) -> None:
    """End to end: the first run's caches written (as a build does), an edit to a work shows."""
    first = generate(sample)
    write_caches(sample, first.caches)
    bib = sample.bibliography
    bib.write_text(bib.read_text(encoding="utf-8").replace("Sample Institute", "Example Institute"), encoding="utf-8")
    again = generate(sample)
    assert again.csl_runs > 0
    assert any("Example Institute" in entry for entry in again.works.by_style["apa"].entries.values())


# --- the page check after the engine --------------------------------------------------------------


def _count_checks(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    checked: list[str] = []
    real = verify.verify_page

    def counting(page_html: str, record: object, *args: object) -> list[str]:
        checked.append(record.url)  # type: ignore[attr-defined]
        return real(page_html, record, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(verify, "verify_page", counting)
    return checked


def test_a_warm_build_checks_again_only_the_pages_that_changed(
    sample: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    checked = _count_checks(monkeypatch)
    build(sample, pdf=False)
    assert len(checked) == 11
    checked.clear()
    build(sample, pdf=False)
    assert checked == []
    article = sample.content_dir / "article.yml"
    article.write_text(
        article.read_text(encoding="utf-8").replace("insurance costs stay high", "insurance stays dear"),
        encoding="utf-8",
    )
    build(sample, pdf=False)
    # The claim's page and the pages that preview its text (as the page cache renders them).
    records = generate(sample).records
    assert sorted(checked) == sorted(
        records[src].url
        for src in (
            "brief/glossary.md",
            "brief/ivanov/conclusion.md",
            "brief/li-park-goals.md",
            "brief/li-park-goals/matrix.md",
            "brief/timeline.md",
        )
    )


def test_a_change_to_the_check_checks_every_page_again(sample: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    checked = _count_checks(monkeypatch)
    build(sample, pdf=False)
    pages = len(checked)
    checked.clear()
    monkeypatch.setattr(verify, "_check_code", lambda: b"another version of the check")
    build(sample, pdf=False)
    assert len(checked) == pages


def test_a_page_changed_after_its_check_is_checked_again(sample: Project, tmp_path: Path) -> None:
    """A built page that differs from the one the last build checked is read through again,
    however its record looks: a tampered <title> is found."""
    generated = generate(sample)
    build(sample, pdf=False)
    site = tmp_path / "site"
    shutil.copytree(sample.site_dir.resolve(), site)
    passed = verify.read_passed(sample.cache_dir / verify.PASSED_CACHE)
    assert len(passed) == 11
    result = verify_site(site, generated.records, generated.page_citations, pdf=False, passed=passed)
    assert result.problems == [] and result.passed == passed
    page = site / routes.page_url(routes.WORKS)
    page.write_text(page.read_text(encoding="utf-8").replace("<title>", "<title>Not ", 1), encoding="utf-8")
    again = verify_site(site, generated.records, generated.page_citations, pdf=False, passed=passed)
    assert [p.split(":")[0] for p in again.problems] == [routes.page_url(routes.WORKS)]
    assert len(again.passed) == 10


def test_an_unreadable_record_of_checked_pages_checks_every_page(sample: Project) -> None:
    (sample.cache_dir).mkdir(parents=True)
    path = sample.cache_dir / verify.PASSED_CACHE
    path.write_text("{not json", encoding="utf-8")
    assert verify.read_passed(path) == frozenset()
    path.write_text('{"a": 1}', encoding="utf-8")
    assert verify.read_passed(path) == frozenset()


@pytest.mark.parametrize(
    "change",
    ["url", "page", "bib export", "ris export", "json export", "record", "citations", "no citations", "pdf", "code"],
)
def test_the_page_check_key_holds_every_input(sample: Project, monkeypatch: pytest.MonkeyPatch, change: str) -> None:
    """(A missing export is read as empty text, which is all the check sees of it.)"""
    generated = generate(sample)
    src = routes.WORKS
    record, citations = generated.records[src], generated.page_citations.get(src)
    exports = {"bib": "@misc{x}", "ris": "TY  - GEN", "json": "[]"}
    page = "<html></html>"
    before = check_key(page, record, exports, citations, pdf=False)
    pdf = False
    if change == "url":
        record = dataclasses.replace(record, url=record.url + "?other")
    elif change == "page":
        page = "<html> </html>"
    elif change.endswith(" export"):
        exports = {**exports, change.split(maxsplit=1)[0]: "changed"}
    elif change == "record":
        record = dataclasses.replace(record, title=record.title + " (2)")
    elif change == "citations":
        assert citations is not None
        citations = PageCitations({**citations.by_style, "apa": "changed"}, citations.claims)
    elif change == "no citations":
        citations = None
    elif change == "pdf":
        pdf = True
    else:
        monkeypatch.setattr(verify, "_check_code", lambda: b"another version of the check")
    assert check_key(page, record, exports, citations, pdf=pdf) != before


# --- the page keys' shared lookups -----------------------------------------------------------------


def test_links_resolve_from_each_page_not_from_the_first_page_that_had_them(sample: Project) -> None:
    """The keys look up each link's target once per folder (an anchor alone: once per page);
    the result is what a lookup from each page gives."""
    generated = generate(sample)
    ctx, works = generated.ctx, generated.works
    previews = PreviewIndex.of(ctx, works)
    (url, anchor), target = next((k, t) for k, t in sorted(previews.by_url.items()) if t.kind == "claim" and k[1])
    own = routes.source_of(url)
    sibling = next(p for p in sorted(generated.records) if p != own and Path(p).parent == Path(own).parent)
    elsewhere = next(p for p in sorted(generated.records) if Path(p).parent != Path(own).parent)
    name = Path(own).name
    links = [f"[a](#{anchor})", f"[b]({name}#{anchor})"]
    pages = [own, sibling, elsewhere, own]

    def linked(keys: PageKeys, src: str, markdown: str) -> list[object]:
        return keys._linked(markdown, src)

    shared = PageKeys(ctx, works, previews, {}, markdown="", files=frozenset())
    for markdown in links:
        got = [linked(shared, src, markdown) for src in pages]
        fresh = [
            linked(PageKeys(ctx, works, previews, {}, markdown="", files=frozenset()), src, markdown) for src in pages
        ]
        assert got == fresh
    # The anchor alone reaches the claim only from its own page; its file name from its folder.
    anchor_only = [bool(linked(shared, src, links[0])) for src in pages]
    by_name = [bool(linked(shared, src, links[1])) for src in pages]
    assert anchor_only == [True, False, False, True]
    assert by_name == [True, True, False, True]
    assert target.kind == "claim"


# --- the writer's folder lookups -----------------------------------------------------------------


def test_syncing_refuses_a_link_out_of_the_folder_among_many_files(tmp_path: Path) -> None:
    """sync_tree resolves each folder once: a link in a folder, or a file that is a link,
    is still followed and refused when it leads outside."""
    root, outside = tmp_path / "state" / "docs", tmp_path / "outside"
    (root / "a").mkdir(parents=True)
    outside.mkdir()
    files = {f"a/{i}.md": "x" for i in range(3)}
    writer.sync_tree(root, files, within=tmp_path / "state")
    (root / "b").symlink_to(outside)
    with pytest.raises(writer.UnsafePath, match="outside"):
        writer.sync_tree(root, {**files, "b/page.md": "y"}, within=tmp_path / "state")
    (root / "b").unlink()
    (outside / "target.md").write_text("keep", encoding="utf-8")
    (root / "a" / "3.md").symlink_to(outside / "target.md")
    with pytest.raises(writer.UnsafePath, match="outside"):
        writer.sync_tree(root, {**files, "a/3.md": "y"}, within=tmp_path / "state")
    assert (outside / "target.md").read_text(encoding="utf-8") == "keep"
    # Not asked for: the link is removed (not what it points to), the files asked for stay.
    assert writer.sync_tree(root, files, within=tmp_path / "state") == ["a/3.md"]
    assert sorted(p.name for p in (root / "a").iterdir()) == ["0.md", "1.md", "2.md"]
    assert (outside / "target.md").exists()


# --- the audit's anchor links ----------------------------------------------------------------------


@pytest.mark.parametrize("link", ["#a", "#", "#a%20b", "#a\tb\n", "#a?b", "#a#b", "#%D0%B0", "# a", "#\r"])
def test_an_anchor_link_is_read_as_urlsplit_reads_it(link: str) -> None:
    assert anchor_fragment(link) == urlsplit(link).fragment


def test_the_audit_finds_a_broken_anchor_on_the_page_itself(tmp_path: Path) -> None:
    page = '<html><body><h2 id="here">x</h2><a href="#here">ok</a> <a href="#th%65re">no</a> <a href="#">top</a></body></html>'
    (tmp_path / "a.html").write_text(page, encoding="utf-8")
    assert audit_site(tmp_path) == ["a.html: broken link '#th%65re' (no anchor '#there' on a.html)"]
