"""The one writer: every file briefgen writes goes through this module (generated Markdown,
caches, staging, the PDF and the pack, publishing, CITATION.cff, released.txt, bibliography.bib
from `bib format` and `bib import`, a new brief). Every other stage returns data.

Generated files are rewritten only when their content changes, so `mkdocs serve` does not see
its own output as an edit and loop. Every path is checked to stay inside its root: a path from
content that names a file is refused before anything is written if it would leave it.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

from briefgen.base.pathrules import is_safe_relative
from briefgen.base.project import Project
from briefgen.load.cache import CacheEntry


class UnsafePath(ValueError):
    """A write that would land outside its root (refused before anything is written)."""


def inside(root: Path, target: Path) -> Path:
    """`target` resolved (every symbolic link on the way followed); raises UnsafePath unless it
    is inside `root` (also resolved). The one check every write below passes."""
    resolved = target.resolve()
    if not resolved.is_relative_to(root.resolve()):
        raise UnsafePath(f"refusing to write {target} (it resolves to {resolved}, outside {root})")
    return resolved


def _inside(root: Path, rel: str) -> Path:
    if not is_safe_relative(rel):
        raise UnsafePath(f"refusing to write {rel!r}: not a plain relative path under {root}")
    return inside(root, root / rel)


class _Resolver:
    """`Path.resolve()` and the check of `inside` for many files in few folders, each folder
    resolved once: a name that is not a symbolic link in its resolved folder resolves to just
    that, as resolve() finds too; a link is resolved in full."""

    def __init__(self, root: Path, real_root: Path) -> None:  # real_root: `root` resolved
        self.root = root
        self.real_root = real_root
        self._folders: dict[Path, Path] = {}

    def resolve(self, path: Path) -> Path:
        if path.name in ("", ".", ".."):
            return path.resolve()
        folder = self._folders.get(path.parent)
        if folder is None:
            folder = self._folders[path.parent] = path.parent.resolve()
        candidate = folder / path.name
        return path.resolve() if candidate.is_symlink() else candidate

    def inside(self, rel: str) -> Path:
        """As `_inside(root, rel)`."""
        if not is_safe_relative(rel):
            raise UnsafePath(f"refusing to write {rel!r}: not a plain relative path under {self.root}")
        target = self.root / rel
        resolved = self.resolve(target)
        if not resolved.is_relative_to(self.real_root):
            raise UnsafePath(f"refusing to write {target} (it resolves to {resolved}, outside {self.root})")
        return resolved


def write_atomic(path: Path, data: bytes) -> None:
    """Write `data` to `path` as a new file renamed into place: readers never see half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        Path(tmp).chmod(0o644)  # mkstemp makes files private; these are published
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_user_file(path: Path, data: bytes) -> None:
    """Write a file the user named on the command line (`-o FILE`, `bib format FILE`): its
    folder is the root the user chose. Readable by others, like every published file."""
    write_atomic(path, data)


def write_under(root: Path, rel: str, data: bytes) -> Path:
    """Write `data` to `root/rel`, refusing a `rel` that is not a plain relative path or whose
    target (symbolic links followed) is outside `root`."""
    target = _inside(root, rel)
    write_atomic(target, data)
    return target


def write_files(root: Path, files: dict[str, bytes]) -> None:
    """Write each of `files` (paths relative to `root`) under `root`, refusing any outside it."""
    for rel, data in files.items():
        write_under(root, rel, data)


def write_caches(project: Project, entries: list[CacheEntry]) -> None:
    """Add the results a run made to the cache (under `.briefgen/`, refusing anything outside it)."""
    for entry in entries:
        write_under(project.state_dir, entry.path.relative_to(project.state_dir).as_posix(), entry.data())


def write_engine_docs(project: Project, files: dict[str, str | bytes], kept: Iterable[str] = ()) -> list[str]:
    """Bring the engine's docs folder (`.briefgen/docs/`) in line with `files`; the files named
    in `kept` stay as they are, and only changed files are touched. Returns the paths written or
    removed. A docs/brief/ left by an older briefgen (which wrote its pages there) is removed."""
    ensure_state_dir(project.state_dir)
    legacy = project.generated_dir
    if legacy.is_dir() and not legacy.is_symlink():
        remove_tree(legacy)
    return sync_tree(project.engine_docs_dir, files, within=project.state_dir, keep=set(kept))


def sync_tree(root: Path, files: dict[str, str | bytes], *, within: Path, keep: set[str] | None = None) -> list[str]:
    """Make `root` hold exactly `files` and the files named in `keep` (left as they are);
    returns the paths that were written or removed. `root` must be a real folder inside
    `within`, not a link out of it."""
    if root.is_symlink():
        raise UnsafePath(f"refusing to write into {root}: it is a symbolic link (remove it)")
    resolver = _Resolver(root, inside(within, root))
    changed: list[str] = []
    wanted = {}
    for rel, content in files.items():
        data = content.encode("utf-8") if isinstance(content, str) else content
        wanted[resolver.inside(rel)] = (rel, data)
    for path, (rel, data) in sorted(wanted.items()):
        if path.exists() and path.read_bytes() == data:
            continue
        write_atomic(path, data)
        changed.append(rel)
    kept = {resolver.inside(rel) for rel in keep or ()}
    if root.exists():
        for path in sorted(root.rglob("*"), reverse=True):
            if path.is_symlink() or (
                path.is_file() and (real := resolver.resolve(path)) not in wanted and real not in kept
            ):
                path.unlink()
                changed.append(path.relative_to(root).as_posix())
            elif path.is_dir() and not any(path.iterdir()):
                path.rmdir()
    return changed


