"""A digest of every file of the brief that rendering can read: all of content/ and docs/ (every
file, hidden ones and images too), bibliography.bib and mkdocs.yml. Two runs with the same digest
read the same bytes, so a result made only of these files (and of code whose version is hashed
with it) can be kept. More files than rendering reads are hashed, never fewer: a file too many
only costs a page render, a file too few would keep a stale page.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from briefgen.base.project import Project


def input_digest(project: Project) -> str:
    """A hash of the names, kinds and bytes of every file under content/ and docs/, and of
    bibliography.bib and mkdocs.yml (a missing one hashes as missing)."""
    digest = hashlib.sha256(b"briefgen inputs 1\0")
    for path in (project.bibliography, project.mkdocs_yml):
        _add(digest, project.rel(path), path)
    for folder in (project.content_dir, project.docs_dir):
        for path in _files(folder):
            _add(digest, project.rel(path), path)
    return digest.hexdigest()


def _files(folder: Path) -> list[Path]:
    """Every entry under `folder` but folders, links to folders included (not followed)."""
    if not folder.is_dir() or folder.is_symlink():
        return [folder]
    out = []
    for here, dirs, names in os.walk(folder):
        base = Path(here)
        out += [base / name for name in names]
        out += [base / name for name in dirs if (base / name).is_symlink()]  # os.walk does not enter them
    return sorted(out)


def _add(digest: hashlib._Hash, name: str, path: Path) -> None:
    digest.update(name.encode("utf-8", "surrogateescape") + b"\0")
    if path.is_symlink():  # the build refuses links in content; hashed as what they point at
        digest.update(b"link\0" + str(path.readlink()).encode("utf-8", "surrogateescape") + b"\0")
        return
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        digest.update(b"missing\0")
    except OSError as exc:  # unreadable: the build reports it; never the same as a readable file
        digest.update(f"unreadable {exc.errno}\0".encode())
    else:
        digest.update(b"file %d\0" % len(data))
        digest.update(hashlib.sha256(data).digest())
