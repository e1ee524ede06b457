"""The check that a released claim never changes silently (the claims are in index/snapshots.py,
the history in index/editions.py): every change between two versions is recorded in `changes:`
of the later one; a released version keeps its claims; `withdrawn:` names released claims that
are gone; DOIs of versions name versions the brief has; and `.zenodo.json`, when asked for, can
be read as meant.

- a claim whose text, citations or locator changed since the previous version must be named in a
  `changes:` entry of the new version (`substantive` or `minor`); otherwise it is an error at the
  claim's own line;
- a released version is fixed: if the current version was released, its claims must still read
  as released;
- a released claim that is gone needs `redirects:` (what replaces it) or `withdrawn:` (why);
  its old anchor then says so (render/editions.py renders that note).
"""

from __future__ import annotations

from briefgen.base import routes
from briefgen.base.doi import same_doi
from briefgen.base.errors import Problem, did_you_mean
from briefgen.index.context import BriefContext
from briefgen.index.editions import Editions, WithdrawnClaim, compare
from briefgen.index.forwarding import Forwarding
from briefgen.index.snapshots import (
    ClaimState,
    Kind,
    Snapshot,
    normalized,
    read_snapshots,
    version_key,
    what_changed,
)
from briefgen.load.yamldoc import LoadedYaml, PathKey, format_path


def named_kinds(ctx: BriefContext, version: str) -> dict[str, Kind]:
    """Id -> the strongest kind of the `changes:` entries of `version` that name it (under its
    id of the time and under its id now)."""
    kinds: dict[str, Kind] = {}
    for change in ctx.brief.changes:
        if change.version != version:
            continue
        for ident in change.ids:
            for name in (ident, ctx.brief.current_id(ident)):
                if kinds.get(name) != "substantive":
                    kinds[name] = change.kind
    return kinds


def current_snapshot(ctx: BriefContext) -> Snapshot:
    """The claims of the content as it is now."""
    claims: dict[str, ClaimState] = {}
    for article in ctx.articles:
        for part in article.parts:
            for claim in part.claims:
                target = ctx.xref.get(claim.id, "claim")
                if target is None:
                    continue
                claims[claim.id] = ClaimState(
                    claim.id,
                    ctx.claim_numbers[claim.id],
                    routes.page_url(target.page),
                    claim.locator.marked(),
                    normalized(claim.text),
                    tuple((c.key, normalized(c.locator or "")) for c in claim.cites),
                )
    return Snapshot(ctx.brief.version, ctx.brief.published, claims, released=False)


def check_editions(ctx: BriefContext, forwarding: Forwarding) -> tuple[Editions, list[Problem]]:
    """Compare every released version and the current content; the problems, and the history
    the pages are made from. Adds the forwarding of withdrawn claims' old anchors that moved."""
    project = ctx.project
    brief_doc = ctx.docs["brief.yml"]
    snapshots, problems = read_snapshots(project.snapshots_dir, project.rel(project.snapshots_dir))
    current = current_snapshot(ctx)
    editions = Editions(versions=list(snapshots))
    if problems:
        editions.versions = [current]
        return editions, problems
    released = {s.version: s for s in snapshots}
    newest = snapshots[-1] if snapshots else None
    if newest is not None and version_key(current.version) < version_key(newest.version):
        problems.append(
            Problem(
                brief_doc.file,
                brief_doc.line(("version",)),
                "version",
                f"'{current.version}' comes before version {newest.version}, which was released "
                f"({newest.file}) (give a version after {newest.version})",
            )
        )
        editions.versions = [current]
        return editions, problems
    frozen = released.get(current.version)
    if frozen is None:
        editions.versions.append(current)
    else:
        problems += _frozen_problems(ctx, frozen, current)
    editions.published = {s.version: s.published for s in snapshots} | {current.version: current.published}
    reasons = {w.id: w.reason for w in ctx.brief.withdrawn}
    for prev, nxt in zip(editions.versions, editions.versions[1:], strict=False):
        editions.changes[nxt.version] = compare(prev, nxt, ctx.brief.redirects, named_kinds(ctx, nxt.version), reasons)
    problems += _unrecorded(ctx, editions)
    problems += _withdrawn_problems(ctx, editions)
    problems += doi_problems(ctx, editions) + zenodo_problems(ctx)
    if not problems:
        _place_withdrawn(ctx, editions, forwarding)
    return editions, problems


def claim_paths(ctx: BriefContext) -> dict[str, tuple[LoadedYaml, PathKey]]:
    """Claim id -> its article file and path there."""
    out: dict[str, tuple[LoadedYaml, PathKey]] = {}
    for name, articles in ctx.article_files:
        doc = ctx.docs[name]
        for ai, article in enumerate(articles):
            for pi, part in enumerate(article.parts):
                for ci, claim in enumerate(part.claims):
                    out[claim.id] = (doc, ("articles", ai, "parts", pi, "claims", ci))
    return out