def remove_tree(path: Path) -> None:
    """Remove a folder and everything in it (nothing if it is not there)."""
    shutil.rmtree(path, ignore_errors=True)


# --- publishing --------------------------------------------------------------------------------
#
# `site` is a symbolic link to a finished build in `.briefgen/builds/`, and publishing is one
# rename(2) of a new link over it: at every instant `site` is the old build or the new one,
# whole. `.briefgen/previous` links to the build before, kept for `briefgen rollback`; every
# other build, and whatever a killed build left, is removed at the start of the next one.

BUILDS = "builds"
PREVIOUS = "previous"
_STAGING = "staging-"
_NEW_LINK = "link-"
_FOLDER = "-folder"
"""Suffix of a build that was a site/ folder before site became a link."""


class _FileOps:
    """The file-system steps of publishing, one method each (tests interrupt them one by one)."""

    def rename(self, source: Path, target: Path) -> None:
        os.replace(source, target)

    def symlink(self, points_to: str, link: Path) -> None:
        link.symlink_to(points_to)

    def exchange(self, a: Path, b: Path) -> bool:
        """Swap two names in one step (Linux renameat2 RENAME_EXCHANGE); False where unsupported."""
        return _rename_exchange(a, b)

    def remove_tree(self, path: Path) -> None:
        if path.is_symlink() or path.is_file():
            path.unlink()
        else:
            shutil.rmtree(path)


_ops = _FileOps()


def _rename_exchange(a: Path, b: Path) -> bool:
    if sys.platform != "linux":
        return False
    import ctypes  # noqa: PLC0415 - Linux only: renameat2 is reached through the C library

    libc = ctypes.CDLL(None, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    at_fdcwd, rename_exchange = -100, 2
    result = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange)
    if result != 0:
        errno = ctypes.get_errno()
        if errno in (22, 38, 95):  # EINVAL, ENOSYS, EOPNOTSUPP: this file system cannot swap
            return False
        raise OSError(errno, os.strerror(errno), str(a))
    return True


@contextlib.contextmanager
def build_lock(state_dir: Path) -> Iterator[None]:
    """Hold `.briefgen/lock` for a whole build: a second build waits for the first."""
    ensure_state_dir(state_dir)
    with (state_dir / "lock").open("a") as handle:
        try:
            import fcntl  # noqa: PLC0415 - POSIX only: elsewhere builds are not serialised
        except ImportError:  # pragma: no cover - not POSIX: builds are not serialised
            yield
            return
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print("waiting for another briefgen build in this project to finish", file=sys.stderr)
            fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def ensure_state_dir(state_dir: Path) -> None:
    """`.briefgen/` must be a real folder in the project: as a link it would send staging folders,
    caches and builds elsewhere."""
    if state_dir.is_symlink():
        raise UnsafePath(f"{state_dir} is a symbolic link; briefgen keeps its builds there (remove the link)")
    state_dir.mkdir(parents=True, exist_ok=True)
    (state_dir / BUILDS).mkdir(exist_ok=True)
    if (state_dir / BUILDS).is_symlink():
        raise UnsafePath(f"{state_dir / BUILDS} is a symbolic link (remove it)")


def new_staging_dir(state_dir: Path) -> Path:
    """A new, empty, readable staging folder in `.briefgen/`."""
    ensure_state_dir(state_dir)
    staging = Path(tempfile.mkdtemp(prefix=_STAGING, dir=state_dir))
    staging.chmod(0o755)  # mkdtemp makes it private; the published site must be readable by a web server
    return staging


def _link_target(link: Path) -> Path | None:
    """The build a link of ours points at (absolute), or None."""
    if not link.is_symlink():
        return None
    return (link.parent / link.readlink()).resolve()


def published_build(site: Path) -> Path | None:
    """The build `site` serves, when it is one of ours."""
    return _link_target(site)


def remove_leftovers(state_dir: Path, site: Path) -> list[str]:
    """At the start of a build: remove what killed builds left (staging folders, unused links)
    and every build but the published one and the previous one. Returns what was removed."""
    if not state_dir.is_dir() or state_dir.is_symlink():
        return []
    removed = []
    builds = state_dir / BUILDS
    if not os.path.lexists(site) and builds.is_dir() and any(builds.iterdir()):
        # A build killed between the two renames of a folder's replacement (systems without an
        # atomic swap): serve the newest finished build again.
        newest = max(builds.iterdir(), key=lambda p: (not p.name.endswith(_FOLDER), p.name))
        _ops.rename(_new_link(state_dir, os.path.relpath(newest, site.parent)), site)
    keep = {p for p in (published_build(site), _link_target(state_dir / PREVIOUS)) if p is not None}
    for entry in sorted(state_dir.iterdir()):
        if entry.name.startswith((_STAGING, _NEW_LINK)):
            _ops.remove_tree(entry)
            removed.append(entry.name)
    for entry in sorted(site.parent.glob(f".{site.name}.previous-*")):  # left by briefgen before links
        _ops.remove_tree(entry)
        removed.append(entry.name)
    if builds.is_dir():
        for entry in sorted(builds.iterdir()):
            if entry.resolve() not in keep:
                _ops.remove_tree(entry)
                removed.append(f"{BUILDS}/{entry.name}")
    return removed


