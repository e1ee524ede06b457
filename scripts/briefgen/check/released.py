"""Released URLs: every page and anchor a published version had, and what keeps them working.

A cited URL must not silently disappear. `briefgen release` records the URL of every page and
every id's anchor in `content/released.txt` (committed with the content); every later check and
build resolves each recorded URL again:

- the id is still at the same URL: nothing to do;
- the id still exists but its URL changed (a claim moved to another part, an article renamed):
  the old URL forwards to the new one;
- the id is gone: `redirects:` in brief.yml must name the id that replaces it, or it is an error.

Forwarding works without a server: an old page that no longer exists becomes a small stub page
(meta refresh + link), and an old anchor is forwarded by `briefgen-moved.js` from a map that the
old page (or its stub) carries. Everything here is pure: render/forwarding.py makes the stubs, the build writes them.
"""

from __future__ import annotations

from dataclasses import dataclass

from briefgen.base.errors import Problem, did_you_mean
from briefgen.base.pathrules import ID, PAGE_SOURCE, VERSION, site_url_problem
from briefgen.index.forwarding import PAGE, Current, Forwarding, current_urls
from briefgen.index.xref import LINK_KINDS, XrefIndex
from briefgen.load.bibtex import KEY_PATTERN

HEADER = """\
# Released URLs of this brief: every page and every id's anchor that a published version had,
# with the first version that had it. `briefgen release` adds the current version's URLs; keep
# every line, because someone may have cited it. To rename or remove an id, add
# `OLD-ID: NEW-ID` under `redirects:` in content/brief.yml; moved ids are forwarded by themselves.
# VERSION KIND ID URL
"""
KINDS = frozenset({*LINK_KINDS, "period", PAGE})


def _line_problem(version: str, kind: str, identifier: str, url: str) -> str | None:
    """Why a registry line cannot be a released URL (its fields name files), or None."""
    if not VERSION.match(version):
        return f"'{version}' is not a version"
    if kind not in KINDS:
        return f"'{kind}' is not a kind (one of: {', '.join(sorted(KINDS))})"
    pattern = PAGE_SOURCE if kind == PAGE else KEY_PATTERN if kind == "work" else ID
    if not pattern.match(identifier):
        return f"'{identifier}' is not {'a page source path' if kind == PAGE else 'an id'}"
    return site_url_problem(url)


def redirect_name_ok(name: str) -> bool:
    """A redirect's old or new name: an id, a bibliography key, or a page's source path."""
    return bool(KEY_PATTERN.match(name) or PAGE_SOURCE.match(name))


@dataclass(frozen=True)
class Released:
    """One line of content/released.txt: a URL a published version had."""

    version: str
    kind: str
    id: str
    url: str
    """Site-relative: `brief/feng/background.html` or `brief/feng/background.html#bg-x`."""
    line: int = 0


def parse_registry(text: str, file: str) -> tuple[list[Released], list[Problem]]:
    """The lines of content/released.txt, and the problems of those that cannot be read."""
    entries: list[Released] = []
    problems: list[Problem] = []
    seen: dict[tuple[str, str, str], int] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        fields = line.split()
        if len(fields) != 4:
            problems.append(
                Problem(
                    file,
                    number,
                    "released",
                    f"line has {len(fields)} fields, expected 4: VERSION KIND ID URL "
                    "(restore the line from version control; `briefgen release` writes this file)",
                )
            )
            continue
        version, kind, identifier, url = fields
        wrong = _line_problem(version, kind, identifier, url)
        if wrong is not None:
            problems.append(
                Problem(
                    file,
                    number,
                    "released",
                    f"{wrong} (restore the line from version control; `briefgen release` writes this file)",
                )
            )
            continue
        entry = Released(version, kind, identifier, url, line=number)
        key = (entry.kind, entry.id, entry.url)
        if key in seen:
            problems.append(
                Problem(
                    file, number, "released", f"'{entry.url}' is listed twice (remove this line; see line {seen[key]})"
                )
            )
            continue
        seen[key] = number
        entries.append(entry)
    return entries, problems


def format_registry(entries: list[Released]) -> str:
    """The file's text: the header, then one line per URL in first-released order."""
    return HEADER + "".join(f"{e.version} {e.kind} {e.id} {e.url}\n" for e in entries)


def record_release(entries: list[Released], current: list[Current], version: str) -> list[Released]:
    """The registry after releasing `version`: every earlier line kept, each new URL added."""
    known = {(e.kind, e.id, e.url) for e in entries}
    added = [Released(version, c.kind, c.id, c.url) for c in current if (c.kind, c.id, c.url) not in known]
    return [*entries, *added]


