"""Build the whole context of a brief before any page is rendered.

Phases, each collecting every problem it finds (a later phase runs only on what earlier phases
accepted): read and parse YAML -> schema -> bibliography -> ids into the cross-reference index ->
references between ids, citations and text rules -> hand-written pages. Any error stops the
build before a single file is written.
"""

from __future__ import annotations

import html
import os
import posixpath
import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from briefgen.base.errors import BriefError, Problem, Report, did_you_mean
from briefgen.base.pathrules import PAGE_SOURCE
from briefgen.base.project import ARTICLES_DIR, CONTENT_FILES, GENERATED, Project
from briefgen.check.released import Forwarding, check_released
from briefgen.cite.csl import CiteGroup, CiteItem
from briefgen.cite.syntax import FoundCitation, find_citations
from briefgen.index.xref import LINK_KINDS, Target, XrefIndex, relative
from briefgen.load.bibtex import Bibliography
from briefgen.load.cache import Store, load_content, read_bibliography
from briefgen.load.yamldoc import LoadedYaml, PathKey, format_path
from briefgen.model.schema import (
    FILE_MODELS,
    Article,
    Brief,
    CiteRef,
    Claim,
    EventSource,
    GlossaryFile,
    Hierarchy,
    Part,
    Priority,
    TimelineFile,
    slugify,
    text_values,
    validate_file,
    walk_priorities,
)

TEXT_LINK = re.compile(r"(!?)\[(?P<text>[^\]\n]*)\]\((?P<target>[^)\s]*)(?:\s+\"[^\"]*\")?\)")
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
SAFE_SCHEMES = ("http://", "https://", "mailto:")
_IMAGE_MESSAGE = "images are not allowed in text fields (describe the image in words)"
_PAGE_IMAGE_MESSAGE = "images must be files under docs/, linked relatively (put the image in docs/)"
MIN_FORM_LENGTH = 2
"""A term's `forms` are at least this long: shorter ones would match ordinary words."""
# What every match of HEADING and of SETEXT_HEADING holds: cheap tests (they start with a
# literal line break, which the regex engine finds fast) before the expensive patterns.
_HEADING_HASH = re.compile(r"\n[ \t>*+\-0-9.)]*#")
_SETEXT_UNDERLINE = re.compile(r"\n[ \t>]*[=-]")


@dataclass(frozen=True)
class CitationUse:
    """A place that cites a work."""

    key: str
    locator: str
    target: Target
    """Where the citation is: a claim, a part, a page."""


@dataclass
class BriefContext:
    project: Project
    brief: Brief
    articles: list[Article]
    hierarchies: list[Hierarchy]
    timeline: TimelineFile
    glossary: GlossaryFile
    bibliography: Bibliography
    xref: XrefIndex
    docs: dict[str, LoadedYaml]
    """Content file name (relative to content/, e.g. `articles/b.yml`) -> its YAML."""
    failed: set[str] = field(default_factory=set)
    """Content files that did not pass their schema (references into them are not checked)."""
    article_files: list[tuple[str, list[Article]]] = field(default_factory=list)
    """Each article file (article.yml, then content/articles/*.yml) with its articles; `articles`
    is all of them in this order."""
    warnings: list[Problem] = field(default_factory=list)
    claim_numbers: dict[str, str] = field(default_factory=dict)
    """Claim id -> `2.3` (part number . claim number), as shown on the site and in the PDF; with
    more than one article, the article's number first: `1.2.3` (claim_number_prefix)."""
    claim_part: dict[str, tuple[Article, Part]] = field(default_factory=dict)
    cited_in: dict[str, list[CitationUse]] = field(default_factory=lambda: defaultdict(list))
    """Work key -> every place that cites it, in content order."""
    event_claims: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    term_claims: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    actor_claims: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    claim_priorities: dict[str, list[tuple[Priority, str, str]]] = field(default_factory=lambda: defaultdict(list))
    """Claim id -> (priority, relation, note) for every priority that links the claim."""
    nav: list[object] = field(default_factory=list)
    """The site's navigation (pages.nav), as MkDocs takes it."""
    pages: list[str] = field(default_factory=list)
    """Source path of every page of the site, generated and hand-written, in nav order."""
    forwarding: Forwarding = field(default_factory=Forwarding)
    """How released URLs that moved reach their new place (content/released.txt)."""
    groups: set[CiteGroup] = field(default_factory=set)
    """Every distinct citation of the build, formatted in one CSL run."""
    pages_with_citations: dict[str, list[CiteGroup]] = field(default_factory=dict)

    def claim(self, claim_id: str) -> Claim:
        _article, part = self.claim_part[claim_id]
        return next(c for c in part.claims if c.id == claim_id)

    @property
    def primary_source(self) -> str:
        return next(s.key for s in self.brief.sources if s.role == "primary")


