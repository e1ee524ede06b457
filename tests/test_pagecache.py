"""The page cache: a page is rendered again only when one of its inputs changed (its content, the
works it cites, the citation styles, briefgen's templates and code, briefgen's version).

The one-claim edit is in test_build.py (test_an_edit_renders_again_only_the_pages_it_shows_on)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

import pytest

import briefgen
from briefgen.base.project import Project
from briefgen.engine.session import prepare
from briefgen.render import pagekeys


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
    monkeypatch.setattr(pagekeys.resources, "files", lambda _name: copy)
    pagekeys.code_digest.cache_clear()
    yield copy
    pagekeys.code_digest.cache_clear()


@pytest.mark.parametrize("changed", ["overrides/main.html", "styles/apa.csl", "render/article.py"])
def test_a_template_or_style_change_renders_every_page_again(sample: Project, package_copy: Path, changed: str) -> None:
    pages = prepare(sample, pdf=False).pages
    assert _rendered(sample) == []
    target = package_copy / changed
    target.write_bytes(target.read_bytes() + b"\n")
    pagekeys.code_digest.cache_clear()
    assert _rendered(sample) == pages


def test_a_new_briefgen_version_renders_every_page_again(sample: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    pages = prepare(sample, pdf=False).pages
    monkeypatch.setattr(briefgen, "__version__", briefgen.__version__ + ".post1")
    pagekeys.code_digest.cache_clear()
    try:
        assert _rendered(sample) == pages
    finally:
        pagekeys.code_digest.cache_clear()
