"""What every page renderer shares: escaping, text fields with their links, locators, dates,
labels. Pure: strings only.

Plain-text fields (titles, names) are escaped so they can never become markup; text fields were
checked as restricted Markdown during validation and are inserted with their internal links
(`claim:id`) resolved through the cross-reference index.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable

from briefgen.base import routes
from briefgen.base.languages import html_lang
from briefgen.base.typography import nbsp
from briefgen.cite.syntax import TEXT_LINK
from briefgen.index.context import BriefContext
from briefgen.index.xref import LINK_KINDS
from briefgen.load.bibtex import BibEntry
from briefgen.model.common import Localized, Locator
from briefgen.model.priorities import Hierarchy

ASSESSMENT_LABELS = {
    "attained": "Attained",
    "mostly": "Mostly attained",
    "partly": "Partly attained",
    "not-attained": "Not attained",
    "not-assessed": "Not assessed in the source",
}
STATUS_LABELS = {
    "verified": "Checked against a public record",
    "partial": "Partly checked against a public record",
    "unverified": "Not verified",
}
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|@~&$^=])")
_MD_LINE_START = re.compile(r"^([ \t]*(?:\d+)?)([-.])", re.M)
"""What makes a block only at the start of a line: `- x` and `1. x` (lists), `---` (a rule or a
heading underline). Escaped there only, so ordinary text keeps its dashes and full stops."""
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def esc(text: str) -> str:
    """Plain text -> Markdown that renders as exactly that text (never as markup), with the
    non-breaking spaces of typography.py."""
    escaped = _MD_SPECIAL.sub(lambda m: f"&#{ord(m.group(1))};", nbsp(text))
    return _MD_LINE_START.sub(lambda m: f"{m.group(1)}&#{ord(m.group(2))};", escaped)


def attr(text: str) -> str:
    """Plain text for an HTML attribute or raw HTML content."""
    return html.escape(text, quote=True)


def text_md(value: str, ctx: BriefContext, page: str) -> str:
    """A validated text field, with `[t](claim:id)` links pointed at their pages."""

    def link(match: re.Match[str]) -> str:
        kind, _, ident = match.group("target").partition(":")
        if kind.lower() in LINK_KINDS and ident and not ident.startswith("//"):
            target = ctx.xref.get(ident, kind.lower())
            if target is not None:
                return f"[{match.group('text')}]({ctx.xref.md_link(target, page)})"
        return match.group(0)

    return TEXT_LINK.sub(link, nbsp(value.strip()))


INFERRED_TITLE = "Page number inferred: it is not printed in the source"


def _pages_label(locator: Locator, prefix: str) -> str:
    return "pp." if prefix == "p." and locator.is_range() else prefix


def locator_text(locator: Locator, prefix: str = "p.") -> str:
    """`p. 66`, `pp. 63–65`, inferred pages in brackets: `p. [63]`, `pp. 66–[67]` (only the end of
    the range is inferred); `prefix="с."` gives the Russian `с. 66–[67]`."""
    return f"{_pages_label(locator, prefix)} {locator.marked()}"


def locator_html(locator: Locator, prefix: str = "p.") -> str:
    """The locator as a span; what is inferred is underlined and says so on hover."""
    ends = locator.ends()
    if locator.inferred in ("start", "end") and ends is not None:
        start, dash, end = (esc(part) for part in ends)
        page = end if locator.inferred == "end" else start
        title = f"Page {page} inferred: it is not printed in the source"
        marked = f'<span class="bg-inferred" title="{title}">&#91;{page}&#93;</span>'
        pages = f"{start}{dash}{marked}" if locator.inferred == "end" else f"{marked}{dash}{end}"
        return f'<span class="bg-loc">{esc(_pages_label(locator, prefix))} {pages}</span>'
    text = esc(locator_text(locator, prefix))
    if locator.inferred:
        return f'<span class="bg-loc bg-inferred" title="{INFERRED_TITLE}">{text}</span>'
    return f'<span class="bg-loc">{text}</span>'


def counted(n: int, noun: str) -> str:
    """`1 part`, `6 parts`."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def format_date(value: str) -> str:
    """`2024-06-19` -> `19 June 2024`; `2024-06` -> `June 2024`; `2024` -> `2024`."""
    parts = [int(p) for p in value.split("-")]
    if len(parts) == 3:
        return f"{parts[2]} {MONTHS[parts[1] - 1]} {parts[0]}"
    if len(parts) == 2:
        return f"{MONTHS[parts[1] - 1]} {parts[0]}"
    return str(parts[0])


def lang_of(ctx: BriefContext, key: str) -> str:
    """The HTML `lang` of a work's text: its langid's language ("" when not known)."""
    entry = ctx.bibliography.get(key)
    return html_lang(entry.language) if entry else ""


def original_title(title: Localized, lang: str) -> str:
    """The title in the source's language, under the English one (when it differs)."""
    if not title.original or title.original == title.en:
        return ""
    lang_attr = f' lang="{lang}"' if lang else ""
    return f'<p class="bg-original-title"{lang_attr}>{esc(title.original)}</p>\n\n'


def claim_link(ctx: BriefContext, claim_id: str, page: str, with_text: bool = False) -> str:
    """A link to a claim by its § number (and its text, with `with_text`)."""
    target = ctx.xref.require(claim_id, "claim")
    label = f"§{ctx.claim_numbers[claim_id]}"
    if with_text:
        return f"[{label}]({ctx.xref.md_link(target, page)}) {text_md(ctx.claim(claim_id).text, ctx, page)}"
    return f"[{label}]({ctx.xref.md_link(target, page)})"


def id_links(ctx: BriefContext, ids: Iterable[str], kind: str, page: str) -> str:
    """Links to the ids of one kind, by their labels."""
    out = []
    for ident in ids:
        target = ctx.xref.get(ident, kind)
        if target is not None:
            out.append(f"[{esc(target.label)}]({ctx.xref.md_link(target, page)})")
    return ", ".join(out)


def goals_label(hierarchy: Hierarchy) -> str:
    """`Overall goal` or `Overall goals`."""
    return "Overall goal" if len(hierarchy.goals) == 1 else "Overall goals"


def editorial_block(label: str, body_md: str) -> str:
    """Text that is ours, not the source's: a box whose label says so."""
    return (
        f'<div class="bg-editorial" markdown>\n<p class="bg-editorial-label"><strong>{attr(label)}</strong> '
        "· editorial: ours, not the source's</p>\n\n"
        f"{body_md}\n\n</div>\n\n"
    )


def status_text(entry: BibEntry) -> str:
    """A work's verification status, in words, with its note."""
    status = entry.fields.get("verification", "unverified")
    note = entry.fields.get("verificationnote", "")
    text = STATUS_LABELS.get(status, status)
    return f'<span class="bg-status bg-status-{attr(status)}">{esc(text)}</span>' + (f": {esc(note)}" if note else "")


def page_label(page: str) -> str:
    """How a hand-written page is named in a list of links: `Home`, `About this brief`."""
    return {routes.HOME: "Home", routes.ABOUT: "About this brief"}.get(page, routes.page_stem(page))
