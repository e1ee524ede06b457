"""`briefgen build`, `check` and `release`: the runs behind the commands.

build: check -> render every page complete (pages whose inputs did not change are kept) ->
write the engine's docs folder and configuration -> the engine (MkDocs, ProperDocs or Zensical:
theme, navigation, search index) into a staging folder -> finish the built pages, stubs, sitemap
-> PDF and pack -> audit and record check -> publish. A failure at any step leaves the published
site/ exactly as it was; publishing itself is one rename (publish/writer.py). Every stage before
returns data; this module hands it to the writer.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from briefgen.base import routes
from briefgen.base.errors import BuildFailed, Problem
from briefgen.base.project import Project
from briefgen.check.editions import current_snapshot
from briefgen.check.released import Released, format_registry, parse_registry, record_release
from briefgen.check.run import build_context
from briefgen.cite.exports import citation_cff
from briefgen.engine.run import run_mkdocs, run_subprocess_engine
from briefgen.engine.session import engine_site_dir, render, write_engine_config, write_prepared
from briefgen.engine.siteconfig import ENGINES
from briefgen.engine.themecache import THEME_OUTPUT, ThemeCache
from briefgen.index.context import BriefContext
from briefgen.index.forwarding import current_urls
from briefgen.index.snapshots import format_snapshot
from briefgen.publish.audit import Prescan, scan_site, site_files, site_problems
from briefgen.publish.keptaudit import SCANS_CACHE, KeptAudit, kept_audit_data, read_kept_audit, site_digest
from briefgen.publish.pack import build_pack
from briefgen.publish.pdf import build_pdf
from briefgen.publish.postbuild import finish_site
from briefgen.publish.verify import PASSED_CACHE, passed_data, read_passed, verify_site
from briefgen.publish.writer import (
    UnsafePath,
    build_lock,
    copy_tree,
    new_staging_dir,
    publish,
    remove_leftovers,
    remove_tree,
    write_files,
    write_if_changed,
    write_path_if_changed,
    write_under,
)
from briefgen.publish.zenodo import zenodo_json
from briefgen.render.generate import Generated
from briefgen.render.provenance import Provenance


def keep_version(site: Path, version: str) -> None:
    """Put a copy of this version under v/VERSION/: the URL that citations of it point at."""
    copy_tree(site, site / routes.version_folder(version), skip={routes.VERSIONS})


@dataclass(frozen=True)
class Built:
    """What a build published, for the summary `briefgen build` prints."""

    version: str
    """The brief's version."""
    pages: int
    """Pages in the navigation (each with its own URL)."""
    claims: int
    """Claims in the brief."""
    works: int
    """Works in the bibliography."""
    pdf: str | None
    """The PDF, relative to the site root (None when built without it)."""
    pdf_pages: int
    """The PDF's number of pages (0 without it)."""
    pack: str | None
    """The research pack, relative to the site root (None without the PDF)."""
    engine: str = ENGINES[0]
    """The engine that applied the theme."""
    rendered: int = 0
    """Pages rendered in this build (the others were unchanged and kept)."""


def build(project: Project, *, pdf: bool = True, engine: str = ENGINES[0]) -> Built:
    """Build and publish the site with `engine`; raises BriefError (content) or BuildFailed (a
    later step). Content is validated before anything is written; one build at a time per
    project, and what a killed build left is removed first."""
    if engine not in ENGINES:
        raise BuildFailed(f"unknown engine {engine!r} (choose one of {', '.join(ENGINES)})")
    if project.state_dir.is_symlink():  # caches, staging and builds would go where it points
        raise BuildFailed(
            f"{project.rel(project.state_dir)} is a symbolic link (remove it; briefgen keeps its builds there)"
        )
    generated = render(project, pdf=pdf)  # content errors are reported before anything is written
    try:
        with build_lock(project.state_dir):
            remove_leftovers(project.state_dir, project.site_dir)
            generated = write_prepared(project, generated, pdf=pdf)
            return _build(project, generated, pdf=pdf, engine=engine)
    except UnsafePath as exc:
        raise BuildFailed(str(exc)) from None


def _build(project: Project, generated: Generated, *, pdf: bool, engine: str) -> Built:
    config = write_engine_config(project, generated, engine)
    staging = new_staging_dir(project.state_dir)
    known = read_kept_audit(project.cache_dir / SCANS_CACHE)
    prescan = Prescan(known.scans) if engine == "mkdocs" else None
    try:
        pdf_pages = _steps(project, generated, staging, config, engine=engine, pdf=pdf, prescan=prescan, known=known)
    except BaseException:
        remove_tree(staging)
        raise
    finally:
        if prescan is not None:
            prescan.close()
    ctx = generated.ctx
    return Built(
        version=ctx.brief.version,
        pages=len(ctx.pages),
        claims=len(ctx.claim_numbers),
        works=len(ctx.bibliography.entries),
        pdf=routes.PDF if pdf else None,
        pdf_pages=pdf_pages,
        pack=routes.pack_path(ctx.brief.version) if pdf else None,
        engine=engine,
        rendered=len(generated.pages) - len(generated.kept),
    )


