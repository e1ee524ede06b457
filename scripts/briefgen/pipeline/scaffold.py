"""`briefgen new DIR`: a new brief that validates and builds as it is."""

from __future__ import annotations

from importlib import resources
from importlib.abc import Traversable
from pathlib import Path

from briefgen.publish.writer import inside, write_atomic

TEMPLATE = resources.files("briefgen") / "scaffold"


def _walk(node: Traversable, prefix: str = "") -> list[tuple[str, bytes]]:
    out: list[tuple[str, bytes]] = []
    for child in sorted(node.iterdir(), key=lambda c: c.name):
        if child.name == "__pycache__":
            continue
        rel = f"{prefix}{child.name}"
        if child.is_dir():
            out.extend(_walk(child, rel + "/"))
        else:
            out.append((rel, child.read_bytes()))
    return out


def scaffold(target: Path) -> list[str]:
    """Write the template brief into `target`, which must not exist or be empty."""
    if target.exists() and any(target.iterdir()):
        raise FileExistsError(f"{target} is not empty (choose a new folder)")
    files = _walk(TEMPLATE)
    for rel, data in files:
        write_atomic(inside(target, target / rel), data)  # refuses a path outside the new brief
    return [rel for rel, _ in files]
