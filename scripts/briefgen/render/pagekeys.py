"""Each page's cache key: a hash of everything its rendering reads.

A page is rendered again only when its key changes, so the key holds every input: the page's
Markdown with what the site adds to it (header, edition line, cite block, head tags: their
values are in the text), the citations it makes in every style with their order in each
reference list, what the preview of every claim, event, actor or work it links to shows, the
glossary (its terms are marked wherever their forms appear), its search-section titles, the
Markdown settings and briefgen's own code. Editing one claim changes the key of its page and of
the pages that link to it, and nothing else. A hand-written page's key also holds the list of
the site's files (its links are free-form: whether each leads somewhere is part of its
rendering). Pure: values in, a hash out.
"""

from __future__ import annotations

import hashlib
import json
import posixpath
import re
from functools import cache
from typing import Any

import briefgen
from briefgen.base import routes
from briefgen.cite.syntax import GROUP_PATTERN, parse_group
from briefgen.cite.works import FormattedWorks
from briefgen.index.context import BriefContext
from briefgen.index.xref import Target
from briefgen.load.cache import package_digest
from briefgen.render.chrome import PageMarkdown
from briefgen.render.previews import PreviewIndex
from briefgen.render.renderer import SiteRenderer

FORMAT = 2
"""Changes when the page file or the key's recipe changes."""
RENDER_PACKAGES = (
    "Markdown",
    "pymdown-extensions",
    "nh3",
    "pybtex",
    "latexcodec",
    "PyYAML",
    "pydantic",
    "anyascii",
    "confusable-homoglyphs",
    "iuliia",
    "pypandoc-binary",
)
"""The libraries whose output is part of a page (Markdown, sanitising, the bibliography, pandoc):
a new version of any of them renders every page again."""
_CITATION = re.compile(GROUP_PATTERN)
_LINK = re.compile(r"\]\(\s*<?([^)\s>]+)|href=\"([^\"]+)\"|^[ ]{0,3}\[[^\]\n]+\]:\s*<?([^\s>]+)", re.M)
"""Link targets in Markdown and raw HTML: `[t](url)`, `href="url"`, `[ref]: url`."""


@cache
def code_digest() -> str:
    """The version of briefgen, of the libraries that shape a page, and every file of the package."""
    code = package_digest(RENDER_PACKAGES)
    return hashlib.sha256(f"briefgen {briefgen.__version__} pages {FORMAT} {code}".encode()).hexdigest()


def _hash(value: Any) -> str:
    return hashlib.sha256(json.dumps(value, ensure_ascii=False, sort_keys=True, default=str).encode()).hexdigest()


class PageKeys:
    """Cache keys for the pages of one run."""

    def __init__(
        self,
        ctx: BriefContext,
        works: FormattedWorks,
        previews: PreviewIndex,
        sections: dict[str, dict[str, str]],
        *,
        markdown: str,
        files: frozenset[str],
    ) -> None:
        self.ctx = ctx
        self.works = works
        self.previews = previews
        self.sections = sections
        self.renderer = SiteRenderer(ctx, works)
        primary = ctx.bibliography.get(ctx.primary_source)
        glossary = [
            [t.model_dump(mode="json"), _formatted_citations(works, t.definition or "")] for t in ctx.glossary.terms
        ]
        self.common = _hash(
            [code_digest(), markdown, glossary, primary.language if primary else "", self.works.default]
        )
        self._files_digest: str | None = None
        self.files = files
        self._ranks = {style: {k: i for i, k in enumerate(works.order(style))} for style in works.by_style}
        self._targets: dict[tuple[str, str], Target | None] = {}
        """(link, the folder or page it is resolved from) -> its target: many pages link alike."""
        self._previews: dict[tuple[str, str], str] = {}
        """Target -> a hash of what its preview is made of (the same for every page)."""

    def key(self, src: str, page: PageMarkdown, front: dict[str, Any], *, handwritten: bool) -> str:
        """The key of page `src`, whose Markdown (with the site's additions) is `page`."""
        parts: list[Any] = [self.common, src, page.markdown, page.meta, front, self.sections.get(src, {})]
        parts.append(self._citations(page.markdown, src))
        parts.append(self._linked(page.markdown, src))
        if handwritten:  # its links are free-form: whether each reaches a file is part of it
            parts.append(self._files())
        return _hash(parts)

    def _citations(self, markdown: str, src: str) -> list[Any]:
        """Each citation in every style (what its HTML on page `src` is made of: the key holds
        `src`) and the page's reference list in every style, in its order."""
        renderer, works = self.renderer, self.works
        styles = works.styles()
        out: list[Any] = []
        keys: dict[str, None] = {}
        for match in _CITATION.finditer(markdown):
            group = parse_group(match.group("body"))
            if group is None or not all(renderer.known(k) for k in group.keys):
                continue
            out.append([works.cite(group, style) for style in styles])
            keys.update(dict.fromkeys(group.keys))
        for style, _shown in renderer.reference_styles():
            rank = self._ranks[style]
            # As renderer.reference_order: the style's order, keys it does not list left out.
            ordered = sorted((k for k in keys if k in rank), key=rank.__getitem__)
            out.append([(k, works.entry(k, style)) for k in ordered])
        return out

    def _linked(self, markdown: str, src: str) -> list[Any]:
        """What the previews of the page's links show (by their inputs, not their HTML)."""
        out: list[Any] = []
        seen: set[str] = set()
        here = routes.page_url(src)
        folder = posixpath.dirname(here)
        for match in _LINK.finditer(markdown):
            href = next(g for g in match.groups() if g)
            if href in seen:
                continue
            seen.add(href)
            path, sep, anchor = href.partition("#")
            url = f"{routes.page_url(path)}{sep}{anchor}"
            # A link that starts with a path resolves against the page's folder, the same for
            # every page there; any other (an anchor, a query, an entity...) against the page.
            memo = (url, folder if url[:1].isalnum() or url[:1] == "." else here)
            if memo not in self._targets:
                self._targets[memo] = self.previews.target_of(url, src)
            target = self._targets[memo]
            if target is not None:
                out.append([href, self._preview(target)])
        return out

    def _preview(self, target: Target) -> str:
        memo = (target.kind, target.id)
        if memo not in self._previews:
            self._previews[memo] = _hash(preview_inputs(self.previews, target))
        return self._previews[memo]

    def _files(self) -> str:
        if self._files_digest is None:
            self._files_digest = _hash(sorted(self.files))
        return self._files_digest


def preview_inputs(index: PreviewIndex, target: Target) -> Any:
    """What a target's preview is made of (previews.py shows it), with the citations its text
    makes, as formatted."""
    ctx, works = index.ctx, index.works
    if target.kind == "claim":
        claim = ctx.claim(target.id)
        _article, part = ctx.claim_part[target.id]
        text = claim.text
        data: Any = [ctx.claim_numbers[target.id], part.title.best(), text, claim.locator.model_dump(mode="json")]
    elif target.kind == "work":
        entry = ctx.bibliography.get(target.id)
        return [[works.entry(target.id, style) for style in works.by_style], entry.language if entry else ""]
    else:
        item = index.events.get(target.id) or index.actors.get(target.id) or index.terms.get(target.id)
        data = item.model_dump(mode="json") if item is not None else None
        text = json.dumps(data, ensure_ascii=False)
    return [data, _formatted_citations(works, text)]


def _formatted_citations(works: FormattedWorks, text: str) -> list[str]:
    out = []
    for match in _CITATION.finditer(text):
        group = parse_group(match.group("body"))
        if group is not None:
            try:
                out.append(works.cite(group))
            except KeyError:
                out.append("")
    return out
