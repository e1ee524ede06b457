"""Glossary terms marked on first use, and hover previews of citations and cross-references.

Everything is decided at build time, page by page: `mark_page` reads one page's sanitised HTML,
marks the first use of each glossary term (its first link, or the first time one of its `forms`
appears in prose) and every link to a claim, event, actor or work on another page, and returns
the tooltips that page needs. The tooltips are plain elements (`role="tooltip"`) in a hidden
block placed after the content by the theme template, so the site needs no fetch and works from
file://; a page carries only its own previews, never the whole brief. briefgen.js shows them.

Preview text is plain text, escaped here; the formatted references are the bibliography's own
HTML. The whole block goes through the same nh3 allow-list as every page before it is placed.
"""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from urllib.parse import unquote, urlsplit

from briefgen.base import routes
from briefgen.base.pathrules import HTML_VOID_ELEMENTS
from briefgen.base.typography import nbsp
from briefgen.cite.works import FormattedWorks
from briefgen.index.context import BriefContext
from briefgen.index.xref import Target
from briefgen.model.glossary import Actor, Term
from briefgen.model.timeline import Event
from briefgen.render.markup import attr, lang_of
from briefgen.render.sanitize import sanitize_html
from briefgen.render.tooltips import (
    actor_preview_html,
    claim_preview_html,
    event_preview_html,
    preview_text,
    term_tip_html,
    tip_html,
    work_preview_html,
)

TIP_ID_PREFIX = "bg_tip_"
"""Tooltip ids: content ids cannot hold '_', so these never collide with a claim's or a term's."""
MAX_TIPS_PER_PAGE = 300
"""A page that links more targets than this (a long works-cited page) previews only the first
ones: each preview adds a few hundred bytes, and a page must stay light at 2,000 pages."""
PREVIEW_KINDS = frozenset({"claim", "event", "term", "actor", "work"})

# Where a term is never marked and a link gets no preview: headings, the cite-this-page block,
# the reference list (it already shows each reference), and the tooltips themselves.
_NO_TIPS_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6", "script", "style", "svg", "math"})
_NO_TIPS_CLASSES = frozenset({"bg-cite-page", "bg-references", "bg-tips", "bg-tip", "headerlink"})
# Where prose is not searched for term forms: also links, code, citations and bibliographic
# records, and text that is itself a name or a title.
_NO_DETECT_TAGS = _NO_TIPS_TAGS | {"a", "code", "pre", "kbd", "samp", "button", "dfn", "abbr", "time", "textarea"}
_NO_DETECT_CLASSES = _NO_TIPS_CLASSES | {
    "bg-cite",
    "bg-record",
    "bg-works",
    "bg-original-title",
    "bg-loc",
    "bg-cite-claim",
    "bg-claim-no",
    "bg-diff",  # a claim's words as two versions had them (render/editions.py), not this page's prose
}
# The sanitiser's output is regular: every attribute value is double-quoted, comments are gone,
# and '<' in text is escaped, so a tag is exactly this and everything else is text.
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[^\s=/>\"']+(?:=\"[^\"]*\")?)*)\s*/?>")
_ATTR = re.compile(r"\s+([^\s=/>\"']+)(?:=\"([^\"]*)\")?")


# --- term forms --------------------------------------------------------------------------------


@dataclass(frozen=True)
class FormMatcher:
    """Finds the `forms` of glossary terms in prose: whole words only; abbreviations match
    case-sensitively, other terms ignoring case; the longest form wins where forms overlap."""

    pattern: re.Pattern[str] | None
    exact: dict[str, str]
    """Form -> term id, for abbreviations."""
    folded: dict[str, str]
    """Casefolded form -> term id, for terms."""

    @classmethod
    def of(cls, terms: Iterable[Term]) -> FormMatcher:
        exact: dict[str, str] = {}
        folded: dict[str, str] = {}
        alternatives: list[tuple[str, bool]] = []
        for term in terms:
            # As the pages write it: "В. В. Путин" with its non-breaking spaces (typography.py).
            for form in map(nbsp, term.forms):
                if term.kind == "abbreviation":
                    exact.setdefault(form, term.id)
                else:
                    folded.setdefault(form.casefold(), term.id)
                alternatives.append((form, term.kind != "abbreviation"))
        if not alternatives:
            return cls(None, exact, folded)
        alternatives.sort(key=lambda a: -len(a[0]))
        body = "|".join(f"(?i:{re.escape(f)})" if fold else re.escape(f) for f, fold in alternatives)
        return cls(re.compile(rf"(?<!\w)(?:{body})(?!\w)"), exact, folded)

    def find(self, text: str, skip: set[str] | frozenset[str] = frozenset()) -> Iterator[tuple[int, int, str]]:
        """(start, end, term id) of each form in `text`, left to right, of terms not in `skip`;
        each term at most once."""
        if self.pattern is None:
            return
        seen = set(skip)
        for match in self.pattern.finditer(text):
            found = match.group(0)
            term_id = self.exact.get(found) or self.folded.get(found.casefold())
            if term_id is None or term_id in seen:
                continue
            seen.add(term_id)
            yield match.start(), match.end(), term_id


