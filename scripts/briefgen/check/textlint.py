"""Text fields are restricted Markdown: the rules, each with its message, and where it applies.

Layer one of sanitising: raw HTML, attribute lists, headings, link definitions, snippets,
images and link targets are refused with their line and column; hand-written pages get the page
variant of the same rules (headings, relative links and images inside docs/ are fine there)."""

from __future__ import annotations

import html
import posixpath
import re
from urllib.parse import unquote, urlsplit

from briefgen.base import routes
from briefgen.base.errors import did_you_mean
from briefgen.base.pathrules import LINK_PREFIXES
from briefgen.cite.syntax import TEXT_LINK, FoundCitation, find_citations
from briefgen.index.xref import LINK_KINDS, XrefIndex

RAW_HTML = re.compile(r"<[A-Za-z/!?]|&lt;\s*script", re.I)
# `{: …}` anywhere; `{…}` alone on a line (Python-Markdown's attr_list needs no colon there) or
# right after an inline element (`*x*{onclick=…}`, `[t](url){…}`).
ATTR_LIST = re.compile(r"\{\s*[:#.]|^[ \t>]*\{[^}\n]*\}[ \t]*$|(?<=[*_)\]`])\{[^}\n]*\}", re.M)
# What may open a line before a heading or a link definition: list markers, quote markers.
_BLOCK_PREFIX = r"^[ \t]*(?:(?:[-*+]|\d+[.)])[ \t]+|>[ \t]*)*"
HEADING = re.compile(_BLOCK_PREFIX + r"#", re.M)
SETEXT_HEADING = re.compile(r"(?<=\S)[ \t]*\n[ \t]*(?:>[ \t]*)*(?:=+|-+)[ \t]*$", re.M)
REF_DEFINITION = re.compile(_BLOCK_PREFIX + r"\[[^\]\n]+\]:", re.M)
ANY_LINK = re.compile(r"\]\(\s*(?P<target>[^)\s]*)")
"""Every `](` that starts a link target, also where TEXT_LINK does not match (`[x]( url)`, `[a [b]](url)`)."""
SAFE_SCHEMES = tuple(LINK_PREFIXES.values())
_IMAGE_MESSAGE = "images are not allowed in text fields (describe the image in words)"
_PAGE_IMAGE_MESSAGE = "images must be files under docs/, linked relatively (put the image in docs/)"
# What every match of HEADING and of SETEXT_HEADING holds: cheap tests (they start with a
# literal line break, which the regex engine finds fast) before the expensive patterns.
_HEADING_HASH = re.compile(r"\n[ \t>*+\-0-9.)]*#")
_SETEXT_UNDERLINE = re.compile(r"\n[ \t>]*[=-]")


def lint_text(
    value: str,
    xref: XrefIndex,
    skip_kinds: set[str] | frozenset[str] = frozenset(),
    citations: list[FoundCitation] | None = None,
) -> list[tuple[int, str]]:
    """Problems in a restricted-Markdown text field: (line offset, message). The citations the
    text holds are appended to `citations` when given (they are found on the way)."""
    return [(value.count("\n", 0, pos), message) for pos, message in lint_text_at(value, xref, skip_kinds, citations)]


def offset_of(value: str, line: int, column: int) -> int:
    """The character offset of (0-based `line`, 0-based `column`) in `value`."""
    start = 0
    for _ in range(line):
        start = value.index("\n", start) + 1
    return start + column


def lint_text_at(
    value: str,
    xref: XrefIndex,
    skip_kinds: set[str] | frozenset[str] = frozenset(),
    citations: list[FoundCitation] | None = None,
    *,
    page: str | None = None,
) -> list[tuple[int, str]]:
    """`lint_text`, with each problem at its character offset in `value` (the first of the same
    problem on one line: `<b>x</b>` is one problem)."""
    found: list[tuple[int, str]] = []
    seen: set[tuple[int, str]] = set()
    for pos, message in _lint_text_at(value, xref, skip_kinds, citations, page):
        key = (value.count("\n", 0, pos), message)
        if key not in seen:
            seen.add(key)
            found.append((pos, message))
    return found