def build_context(project: Project, *, store_caches: bool = False) -> BriefContext:
    """Validate everything and return the context; raises BriefError with every problem. The
    parsed bibliography is read from the cache when there; `store_caches` writes it there
    (builds do; `briefgen check` writes nothing)."""
    report = Report()
    stores: list[Store] = []
    _check_symlinks(project, report)
    partial: dict[str, LoadedYaml] = {}
    docs = _load_documents(project, report, stores, partial)
    models = _validate_schemas(docs, report)
    bib_raw = _read(project.bibliography, project, report)
    bibliography = Bibliography(project.rel(project.bibliography))
    if bib_raw is not None:
        bibliography, bib_problems, store_bib = read_bibliography(
            bib_raw, project.rel(project.bibliography), project.cache_dir
        )
        report.extend(bib_problems)
        if store_bib is not None:
            stores.append(store_bib)
    # A file that failed its schema is replaced by an empty one, and references into it are
    # not checked, so that its errors do not hide the other files' errors.
    failed = {name for name in (*CONTENT_FILES, *_extra_article_names(project)) if name not in models}
    article_files = [(name, models[name].articles) for name in models if _is_article_file(name)]
    ctx = BriefContext(
        project=project,
        brief=models.get("brief.yml") or Brief.model_construct(sources=[], authors=[]),  # type: ignore[call-arg]
        articles=[article for _, articles in article_files for article in articles],
        article_files=article_files,
        hierarchies=models["priorities.yml"].hierarchies if "priorities.yml" in models else [],
        timeline=models.get("timeline.yml") or TimelineFile.model_construct(periods=[], events=[]),
        glossary=models.get("glossary.yml") or GlossaryFile(),
        bibliography=bibliography,
        xref=XrefIndex(),
        docs={name: doc for name, doc in docs.items() if name not in failed},
        failed=failed,
    )
    _register_ids(ctx, report)
    _check_references(ctx, report)
    # A file that failed its schema, or had bad values, still has its text checked now: its
    # raw HTML, links and citations are reported in this run, not after the next fix.
    for name in sorted(failed):
        raw_doc = docs.get(name) or partial.get(name)
        if raw_doc is not None:
            _check_text_of_failed_file(ctx, raw_doc, name, report)
    _check_handwritten_pages(ctx, report)
    _check_orphans(ctx, report)
    if not ctx.failed:  # ids of a file that failed its schema are missing, not removed
        _check_released(ctx, report)
    if report.errors:
        raise BriefError(report.errors + report.warnings)
    assert not ctx.failed
    if store_caches:
        for store in stores:
            store()
    ctx.warnings = report.sorted()
    return ctx


def _check_released(ctx: BriefContext, report: Report) -> None:
    """Every URL a published version had still resolves, or is redirected (released.py)."""
    from briefgen.render.pages import nav, nav_titles  # the page list is the navigation's; pages.py imports this module

    project = ctx.project
    handwritten = [p.relative_to(project.docs_dir).as_posix() for p in project.handwritten_pages()]
    ctx.nav = nav(ctx, handwritten)
    ctx.pages = list(nav_titles(ctx.nav))
    brief = ctx.docs["brief.yml"]
    registry = project.released.read_text(encoding="utf-8") if project.released.is_file() else None
    ctx.forwarding, problems = check_released(
        registry=registry,
        registry_file=project.rel(project.released),
        redirects=ctx.brief.redirects,
        redirect_lines={old: brief.line(("redirects", old)) for old in ctx.brief.redirects},
        redirects_file=brief.file,
        xref=ctx.xref,
        pages=ctx.pages,
    )
    report.extend(problems)


def source_group(key: str) -> CiteGroup:
    """The citation of a whole work, without a locator: how pages name the work they summarise."""
    return CiteGroup((CiteItem(key, ""),))


def cite_group(cites: list[CiteRef] | list[EventSource]) -> CiteGroup:
    """The one citation that renders a claim's or an event's list of sources."""
    return CiteGroup(tuple(CiteItem(c.key, c.locator or "") for c in cites))


def _read(path: Path, project: Project, report: Report) -> bytes | None:
    if path.is_symlink():
        report.error(
            project.rel(path), 0, "(file)", "symbolic links are not allowed in content (replace the link with the file)"
        )
        return None
    try:
        return path.read_bytes()
    except FileNotFoundError:
        report.error(project.rel(path), 0, "(file)", "file is missing (create it; `briefgen new` shows an example)")
    except OSError as exc:
        report.error(project.rel(path), 0, "(file)", f"cannot read file: {exc.strerror} (check permissions)")
    return None


