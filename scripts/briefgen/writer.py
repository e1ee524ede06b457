"""The only module that writes files: generated Markdown, caches, staging and publishing.

Generated files are rewritten only when their content changes, so `mkdocs serve` does not see
its own output as an edit and loop. Every path is checked to stay inside its folder.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path


class UnsafePath(ValueError):
    pass


def _inside(root: Path, rel: str) -> Path:
    target = (root / rel).resolve()
    if not target.is_relative_to(root.resolve()) or rel.startswith("/") or "\x00" in rel:
        raise UnsafePath(f"refusing to write {rel!r} outside {root}")
    return target


def write_atomic(path: Path, data: bytes) -> None:
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


def write_cache(path: Path, text: str) -> None:
    write_atomic(path, text.encode("utf-8"))


def sync_tree(root: Path, files: dict[str, str | bytes]) -> list[str]:
    """Make `root` hold exactly `files`; returns the paths that were written or removed."""
    changed: list[str] = []
    wanted = {}
    for rel, content in files.items():
        data = content.encode("utf-8") if isinstance(content, str) else content
        wanted[_inside(root, rel)] = (rel, data)
    for path, (rel, data) in sorted(wanted.items()):
        if path.exists() and path.read_bytes() == data:
            continue
        write_atomic(path, data)
        changed.append(rel)
    if root.exists():
        for path in sorted(root.rglob("*"), reverse=True):
            if path.is_file() and path.resolve() not in wanted:
                path.unlink()
                changed.append(path.relative_to(root).as_posix())
            elif path.is_dir() and not any(path.iterdir()):
                path.rmdir()
    return changed


def new_staging_dir(state_dir: Path) -> Path:
    state_dir.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix="staging-", dir=state_dir))
    staging.chmod(0o755)  # mkdtemp makes it private; the published site must be readable by a web server
    return staging


def remove_tree(path: Path) -> None:
    shutil.rmtree(path, ignore_errors=True)


def publish(staging: Path, site_dir: Path) -> None:
    """Replace `site_dir` with `staging` by renames: the old site stays whole until the new
    one is in place, and comes back if the second rename fails."""
    backup = None
    if site_dir.exists():
        backup = site_dir.with_name(f".{site_dir.name}.previous-{os.getpid()}")
        remove_tree(backup)
        os.replace(site_dir, backup)
    try:
        os.replace(staging, site_dir)
    except BaseException:
        if backup is not None:
            os.replace(backup, site_dir)
        raise
    if backup is not None:
        remove_tree(backup)


def write_if_changed(path: Path, data: bytes) -> bool:
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