def _at_claim(ctx: BriefContext, claim_id: str, fields: list[str], message: str) -> Problem:
    doc, path = claim_paths(ctx)[claim_id]
    where: PathKey = (*path, fields[0]) if fields else path
    return Problem(doc.file, doc.line(where), format_path(where), message)


def _frozen_problems(ctx: BriefContext, frozen: Snapshot, current: Snapshot) -> list[Problem]:
    """The current version was released: its claims must read as they were released (renamed
    with `redirects:` or moved, they still do)."""
    problems = []
    version = frozen.version
    fix = (
        "a released version keeps its text: give the brief a new version: in content/brief.yml and record "
        "the change under changes:, or undo the edit"
    )
    keeps = "a released version keeps its claims: give the brief a new version: in content/brief.yml, or {undo}"
    doc = ctx.docs["brief.yml"]
    withdrawn = {w.id: i for i, w in enumerate(ctx.brief.withdrawn)}
    changes = compare(frozen, current, ctx.brief.redirects, {}, {})
    # A released claim that is simply gone is reported with its released URL (released.py),
    # whose fix, a redirect, also accounts for the claim that replaced it.
    unaccounted = any(
        c.new is None and c.old is not None and c.old.id not in ctx.brief.redirects and c.old.id not in withdrawn
        for c in changes
    )
    for change in changes:
        new, old = change.new, change.old
        if old is None and new is not None and not unaccounted:
            message = (
                f"claim '{new.id}' (§{new.number}) is not in version {version} as released ({frozen.file}) "
                f"({keeps.format(undo='remove the claim')})"
            )
            problems.append(_at_claim(ctx, new.id, [], message))
        elif old is not None and new is not None and change.fields:
            message = (
                f"claim '{new.id}' (§{new.number}) differs from version {version} as released "
                f"({what_changed(list(change.fields))}) ({fix})"
            )
            problems.append(_at_claim(ctx, new.id, list(change.fields), message))
        elif old is not None and new is None and (old.id in withdrawn or old.id in ctx.brief.redirects):
            path: PathKey = ("withdrawn", withdrawn[old.id], "id") if old.id in withdrawn else ("redirects", old.id)
            message = (
                f"claim '{old.id}' is in version {version} as released ({frozen.file}) "
                f"({keeps.format(undo='restore the claim')})"
            )
            problems.append(Problem(doc.file, doc.line(path), format_path(path), message))
    return problems


def _unrecorded(ctx: BriefContext, editions: Editions) -> list[Problem]:
    """Every change between two versions must be named in `changes:` of the later one."""
    problems = []
    doc = ctx.docs["brief.yml"]
    for nxt in editions.versions[1:]:
        for change in editions.changes[nxt.version]:
            if change.kind is not None or change.old is None or change.new is None or not change.fields:
                continue  # recorded; new (nothing to record); gone (redirects:/withdrawn: say it)
            new = change.new
            how = (
                f"add '{new.id}' to the ids of a changes: entry with version \"{nxt.version}\" in "
                f"{doc.file}, kind substantive if its meaning changed, else minor"
            )
            if not nxt.released:
                message = (
                    f"claim '{new.id}' (§{new.number}) changed since version {change.previous} "
                    f"({what_changed(list(change.fields))}), and no changes: entry of version {nxt.version} "
                    f"names it ({how})"
                )
                problems.append(_at_claim(ctx, new.id, list(change.fields), message))
            else:
                message = (
                    f"claim '{new.id}' changed in version {nxt.version} ({what_changed(list(change.fields))}; "
                    f"{nxt.file}:{nxt.lines.get(new.id, 0)}), and no changes: entry of version {nxt.version} "
                    f"names it ({how.replace(f' in {doc.file}', '')})"
                )
                problems.append(Problem(doc.file, doc.line(("changes",)), "changes", message))
    return problems


