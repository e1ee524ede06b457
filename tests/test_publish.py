"""Publishing is one rename: a build killed or failing at any step of it leaves `site` serving
one complete build (the old one or the new one, never a mix, never nothing), and the next build
removes what it left."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from briefgen.base.project import Project
from briefgen.cli.main import main
from briefgen.publish import writer

from .conftest import tree_digest


class Interrupted(Exception):
    pass


class _Interrupting(writer._FileOps):
    """Raises before file-system step number `at` (0-based); counts the steps."""

    def __init__(self, at: int) -> None:
        self.at = at
        self.steps: list[str] = []

    def _step(self, name: str) -> None:
        if len(self.steps) == self.at:
            raise Interrupted(name)
        self.steps.append(name)

    def rename(self, source: Path, target: Path) -> None:
        self._step(f"rename {source.name} -> {target.name}")
        super().rename(source, target)

    def symlink(self, points_to: str, link: Path) -> None:
        self._step(f"symlink {link.name}")
        super().symlink(points_to, link)

    def exchange(self, a: Path, b: Path) -> bool:
        self._step(f"exchange {a.name} <-> {b.name}")
        return super().exchange(a, b)

    def remove_tree(self, path: Path) -> None:
        self._step(f"remove {path.name}")
        super().remove_tree(path)


def _make_build(folder: Path, label: str) -> str:
    """A small site: several files in folders, all naming `label` (a mix would show)."""
    for rel in ("index.html", "brief/a.html", "brief/b/c.html", "assets/x.css"):
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        (folder / rel).write_text(f"{label} {rel}\n", encoding="utf-8")
    return tree_digest(folder)


def _served(site: Path) -> str:
    assert site.is_dir(), "site/ is missing"
    return tree_digest(site)


def _setup(tmp_path: Path, *, folder_site: bool) -> tuple[Path, Path, str, str, Path]:
    root = tmp_path / "project"
    state = root / ".briefgen"
    site = root / "site"
    writer.ensure_state_dir(state)
    if folder_site:  # a site/ folder as an earlier briefgen left it
        site.mkdir(parents=True)
        old = _make_build(site, "old")
    else:
        first = writer.new_staging_dir(state)
        old = _make_build(first, "old")
        writer.publish(first, site, state)
    staging = writer.new_staging_dir(state)
    new = _make_build(staging, "new")
    return root, site, old, new, staging


def _steps(tmp_path: Path, *, folder_site: bool) -> int:
    _root, site, _old, _new, staging = _setup(tmp_path / "count", folder_site=folder_site)
    ops = _Interrupting(at=10_000)
    saved, writer._ops = writer._ops, ops
    try:
        writer.publish(staging, site, site.parent / ".briefgen")
    finally:
        writer._ops = saved
    assert ops.steps, "publishing made no steps"
    return len(ops.steps)


@pytest.mark.parametrize("folder_site", [False, True], ids=["link", "folder-from-before"])
def test_interrupted_at_every_step_site_serves_one_complete_build(tmp_path: Path, folder_site: bool) -> None:
    total = _steps(tmp_path, folder_site=folder_site)
    for at in range(total + 1):
        root, site, old, new, staging = _setup(tmp_path / f"at-{at}", folder_site=folder_site)
        state = root / ".briefgen"
        ops = _Interrupting(at)
        saved, writer._ops = writer._ops, ops
        try:
            if at < total:
                with pytest.raises(Interrupted):
                    writer.publish(staging, site, state)
            else:
                writer.publish(staging, site, state)
        finally:
            writer._ops = saved
        served = _served(site)
        assert served in (old, new), f"after {ops.steps}: site/ is neither build"
        # The next build starts by removing what this one left; site/ is untouched by that.
        writer.remove_leftovers(state, site)
        assert _served(site) == served
        assert not [p.name for p in state.iterdir() if p.name.startswith(("staging-", "link-"))]
        kept = sorted(p.resolve() for p in (state / "builds").iterdir())
        assert site.resolve() in kept or not site.is_symlink()  # or still the folder from before
        assert len(kept) <= 2
        if at == total:
            assert served == new
            assert site.is_symlink()
            assert tree_digest(state / "previous") == old  # kept for rollback


_KILLER = textwrap.dedent(
    """
    import os, signal, sys
    from pathlib import Path
    from briefgen.publish import writer

    at = int(sys.argv[1])
    site, state, staging = Path(sys.argv[2]), Path(sys.argv[3]), Path(sys.argv[4])

    class Killing(writer._FileOps):
        count = 0
        def _step(self):
            if Killing.count == at:
                os.kill(os.getpid(), signal.SIGKILL)
            Killing.count += 1
        def rename(self, a, b):
            self._step(); super().rename(a, b)
        def symlink(self, a, b):
            self._step(); super().symlink(a, b)
        def exchange(self, a, b):
            self._step(); return super().exchange(a, b)
        def remove_tree(self, p):
            self._step(); super().remove_tree(p)

    writer._ops = Killing()
    writer.publish(staging, site, state)
    """
)


@pytest.mark.parametrize("folder_site", [False, True], ids=["link", "folder-from-before"])
def test_killed_at_every_step_site_serves_one_complete_build(tmp_path: Path, folder_site: bool) -> None:
    """The same with SIGKILL: no exception handler, no finally, no cleanup runs."""
    total = _steps(tmp_path, folder_site=folder_site)
    for at in range(total + 1):
        root, site, old, new, staging = _setup(tmp_path / f"kill-{at}", folder_site=folder_site)
        state = root / ".briefgen"
        run = subprocess.run(
            [sys.executable, "-c", _KILLER, str(at), str(site), str(state), str(staging)],
            check=False,
            capture_output=True,
            text=True,
        )
        assert run.returncode == (-signal.SIGKILL if at < total else 0), run.stderr
        served = _served(site)
        assert served in (old, new)
        writer.remove_leftovers(state, site)
        assert _served(site) == served
        assert not [p.name for p in state.iterdir() if p.name.startswith(("staging-", "link-"))]


def test_folder_replaced_without_atomic_swap_is_recovered(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Where the system cannot swap a folder and a link in one step, a build killed between the
    two renames leaves no site/; the next build serves the newest finished build again."""
    root, site, _old, new, staging = _setup(tmp_path, folder_site=True)
    state = root / ".briefgen"
    monkeypatch.setattr(writer._FileOps, "exchange", lambda self, a, b: False)
    ops = _Interrupting(at=4)  # staging renamed, link made, swap refused, site renamed away: then
    monkeypatch.setattr(writer, "_ops", ops)
    with pytest.raises(Interrupted):
        writer.publish(staging, site, state)
    assert not os.path.lexists(site)
    monkeypatch.setattr(writer, "_ops", writer._FileOps())
    writer.remove_leftovers(state, site)
    assert _served(site) == new


