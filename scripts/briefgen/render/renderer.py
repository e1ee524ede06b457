"""What the Markdown extension asks the build for: citations formatted in every style, linked
to the works-cited page, and each page's reference list. Nothing here reads or writes files."""

from __future__ import annotations

from dataclasses import dataclass, field

from briefgen.base import routes
from briefgen.base.errors import Problem
from briefgen.check.refs import unknown_work
from briefgen.cite.syntax import CiteGroup
from briefgen.cite.works import FormattedWorks
from briefgen.index.context import BriefContext


@dataclass
class SiteRenderer:
    """Implements the Markdown extension's CitationRenderer for one build."""

    ctx: BriefContext
    works: FormattedWorks
    page: str = routes.HOME
    """The page being rendered (set by the hook before each page: the extension cannot know it)."""
    unknown: list[Problem] = field(default_factory=list)

    def known(self, key: str) -> bool:
        return key in self.ctx.bibliography.entries

    def _works_link(self, key: str, page_url: str) -> str:
        return routes.html_path_link(routes.WORKS, routes.work_anchor(key), page_url)

    def cite_html(self, group: CiteGroup, page_url: str) -> str:
        """The citation in every style, each in its own span; all but the default hidden (and
        out of the search index) until the reader chooses another style."""
        out = []
        for style in self.works.styles():
            text = self.works.cite(group, style)
            for key in group.keys:
                text = text.replace(f'href="#{routes.work_anchor(key)}"', f'href="{self._works_link(key, page_url)}"')
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
        where = self.ctx.project.rel(self.ctx.project.docs_dir / page_url)
        self.unknown.append(Problem(where, 0, f"[@{key}]", unknown_work(key, self.ctx.bibliography)))

    def references_title(self) -> str:
        return "References"
