"""The build's shared state: the validated context and the formatted citations.

The MkDocs hook and the Markdown extension run in one process; they meet here. Nothing in this
module reads or writes files.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from .bib import to_csl
from .context import BriefContext, source_group
from .csl import DEFAULT_STYLE, STYLES, CiteGroup, CslProcessor, Formatted
from .errors import Problem
from .project import GENERATED
from .typography import nbsp_html
from .xref import html_path_link


@dataclass
class FormattedWorks:
    """Every work formatted in every style, and every citation in the default style."""

    by_style: dict[str, Formatted]
    default: str = DEFAULT_STYLE

    def entry(self, key: str, style: str | None = None) -> str:
        return self.by_style[style or self.default].entries.get(key, "")

    def cite(self, group: CiteGroup) -> str:
        return self.by_style[self.default].groups[group]

    def short(self, key: str) -> str:
        """The work cited whole, as plain text without its brackets: `Asmolov, Zakharova, 2020b`."""
        text = html.unescape(re.sub(r"<[^>]*>", "", self.cite(source_group(key))))
        return text[1:-1] if text.startswith("[") and text.endswith("]") else text


def format_works(ctx: BriefContext, processor: CslProcessor) -> FormattedWorks:
    # Every work cited whole too: how a page names a work it summarises, and each work's search title.
    wholes = {source_group(key) for key in ctx.bibliography.entries}
    groups = sorted(ctx.groups | wholes, key=lambda g: g.pandoc_markdown())
    by_style = processor.format_styles({style: groups if style == DEFAULT_STYLE else () for style in STYLES})
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
        text = self.works.cite(group)
        for key in group.keys:
            text = text.replace(f'href="#ref-{key}"', f'href="{self._works_link(key, page_url)}"')
        return text

    def reference_html(self, key: str, page_url: str) -> str:
        link = self._works_link(key, page_url)
        return f'{self.works.entry(key)} <a class="bg-ref-link" href="{link}" title="Works cited">↗</a>'

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
