r"""The file an engine reads for a page briefgen rendered: its front matter, one marker line, and
the page's complete body HTML.

    ---
    title: "1. Introduction"
    briefgen_head: "<meta name=\"citation_title\" …>"
    ---

    <!-- briefgen:page KEY DIGEST toc=TOC -->
    <h1 id="…">…</h1>…

KEY is the hash of everything the page was rendered from (a later build whose key is the same
reuses the file without rendering it again), DIGEST the first 16 hex digits of the body's
SHA-256 (the engine's extension refuses a body that does not match), TOC the page's table of
contents as base64url JSON. The front matter is read by the engine (the theme templates read it
as `page.meta`); every value is written as JSON, which YAML reads as it is. Pure: strings only.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from briefgen.base import routes

MARKER_PREFIX = "<!-- briefgen:page "
"""How the marker line starts; a built page that still holds it was not placed by the extension."""
_MARKER = re.compile(
    r"^<!-- briefgen:page (?P<key>[0-9a-f]{64}) (?P<digest>[0-9a-f]{16}) toc=(?P<toc>[A-Za-z0-9_=-]*) -->$"
)
_NOT_PRINTABLE = re.compile("[^\x09\x0a\x0d\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]|[\u2028\u2029]")
"""What YAML does not take as it is in a double-quoted value (written as a \\u escape instead)."""


class PageFileError(ValueError):
    """A page file that is not what briefgen wrote (edited, cut short, or from another version)."""


@dataclass(frozen=True)
class RenderedPage:
    """One page as briefgen rendered it."""

    body: str
    """The complete body HTML, sanitised, marked, with its search-section headings."""
    toc: list[dict[str, Any]] = field(default_factory=list)
    """The table of contents (Python-Markdown's toc_tokens)."""
    meta: dict[str, Any] = field(default_factory=dict)
    """The front matter: `title`, what the theme templates read (`briefgen_head`, …), and a
    hand-written page's own front matter."""


def normalise(body: str) -> str:
    """`body` as Python-Markdown's first step leaves text (no tabs, no carriage returns, no
    blank lines holding spaces): the form every engine has published, now written so (the
    extension places the body before that step, untouched, and checks the digest over it)."""
    body = body.replace("\x02", "").replace("\x03", "").replace("\r\n", "\n").replace("\r", "\n")
    return re.sub(r"(?<=\n) +\n", "\n", body.expandtabs(4)).strip("\n")


def digest(body: str) -> str:
    """The body's digest as the marker carries it."""
    return hashlib.sha256(body.encode("utf-8")).hexdigest()[:16]


def _value(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return _NOT_PRINTABLE.sub(lambda m: "".join(f"\\u{u:04x}" for u in _utf16(m.group(0))), text)


def _utf16(char: str) -> list[int]:
    data = char.encode("utf-16-be")
    return [int.from_bytes(data[i : i + 2], "big") for i in range(0, len(data), 2)]


def page_file(page: RenderedPage, key: str) -> str:
    """The file the engine reads for `page`, rendered from inputs hashed to `key`."""
    body = normalise(page.body)
    toc = base64.urlsafe_b64encode(json.dumps(page.toc, ensure_ascii=False).encode("utf-8")).decode("ascii")
    front = "".join(f"{name}: {_value(value)}\n" for name, value in page.meta.items())
    return f"---\n{front}---\n\n{MARKER_PREFIX}{key} {digest(body)} toc={toc} -->\n{body}\n"


@dataclass(frozen=True)
class Marker:
    """What a page file's marker line says."""

    key: str
    digest: str
    toc: list[dict[str, Any]]


def read_marker(line: str) -> Marker:
    """The marker line of a page file; raises PageFileError when it is not one."""
    found = _MARKER.match(line.strip())
    if found is None:
        raise PageFileError(f"not a briefgen page marker: {line.strip()[:80]!r}")
    try:
        toc = json.loads(base64.urlsafe_b64decode(found.group("toc"))) if found.group("toc") else []
    except ValueError:
        raise PageFileError("the page marker's table of contents is damaged") from None
    return Marker(found.group("key"), found.group("digest"), toc)


def file_key(head: str) -> str | None:
    """The key in the marker line of a page file that starts with `head` (None when there is none)."""
    at = head.find(f"\n{MARKER_PREFIX}")
    if at < 0:
        return None
    line = head[at + 1 : head.find("\n", at + 1) if head.find("\n", at + 1) > 0 else len(head)]
    try:
        return read_marker(line).key
    except PageFileError:
        return None


def previous_keys(folder: Path) -> dict[str, str]:
    """The key of every page file an earlier run left in `folder` (the engine's docs folder),
    by source path: a page whose key is unchanged need not be rendered again."""
    out: dict[str, str] = {}
    if not folder.is_dir() or folder.is_symlink():
        return out
    for path in folder.rglob(f"*{routes.SOURCE_SUFFIX}"):
        try:
            with path.open(encoding="utf-8") as handle:
                head = handle.read(1 << 18)
                while f"\n{MARKER_PREFIX}" not in head and (more := handle.read(1 << 18)):
                    head += more
        except (OSError, UnicodeDecodeError):
            continue
        key = file_key(head)
        if key is not None:
            out[path.relative_to(folder).as_posix()] = key
    return out