def _new_link(state_dir: Path, points_to: str) -> Path:
    """A new link in `.briefgen/` (renamed into place later; `points_to` is relative to where
    it will be)."""
    link = state_dir / f"{_NEW_LINK}{os.getpid()}-{time.time_ns()}"
    _ops.symlink(points_to, link)
    return link


def _set_previous(state_dir: Path, build: Path) -> None:
    _ops.rename(_new_link(state_dir, os.path.relpath(build, state_dir)), state_dir / PREVIOUS)


def publish(staging: Path, site: Path, state_dir: Path) -> Path:
    """Publish the finished build in `staging`: it moves to `.briefgen/builds/`, `previous` is
    pointed at the build `site` serves now, and `site` is switched to the new build by one
    rename(2) of a link. Builds older than those two are removed. Returns the new build."""
    build = state_dir / BUILDS / f"b{time.time_ns():020d}-{os.getpid()}"
    _ops.rename(staging, build)
    old = published_build(site)
    if old is not None and old.is_dir():
        _set_previous(state_dir, old)
    link = _new_link(state_dir, os.path.relpath(build, site.parent))
    if site.is_dir() and not site.is_symlink():
        # A site/ folder from before links: swapped with the link in one step where the system
        # can (Linux), else renamed away first (a short gap). It is kept as the previous build.
        kept = state_dir / BUILDS / f"b{time.time_ns():020d}-{os.getpid()}{_FOLDER}"
        if _ops.exchange(link, site):
            _ops.rename(link, kept)
        else:
            _ops.rename(site, kept)
            _ops.rename(link, site)
        old = kept.resolve()
        _set_previous(state_dir, kept)
    else:
        _ops.rename(link, site)
    for entry in sorted((state_dir / BUILDS).iterdir()):
        if entry.resolve() not in (build.resolve(), old):
            _ops.remove_tree(entry)
    return build


def rollback(site: Path, state_dir: Path) -> Path:
    """Serve the previous build again (one rename); the build rolled back from becomes the
    previous one, so a second rollback undoes the first. Returns the build now served."""
    previous = _link_target(state_dir / PREVIOUS)
    current = published_build(site)
    if previous is None or not previous.is_dir():
        raise FileNotFoundError("there is no previous build to roll back to")
    if current is not None:
        _set_previous(state_dir, current)
    _ops.rename(_new_link(state_dir, os.path.relpath(previous, site.parent)), site)
    return previous


def write_if_changed(root: Path, rel: str, data: bytes) -> bool:
    """Write `root/rel` unless it already holds `data` (a tracked file keeps its time stamp);
    refuses a target outside `root`. Returns whether it wrote."""
    return _write_if_changed(_inside(root, rel), data)


def write_path_if_changed(root: Path, target: Path, data: bytes) -> bool:
    """`write_if_changed` for a file of the project named by its path, which may be a dot file
    (`.zenodo.json`); refused when it resolves outside `root`, symbolic links followed."""
    return _write_if_changed(inside(root, target), data)


def _write_if_changed(path: Path, data: bytes) -> bool:
    if path.exists() and path.read_bytes() == data:
        return False
    write_atomic(path, data)
    return True


def _link_or_copy(source: str, target: str) -> None:
    # A hard link costs no data copy. Safe because nothing here writes into a file in place:
    # every write is a new file renamed over the old one (write_atomic).
    try:
        os.link(source, target)
    except OSError:  # another filesystem, or one without hard links
        shutil.copy2(source, target)


def link_files(source: Path, target: Path, paths: Iterable[str]) -> None:
    """Each of `paths` (in `source`) at the same path under `target`, hard-linked where the
    filesystem allows; refuses a path that resolves outside either folder."""
    sources, targets = _Resolver(source, source.resolve()), _Resolver(target, target.resolve())
    for rel in paths:
        to = targets.inside(rel)
        to.parent.mkdir(parents=True, exist_ok=True)
        _link_or_copy(str(sources.inside(rel)), str(to))


def copy_tree(source: Path, target: Path, skip: set[str]) -> None:
    """Copy `source` into `target` (as hard links where the filesystem allows), leaving out
    top-level entries named in `skip`."""
    target.mkdir(parents=True, exist_ok=True)
    for entry in source.iterdir():
        if entry.name in skip:
            continue
        if entry.is_dir():
            shutil.copytree(entry, target / entry.name, copy_function=_link_or_copy)
        else:
            _link_or_copy(str(entry), str(target / entry.name))