def _check_symlinks(project: Project, report: Report) -> None:
    """content/ and docs/ are walked without following links, and every link is an error: MkDocs
    would publish what it points at, wherever that is."""
    for folder, label in ((project.content_dir, "content"), (project.docs_dir, "docs/")):
        if folder.is_symlink():
            message = f"{label.rstrip('/')}/ is a symbolic link (replace it with the folder)"
            report.error(project.rel(folder), 0, "(file)", message)
            continue
        for here, dirs, files in os.walk(folder, followlinks=False):
            for name in sorted([*dirs, *files]):
                path = Path(here) / name
                if path.is_symlink():
                    what = "folder" if name in dirs else "file"
                    report.error(
                        project.rel(path),
                        0,
                        "(file)",
                        f"symbolic links are not allowed in {label} (replace the link with the {what})",
                    )


def _load_documents(
    project: Project, report: Report, stores: list[Store], partial: dict[str, LoadedYaml]
) -> dict[str, LoadedYaml]:
    """Every content file that parses, by name: CONTENT_FILES, then content/articles/*.yml.
    Parsed files come from the cache when there; `stores` gets what would cache the others.
    Files whose values had problems (an unquoted date, a tag) go to `partial`."""
    docs: dict[str, LoadedYaml] = {}
    paths = [project.content_dir / name for name in CONTENT_FILES]
    for extra in project.extra_article_files():
        if extra.suffix == ".yml" and not extra.is_dir():
            paths.append(extra)
        else:
            report.error(
                project.rel(extra),
                0,
                "(file)",
                f"unexpected {'folder' if extra.is_dir() else 'file'} in content/{ARTICLES_DIR}/ "
                "(it holds only .yml files, each with an articles: list like article.yml; move or rename it)",
            )
    for path in paths:
        raw = _read(path, project, report)
        if raw is None:
            continue
        doc, problems, store = load_content(raw, project.rel(path), project.cache_dir)
        report.extend(problems)
        if store is not None:
            stores.append(store)
        name = path.relative_to(project.content_dir).as_posix()
        if doc is not None and problems:
            partial[name] = doc  # values with problems left out: only its text is checked
        elif doc is not None:
            docs[name] = doc
    if project.content_dir.is_dir():
        for extra in sorted(project.content_dir.iterdir()):
            if extra.name in CONTENT_FILES or extra == project.released or extra.name.startswith("."):
                continue
            if extra.is_symlink():
                continue  # reported as a link (_check_symlinks)
            if extra.name == ARTICLES_DIR and extra.is_dir() and not extra.is_symlink():
                continue
            report.error(
                project.rel(extra),
                0,
                "(file)",
                f"unexpected file in content/ (briefgen reads only {', '.join(CONTENT_FILES)}"
                f", {ARTICLES_DIR}/*.yml and {project.released.name}; move or rename it)",
            )
    return docs


def _is_article_file(name: str) -> bool:
    return name == "article.yml" or name.startswith(f"{ARTICLES_DIR}/")


def _extra_article_names(project: Project) -> list[str]:
    """The names of the content/articles/*.yml files (also those that did not parse)."""
    return [f"{ARTICLES_DIR}/{p.name}" for p in project.extra_article_files() if p.suffix == ".yml" and not p.is_dir()]


def _validate_schemas(docs: dict[str, LoadedYaml], report: Report) -> dict[str, Any]:
    models: dict[str, Any] = {}
    for name, doc in docs.items():
        model, problems = validate_file(doc, FILE_MODELS["article.yml" if _is_article_file(name) else name])
        report.extend(problems)
        if model is not None:
            models[name] = model
    return models