def _lint_text_at(
    value: str,
    xref: XrefIndex,
    skip_kinds: set[str] | frozenset[str],
    citations: list[FoundCitation] | None,
    page: str | None = None,
) -> list[tuple[int, str]]:
    """With `page` (a hand-written page's path under docs/): the rules for a whole page, where
    headings, link definitions, and relative links and images inside docs/ are fine."""
    out: list[tuple[int, str]] = []

    def at(pos: int) -> int:
        return pos

    # Each pattern runs only when the text holds a character that every match of it needs: most
    # text fields hold none, and the check of a large brief is mostly these scans.
    if "<" in value or "&" in value:
        for match in RAW_HTML.finditer(value):
            out.append(
                (at(match.start()), "raw HTML is not allowed in text (write Markdown; for a literal '<' write &lt;)")
            )
    if "{" in value:
        for match in ATTR_LIST.finditer(value):
            out.append((at(match.start()), "attribute lists '{: …}' are not allowed in text (remove it)"))
    if page is None and (value.lstrip(" \t>*+-0123456789.)").startswith("#") or _HEADING_HASH.search(value)):
        for match in HEADING.finditer(value):
            out.append((at(match.start()), "headings are not allowed in text fields (write a paragraph)"))
    if page is None and _SETEXT_UNDERLINE.search(value):
        for match in SETEXT_HEADING.finditer(value):
            out.append((at(match.end()), "headings are not allowed in text fields (write a paragraph)"))
    definitions: list[tuple[int, str]] = []
    if "]:" in value:
        for match in REF_DEFINITION.finditer(value):
            if page is not None:  # allowed on a page; its target is checked like a link's
                rest = value[match.end() :].split("\n", 1)[0].split()
                definitions.append((match.end(), rest[0].strip("<>") if rest else ""))
                continue
            out.append(
                (at(match.start()), "reference-style link definitions are not allowed (write [text](https://…) inline)")
            )
    if "--8<--" in value:
        out.append((at(value.index("--8<--")), "snippet includes '--8<--' are not allowed in text (remove it)"))

    def inside_docs(target: str) -> bool:
        """A relative link from a hand-written page to a file under docs/ (MkDocs checks it)."""
        assert page is not None
        parts = urlsplit(target)
        if parts.scheme or parts.netloc or target.startswith("/"):
            return False
        joined = posixpath.normpath(posixpath.join(posixpath.dirname(page), unquote(parts.path) or "."))
        return not joined.startswith("../") and joined != ".."

    def check_target(line: int, target: str, resolvable: bool = True) -> None:
        decoded = html.unescape(target).strip()
        if (
            page is not None
            and "&" not in target
            and decoded
            and inside_docs(decoded)
            and ":" not in decoded.split("/")[0]
        ):
            return
        if "&" in target or any(ord(ch) < 32 for ch in decoded):
            out.append(
                (line, f"link target '{target}' contains entities or control characters (write the URL plainly)")
            )
            return
        kind, _, ident = decoded.partition(":")
        if kind.lower() in LINK_KINDS and ident and not ident.startswith("//") and page is not None:
            found = xref.get(ident, kind.lower())
            where = f"PAGE{routes.SOURCE_SUFFIX}#ID"
            if found:
                where = f"{routes.relative(found.page, page)}#{found.anchor or ''}".rstrip("#")
            out.append((line, f"links by id ({decoded}) work in content text, not on pages (link the page: {where})"))
            return
        if kind.lower() in LINK_KINDS and ident and not ident.startswith("//"):
            kind = kind.lower()
            if not resolvable:
                # The page renderer resolves only what TEXT_LINK reads; this would be a dead link.
                out.append(
                    (
                        line,
                        f"link to {kind} '{ident}' is not in a form briefgen resolves "
                        f"(write [text]({kind}:{ident}) on one line, with plain link text and no space after '(')",
                    )
                )
            elif xref.get(ident, kind) is None and kind not in skip_kinds:
                hint = did_you_mean(ident, xref.ids_of(kind))
                out.append(
                    (
                        line,
                        f"link to unknown {kind} '{ident}'" + (f" ({hint})" if hint else f" (use the id of a {kind})"),
                    )
                )
            return
        if not decoded.lower().startswith(SAFE_SCHEMES):
            fix = "KIND:id, e.g. claim:some-claim" if page is None else "a relative link to a file under docs/"
            out.append((line, f"link target '{target}' is not allowed (use https://…, mailto:… or {fix})"))

    for pos, target in definitions:
        check_target(pos, target)
    read: set[int] = set()
    for match in TEXT_LINK.finditer(value) if "](" in value else ():
        read.add(match.end("text"))
        line = at(match.start())
        if match.group(1):
            if page is not None and inside_docs(html.unescape(match.group("target")).strip()):
                continue
            out.append((line, _IMAGE_MESSAGE if page is None else _PAGE_IMAGE_MESSAGE))
            continue
        check_target(line, match.group("target"), resolvable=True)
    # Python-Markdown also reads links that TEXT_LINK does not: a space or line break after '(',
    # brackets or code in the link text. Their targets get the same checks.
    for match in ANY_LINK.finditer(value) if "](" in value else ():
        if match.start() in read:
            continue
        depth, opener = 0, -1
        for i in range(match.start() - 1, -1, -1):
            if value[i] == "]":
                depth += 1
            elif value[i] == "[":
                if depth == 0:
                    opener = i
                    break
                depth -= 1
        if opener > 0 and value[opener - 1] == "!":
            if page is not None and inside_docs(html.unescape(match.group("target")).strip()):
                continue
            out.append((at(match.start()), _IMAGE_MESSAGE if page is None else _PAGE_IMAGE_MESSAGE))
            continue
        check_target(at(match.start()), match.group("target"), resolvable=False)
    if page is not None:
        return out  # citations on pages are checked with the page (_check_handwritten_pages)
    # `[@key p. 5]` (no comma) is no citation: it would be published as it stands.
    malformed: list[tuple[int, str]] = []
    found = list(find_citations(value, malformed=malformed))
    if citations is not None:
        citations.extend(found)
    for line, raw in malformed:
        line_text = value.split("\n")[line]
        out.append(
            (
                offset_of(value, line, max(line_text.find(raw), 0)),
                f"citation {raw} is not in a form briefgen reads "
                "(write [@key] or [@key, p. 5]; separate several with ';')",
            )
        )
    return out
