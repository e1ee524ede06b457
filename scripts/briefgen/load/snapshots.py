"""Reading content/released/: the folder holds only the claim snapshots `briefgen release`
writes (`claims-VERSION.yml`); index/snapshots.py parses each."""

from __future__ import annotations

from pathlib import Path

from briefgen.base.errors import Problem
from briefgen.base.pathrules import VERSION
from briefgen.base.project import SNAPSHOT_NAME


def snapshot_files(folder: Path, rel: str) -> list[tuple[str, bytes] | Problem]:
    """In name order, each snapshot file in `folder` (shown as `rel`) with its bytes, or the
    problem of anything else found there."""
    if not folder.is_dir() or folder.is_symlink():
        return []  # a symbolic link is reported with all the others (load/content.check_symlinks)
    found: list[tuple[str, bytes] | Problem] = []
    for path in sorted(folder.iterdir()):
        file = f"{rel}/{path.name}"
        if path.is_symlink():
            continue
        named = SNAPSHOT_NAME.match(path.name)
        if path.is_dir() or named is None or not VERSION.match(named["version"]):
            found.append(
                Problem(
                    file,
                    0,
                    "(file)",
                    f"unexpected {'folder' if path.is_dir() else 'file'} in {rel}/ (it holds only claims-VERSION.yml "
                    "files, which `briefgen release` writes; move or remove it)",
                )
            )
            continue
        found.append((file, path.read_bytes()))
    return found
