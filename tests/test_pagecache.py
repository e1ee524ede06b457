"""The page cache: a page is rendered again only when one of its inputs changed (its content, the
works it cites, the citation styles, briefgen's templates and code, briefgen's version, the
libraries that shape a page). A run in which nothing any page reads changed keeps every page by
the run key alone, without working out each page's Markdown and key.

The one-claim edit is in test_build.py (test_an_edit_renders_again_only_the_pages_it_shows_on)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from importlib import metadata, resources
from pathlib import Path
from typing import Any

import pytest

import briefgen
from briefgen.base import routes
from briefgen.base.project import Project
from briefgen.engine.session import prepare
from briefgen.load.cache import package_digest
from briefgen.load.inputs import input_digest
from briefgen.render import generate as generate_module
from briefgen.render import pagekeys
from briefgen.render.pagefile import previous_keys

from .conftest import tree_digest


def _rendered(project: Project) -> list[str]:
    """The pages the next run renders (the others are kept from the last run)."""
    return sorted(p for p in prepare(project, pdf=False).files if p.endswith(".md"))


def test_an_edit_to_one_work_renders_again_only_the_pages_that_cite_it(sample: Project) -> None:
    first = prepare(sample, pdf=False)
    assert len(first.pages) == 11 and first.kept == {}
    bib = sample.bibliography
    bib.write_text(bib.read_text(encoding="utf-8").replace("Sample Institute", "Example Institute"), encoding="utf-8")
    # The claim that cites li-park-2022, the hierarchy it is the source of, and the works cited.
    assert _rendered(sample) == ["brief/ivanov/introduction.md", "brief/li-park-goals.md", "brief/works.md"]
    for page in ("brief/ivanov/introduction.md", "brief/works.md"):
        assert "Example Institute" in (sample.engine_docs_dir / page).read_text(encoding="utf-8")
    assert _rendered(sample) == []


@pytest.fixture
def package_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A copy of briefgen's package files that the page keys read (as if briefgen were upgraded
    or one of its files edited), without touching the installed package."""
    copy = tmp_path / "package"
    shutil.copytree(Path(str(resources.files("briefgen"))), copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(resources, "files", lambda _name: copy)
    _clear_code_digests()
    yield copy
    _clear_code_digests()


def _clear_code_digests() -> None:
    pagekeys.code_digest.cache_clear()
    package_digest.cache_clear()


@pytest.mark.parametrize("changed", ["overrides/main.html", "styles/apa.csl", "render/article.py"])
def test_a_template_or_style_change_renders_every_page_again(sample: Project, package_copy: Path, changed: str) -> None:
    pages = prepare(sample, pdf=False).pages
    assert _rendered(sample) == []
    target = package_copy / changed
    target.write_bytes(target.read_bytes() + b"\n")
    _clear_code_digests()
    assert _rendered(sample) == pages


def test_a_new_briefgen_version_renders_every_page_again(sample: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    pages = prepare(sample, pdf=False).pages
    monkeypatch.setattr(briefgen, "__version__", briefgen.__version__ + ".post1")
    _clear_code_digests()
    try:
        assert _rendered(sample) == pages
    finally:
        _clear_code_digests()


# --- the run key: a run in which nothing changed keeps every page without looking at it ------------


@pytest.fixture
def long_way(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts the runs that worked out every page's Markdown and key (the others kept the last
    run's pages by the run key alone)."""
    calls: list[int] = []
    real = generate_module.render_site_pages

    def counted(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(generate_module, "render_site_pages", counted)
    return calls


def test_a_run_with_nothing_changed_keeps_every_page_by_the_run_key(sample: Project, long_way: list[int]) -> None:
    first = prepare(sample, pdf=False)
    docs = tree_digest(sample.engine_docs_dir)
    again = prepare(sample, pdf=False)
    assert len(long_way) == 1  # the second run did not render, convert or key a single page
    assert again.kept == previous_keys(sample.engine_docs_dir) and sorted(again.kept) == first.pages
    assert again.titles == first.titles and again.records == first.records
    data = {routes.WORKS_JSON, routes.claims_data(first.ctx.brief.version)}
    assert again.kept_data == data  # made from the whole content: not made again either
    assert {p: v for p, v in again.files.items() if not p.endswith(".md")} == {
        p: v for p, v in first.files.items() if not p.endswith(".md") and p not in data
    }
    assert tree_digest(sample.engine_docs_dir) == docs


@pytest.mark.parametrize("damage", ["changed", "removed"])
def test_a_data_file_not_as_the_last_run_left_it_is_made_again(sample: Project, damage: str) -> None:
    first = prepare(sample, pdf=False)
    docs = tree_digest(sample.engine_docs_dir)
    works = sample.engine_docs_dir / routes.WORKS_JSON
    if damage == "changed":
        works.write_text("[]", encoding="utf-8")
    else:
        works.unlink()
    again = prepare(sample, pdf=False)
    assert again.kept_data == {routes.claims_data(first.ctx.brief.version)}
    assert again.files[routes.WORKS_JSON] == first.files[routes.WORKS_JSON]
    assert tree_digest(sample.engine_docs_dir) == docs


def _edit(project: Project, name: str, old: str, new: str) -> None:
    path = project.root / name
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


CHANGES = {
    "a content file": lambda p: _edit(p, "content/glossary.yml", "\n", "\n# a comment\n"),
    "the bibliography": lambda p: _edit(p, "bibliography.bib", "Sample Institute", "Example Institute"),
    "a hand-written page": lambda p: _edit(p, "docs/about.md", "\n", "\n\n"),
    "a file a page links to": lambda p: (p.docs_dir / "figure.svg").write_text("<svg/>", encoding="utf-8"),
    "a hidden file under docs/": lambda p: (p.docs_dir / ".notes").write_text("x", encoding="utf-8"),
    "mkdocs.yml": lambda p: _edit(p, "mkdocs.yml", "\n", "\n# a comment\n"),
    "a page file the last run left": lambda p: next(p.engine_docs_dir.rglob("*.md")).unlink(),
}


@pytest.mark.parametrize("change", sorted(CHANGES))
def test_any_change_to_what_pages_read_works_every_page_out_again(
    sample: Project, long_way: list[int], change: str
) -> None:
    prepare(sample, pdf=False)
    CHANGES[change](sample)
    prepare(sample, pdf=False)
    assert len(long_way) == 2
    prepare(sample, pdf=False)  # and the run after that keeps them again
    assert len(long_way) == 2


def test_the_pdf_setting_a_library_version_and_pandoc_are_in_the_run_key(
    sample: Project, long_way: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    prepare(sample, pdf=False)
    prepare(sample, pdf=True)  # pages declare the whole brief's PDF only when it is published
    assert len(long_way) == 2
    real = metadata.version
    monkeypatch.setattr(metadata, "version", lambda name: "99" if name == "nh3" else real(name))
    _clear_code_digests()
    try:
        prepare(sample, pdf=True)
    finally:
        _clear_code_digests()
    assert len(long_way) == 3
    monkeypatch.setattr(generate_module, "pandoc_version", lambda: "pandoc 99")
    prepare(sample, pdf=True)
    assert len(long_way) == 4


def test_the_inputs_digest_reads_every_file_of_content_and_docs(sample: Project) -> None:
    first = input_digest(sample)
    assert input_digest(sample) == first
    (sample.content_dir / "articles").mkdir(exist_ok=True)
    assert input_digest(sample) == first  # an empty folder is nothing a build reads
    link = sample.content_dir / "articles" / "elsewhere.yml"
    link.symlink_to(sample.root.parent)
    with_link = input_digest(sample)
    assert with_link != first
    link.unlink()
    link.symlink_to(sample.root)
    assert input_digest(sample) not in (first, with_link)  # a link is hashed as where it points
    link.unlink()
    sample.bibliography.unlink()
    assert input_digest(sample) != first