def _register_ids(ctx: BriefContext, report: Report) -> None:
    doc_p = _doc(ctx, "priorities.yml")
    doc_t, doc_g = _doc(ctx, "timeline.yml"), _doc(ctx, "glossary.yml")

    def add(target: Target, path: PathKey, doc: LoadedYaml) -> None:
        earlier = ctx.xref.register(target)
        if earlier is not None:
            same = "" if earlier.id == target.id else f" as '{earlier.id}' (ids are compared ignoring case)"
            report.error(
                doc.file,
                doc.line((*path, "id")),
                format_path((*path, "id")),
                f"duplicate id '{target.id}': already used{same} by a {earlier.kind} "
                f"at {earlier.file}:{earlier.line} (choose another id)",
            )

    for name, articles in ctx.article_files:
        _register_articles(ctx, _doc(ctx, name), articles, add)
    for hi, hierarchy in enumerate(ctx.hierarchies):
        hpath: PathKey = ("hierarchies", hi)
        page = f"{GENERATED}/{hierarchy.id}.md"
        add(
            Target("hierarchy", hierarchy.id, page, None, hierarchy.title.best(), doc_p.file, doc_p.line(hpath)),
            hpath,
            doc_p,
        )
        for priorities, lpath in hierarchy.priority_lists():
            if lpath[0] == "tiers":
                tier = hierarchy.tiers[int(lpath[1])]
                tpath: PathKey = (*hpath, *lpath[:2])
                add(
                    Target("tier", tier.id, page, tier.id, tier.title.best(), doc_p.file, doc_p.line(tpath)),
                    tpath,
                    doc_p,
                )
            for priority, ppath in walk_priorities(priorities, (*hpath, *lpath)):
                add(
                    Target(
                        "priority", priority.id, page, priority.id, priority.title.best(), doc_p.file, doc_p.line(ppath)
                    ),
                    ppath,
                    doc_p,
                )
    for i, period in enumerate(ctx.timeline.periods):
        path: PathKey = ("periods", i)
        add(
            Target(
                "period",
                period.id,
                f"{GENERATED}/timeline.md",
                period.id,
                period.title.best(),
                doc_t.file,
                doc_t.line(path),
            ),
            path,
            doc_t,
        )
    for i, event in enumerate(ctx.timeline.events):
        path = ("events", i)
        add(
            Target(
                "event",
                event.id,
                f"{GENERATED}/timeline.md",
                event.id,
                event.title.best(),
                doc_t.file,
                doc_t.line(path),
            ),
            path,
            doc_t,
        )
    for i, term in enumerate(ctx.glossary.terms):
        path = ("terms", i)
        add(
            Target("term", term.id, f"{GENERATED}/glossary.md", term.id, term.original, doc_g.file, doc_g.line(path)),
            path,
            doc_g,
        )
    for i, actor in enumerate(ctx.glossary.actors):
        path = ("actors", i)
        add(
            Target(
                "actor", actor.id, f"{GENERATED}/glossary.md", actor.id, actor.name.best(), doc_g.file, doc_g.line(path)
            ),
            path,
            doc_g,
        )
    for key, entry in ctx.bibliography.entries.items():
        ctx.xref.register(
            Target("work", key, f"{GENERATED}/works.md", f"ref-{key}", key, ctx.bibliography.file, entry.line)
        )


def _register_articles(
    ctx: BriefContext, doc_a: LoadedYaml, articles: list[Article], add: Callable[[Target, PathKey, LoadedYaml], None]
) -> None:
    """Ids of one article file's articles, parts and claims; paths and lines are the file's own."""
    for ai, article in enumerate(articles):
        prefix = claim_number_prefix(ctx, article)
        apath: PathKey = ("articles", ai)
        index_page = f"{GENERATED}/{article.id}/index.md"
        title = article.title.best() if article.title else f"Summary of {article.source}"
        add(Target("article", article.id, index_page, None, title, doc_a.file, doc_a.line(apath)), apath, doc_a)
        for pi, part in enumerate(article.parts):
            ppath: PathKey = (*apath, "parts", pi)
            page = f"{GENERATED}/{article.id}/{part.id}.md"
            add(
                Target("part", part.id, page, None, f"{pi + 1}. {part.title.best()}", doc_a.file, doc_a.line(ppath)),
                ppath,
                doc_a,
            )
            for ci, claim in enumerate(part.claims):
                cpath: PathKey = (*ppath, "claims", ci)
                number = f"{prefix}{pi + 1}.{ci + 1}"
                ctx.claim_numbers[claim.id] = number
                ctx.claim_part[claim.id] = (article, part)
                add(
                    Target("claim", claim.id, page, claim.id, f"§{number}", doc_a.file, doc_a.line(cpath)), cpath, doc_a
                )


def article_number(ctx: BriefContext, article: Article) -> int:
    """The article's place in the brief (1-based, in the order of the navigation)."""
    return next(i for i, a in enumerate(ctx.articles, start=1) if a is article)


def claim_number_prefix(ctx: BriefContext, article: Article) -> str:
    """What starts the § numbers of an article's claims: nothing in a brief with one article
    (§3.4 = part 3, claim 4), the article's number with more (§2.3.4 = article 2, part 3,
    claim 4), so that a number names one claim in the whole brief."""
    return f"{article_number(ctx, article)}." if len(ctx.articles) > 1 else ""