def run_engine(project: Project, engine: str, config: Path, staging: Path, prescan: Prescan | None) -> None:
    """The engine builds the site from the prepared pages into `staging`."""
    cache = project.cache_dir / THEME_OUTPUT / engine
    if engine == "mkdocs":
        run_mkdocs(config, staging, prescan=prescan, theme_cache=ThemeCache(cache, within=project.state_dir))
    elif engine == "properdocs":
        run_subprocess_engine(engine, config, staging, cwd=project.root, theme_cache=(cache, project.state_dir))
    else:  # Zensical keeps its output folder (its cache is only valid with it) and it is copied
        run_subprocess_engine(engine, config, staging, cwd=project.root)
        copy_tree(engine_site_dir(project, engine), staging, skip=set())


def _steps(
    project: Project,
    generated: Generated,
    staging: Path,
    config: Path,
    *,
    engine: str,
    pdf: bool,
    prescan: Prescan | None,
    known: KeptAudit,
) -> int:
    """The build's steps after preparing the pages; returns the PDF's page count (0 without it)."""

    @cache
    def provenance() -> Provenance:  # only a failed step needs it (it indexes every value's line)
        return Provenance(generated.ctx)

    run_engine(project, engine, config, staging, prescan)
    finish_site(staging, generated, project.exports_dir)
    pdf_pages = 0
    if pdf:
        try:
            rendered = build_pdf(project, generated, staging)
        except BuildFailed as exc:
            if exc.problems:
                raise
            raise BuildFailed.located(
                "the PDF failed", str(exc).splitlines(), lambda m: provenance().built(m, "PDF")
            ) from None
        write_under(staging, routes.PDF, rendered.data)
        write_files(project.cache_dir, rendered.cache_files)  # the PDF first, then the entry naming it
        pdf_pages = rendered.pages
        version = generated.ctx.brief.version
        try:
            pack = build_pack(staging, version)
        except ValueError as exc:
            raise BuildFailed(str(exc)) from None
        write_under(staging, routes.pack_path(version), pack)
    scanned = scan_site(staging, {**known.scans, **(prescan.results() if prescan is not None else {})})
    files = site_files(staging)
    audited = site_digest(files, scanned)
    # A site whose every file path and page bytes the audit passed before passes again.
    found = [] if audited == known.passed else site_problems(staging, scanned, files)
    kept = KeptAudit(dict(scanned.values()), known.passed if found else audited)
    if kept != known:  # this build's page scans and passed site, for the next build
        write_under(project.cache_dir, SCANS_CACHE, kept_audit_data(kept))
    passed = read_passed(project.cache_dir / PASSED_CACHE)
    verified = verify_site(staging, generated.records, generated.page_citations, pdf=pdf, passed=passed)
    if verified.passed != passed:  # for the next build
        write_under(project.cache_dir, PASSED_CACHE, passed_data(verified.passed))
    problems = found + verified.problems
    if problems:
        raise BuildFailed.located("the built site failed the audit", problems, lambda m: provenance().built(m, "audit"))
    keep_version(staging, generated.ctx.brief.version)
    publish(staging, project.site_dir, project.state_dir)
    write_if_changed(project.root, "CITATION.cff", citation_cff(generated.ctx.brief).encode("utf-8"))
    return pdf_pages


def check(project: Project) -> list[Problem]:
    """Validate only; returns the warnings. Raises BriefError when there are errors."""
    return build_context(project).warnings


@dataclass(frozen=True)
class Release:
    """What `briefgen release` recorded."""

    version: str
    """The version released."""
    added: int
    """URLs added to content/released.txt."""
    claims: int
    """Claims recorded in the version's snapshot."""
    written: tuple[str, ...]
    """Files written or changed, relative to the project."""


def release_files(ctx: BriefContext) -> dict[Path, str]:
    """What `briefgen release` writes besides the URLs: this version's claim snapshot and, when
    brief.yml asks for it, `.zenodo.json`."""
    project = ctx.project
    snapshot = current_snapshot(ctx)
    files = {project.snapshot(snapshot.version): format_snapshot(snapshot)}
    if ctx.brief.zenodo is not None and ctx.editions is not None:
        files[project.zenodo_json] = zenodo_json(ctx, ctx.editions)
    return files


def release(project: Project) -> Release:
    """Record every URL of this version in content/released.txt (earlier lines are kept), its
    claims in content/released/claims-VERSION.yml and, when brief.yml asks, `.zenodo.json`."""
    ctx = build_context(project)  # raises if the registry is unreadable or a released URL is lost
    entries: list[Released] = []
    if project.released.exists():
        entries, _ = parse_registry(project.released.read_text(encoding="utf-8"), project.rel(project.released))
    updated = record_release(entries, current_urls(ctx.xref, ctx.pages), ctx.brief.version)
    written = []
    if write_if_changed(project.root, project.rel(project.released), format_registry(updated).encode("utf-8")):
        written.append(project.rel(project.released))
    for path, text in release_files(ctx).items():
        # Refused if it would land outside the project, symbolic links followed.
        if write_path_if_changed(project.root, path, text.encode("utf-8")):
            written.append(project.rel(path))
    return Release(ctx.brief.version, len(updated) - len(entries), len(ctx.claim_numbers), tuple(written))
