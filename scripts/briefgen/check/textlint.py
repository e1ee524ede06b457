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
    rules = _TextRules(value, xref, skip_kinds, page)
    rules.markup()
    definitions = rules.definitions()
    rules.snippets()
    for pos, target in definitions:
        rules.target(pos, target)
    rules.links()
    if page is None:  # citations on pages are checked with the page (check/handwritten.py)
        rules.citations(citations)
    return rules.out


class _TextRules:
    """The rules of restricted Markdown over one text value, each a method; `out` collects
    (character offset, message). Each pattern runs only when the text holds a character that
    every match of it needs: most text fields hold none, and checking a large brief is mostly
    these scans."""

    def __init__(self, value: str, xref: XrefIndex, skip_kinds: set[str] | frozenset[str], page: str | None) -> None:
        self.value, self.xref, self.skip_kinds, self.page = value, xref, skip_kinds, page
        self.out: list[tuple[int, str]] = []

    def markup(self) -> None:
        """Raw HTML, attribute lists and (in a text field) headings."""
        value, page = self.value, self.page
        if "<" in value or "&" in value:
            for match in RAW_HTML.finditer(value):
                message = "raw HTML is not allowed in text (write Markdown; for a literal '<' write &lt;)"
                self.out.append((match.start(), message))
        if "{" in value:
            for match in ATTR_LIST.finditer(value):
                self.out.append((match.start(), "attribute lists '{: …}' are not allowed in text (remove it)"))
        if page is None and (value.lstrip(" \t>*+-0123456789.)").startswith("#") or _HEADING_HASH.search(value)):
            for match in HEADING.finditer(value):
                self.out.append((match.start(), "headings are not allowed in text fields (write a paragraph)"))
        if page is None and _SETEXT_UNDERLINE.search(value):
            for match in SETEXT_HEADING.finditer(value):
                self.out.append((match.end(), "headings are not allowed in text fields (write a paragraph)"))

    def definitions(self) -> list[tuple[int, str]]:
        """Reference-style link definitions: refused in a text field; on a page, their targets
        (returned) are checked like a link's."""
        found: list[tuple[int, str]] = []
        if "]:" not in self.value:
            return found
        for match in REF_DEFINITION.finditer(self.value):
            if self.page is not None:
                rest = self.value[match.end() :].split("\n", 1)[0].split()
                found.append((match.end(), rest[0].strip("<>") if rest else ""))
                continue
            message = "reference-style link definitions are not allowed (write [text](https://…) inline)"
            self.out.append((match.start(), message))
        return found

    def snippets(self) -> None:
        """Snippet includes (pymdownx `--8<--`), which would read files."""
        if "--8<--" in self.value:
            self.out.append(
                (self.value.index("--8<--"), "snippet includes '--8<--' are not allowed in text (remove it)")
            )

    def inside_docs(self, target: str) -> bool:
        """A relative link from a hand-written page to a file under docs/ (MkDocs checks it)."""
        if self.page is None:
            return False
        parts = urlsplit(target)
        if parts.scheme or parts.netloc or target.startswith("/"):
            return False
        joined = posixpath.normpath(posixpath.join(posixpath.dirname(self.page), unquote(parts.path) or "."))
        return not joined.startswith("../") and joined != ".."

    def target(self, pos: int, target: str, resolvable: bool = True) -> None:
        """A link's target: plain, to an id of the brief (in text) or a file under docs/ (on a
        page), or a URL of a scheme in LINK_PREFIXES."""
        decoded = html.unescape(target).strip()
        if "&" not in target and decoded and self.inside_docs(decoded) and ":" not in decoded.split("/")[0]:
            return
        if "&" in target or any(ord(ch) < 32 for ch in decoded):
            message = f"link target '{target}' contains entities or control characters (write the URL plainly)"
            self.out.append((pos, message))
            return
        kind, _, ident = decoded.partition(":")
        if kind.lower() in LINK_KINDS and ident and not ident.startswith("//"):
            self.id_target(pos, decoded, kind.lower(), ident, resolvable)
        elif not decoded.lower().startswith(SAFE_SCHEMES):
            fix = "KIND:id, e.g. claim:some-claim" if self.page is None else "a relative link to a file under docs/"
            self.out.append((pos, f"link target '{target}' is not allowed (use https://…, mailto:… or {fix})"))

    def id_target(self, pos: int, decoded: str, kind: str, ident: str, resolvable: bool) -> None:
        """`KIND:id`: an id of the brief that exists, written in the form the renderer resolves;
        on a page, a link to the page instead."""
        if self.page is not None:
            found = self.xref.get(ident, kind)
            where = f"PAGE{routes.SOURCE_SUFFIX}#ID"
            if found:
                where = f"{routes.relative(found.page, self.page)}#{found.anchor or ''}".rstrip("#")
            message = f"links by id ({decoded}) work in content text, not on pages (link the page: {where})"
            self.out.append((pos, message))
        elif not resolvable:
            # The page renderer resolves only what TEXT_LINK reads; this would be a dead link.
            self.out.append(
                (
                    pos,
                    f"link to {kind} '{ident}' is not in a form briefgen resolves "
                    f"(write [text]({kind}:{ident}) on one line, with plain link text and no space after '(')",
                )
            )
        elif self.xref.get(ident, kind) is None and kind not in self.skip_kinds:
            hint = did_you_mean(ident, self.xref.ids_of(kind))
            fix = f" ({hint})" if hint else f" (use the id of a {kind})"
            self.out.append((pos, f"link to unknown {kind} '{ident}'" + fix))

    def image(self, pos: int, target: str) -> None:
        """An image: refused in a text field; on a page, allowed from a file under docs/."""
        if not self.inside_docs(html.unescape(target).strip()):
            self.out.append((pos, _IMAGE_MESSAGE if self.page is None else _PAGE_IMAGE_MESSAGE))

    def links(self) -> None:
        """Every link and image: those TEXT_LINK reads, then those only Python-Markdown reads (a
        space or line break after '(', brackets or code in the link text), whose targets get the
        same checks."""
        if "](" not in self.value:
            return
        read: set[int] = set()
        for match in TEXT_LINK.finditer(self.value):
            read.add(match.end("text"))
            if match.group(1):
                self.image(match.start(), match.group("target"))
            else:
                self.target(match.start(), match.group("target"), resolvable=True)
        for match in ANY_LINK.finditer(self.value):
            if match.start() in read:
                continue
            opener = _opening_bracket(self.value, match.start())
            if opener > 0 and self.value[opener - 1] == "!":
                self.image(match.start(), match.group("target"))
            else:
                self.target(match.start(), match.group("target"), resolvable=False)

    def citations(self, citations: list[FoundCitation] | None) -> None:
        """`[@key p. 5]` (no comma) is no citation: it would be published as it stands."""
        malformed: list[tuple[int, str]] = []
        found = list(find_citations(self.value, malformed=malformed))
        if citations is not None:
            citations.extend(found)
        for line, raw in malformed:
            line_text = self.value.split("\n")[line]
            self.out.append(
                (
                    offset_of(self.value, line, max(line_text.find(raw), 0)),
                    f"citation {raw} is not in a form briefgen reads "
                    "(write [@key] or [@key, p. 5]; separate several with ';')",
                )
            )


def _opening_bracket(value: str, close: int) -> int:
    """Where the `[` that matches the `]` at `close` is (-1 when there is none)."""
    depth = 0
    for i in range(close - 1, -1, -1):
        if value[i] == "]":
            depth += 1
        elif value[i] == "[":
            if depth == 0:
                return i
            depth -= 1
    return -1