def _withdrawn_problems(ctx: BriefContext, editions: Editions) -> list[Problem]:
    """`withdrawn:` names released claims that are gone, once each, and not also redirected."""
    problems = []
    doc = ctx.docs["brief.yml"]
    released_ids = {ident for s in editions.versions if s.released for ident in s.claims}
    seen: dict[str, int] = {}
    for i, withdrawal in enumerate(ctx.brief.withdrawn):
        path: PathKey = ("withdrawn", i, "id")
        ident = withdrawal.id

        def report(message: str, path: PathKey = path) -> None:
            problems.append(Problem(doc.file, doc.line(path), format_path(path), message))

        if ident in seen:
            report(f"'{ident}' is withdrawn twice (remove this entry; see line {seen[ident]})")
            continue
        seen[ident] = doc.line(path)
        if ident not in released_ids:
            hint = did_you_mean(ident, sorted(released_ids)) or (
                "withdrawn: lists claims that a released version had, in content/released/; an unreleased "
                "claim is simply deleted"
            )
            report(f"'{ident}' is not a claim of any released version ({hint})")
        elif ctx.xref.get(ident) is not None:
            report(f"'{ident}' still exists, so it is not withdrawn (remove this entry, or remove the claim)")
        elif ident in ctx.brief.redirects:
            report(
                f"'{ident}' is also under redirects: (a removed claim is either replaced, under redirects:, or "
                "withdrawn, here: remove one)"
            )
    return problems


def _place_withdrawn(ctx: BriefContext, editions: Editions, forwarding: Forwarding) -> None:
    """Where each withdrawn claim's note is: on the page that held it, or where that page now
    forwards to; the anchor map forwards the old anchor there when the page moved."""
    live = {routes.page_url(p) for p in ctx.pages}
    # The notes are made with the generated pages (render/editions.withdrawn_notes); a
    # hand-written page cannot hold one.
    generated = {routes.page_url(p) for p in ctx.pages if routes.is_generated(p)}
    for withdrawal in ctx.brief.withdrawn:
        last_version, last = "", None
        for snapshot in editions.versions:
            if snapshot.released and withdrawal.id in snapshot.claims:
                last_version, last = snapshot.version, snapshot.claims[withdrawal.id]
        if last is None:
            continue
        after = [s.version for s in editions.versions if version_key(s.version) > version_key(last_version)]
        page = last.page if last.page in live else forwarding.pages.get(last.page, "")
        page = page.partition("#")[0]
        if page not in generated:
            page = routes.page_url(routes.CHANGELOG)
        if page != last.page:
            forwarding.anchors.setdefault(last.page, {})[withdrawal.id] = f"{page}#{withdrawal.id}"
        editions.withdrawn[withdrawal.id] = WithdrawnClaim(
            withdrawal.id, withdrawal.reason, after[0] if after else editions.current.version, last, last_version, page
        )


# --- DOIs across versions ----------------------------------------------------------------------


def doi_problems(ctx: BriefContext, editions: Editions) -> list[Problem]:
    """`version_dois:` names versions this brief has, and no DOI names two things."""
    brief = ctx.brief
    doc = ctx.docs["brief.yml"]
    versions = [s.version for s in editions.versions]
    problems = []
    seen: dict[str, str] = {}
    for version, doi in brief.version_dois.items():
        path: PathKey = ("version_dois", version)
        where = format_path(path)
        line = doc.line(path)
        if version not in versions:
            problems.append(
                Problem(
                    doc.file,
                    line,
                    where,
                    f"no version '{version}' in this brief "
                    f"(give the DOI of one of its versions: {', '.join(versions)})",
                )
            )
            continue
        if brief.doi and same_doi(doi, brief.doi):
            problems.append(
                Problem(
                    doc.file,
                    line,
                    where,
                    f"'{doi}' is also the concept DOI under doi: (each version has a DOI of its own; check which "
                    "is which on the repository's record)",
                )
            )
        for other, other_doi in seen.items():
            if same_doi(doi, other_doi):
                problems.append(
                    Problem(doc.file, line, where, f"'{doi}' is version {other}'s DOI too (each version has its own)")
                )
        seen[version] = doi
    return problems


# --- what Zenodo would misread -----------------------------------------------------------------


def zenodo_problems(ctx: BriefContext) -> list[Problem]:
    """What Zenodo would read wrongly, when brief.yml asks for `.zenodo.json` (publish/zenodo.py)."""
    brief = ctx.brief
    if brief.zenodo is None:
        return []
    doc = ctx.docs["brief.yml"]
    problems = []
    for i, author in enumerate(brief.authors):
        if author.organisation is not None and author.organisation.best().count(",") == 1:
            path = ("authors", i, "organisation")
            problems.append(
                Problem(
                    doc.file,
                    doc.line(path),
                    format_path(path),
                    f"Zenodo would read '{author.organisation.best()}' as a person's family and given names "
                    "(write the name without a comma, or leave out zenodo:)",
                )
            )
        person = author.person
        if person is not None and "," in f"{person.family}{person.given or ''}":
            path = ("authors", i, "person")
            problems.append(
                Problem(
                    doc.file,
                    doc.line(path),
                    format_path(path),
                    "a comma in a name makes Zenodo split it in the wrong place (write family and given "
                    "names without commas, or leave out zenodo:)",
                )
            )
    return problems
