"""The validated brief as one value: every model, the cross-reference index and what refers to what.

`check/run.py` builds it (and nothing is rendered before it is whole); every later stage reads it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from briefgen.base.errors import Problem
from briefgen.base.project import Project
from briefgen.cite.syntax import CiteGroup
from briefgen.index.editions import Editions
from briefgen.index.forwarding import Forwarding
from briefgen.index.xref import Target, XrefIndex
from briefgen.load.bibtex import Bibliography
from briefgen.load.yamldoc import LoadedYaml
from briefgen.model.articles import Article, Claim, Part
from briefgen.model.brief import Brief
from briefgen.model.glossary import GlossaryFile
from briefgen.model.priorities import Hierarchy, Priority
from briefgen.model.timeline import TimelineFile


@dataclass(frozen=True)
class CitationUse:
    """A place that cites a work."""

    key: str
    """The work's bibliography key."""
    locator: str
    """Where in the work: "p. 12", or "" for the whole work."""
    target: Target
    """Where the citation is: a claim, a part, a page."""


@dataclass
class BriefContext:
    """Everything the pages are made from, validated and cross-referenced."""

    project: Project
    """Where the brief's files are."""
    brief: Brief
    """content/brief.yml."""
    articles: list[Article]
    """Every article, of article.yml and then of content/articles/*.yml, in navigation order."""
    hierarchies: list[Hierarchy]
    """content/priorities.yml."""
    timeline: TimelineFile
    """content/timeline.yml."""
    glossary: GlossaryFile
    """content/glossary.yml."""
    bibliography: Bibliography
    """bibliography.bib, parsed."""
    xref: XrefIndex
    """Every id -> its page and anchor."""
    docs: dict[str, LoadedYaml]
    """Content file name (relative to content/, e.g. `articles/b.yml`) -> its YAML."""
    failed: set[str] = field(default_factory=set)
    """Content files that did not pass their schema (references into them are not checked)."""
    article_files: list[tuple[str, list[Article]]] = field(default_factory=list)
    """Each article file (article.yml, then content/articles/*.yml) with its articles; `articles`
    is all of them in this order."""
    warnings: list[Problem] = field(default_factory=list)
    """The warnings of the check, sorted (errors stop the build before a context exists)."""
    claim_numbers: dict[str, str] = field(default_factory=dict)
    """Claim id -> `2.3` (part number . claim number), as shown on the site and in the PDF; with
    more than one article, the article's number first: `1.2.3` (claim_number_prefix)."""
    claim_part: dict[str, tuple[Article, Part]] = field(default_factory=dict)
    """Claim id -> the article and part it is in."""
    cited_in: dict[str, list[CitationUse]] = field(default_factory=lambda: defaultdict(list))
    """Work key -> every place that cites it, in content order."""
    event_claims: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    """Event id -> the claims that link it."""
    term_claims: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    """Term id -> the claims that link it."""
    actor_claims: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    """Actor id -> the claims that link it."""
    claim_priorities: dict[str, list[tuple[Priority, str, str]]] = field(default_factory=lambda: defaultdict(list))
    """Claim id -> (priority, relation, note) for every priority that links the claim."""
    nav: list[object] = field(default_factory=list)
    """The site's navigation (index/nav.py), as MkDocs takes it."""
    pages: list[str] = field(default_factory=list)
    """Source path of every page of the site, generated and hand-written, in nav order."""
    forwarding: Forwarding = field(default_factory=Forwarding)
    """How released URLs that moved reach their new place (content/released.txt)."""
    groups: set[CiteGroup] = field(default_factory=set)
    """Every distinct citation of the build, formatted in one CSL run."""
    pages_with_citations: dict[str, list[CiteGroup]] = field(default_factory=dict)
    """Hand-written page -> the citations it holds."""
    editions: Editions | None = None
    """The released versions and what changed between them, claim by claim (index/editions.py)."""

    def claim(self, claim_id: str) -> Claim:
        """The claim with this id."""
        _article, part = self.claim_part[claim_id]
        return next(c for c in part.claims if c.id == claim_id)

    def doc(self, name: str) -> LoadedYaml:
        """Content file `name`'s YAML (an empty stand-in for a file that failed its schema)."""
        return self.docs.get(name) or LoadedYaml(file=f"content/{name}", data=None)

    @property
    def primary_source(self) -> str:
        """The bibliography key of the brief's primary source."""
        return next(s.key for s in self.brief.sources if s.role == "primary")


def article_number(ctx: BriefContext, article: Article) -> int:
    """The article's place in the brief (1-based, in the order of the navigation)."""
    return next(i for i, a in enumerate(ctx.articles, start=1) if a is article)


def claim_number_prefix(ctx: BriefContext, article: Article) -> str:
    """What starts the § numbers of an article's claims: nothing in a brief with one article
    (§3.4 = part 3, claim 4), the article's number with more (§2.3.4 = article 2, part 3,
    claim 4), so that a number names one claim in the whole brief."""
    return f"{article_number(ctx, article)}." if len(ctx.articles) > 1 else ""


def works_cited_by_page(ctx: BriefContext) -> dict[str, list[str]]:
    """Page -> keys of the works cited on it, in one pass over every citation."""
    pages: dict[str, dict[str, None]] = {}
    for key, uses in ctx.cited_in.items():
        for use in uses:
            pages.setdefault(use.target.page, {})[key] = None
    return {page: list(keys) for page, keys in pages.items()}
