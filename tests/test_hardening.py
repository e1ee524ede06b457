"""Nothing a brief contains can read or write outside the project: symbolic links in content/
and docs/ are refused, paths from content are checked, and the writer refuses any target outside
its root even when a check is bypassed. Each hostile build ends with a canary search of the
project's parent folder and the system temp folder."""

from __future__ import annotations

import os
import tempfile
import uuid
import zipfile
from pathlib import Path

import pytest

from briefgen.base.errors import BriefError
from briefgen.base.project import Project
from briefgen.cli.main import main
from briefgen.publish import writer

from .conftest import tree_digest


def _outside(project: Project, canary: str) -> list[str]:
    """Every file or folder named after `canary` outside the project: in its parent folder (all
    of it) and in the system temp folder (two levels)."""
    found = []
    for here, dirs, files in os.walk(project.root.parent):
        if Path(here) == project.root:
            dirs.clear()
            continue
        found += [str(Path(here) / n) for n in dirs + files if canary in n]
    temp = Path(tempfile.gettempdir())
    found += [str(p) for p in (*temp.glob(f"*{canary}*"), *temp.glob(f"*/*{canary}*"))]
    return sorted(set(found))


@pytest.fixture
def canary() -> str:
    return f"canary-{uuid.uuid4().hex[:12]}"


def _check_lines(project: Project) -> list[str]:
    from briefgen.check.run import build_context

    try:
        build_context(project)
    except BriefError as exc:
        return [str(p) for p in exc.problems if p.severity == "error"]
    return []


# --- symbolic links -------------------------------------------------------------------------------


def test_symlinked_non_markdown_file_in_docs_is_refused(sample: Project, tmp_path: Path, canary: str) -> None:
    secret = tmp_path / f"{canary}-secret.txt"
    secret.write_text("secret outside the project", encoding="utf-8")
    (sample.docs_dir / "notes.txt").symlink_to(secret)
    assert _check_lines(sample) == [
        "docs/notes.txt:0: (file): symbolic links are not allowed in docs/ (replace the link with the file)"
    ]
    assert main(["-C", str(sample.root), "build", "--no-pdf"]) == 1
    assert not sample.site_dir.exists()


def test_symlinked_folder_in_docs_is_refused(sample: Project, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "leak.md").write_text("# Leak\n", encoding="utf-8")
    (outside / "leak.txt").write_text("leak", encoding="utf-8")
    (sample.docs_dir / "extra").symlink_to(outside)
    assert _check_lines(sample) == [
        "docs/extra:0: (file): symbolic links are not allowed in docs/ (replace the link with the folder)"
    ]


def test_symlinked_generated_folder_is_refused(sample: Project, tmp_path: Path, canary: str) -> None:
    """docs/brief/ is written by the generator: as a link it would send every page outside."""
    outside = tmp_path / canary
    outside.mkdir()
    (sample.docs_dir / "brief").symlink_to(outside)
    assert _check_lines(sample) == [
        "docs/brief:0: (file): symbolic links are not allowed in docs/ (replace the link with the folder)"
    ]
    assert main(["-C", str(sample.root), "build", "--no-pdf"]) == 1
    assert list(outside.iterdir()) == []


def test_symlinked_articles_folder_and_hidden_link_in_content_are_refused(sample: Project, tmp_path: Path) -> None:
    outside = tmp_path / "articles"
    outside.mkdir()
    (sample.content_dir / "articles").symlink_to(outside)
    (sample.content_dir / ".hidden").symlink_to(tmp_path)
    assert _check_lines(sample) == [
        "content/.hidden:0: (file): symbolic links are not allowed in content (replace the link with the folder)",
        "content/articles:0: (file): symbolic links are not allowed in content (replace the link with the folder)",
    ]


def test_state_folder_that_is_a_link_stops_the_build(sample: Project, tmp_path: Path, canary: str) -> None:
    outside = tmp_path / canary
    outside.mkdir()
    sample.state_dir.symlink_to(outside)
    assert main(["-C", str(sample.root), "build", "--no-pdf"]) == 1
    assert list(outside.iterdir()) == []
    assert not sample.site_dir.exists()


# --- paths from content: refused by the check, and by the writer if the check is bypassed ----------