# --- the per-build index and the page marker -----------------------------------------------------


@dataclass
class PreviewIndex:
    """What the marker needs from the build, computed once: targets by URL, term forms, and
    each target's preview (page-independent parts are cached)."""

    ctx: BriefContext
    works: FormattedWorks
    by_url: dict[tuple[str, str], Target] = field(default_factory=dict)
    forms: FormMatcher = field(default_factory=lambda: FormMatcher(None, {}, {}))
    terms: dict[str, Term] = field(default_factory=dict)
    events: dict[str, Event] = field(default_factory=dict)
    actors: dict[str, Actor] = field(default_factory=dict)
    _cache: dict[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, ctx: BriefContext, works: FormattedWorks) -> PreviewIndex:
        index = cls(
            ctx,
            works,
            forms=FormMatcher.of(ctx.glossary.terms),
            terms={t.id: t for t in ctx.glossary.terms},
            events={e.id: e for e in ctx.timeline.events},
            actors={a.id: a for a in ctx.glossary.actors},
        )
        for target in ctx.xref.targets.values():
            if target.kind in PREVIEW_KINDS and target.anchor:
                index.by_url[(routes.page_url(target.page), target.anchor)] = target
        return index

    def target_of(self, href: str, page: str) -> Target | None:
        """The target an internal link on `page` (a source path) points to, if it has a preview."""
        parts = urlsplit(html.unescape(href))
        if parts.scheme or parts.netloc or not parts.fragment:
            return None
        here = routes.page_url(page)
        path = unquote(parts.path)
        resolved = here if not path else posixpath.normpath(posixpath.join(posixpath.dirname(here), path))
        return self.by_url.get((resolved, unquote(parts.fragment)))

    def preview(self, target: Target, page: str) -> str:
        """The inner HTML of `target`'s tooltip as seen from `page`."""
        if target.kind == "term":
            # Only the link to the glossary depends on the page: pages in one folder share it.
            href = routes.html_path_link(routes.GLOSSARY, target.id, page)
            key = f"term:{target.id}:{href}"
            if key not in self._cache:
                self._cache[key] = self._term(self.terms[target.id], href)
            return self._cache[key]
        key = f"{target.kind}:{target.id}"
        if key not in self._cache:
            self._cache[key] = self._render(target)
        return self._cache[key]

    def _term(self, term: Term, href: str) -> str:
        see = self.ctx.xref.get(term.see, "term") if term.see else None
        return term_tip_html(
            term,
            lang_of(self.ctx, self.ctx.primary_source),
            href,
            preview_text(term.definition or "", self.works),
            see.label if see else None,
        )

    def _render(self, target: Target) -> str:
        ctx = self.ctx
        if target.kind == "claim":
            claim = ctx.claim(target.id)
            _article, part = ctx.claim_part[target.id]
            return claim_preview_html(
                ctx.claim_numbers[target.id], part.title.best(), preview_text(claim.text, self.works), claim.locator
            )
        if target.kind == "event":
            return event_preview_html(self.events[target.id])
        if target.kind == "actor":
            actor = self.actors[target.id]
            return actor_preview_html(
                actor, lang_of(ctx, ctx.primary_source), preview_text(actor.description or "", self.works)
            )
        entries = {style: self.works.entry(target.id, style) for style in self.works.by_style}
        return work_preview_html(entries, self.works.default, lang_of(ctx, target.id))


@dataclass(frozen=True)
class MarkedPage:
    """A page's content with its terms and previews marked, and its tooltips."""

    html: str
    """The page content with its terms marked and its previewed links pointing at their tooltips."""
    tips: str
    """The hidden block of tooltips (empty when the page needs none), already sanitised."""


def _classes(attrs: str) -> set[str]:
    for name, value in _ATTR.findall(attrs):
        if name == "class":
            return set(html.unescape(value).split())
    return set()


def _attr(attrs: str, wanted: str) -> str | None:
    for name, value in _ATTR.findall(attrs):
        if name == wanted:
            return html.unescape(value)
    return None