def _a(word: str) -> str:
    return f"an {word}" if word[0] in "aeiou" else f"a {word}"


def _kind_failed(ctx: BriefContext, kind: str) -> bool:
    """Whether ids of this kind may be missing because their file failed its schema."""
    name = KIND_FILES.get(kind)
    if name == "article.yml":
        return any(_is_article_file(failed) for failed in ctx.failed)
    return name in ctx.failed


def _doc(ctx: BriefContext, name: str) -> LoadedYaml:
    return ctx.docs.get(name) or LoadedYaml(file=f"content/{name}", data=None)


KIND_FILES = {
    "article": "article.yml",
    "part": "article.yml",
    "claim": "article.yml",
    "hierarchy": "priorities.yml",
    "tier": "priorities.yml",
    "priority": "priorities.yml",
    "event": "timeline.yml",
    "period": "timeline.yml",
    "term": "glossary.yml",
    "actor": "glossary.yml",
}


class _Refs:
    """Checks references from one YAML document, with located messages."""

    def __init__(self, ctx: BriefContext, doc: LoadedYaml, report: Report) -> None:
        self.ctx, self.doc, self.report = ctx, doc, report

    def error(self, path: PathKey, message: str) -> None:
        self.report.error(self.doc.file, self.doc.line(path), format_path(path), message)

    def warning(self, path: PathKey, message: str) -> None:
        self.report.warning(self.doc.file, self.doc.line(path), format_path(path), message)

    def id(self, value: str, kind: str, path: PathKey) -> bool:
        if self.ctx.xref.get(value, kind) is not None:
            return True
        if _kind_failed(self.ctx, kind):
            return False  # that file has its own errors; an unknown id here may be fine
        other = self.ctx.xref.get(value)
        if other is not None:
            self.error(path, f"'{value}' is {_a(other.kind)}, not {_a(kind)} (use the id of {_a(kind)})")
            return False
        hint = did_you_mean(value, self.ctx.xref.ids_of(kind))
        self.error(
            path,
            f"no {kind} with id '{value}'" + (f" ({hint})" if hint else f" (define it, or use one of the {kind} ids)"),
        )
        return False

    def work(self, key: str, path: PathKey) -> bool:
        if key in self.ctx.bibliography.entries:
            return True
        hint = did_you_mean(key, self.ctx.bibliography.entries)
        fix = hint or "add the entry to bibliography.bib"
        self.error(path, f"no entry '{key}' in {self.ctx.bibliography.file} ({fix})")
        return False

    def text(self, value: str | None, path: PathKey, where: Target | None) -> None:
        """Layer one of sanitising: text fields are restricted Markdown, checked with their line."""
        if not value:
            return
        skip = {kind for kind in KIND_FILES if _kind_failed(self.ctx, kind)}
        citations: list[FoundCitation] = []
        for offset, message in lint_text_at(value, self.ctx.xref, skip, citations):
            line, column = self.doc.position(path, value, offset)
            self.report.error(self.doc.file, line, format_path(path), message, column)
        for found in citations:
            known = True
            for item in found.group.items:
                if item.key not in self.ctx.bibliography.entries:
                    known = False
                    hint = did_you_mean(item.key, self.ctx.bibliography.entries) or "add the entry to bibliography.bib"
                    line, column = self.doc.position(path, value, offset_of(value, found.line, found.column))
                    self.report.error(
                        self.doc.file,
                        line,
                        format_path(path),
                        f"citation {found.raw}: no entry '{item.key}' in {self.ctx.bibliography.file} ({hint})",
                        column,
                    )
                elif where is not None:
                    self.ctx.cited_in[item.key].append(CitationUse(item.key, item.locator, where))
            if known:
                self.ctx.groups.add(found.group)


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
            where = f"{relative(found.page, page)}#{found.anchor or ''}".rstrip("#") if found else "PAGE.md#ID"
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