def resolve_released(
    entries: list[Released],
    current: list[Current],
    redirects: dict[str, str],
    *,
    file: str,
    redirects_file: str,
    withdrawn: frozenset[str] | set[str] = frozenset(),
) -> tuple[Forwarding, list[Problem]]:
    """Resolve every released URL against this build's `current` URLs: problems for those that
    vanished without a redirect, and the forwarding for those that moved. Claims under
    `withdrawn:` are left to check/editions.py, which places the note their old anchor shows."""
    live = {f"{c.kind}:{c.id}": c.url for c in current}
    by_id = {c.id: c.url for c in current}
    live_pages = {c.url for c in current if "#" not in c.url}
    forwarding = Forwarding()
    problems: list[Problem] = []
    for entry in entries:
        new_url = live.get(f"{entry.kind}:{entry.id}")
        if new_url is None:
            new_url = _redirected(entry.id, redirects, by_id)
        if new_url is None and (entry.id in redirects or (entry.kind == "claim" and entry.id in withdrawn)):
            continue  # a wrong redirect is reported by redirect_problems, a wrong withdrawal by check/editions.py
        if new_url is None:
            hint = f"add '{entry.id}: NEW-ID' under redirects: in {redirects_file}, or restore the id"
            if entry.kind == "claim":
                hint = (
                    f"add '{entry.id}: NEW-ID' under redirects:, or list it under withdrawn: with a reason, "
                    f"in {redirects_file}; or restore the id"
                )
            problems.append(
                Problem(
                    file,
                    entry.line,
                    entry.id,
                    f"released URL '{entry.url}' (version {entry.version}) no longer exists ({hint})",
                )
            )
            continue
        if new_url == entry.url:
            continue
        old_page, _, old_anchor = entry.url.partition("#")
        if old_anchor:
            forwarding.anchors.setdefault(old_page, {})[old_anchor] = new_url
        elif old_page not in live_pages:
            forwarding.pages[old_page] = new_url
    for old_page, anchors in forwarding.anchors.items():
        # An old page whose own entry is not in the registry still needs a stub to carry its map.
        if old_page not in live_pages and old_page not in forwarding.pages:
            forwarding.pages[old_page] = next(iter(anchors.values())).partition("#")[0]
    return forwarding, problems


def _redirected(identifier: str, redirects: dict[str, str], by_id: dict[str, str]) -> str | None:
    seen = {identifier}
    current = identifier
    while current in redirects:
        current = redirects[current]
        if current in seen:
            return None
        seen.add(current)
        if current in by_id:
            return by_id[current]
    return None


def redirect_problems(
    redirects: dict[str, str], current: list[Current], lines: dict[str, int], file: str
) -> list[Problem]:
    """`redirects:` itself: names are ids or pages, a key may not still exist, each value must be
    a live id or page, and no chain of redirects may loop."""
    live = {c.id for c in current}
    problems: list[Problem] = []
    looped = _redirect_loops(redirects, lines, file, problems)
    for old, new in redirects.items():
        line = lines.get(old, 0)
        bad = [name for name in (old, new) if not redirect_name_ok(name)]
        if bad:
            problems.append(
                Problem(
                    file,
                    line,
                    f"redirects.{old}",
                    f"'{bad[0]}' is not an id or a page's source path "
                    "(write an id such as 'background', or a page such as 'about.md')",
                )
            )
            continue
        if old in looped:
            continue
        if old in live:
            problems.append(
                Problem(
                    file, line, f"redirects.{old}", f"'{old}' still exists, so it needs no redirect (remove this line)"
                )
            )
        if new not in live and new not in redirects:
            hint = did_you_mean(new, sorted(live)) or "point it at an existing id, or a page such as about.md"
            problems.append(Problem(file, line, f"redirects.{old}", f"redirect target '{new}' does not exist ({hint})"))
    return problems


def _redirect_loops(redirects: dict[str, str], lines: dict[str, int], file: str, problems: list[Problem]) -> set[str]:
    """Report every loop of `redirects:` once (a self-redirect, or a cycle); returns the names in
    loops, whose other problems would only repeat this one."""
    looped: set[str] = set()
    for start in sorted(redirects, key=lambda name: (lines.get(name, 0), name)):
        chain = [start]
        while chain[-1] in redirects and redirects[chain[-1]] not in chain:
            chain.append(redirects[chain[-1]])
        nxt = redirects.get(chain[-1])
        if nxt is None or nxt not in chain:
            continue
        cycle = chain[chain.index(nxt) :]
        if looped & set(cycle):
            looped.update(chain)
            continue
        looped.update(chain)
        first = cycle[0]
        if len(cycle) == 1:
            message = f"'{first}' redirects to itself (name the id or page that replaces it)"
        else:
            message = (
                f"redirects form a loop: {' -> '.join([*cycle, first])} "
                "(point one of them at an id or page that exists)"
            )
        problems.append(Problem(file, lines.get(first, 0), f"redirects.{first}", message))
    return looped


def check_released(
    *,
    registry: str | None,
    registry_file: str,
    redirects: dict[str, str],
    redirect_lines: dict[str, int],
    redirects_file: str,
    xref: XrefIndex,
    pages: list[str],
    withdrawn: frozenset[str] | set[str] = frozenset(),
) -> tuple[Forwarding, list[Problem]]:
    """Everything about released URLs for one build: the registry's own problems, those of
    `redirects:`, and each released URL that vanished; with the forwarding for those that moved.
    `pages` is every page's source path."""
    current = current_urls(xref, pages)
    problems = redirect_problems(redirects, current, redirect_lines, redirects_file)
    entries: list[Released] = []
    if registry is not None:
        entries, parse_problems = parse_registry(registry, registry_file)
        problems += parse_problems
    forwarding, lost = resolve_released(
        entries, current, redirects, file=registry_file, redirects_file=redirects_file, withdrawn=withdrawn
    )
    return forwarding, problems + lost