def _with_trigger(tag: str, attrs: str, css_class: str, tip_id: str) -> str:
    """A start tag made into a tooltip trigger: the class added, the tooltip referenced."""
    if _attr(attrs, "class") is not None:
        attrs = re.sub(r'(\sclass=")', rf"\1{css_class} ", attrs, count=1)
    else:
        attrs += f' class="{css_class}"'
    return f'<{tag}{attrs} aria-describedby="{tip_id}" data-bg-tip="{tip_id}">'


def term_mark_html(text: str, tip_id: str) -> str:
    """An automatically found term in prose: focusable, a toggle for touch and keyboard."""
    return (
        f'<span class="bg-term-first bg-term-auto" role="button" tabindex="0" '
        f'aria-describedby="{tip_id}" data-bg-tip="{tip_id}">{attr(text)}</span>'
    )


def mark_page(content: str, page: str, index: PreviewIndex) -> MarkedPage:  # noqa: C901 - one pass of a tokenizer: the stack of open elements is its state
    """Mark the first use of each term on `page` (source path) and the links that get a preview.

    `content` is the sanitiser's output (see _TAG). Later uses of a term stay as they are."""
    out: list[str] = []
    tips: dict[str, tuple[str, str]] = {}
    """Target key -> (tooltip id, tooltip HTML), in the order the page first needs them."""
    used_terms: set[str] = set()
    stack: list[tuple[str, bool, bool]] = []
    """Open elements: (tag, no tips inside, no term detection inside)."""
    no_tips = no_detect = 0
    glossary = page == routes.GLOSSARY  # the glossary defines every term; nothing to mark there

    def tip_for(target: Target) -> str | None:
        key = f"{target.kind}:{target.id}"
        if key not in tips:
            if len(tips) >= MAX_TIPS_PER_PAGE:
                return None
            tip_id = f"{TIP_ID_PREFIX}{len(tips) + 1}"
            tips[key] = (tip_id, tip_html(tip_id, target.kind, index.preview(target, page)))
        return tips[key][0]

    def mark_text(text: str) -> str:
        plain = html.unescape(text)
        pieces: list[str] = []
        last = 0
        for start, end, term_id in index.forms.find(plain, used_terms):
            target = index.ctx.xref.get(term_id, "term")
            tip_id = tip_for(target) if target is not None else None
            if tip_id is None:
                continue
            used_terms.add(term_id)
            pieces.append(html.escape(plain[last:start], quote=False))
            pieces.append(term_mark_html(plain[start:end], tip_id))
            last = end
        if not pieces:
            return text
        pieces.append(html.escape(plain[last:], quote=False))
        return "".join(pieces)

    pos = 0
    for match in _TAG.finditer(content):
        text = content[pos : match.start()]
        if text:
            out.append(mark_text(text) if not (no_detect or glossary) else text)
        pos = match.end()
        closing, tag, attrs = match.group(1) == "/", match.group(2).lower(), match.group(3)
        if closing:
            while any(open_tag == tag for open_tag, _, _ in stack):
                open_tag, stops_tips, stops_detect = stack.pop()
                no_tips -= stops_tips
                no_detect -= stops_detect
                if open_tag == tag:
                    break
            out.append(match.group(0))
            continue
        classes = _classes(attrs)
        stops_tips = tag in _NO_TIPS_TAGS or bool(classes & _NO_TIPS_CLASSES)
        stops_detect = stops_tips or tag in _NO_DETECT_TAGS or bool(classes & _NO_DETECT_CLASSES)
        replaced = match.group(0)
        if tag == "a" and not no_tips and not stops_tips:
            target = index.target_of(_attr(attrs, "href") or "", page)
            if target is not None and routes.page_url(target.page) != routes.page_url(page):
                if target.kind == "term":
                    if target.id not in used_terms:
                        tip_id = tip_for(target)
                        if tip_id is not None:
                            used_terms.add(target.id)
                            replaced = _with_trigger(tag, attrs, "bg-term-first", tip_id)
                else:
                    tip_id = tip_for(target)
                    if tip_id is not None:
                        replaced = _with_trigger(tag, attrs, "bg-has-preview", tip_id)
        out.append(replaced)
        if tag not in HTML_VOID_ELEMENTS and not match.group(0).endswith("/>"):
            stack.append((tag, stops_tips, stops_detect))
            no_tips += stops_tips
            no_detect += stops_detect
    tail = content[pos:]
    if tail:
        out.append(mark_text(tail) if not (no_detect or glossary) else tail)
    block = ""
    if tips:
        block = sanitize_html('<div class="bg-tips" hidden>' + "".join(t for _, t in tips.values()) + "</div>")
    return MarkedPage("".join(out), block)