def _check_references(ctx: BriefContext, report: Report) -> None:
    doc_b = _doc(ctx, "brief.yml")
    doc_p, doc_t, doc_g = _doc(ctx, "priorities.yml"), _doc(ctx, "timeline.yml"), _doc(ctx, "glossary.yml")

    refs = _Refs(ctx, doc_b, report)
    primaries = [s for s in ctx.brief.sources if s.role == "primary"]
    if len(primaries) != 1 and "brief.yml" not in ctx.failed:
        refs.error(("sources",), f"exactly one source must have role: primary (found {len(primaries)})")
    for i, source in enumerate(ctx.brief.sources):
        refs.work(source.key, ("sources", i, "key"))
        kind, _, ident = source.summary.partition(":")
        if kind not in ("article", "hierarchy") or not ident:
            refs.error(
                ("sources", i, "summary"),
                f"'{source.summary}' is not a summary reference (write article:ID or hierarchy:ID)",
            )
        else:
            refs.id(ident, kind, ("sources", i, "summary"))
    if "brief.yml" not in ctx.failed:
        refs.text(ctx.brief.abstract, ("abstract",), None)
    handwritten = {p.relative_to(ctx.project.docs_dir).as_posix() for p in ctx.project.handwritten_pages()}
    for i, change in enumerate(ctx.brief.changes):
        for k, named in enumerate(change.ids):
            ident = ctx.brief.current_id(named)  # an earlier version's id may have been renamed since
            if ctx.xref.get(ident) is None and ctx.xref.get(ident, "work") is None and ident not in handwritten:
                hint = did_you_mean(named, [t.id for t in ctx.xref.targets.values()] + sorted(handwritten))
                hint = hint or (
                    "use the id of a part, claim, priority, event, term, actor or work, "
                    "or the path of a hand-written page, e.g. about.md"
                )
                refs.error(("changes", i, "ids", k), f"no id '{named}' in the brief ({hint})")
    # `redirects:` is checked with the released URLs (released.py), which also know the pages.

    for name, articles in ctx.article_files:
        _check_article_references(ctx, _Refs(ctx, _doc(ctx, name), report), articles)

    refs = _Refs(ctx, doc_p, report)
    for hi, hierarchy in enumerate(ctx.hierarchies):
        hpath: PathKey = ("hierarchies", hi)
        here = ctx.xref.get(hierarchy.id, "hierarchy")
        refs.work(hierarchy.source, (*hpath, "source"))
        refs.text(hierarchy.summary, (*hpath, "summary"), here)
        refs.text(hierarchy.verdict, (*hpath, "verdict"), here)
        refs.text(hierarchy.note, (*hpath, "note"), here)
        ranks = sorted(t.rank for t in hierarchy.tiers)
        if ranks != list(range(1, len(ranks) + 1)):
            refs.error(
                (*hpath, "tiers"),
                f"tier ranks are {ranks}; they must be 1..{len(ranks)} without gaps or repeats (renumber them)",
            )
        for priorities, lpath in hierarchy.priority_lists():
            for priority, ppath in walk_priorities(priorities, (*hpath, *lpath)):
                target = ctx.xref.get(priority.id, "priority")
                refs.text(priority.assessment_note, (*ppath, "assessment_note"), target)
                refs.text(priority.editorial_note, (*ppath, "editorial_note"), target)
                for k, link in enumerate(priority.claims):
                    if refs.id(link.claim, "claim", (*ppath, "claims", k, "claim")):
                        ctx.claim_priorities[link.claim].append((priority, link.relation, link.note))

    refs = _Refs(ctx, doc_t, report)
    for i, period in enumerate(ctx.timeline.periods):
        if period.end < period.start:
            refs.error(
                ("periods", i, "end"),
                f"period ends ({period.end}) before it starts ({period.start}) (swap or fix the dates)",
            )
    for i, event in enumerate(ctx.timeline.events):
        refs.text(event.description, ("events", i, "description"), ctx.xref.get(event.id, "event"))
        known = [refs.work(source.key, ("events", i, "sources", k, "key")) for k, source in enumerate(event.sources)]
        if event.sources and all(known):
            ctx.groups.add(cite_group(event.sources))

    refs = _Refs(ctx, doc_g, report)
    for i, term in enumerate(ctx.glossary.terms):
        refs.text(term.definition, ("terms", i, "definition"), ctx.xref.get(term.id, "term"))
        if term.see is not None:
            refs.id(term.see, "term", ("terms", i, "see"))
    for i, actor in enumerate(ctx.glossary.actors):
        refs.text(actor.description, ("actors", i, "description"), ctx.xref.get(actor.id, "actor"))
    _check_see_cycles(ctx, refs)
    _check_term_forms(ctx, refs)


def _check_text_of_failed_file(ctx: BriefContext, doc: LoadedYaml, name: str, report: Report) -> None:
    """The text rules on every text field of a file that did not pass its schema, read from its
    raw values along the model (a field the schema rejected is skipped)."""
    model = FILE_MODELS["article.yml" if _is_article_file(name) else name]
    refs = _Refs(ctx, doc, report)
    for path, value in text_values(model, doc.data):
        refs.text(value, path, None)


