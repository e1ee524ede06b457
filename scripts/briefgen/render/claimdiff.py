"""Word-level differences between two versions of a claim, as HTML.

Words are compared whole, so an inflected word that changed is shown as the old word and the
new one, never cut inside its ending; changes separated by a single mark or a one-letter word
are shown as one. The standard library's difflib does it (`autojunk` off: with it, words frequent
in a long text would be ignored; spaces are junk, so words align with words).
Dropping every `<ins>` from the result gives the old text, dropping every `<del>` the new one.
"""

from __future__ import annotations

import difflib
import html
import re

TOKEN = re.compile(r"\w+(?:[-’']\w+)*|[^\w\s]|\s+")
"""A word (with inner hyphens and apostrophes), one mark, or a run of spaces."""
ADDED = '<span class="bg-sr-only">added: </span>'
REMOVED = '<span class="bg-sr-only">removed: </span>'
"""Screen readers announce neither <ins> nor <del>: a visually hidden word says which it is."""


def tokens(text: str) -> list[str]:
    """`text` as words, marks and runs of spaces."""
    return TOKEN.findall(text)


def _opcodes(a: list[str], b: list[str]) -> list[tuple[str, int, int, int, int]]:
    """Difflib's opcodes, with changes that only a space, one mark or a one-letter word keeps
    apart joined into one (`[-a-] [-b-]` reads better as `[-a b-]`). Spaces are junk to the
    matcher: a match is never anchored on one, so words align with words."""
    ops = difflib.SequenceMatcher(str.isspace, a, b, autojunk=False).get_opcodes()
    merged: list[tuple[str, int, int, int, int]] = []
    for n, (tag, i1, i2, j1, j2) in enumerate(ops):
        short_gap = tag == "equal" and len("".join(a[i1:i2]).strip()) <= 1 and 0 < n < len(ops) - 1
        if merged and merged[-1][0] != "equal" and (short_gap or tag != "equal"):
            _, p1, _, q1, _ = merged[-1]
            merged[-1] = ("replace", p1, i2, q1, j2)
            continue
        merged.append((tag, i1, i2, j1, j2))
    return merged


def word_diff(old: str, new: str, *, labels: bool = True) -> str:
    """`old` -> `new` as HTML: unchanged words as they are, removed ones in <del>, added ones in
    <ins> (each with a hidden "removed:"/"added:" for screen readers unless `labels` is off)."""
    a, b = tokens(old), tokens(new)
    out: list[str] = []
    for tag, i1, i2, j1, j2 in _opcodes(a, b):
        if tag == "equal":
            out.append(html.escape("".join(a[i1:i2])))
            continue
        removed, added = "".join(a[i1:i2]), "".join(b[j1:j2])
        if removed:
            out.append(f"<del>{REMOVED if labels else ''}{html.escape(removed)}</del>")
        if added:
            out.append(f"<ins>{ADDED if labels else ''}{html.escape(added)}</ins>")
    return "".join(out)


def cites_diff(
    old: tuple[tuple[str, str], ...], new: tuple[tuple[str, str], ...]
) -> tuple[list[tuple[str, str]], list[tuple[str, str]], list[tuple[str, str, str]]]:
    """(added, removed, relocated) works: (key, locator) added or removed, and (key, old
    locator, new locator) for a work cited at another place."""
    old_by_key = dict(old)
    new_by_key = dict(new)
    added = [(k, loc) for k, loc in new if k not in old_by_key]
    removed = [(k, loc) for k, loc in old if k not in new_by_key]
    relocated = [(k, old_by_key[k], loc) for k, loc in new if k in old_by_key and old_by_key[k] != loc]
    return added, removed, relocated