@pytest.mark.parametrize(
    "url", ["../../../{canary}.html", "{temp}/{canary}.html", "brief/../../../{canary}.html", "..%2f{canary}.html"]
)
def test_released_page_outside_the_site_is_refused(sample: Project, canary: str, url: str) -> None:
    url = url.format(canary=canary, temp=tempfile.gettempdir())
    sample.released.write_text(f"0.1 page gone.md {url}\n", encoding="utf-8")
    brief = sample.content_dir / "brief.yml"
    brief.write_text(brief.read_text(encoding="utf-8") + "redirects:\n  gone.md: about.md\n", encoding="utf-8")
    lines = _check_lines(sample)
    assert len(lines) == 1
    assert lines[0].startswith(f"content/released.txt:1: released: '{url}' is not a page URL inside the site")
    assert main(["-C", str(sample.root), "build", "--no-pdf"]) == 1
    assert _outside(sample, canary) == []


@pytest.mark.parametrize("url", ["../../../{canary}.html", "{temp}/{canary}.html"])
def test_writer_refuses_a_stub_outside_the_site_when_the_check_is_bypassed(
    sample: Project, canary: str, url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    url = url.format(canary=canary, temp=tempfile.gettempdir())
    monkeypatch.setattr("briefgen.check.released._line_problem", lambda *fields: None)
    sample.released.write_text(f"0.1 page gone.md {url}\n", encoding="utf-8")
    brief = sample.content_dir / "brief.yml"
    brief.write_text(brief.read_text(encoding="utf-8") + "redirects:\n  gone.md: about.md\n", encoding="utf-8")
    assert main(["-C", str(sample.root), "build", "--no-pdf"]) == 1
    err = capsys.readouterr().err
    assert "refusing to write" in err
    assert _outside(sample, canary) == []
    assert not sample.site_dir.exists()
    assert not [p for p in sample.state_dir.iterdir() if p.name.startswith("staging-")]


def test_version_that_is_a_path_is_refused_before_anything_is_written(
    sample: Project, canary: str, capsys: pytest.CaptureFixture[str]
) -> None:
    brief = sample.content_dir / "brief.yml"
    brief.write_text(
        brief.read_text(encoding="utf-8").replace('version: "0.1"', f'version: "../../../../{canary}"'),
        encoding="utf-8",
    )
    before = tree_digest(sample.root)
    assert main(["-C", str(sample.root), "build"]) == 1
    assert (
        capsys.readouterr()
        .err.splitlines()[0]
        .startswith(f"content/brief.yml:6: version: '../../../../{canary}' is not a version")
    )
    assert tree_digest(sample.root) == before
    assert _outside(sample, canary) == []


def test_pack_refuses_entry_names_that_leave_their_folder(tmp_path: Path) -> None:
    from briefgen.publish.pack import build_pack

    (tmp_path / "index.html").write_text("x", encoding="utf-8")
    with pytest.raises(ValueError, match="research pack"):
        build_pack(tmp_path, "../../x")
    names = zipfile.ZipFile(__import__("io").BytesIO(build_pack(tmp_path, "1.0"))).namelist()
    assert names == ["research-pack-1.0/site/index.html", "research-pack-1.0/MANIFEST.sha256"]


@pytest.mark.parametrize("rel", ["../x", "/etc/x", "a/../../x", "", "a//b", "a\\..\\b", "./a"])
def test_writer_refuses_paths_that_are_not_plain(tmp_path: Path, rel: str) -> None:
    with pytest.raises(writer.UnsafePath):
        writer.write_under(tmp_path, rel, b"x")


def test_writer_refuses_a_target_behind_a_link(tmp_path: Path, canary: str) -> None:
    root = tmp_path / "root"
    root.mkdir()
    outside = tmp_path / canary
    outside.mkdir()
    (root / "inner").symlink_to(outside)
    with pytest.raises(writer.UnsafePath, match="outside"):
        writer.write_under(root, "inner/page.html", b"x")
    with pytest.raises(writer.UnsafePath, match="symbolic link"):
        writer.sync_tree(root / "inner", {"a.md": "x"}, within=root)
    assert list(outside.iterdir()) == []
