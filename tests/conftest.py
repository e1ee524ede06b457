"""Shared fixtures: a fresh copy of the sample brief (`briefgen new`) and the real brief."""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path
from typing import NoReturn

import pytest

from briefgen.base.errors import BriefError
from briefgen.base.project import Project
from briefgen.pipeline.build import build, check
from briefgen.pipeline.scaffold import scaffold

REPO = Path(__file__).resolve().parents[1]


def tree_digest(root: Path) -> str:
    """A hash of every file's path and bytes under `root` (to prove a folder did not change)."""
    digest = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def error_lines(exc: pytest.ExceptionInfo[BriefError]) -> list[str]:
    """The errors (not the warnings) a BriefError reports, one line each."""
    return [str(p) for p in exc.value.problems if p.severity == "error"]


def assert_refused(project: Project, expected: list[str]) -> None:
    """`check` and `build` both fail with exactly the errors `expected`, and the build writes nothing."""
    with pytest.raises(BriefError) as exc:
        check(project)
    assert error_lines(exc) == expected
    before = tree_digest(project.root)
    with pytest.raises(BriefError) as exc:
        build(project, pdf=False)
    assert error_lines(exc) == expected
    assert tree_digest(project.root) == before


@pytest.fixture
def sample(tmp_path: Path) -> Project:
    """A new sample brief, as `briefgen new` writes it."""
    root = tmp_path / "brief"
    scaffold(root)
    return Project(root)


def real_copy_of(repo: Path, root: Path) -> Project:
    """A copy of the brief at `repo` (content, bibliography, docs, config) at `root`."""
    root.mkdir(parents=True, exist_ok=True)
    for name in ("content", "docs", "scripts"):
        shutil.copytree(repo / name, root / name, ignore=shutil.ignore_patterns("brief", "__pycache__", "*.egg-info"))
    for name in ("mkdocs.yml", "bibliography.bib"):
        shutil.copy2(repo / name, root / name)
    return Project(root)


@pytest.fixture
def real_copy(tmp_path: Path) -> Project:
    """A copy of the repository's own brief (content, bibliography, docs, config)."""
    return real_copy_of(REPO, tmp_path / "real")


def skip_unless_ci(message: str) -> NoReturn:
    """Skip a test for a missing tool; under CI (`CI=true`), where no test may skip, fail it."""
    if os.environ.get("CI"):
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


def require_tool(name: str) -> str:
    """The path of a system tool; under CI its absence is a failure, not a skip."""
    found = shutil.which(name)
    if found:
        return found
    skip_unless_ci(f"{name} is not installed (run `make test`, which installs system packages)")


def require(path: Path, what: str, how: str) -> None:
    """Go on only when `path` exists (a browser, an npm package): skip, or under CI fail."""
    if not path.exists():
        skip_unless_ci(f"{what} not found at {path}: {how}")
