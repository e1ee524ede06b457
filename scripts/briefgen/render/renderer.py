"""The build's shared state: the validated context and the formatted citations.

The MkDocs hook and the Markdown extension run in one process; they meet here. Nothing in this
module reads or writes files.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from briefgen.base.errors import Problem
from briefgen.base.project import GENERATED
from briefgen.base.typography import nbsp_html
from briefgen.check.run import BriefContext, source_group
from briefgen.cite.csl import DEFAULT_STYLE, STYLES, CiteGroup, CslProcessor, Formatted
from briefgen.index.xref import html_path_link
from briefgen.load.bibtex import to_csl


@dataclass
class FormattedWorks:
    """Every work and every citation formatted in every style. The default style is the one a
    page shows without a script (and the PDF's); the reader can choose another."""

    by_style: dict[str, Formatted]
    default: str = DEFAULT_STYLE

    def entry(self, key: str, style: str | None = None) -> str:
        return self.by_style[style or self.default].entries.get(key, "")

    def cite(self, group: CiteGroup, style: str | None = None) -> str:
        return self.by_style[style or self.default].groups[group]

    def order(self, style: str) -> list[str]:
        """Every key, in the order `style` lists its references (csl.py sorts GOST's)."""
        return list(self.by_style[style].entries)

    def styles(self) -> list[str]:
        """The styles, the default first."""
        return [self.default, *(s for s in self.by_style if s != self.default)]

    def short(self, key: str) -> str:
        """The work cited whole, as plain text without its brackets: `Asmolov, Zakharova, 2020b`."""
        text = html.unescape(re.sub(r"<[^>]*>", "", self.cite(source_group(key))))
        return text[1:-1] if text.startswith("[") and text.endswith("]") else text


def format_works(ctx: BriefContext, processor: CslProcessor) -> FormattedWorks:
    # Every work cited whole too: how a page names a work it summarises, and each work's search title.
    wholes = {source_group(key) for key in ctx.bibliography.entries}
    groups = sorted(ctx.groups | wholes, key=lambda g: g.pandoc_markdown())
    by_style = processor.format_styles(dict.fromkeys(STYLES, groups))
    # Typography the styles leave to the typesetter: «№ 4», «Asmolov K.» never split at a line end.
    return FormattedWorks(
        {
            style: Formatted(
                {key: nbsp_html(text) for key, text in formatted.entries.items()},
                {group: nbsp_html(text) for group, text in formatted.groups.items()},
            )
            for style, formatted in by_style.items()
        }
    )


def csl_items(ctx: BriefContext) -> dict[str, dict[str, object]]:
    return {key: to_csl(entry) for key, entry in ctx.bibliography.entries.items()}


@dataclass
class SiteRenderer:
    """Implements the Markdown extension's CitationRenderer for one build."""

    ctx: BriefContext
    works: FormattedWorks
    page: str = "index.md"
    unknown: list[Problem] = field(default_factory=list)

    def known(self, key: str) -> bool:
        return key in self.ctx.bibliography.entries

    def _works_link(self, key: str, page_url: str) -> str:
        return html_path_link(f"{GENERATED}/works.md", f"ref-{key}", page_url)

    def cite_html(self, group: CiteGroup, page_url: str) -> str:
        """The citation in every style, each in its own span; all but the default hidden (and
        out of the search index) until the reader chooses another style."""
        out = []
        for style in self.works.styles():
            text = self.works.cite(group, style)
            for key in group.keys:
                text = text.replace(f'href="#ref-{key}"', f'href="{self._works_link(key, page_url)}"')
            hidden = "" if style == self.works.default else " hidden data-search-exclude"
            out.append(f'<span class="bg-cs" data-style="{style}"{hidden}>{text}</span>')
        return "".join(out)

    def reference_styles(self) -> list[tuple[str, bool]]:
        """(style, shown without a script) of each reference list a page gets."""
        return [(s, s == self.works.default) for s in self.works.styles()]

    def reference_order(self, keys: list[str], style: str) -> list[str]:
        wanted = set(keys)
        return [k for k in self.works.order(style) if k in wanted]

    def reference_html(self, key: str, page_url: str, style: str | None = None) -> str:
        link = self._works_link(key, page_url)
        return f'{self.works.entry(key, style)} <a class="bg-ref-link" href="{link}" title="Works cited">↗</a>'

    def current_page_url(self) -> str:
        return self.page

    def report_unknown(self, key: str, page_url: str) -> None:
        self.unknown.append(Problem(f"docs/{page_url}", 0, f"[@{key}]", f"no entry '{key}' in bibliography.bib"))

    def references_title(self) -> str:
        return "References"


_current: SiteRenderer | None = None


def set_current_renderer(renderer: SiteRenderer | None) -> None:
    global _current  # noqa: PLW0603 - one build per process; MkDocs gives extensions no other channel
    _current = renderer


def current_renderer() -> SiteRenderer:
    if _current is None:
        raise RuntimeError(
            "briefgen's citation extension ran outside a briefgen build "
            "(build with `briefgen build`, or keep the briefgen hook in mkdocs.yml)"
        )
    return _current
