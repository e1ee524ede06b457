"""The documented pattern of every value that becomes a path, a URL or a file name.

A value from content that names a file (an id, `version`, a released page URL, a redirect
target, a hand-written page's file name) is checked against its pattern here, with its line,
before anything is written; the writer then refuses any target outside its root all the same.
Each pattern admits only ASCII letters, digits and `_ . -` inside one path segment, and no
segment can be `.` or `..` (a segment starts with a letter, a digit or `_`).
"""

from __future__ import annotations

import functools
import re
import unicodedata

from anyascii import anyascii
from confusable_homoglyphs import confusables

from briefgen.base import routes

ID = re.compile(r"[a-z0-9][a-z0-9-]{0,63}\Z")
"""Ids of articles, parts, claims, hierarchies, tiers, priorities, periods, events, terms and
actors: they become file names (`brief/ARTICLE/PART.html`) and anchors."""
VERSION = re.compile(r"[0-9A-Za-z](?:[0-9A-Za-z._-]{0,30}[0-9A-Za-z])?\Z")
"""`version` in brief.yml: the folder `v/VERSION/` and `research-pack-VERSION.zip`."""
_SEGMENT = r"[A-Za-z0-9_][A-Za-z0-9_.-]{0,99}"
PAGE_SOURCE = re.compile(rf"(?:{_SEGMENT}/)*{_SEGMENT}{re.escape(routes.SOURCE_SUFFIX)}\Z")
"""A page's source path under docs/ (`about.md`, `brief/works.md`); hand-written pages too."""
SITE_PAGE = re.compile(rf"(?:{_SEGMENT}/)*{_SEGMENT}{re.escape(routes.PAGE_SUFFIX)}\Z")
"""A page's URL relative to the site root (`brief/feng/background.html`)."""
ANCHOR = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_-]{0,127}\Z")
"""An anchor: an id, or `ref-KEY` of a work."""
SITE_FILE = re.compile(rf"(?:{_SEGMENT}/)*{_SEGMENT}\Z")
"""Any file the build writes, relative to its folder (pages, exports, assets, stubs, the pack)."""


LINK_PREFIXES = {"http": "http://", "https": "https://", "mailto": "mailto:"}
"""The one list of schemes a link may use, and how such a link starts: text fields are checked
against it (check/textlint.py), the sanitiser keeps only these (render/sanitize.py), and the
audit refuses any other in the built site (publish/audit.py)."""
HTML_VOID_ELEMENTS = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
)
"""HTML elements that have no end tag (for the readers that walk tags: previews, the PDF)."""


def char_names(value: str) -> str:
    """The characters of `value` outside ASCII, named: `U+0435 CYRILLIC SMALL LETTER IE`."""
    seen: list[str] = []
    for ch in value:
        if ord(ch) > 127:
            name = f"U+{ord(ch):04X} {unicodedata.name(ch, 'UNNAMED CHARACTER')}"
            if name not in seen:
                seen.append(name)
    return ", ".join(seen)


def ascii_form(value: str) -> str:
    """`value` in ASCII, as its author most likely meant it: in a word typed in Latin letters, a
    look-alike (Cyrillic «е», Greek «ο») becomes the Latin letter it imitates (Unicode's
    confusables); anything else is transliterated (anyascii: «смп» -> smp, fullwidth `ｎ` -> n)."""
    value = unicodedata.normalize("NFC", value)
    # Latin with look-alikes, or a word of another script: told apart by the letters around them.
    others = sum(1 for ch in value if not ch.isascii() and ch.isalpha())
    latin = others <= 1 or any(ch.isascii() and ch.isalpha() for ch in value)
    return "".join(ch if ch.isascii() else (latin and _lookalike_of(ch)) or anyascii(ch) for ch in value)


@functools.lru_cache(maxsize=512)
def _lookalike_of(ch: str) -> str:
    """The ASCII letter or digit that `ch` looks like, or ''."""
    found = confusables.is_confusable(ch, preferred_aliases=["latin", "common"], greedy=True) or []
    for item in found:
        for glyph in item["homoglyphs"]:
            if len(glyph["c"]) == 1 and glyph["c"].isascii() and glyph["c"].isalnum():
                return str(glyph["c"]).lower() if ch.islower() else str(glyph["c"])
    return ""


def site_url_problem(url: str) -> str | None:
    """Why `url` (`PAGE.html` or `PAGE.html#ANCHOR`, relative to the site) is not a URL of a page
    of the site, or None."""
    page, sep, anchor = url.partition("#")
    if not SITE_PAGE.match(page) or (sep and not ANCHOR.match(anchor)):
        return (
            f"'{url}' is not a page URL inside the site: PATH/PAGE.html or PATH/PAGE.html#ID, "
            "in letters, digits, '_', '.' and '-', without '..' or a leading '/'"
        )
    return None


def is_safe_relative(rel: str) -> bool:
    """Whether `rel` is a relative file path of plain segments (no '..', no leading '/')."""
    return bool(SITE_FILE.match(rel))


def stays_inside(rel: str) -> bool:
    """Whether `rel` names something below its folder however it is unpacked: relative, no '..'
    or empty segment, no backslash or NUL (the test for zip entry names)."""
    return (
        bool(rel)
        and not rel.startswith("/")
        and "\\" not in rel
        and "\x00" not in rel
        and all(segment not in ("", ".", "..") for segment in rel.split("/"))
    )