def test_builds_publish_through_a_link_keep_the_previous_and_roll_back(
    sample: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["-C", str(sample.root), "build", "--no-pdf"]) == 0
    first = tree_digest(sample.site_dir)
    assert sample.site_dir.is_symlink()
    assert str(sample.site_dir.readlink()).startswith(".briefgen/builds/")  # relative: the project can move
    about = sample.docs_dir / "about.md"
    about.write_text(about.read_text(encoding="utf-8") + "\nA second edition.\n", encoding="utf-8")
    # Leftovers of a build killed earlier: a staging folder and a link never renamed into place.
    (sample.state_dir / "staging-killed").mkdir()
    (sample.state_dir / "staging-killed" / "index.html").write_text("partial", encoding="utf-8")
    (sample.state_dir / "link-1-2").symlink_to("builds/nowhere")
    assert main(["-C", str(sample.root), "build", "--no-pdf"]) == 0
    second = tree_digest(sample.site_dir)
    assert second != first
    assert "A second edition." in (sample.site_dir / "about.html").read_text(encoding="utf-8")
    assert sorted(p.name for p in sample.state_dir.iterdir() if p.name.startswith(("staging-", "link-"))) == []
    assert len(list((sample.state_dir / "builds").iterdir())) == 2
    capsys.readouterr()
    assert main(["-C", str(sample.root), "rollback"]) == 0
    assert tree_digest(sample.site_dir) == first
    assert "site/ serves the previous build again" in capsys.readouterr().out
    assert main(["-C", str(sample.root), "rollback"]) == 0  # and back
    assert tree_digest(sample.site_dir) == second


def test_a_site_folder_from_before_becomes_the_previous_build(sample: Project) -> None:
    sample.site_dir.mkdir()
    (sample.site_dir / "index.html").write_text("an earlier build", encoding="utf-8")
    before = tree_digest(sample.site_dir)
    assert main(["-C", str(sample.root), "build", "--no-pdf"]) == 0
    assert sample.site_dir.is_symlink()
    assert tree_digest(sample.state_dir / "previous") == before


def test_copying_the_site_follows_the_link(sample: Project, tmp_path: Path) -> None:
    """What the README says: `cp -rL site DEST` copies the files, not the link."""
    assert main(["-C", str(sample.root), "build", "--no-pdf"]) == 0
    cp = shutil.which("cp")
    assert cp is not None
    subprocess.run([cp, "-rL", str(sample.site_dir), str(tmp_path / "copy")], check=True)
    assert not (tmp_path / "copy").is_symlink()
    assert tree_digest(tmp_path / "copy") == tree_digest(sample.site_dir)


def test_pages_artifact_command_reads_the_site_through_the_link(sample: Project, tmp_path: Path) -> None:
    """The archive step of GitHub's upload-pages-artifact (tar --dereference --hard-dereference
    --directory site): files, no link, the whole site."""
    import tarfile

    assert main(["-C", str(sample.root), "build", "--no-pdf"]) == 0
    tar = shutil.which("tar")
    assert tar is not None
    archive = tmp_path / "artifact.tar"
    subprocess.run(
        [tar, "--dereference", "--hard-dereference", "--directory", str(sample.site_dir), "-cf", str(archive), "."],
        check=True,
    )
    with tarfile.open(archive) as members:
        names = {m.name.removeprefix("./") for m in members if m.isfile()}
        assert not [m.name for m in members if m.issym() or m.islnk()]
    assert "index.html" in names
    assert "brief/glossary.html" in names