def _check_term_forms(ctx: BriefContext, refs: _Refs) -> None:
    """A term is defined once (its original compared after NFC and ignoring case); a form names
    one term, and is long enough to be found without false matches."""
    originals: dict[str, tuple[str, int]] = {}
    for i, term in enumerate(ctx.glossary.terms):
        path: PathKey = ("terms", i, "original")
        folded = unicodedata.normalize("NFC", term.original).casefold()
        if folded in originals:
            other, line = originals[folded]
            refs.error(
                path,
                f"'{term.original}' is already the original of term '{other}' "
                f"(at {refs.doc.file}:{line}; a term is defined once: merge the two)",
            )
        else:
            originals[folded] = (term.id, refs.doc.line(path))
    owner: dict[str, tuple[str, int]] = {}
    for i, term in enumerate(ctx.glossary.terms):
        for k, form in enumerate(term.forms):
            path = ("terms", i, "forms", k)
            if len(form) < MIN_FORM_LENGTH:
                refs.error(
                    path, f"form '{form}' is too short to find reliably (write at least {MIN_FORM_LENGTH} characters)"
                )
                continue
            folded = unicodedata.normalize("NFC", form).casefold()
            if folded in owner:
                other, line = owner[folded]
                where = "twice for this term" if other == term.id else f"already a form of term '{other}'"
                refs.error(
                    path, f"form '{form}' is {where} (at {refs.doc.file}:{line}; a form names one term: remove one)"
                )
                continue
            owner[folded] = (term.id, refs.doc.line(path))


def _check_article_references(ctx: BriefContext, refs: _Refs, articles: list[Article]) -> None:
    """References in one article file's articles (located in that file)."""
    for ai, article in enumerate(articles):
        apath: PathKey = ("articles", ai)
        refs.work(article.source, (*apath, "source"))
        refs.text(article.note, (*apath, "note"), ctx.xref.get(article.id, "article"))
        for pi, part in enumerate(article.parts):
            ppath: PathKey = (*apath, "parts", pi)
            refs.text(part.summary, (*ppath, "summary"), ctx.xref.get(part.id, "part"))
            for ci, claim in enumerate(part.claims):
                cpath: PathKey = (*ppath, "claims", ci)
                here = ctx.xref.get(claim.id, "claim")
                refs.text(claim.text, (*cpath, "text"), here)
                known = [refs.work(cite.key, (*cpath, "cites", k, "key")) for k, cite in enumerate(claim.cites)]
                for k, cite in enumerate(claim.cites):
                    if cite.key == article.source:
                        refs.warning(
                            (*cpath, "cites", k, "key"),
                            f"the claim cites '{cite.key}', the work this article summarises (cites: lists what "
                            "the article itself cites at this point; where the claim is in the article is its "
                            "locator: remove this entry)",
                        )
                if here is not None:
                    for cite in claim.cites:
                        ctx.cited_in[cite.key].append(CitationUse(cite.key, cite.locator or "", here))
                if claim.cites and all(known):
                    ctx.groups.add(cite_group(claim.cites))
                for field_name, kind, backrefs in (
                    ("events", "event", ctx.event_claims),
                    ("terms", "term", ctx.term_claims),
                    ("actors", "actor", ctx.actor_claims),
                ):
                    for k, ident in enumerate(getattr(claim, field_name)):
                        if refs.id(ident, kind, (*cpath, field_name, k)):
                            backrefs[ident].append(claim.id)


def _check_see_cycles(ctx: BriefContext, refs: _Refs) -> None:
    see = {t.id: t.see for t in ctx.glossary.terms if t.see}
    index = {t.id: i for i, t in enumerate(ctx.glossary.terms)}
    reported: set[str] = set()
    for start in see:
        chain = [start]
        while chain[-1] in see and see[chain[-1]] not in chain:
            chain.append(see[chain[-1]])
        nxt = see.get(chain[-1])
        if nxt in chain and not reported & set(chain):
            cycle = [*chain[chain.index(nxt) :], nxt]
            reported.update(cycle)
            first = min(cycle[:-1], key=lambda t: index[t])
            refs.error(
                ("terms", index[first], "see"),
                f"'see' links form a cycle: {' -> '.join(cycle)} (point one of them at a term without 'see')",
            )


def _check_handwritten_pages(ctx: BriefContext, report: Report) -> None:
    for path in ctx.project.handwritten_pages():
        rel = ctx.project.rel(path)
        if path.is_symlink():
            report.error(rel, 0, "(file)", "symbolic links are not allowed in docs/ (replace the link with the file)")
            continue
        page = path.relative_to(ctx.project.docs_dir).as_posix()
        if not PAGE_SOURCE.match(page):
            suggestion = "/".join(slugify(part.removesuffix(".md")) or "page" for part in page.split("/")) + ".md"
            report.error(
                rel,
                0,
                "(file)",
                "the file name makes the page's URL: use letters, digits, '_', '.' and '-' "
                f"(rename it, e.g. '{suggestion}')",
            )
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            report.error(rel, 0, "(file)", "file is not UTF-8 (save it as UTF-8)")
            continue
        # The rules of text fields, on the page's prose (code is shown as written, so not checked).
        # Reported, not left to the sanitiser, which would drop a <script> without a word.
        prose = _mask_code(text)
        for offset, message in lint_text_at(prose, ctx.xref, page=page):
            line = prose.count("\n", 0, offset)
            column = offset - (prose.rfind("\n", 0, offset) + 1) + 1
            report.error(rel, line + 1, "(page)", re.sub(r" in text( fields)?\b", " on pages", message), column)
        groups: list[CiteGroup] = []
        target = Target("work", page, page, None, page, rel, 1)
        malformed: list[tuple[int, str]] = []
        found_all = list(find_citations(text, malformed=malformed))
        for line, raw in malformed:
            fix = "write [@key] or [@key, p. 5]; separate several with ';'"
            report.error(rel, line + 1, raw, f"not a citation briefgen reads ({fix})")
        for found in found_all:
            ok = True
            for item in found.group.items:
                if item.key not in ctx.bibliography.entries:
                    ok = False
                    hint = did_you_mean(item.key, ctx.bibliography.entries) or "add the entry to bibliography.bib"
                    report.error(
                        rel, found.line + 1, found.raw, f"no entry '{item.key}' in {ctx.bibliography.file} ({hint})"
                    )
                else:
                    ctx.cited_in[item.key].append(CitationUse(item.key, item.locator, target))
            if ok:
                groups.append(found.group)
        ctx.groups.update(groups)
        ctx.pages_with_citations[page] = groups


_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(`+)(?:.+?)\1", re.S)


def _mask_code(text: str) -> str:
    """`text` with fenced code blocks and code spans blanked out (same length and lines)."""
    lines = text.split("\n")
    fence = ""
    for i, line in enumerate(lines):
        opener = _FENCE.match(line)
        if fence or opener:
            if fence and opener and opener.group(1)[0] == fence[0] and len(opener.group(1)) >= len(fence):
                fence = ""
            elif not fence and opener:
                fence = opener.group(1)
            lines[i] = " " * len(line)
    masked = "\n".join(lines)
    return _CODE_SPAN.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), masked) if "`" in masked else masked


def _check_orphans(ctx: BriefContext, report: Report) -> None:
    if ctx.failed:
        return  # orphans cannot be judged while a file is missing
    sources = (
        {s.key for s in ctx.brief.sources} | {a.source for a in ctx.articles} | {h.source for h in ctx.hierarchies}
    )
    sources |= {s.key for e in ctx.timeline.events for s in e.sources}
    event_sourced = {e.id for e in ctx.timeline.events if e.sources}
    for key, entry in ctx.bibliography.entries.items():
        if key not in ctx.cited_in and key not in sources:
            report.warning(ctx.bibliography.file, entry.line, key, "entry is never cited (cite it or remove it)")
    doc_t, doc_g = _doc(ctx, "timeline.yml"), _doc(ctx, "glossary.yml")
    for i, event in enumerate(ctx.timeline.events):
        if event.id not in ctx.event_claims and event.id not in event_sourced:
            report.warning(
                doc_t.file,
                doc_t.line(("events", i)),
                f"events[{i}]",
                f"event '{event.id}' is linked from no claim and has no sources (link it or add sources)",
            )
    for i, term in enumerate(ctx.glossary.terms):
        if term.id not in ctx.term_claims and not any(t.see == term.id for t in ctx.glossary.terms):
            report.warning(
                doc_g.file,
                doc_g.line(("terms", i)),
                f"terms[{i}]",
                f"term '{term.id}' is linked from no claim (link it from a claim's terms, or remove it)",
            )
    for i, actor in enumerate(ctx.glossary.actors):
        if actor.id not in ctx.actor_claims:
            report.warning(
                doc_g.file,
                doc_g.line(("actors", i)),
                f"actors[{i}]",
                f"actor '{actor.id}' is linked from no claim (link it from a claim's actors, or remove it)",
            )


def works_cited_by_page(ctx: BriefContext) -> dict[str, list[str]]:
    """Page -> keys of the works cited on it, in one pass over every citation."""
    pages: dict[str, dict[str, None]] = {}
    for key, uses in ctx.cited_in.items():
        for use in uses:
            pages.setdefault(use.target.page, {})[key] = None
    return {page: list(keys) for page, keys in pages.items()}
