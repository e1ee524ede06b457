"""What the pages say about versions, claim by claim (HTML strings).

- each claim's line: "unchanged since 1.0", "changed in 1.1 (substantive)", "added in 1.1",
  "new in 1.2";
- the Changes page, per version: every claim that changed, with a word-level diff of its text,
  the works cited that were added or removed, its locator, its kind, and links to the claim as
  each version has it; the claims that are new, withdrawn, replaced or renumbered;
- the note a withdrawn claim's old anchor shows (hidden until the anchor is the target, so it
  needs no script and works from a folder).

The data is index/editions.py's (what changed) and index/snapshots.py's (each claim as released).

Links to a claim in a version are absolute, `SITE_URL/v/VERSION/PAGE#ID`: the citation URLs.
A build holds only its own version's copy (`v/VERSION/`); the earlier ones are kept by whoever
publishes the site, so a relative link to them could break the offline folder and the build's
link audit. The claim as it is now is linked relatively, like every other link of the site.
"""

from __future__ import annotations

import html
import re

from briefgen.base.routes import CHANGELOG, edition_url, html_path_link, page_url
from briefgen.cite.syntax import TEXT_LINK
from briefgen.index.context import BriefContext
from briefgen.index.editions import ClaimChange, Editions, WithdrawnClaim
from briefgen.index.snapshots import ClaimState, version_key
from briefgen.render.claimdiff import cites_diff, word_diff

KIND_WORDS = {"substantive": "substantive", "minor": "minor"}


def version_anchor(version: str) -> str:
    """`1.1` -> `v1-1`: the Changes page's anchor of a version."""
    return "v" + re.sub(r"[^A-Za-z0-9_-]", "-", version)


def change_anchor(version: str, claim_id: str) -> str:
    """The anchor of one claim's change on the Changes page: `v1-1-bg-treaty-1961`."""
    return f"{version_anchor(version)}-{claim_id}"


def reader_text(markdown: str) -> str:
    """A text field as a reader sees its words: links reduced to their text, emphasis marks
    dropped; citations stay as written (`[@key, p. 5]`), since they are what a change may be."""
    text = TEXT_LINK.sub(lambda m: m.group("text"), markdown)
    return re.sub(r"(?<![\w*])[*_]{1,2}([^*_\n]+?)[*_]{1,2}(?![\w*])", r"\1", text)


def pages_text(locator: str) -> str:
    """A snapshot's locator (`66–[67]`) with its label: `pp. 66–[67]`."""
    return f"{'pp.' if re.search(r'[–,;-]', locator) else 'p.'} {locator}"


# --- the claim's line --------------------------------------------------------------------------


def claim_status_html(ctx: BriefContext, claim_id: str, page: str) -> str:
    """The claim's history in a few words, linked to the Changes page where it changed; "" for
    a brief that has no earlier version."""
    editions = ctx.editions
    status = editions.status(claim_id) if editions is not None else None
    if status is None:
        return ""
    version = html.escape(status.version)
    if status.state == "unchanged":
        words = f"unchanged since {version}"
    elif status.state == "changed":
        kind = f" ({KIND_WORDS[status.kind]})" if status.kind else ""
        href = html_path_link(CHANGELOG, change_anchor(status.version, claim_id), page)
        words = f'<a href="{href}">changed in {version}{kind}</a>'
    else:
        href = html_path_link(CHANGELOG, version_anchor(status.version), page)
        words = f'<a href="{href}">{"new" if status.state == "new" else "added"} in {version}</a>'
    return f'<span class="bg-claim-status bg-claim-{status.state}" data-search-exclude>{words}</span>'


# --- the Changes page --------------------------------------------------------------------------


def versions_newest_first(ctx: BriefContext) -> list[str]:
    """Every version the changelog or the snapshots know, newest first."""
    names = {c.version for c in ctx.brief.changes} | {ctx.brief.version}
    if ctx.editions is not None:
        names |= {s.version for s in ctx.editions.versions}
    return sorted(names, key=version_key, reverse=True)


def _claim_link(ctx: BriefContext, claim_id: str, label: str, page: str) -> str:
    """`§3.2` linked to the claim as it is now, or plain when it is no longer in the brief."""
    target = ctx.xref.get(claim_id, "claim")
    if target is None:
        return html.escape(label)
    return f'<a href="{html_path_link(target.page, target.anchor, page)}">{html.escape(label)}</a>'


def _versions_links(site_url: str, change: ClaimChange) -> str:
    links = []
    if change.old is not None:
        url = edition_url(site_url, change.previous, change.old.url())
        links.append(f'<a class="bg-v-old" href="{html.escape(url)}">as released in {html.escape(change.previous)}</a>')
    if change.new is not None:
        url = edition_url(site_url, change.version, change.new.url())
        links.append(f'<a class="bg-v-new" href="{html.escape(url)}">as in {html.escape(change.version)}</a>')
    return " · ".join(links)


def _cites_html(ctx: BriefContext, cites: list[tuple[str, str]], page: str) -> str:
    out = []
    for key, locator in cites:
        target = ctx.xref.get(key, "work")
        name = html.escape(key)
        if target is not None:
            name = f'<a href="{html_path_link(target.page, target.anchor, page)}">{name}</a>'
        out.append(name + (f", {html.escape(locator)}" if locator else ""))
    return "; ".join(out)


def _details(ctx: BriefContext, old: ClaimState, new: ClaimState, page: str) -> str:
    """What changed besides the text: the locator and the works the source cites there."""
    parts = []
    if old.locator != new.locator:
        parts.append(
            f"Where in the source: {html.escape(pages_text(old.locator))} → {html.escape(pages_text(new.locator))}."
        )
    added, removed, relocated = cites_diff(old.cites, new.cites)
    if added:
        parts.append(f"The article cites, added: {_cites_html(ctx, added, page)}.")
    if removed:
        parts.append(f"No longer cited: {_cites_html(ctx, removed, page)}.")
    for key, before, after in relocated:
        parts.append(
            f"Cited at another place: {_cites_html(ctx, [(key, '')], page)}, "
            f"{html.escape(before or 'no locator')} → {html.escape(after or 'no locator')}."
        )
    if not (added or removed or relocated) and old.cites != new.cites:
        parts.append("The works cited are listed in another order.")
    return " ".join(parts)


def _changed_html(ctx: BriefContext, change: ClaimChange, page: str) -> str:
    assert change.old is not None and change.new is not None
    old, new = change.old, change.new
    kind = change.kind or ""
    label = _claim_link(ctx, new.id, f"§{new.number}", page)
    was = []
    if old.number != new.number:
        was.append(f"§{html.escape(old.number)} in {html.escape(change.previous)}")
    if old.id != new.id:
        was.append(f"was <code>{html.escape(old.id)}</code>")
    head = [label + (f" ({', '.join(was)})" if was else "")]
    if kind:
        head.append(f'<span class="bg-change bg-change-{kind}">{KIND_WORDS[kind]}</span>')
    head.append(_versions_links(ctx.brief.site_url, change))
    out = [
        f'<div class="bg-claim-change" id="{change_anchor(change.version, new.id)}">',
        f'<p class="bg-claim-change-head">{" · ".join(head)}</p>',
    ]
    old_text, new_text = reader_text(old.text), reader_text(new.text)
    if old_text != new_text:
        out.append(f'<p class="bg-diff">{word_diff(old_text, new_text)}</p>')
    elif old.text != new.text:
        out.append(f'<p class="bg-diff-meta">{html.escape(new_text)} (only the links in the text changed)</p>')
    details = _details(ctx, old, new, page)
    if details:
        out.append(f'<p class="bg-diff-meta">{details}</p>')
    out.append("</div>")
    return "\n".join(out) + "\n\n"


def _gone_html(ctx: BriefContext, change: ClaimChange, editions: Editions, page: str) -> str:
    assert change.old is not None
    old = change.old
    withdrawn = editions.withdrawn.get(old.id)
    label = f"§{html.escape(old.number)} in {html.escape(change.previous)} (<code>{html.escape(old.id)}</code>)"
    if withdrawn is not None:
        what = f"withdrawn: {html.escape(withdrawn.reason)}"
    elif change.replaced_by:
        target = ctx.xref.get(change.replaced_by)
        where = html.escape(change.replaced_by)
        if target is not None:
            where = f'<a href="{html_path_link(target.page, target.anchor, page)}">{html.escape(target.label)}</a>'
        what = f"replaced by {where}"
    else:
        what = "removed"
    return (
        f'<div class="bg-claim-change bg-claim-gone" id="{change_anchor(change.version, old.id)}">\n'
        f'<p class="bg-claim-change-head">{label} · {what} · {_versions_links(ctx.brief.site_url, change)}</p>\n'
        f'<p class="bg-diff"><del>{html.escape(reader_text(old.text))}</del></p>\n</div>\n\n'
    )


def version_changes_html(ctx: BriefContext, version: str, page: str) -> str:
    """The claims that changed in `version`, compared with the version before it: Markdown
    headings (for the page's contents) around HTML blocks."""
    editions = ctx.editions
    if editions is None or version not in editions.changes:
        return ""
    changes = editions.changes[version]
    anchor = version_anchor(version)
    previous = html.escape(editions.version_before(version) or "")
    changed = [c for c in changes if c.old is not None and c.new is not None and c.fields]
    gone = [c for c in changes if c.new is None]
    new = [c.new for c in changes if c.old is None and c.new is not None]
    out = [f"### Claims in {html.escape(version)} {{#{anchor}-claims}}\n\n"]
    out.append(
        f'<p class="bg-note">Compared with version {previous}: {len(changed)} changed, {len(new)} new, '
        f"{len(gone)} withdrawn or replaced. Each change shows the words removed "
        "<del>struck through</del> and the words added <ins>underlined</ins>.</p>\n\n"
    )
    out += [_changed_html(ctx, c, page) for c in changed]
    out += [_gone_html(ctx, c, editions, page) for c in gone]
    if new:
        links = ", ".join(_claim_link(ctx, c.id, f"§{c.number}", page) for c in new)
        out.append(f'<p class="bg-claims-new" id="{anchor}-new">New in {html.escape(version)}: {links}.</p>\n\n')
    numbered = [
        (c.old, c.new)
        for c in changes
        if c.old is not None and c.new is not None and c.old.number != c.new.number and not c.fields
    ]
    if numbered:
        numbers = ", ".join(
            f"§{html.escape(old.number)} → {_claim_link(ctx, now.id, '§' + now.number, page)}" for old, now in numbered
        )
        out.append(
            f'<p class="bg-note">Numbered anew in {html.escape(version)}, the text unchanged (each claim keeps its '
            f"link, and a citation of {previous} keeps its number at {previous}'s address): {numbers}.</p>\n\n"
        )
    return "".join(out)


# --- withdrawn claims ---------------------------------------------------------------------------


def withdrawn_note_html(ctx: BriefContext, withdrawn: WithdrawnClaim, page: str) -> str:
    """What a withdrawn claim's old anchor shows: hidden until it is the page's target."""
    last = withdrawn.last
    url = edition_url(ctx.brief.site_url, withdrawn.last_version, last.url())
    changes = html_path_link(CHANGELOG, change_anchor(withdrawn.withdrawn_in, withdrawn.id), page)
    return (
        f'<div class="bg-withdrawn" id="{withdrawn.id}" role="note" data-search-exclude>\n'
        f"<p><strong>§{html.escape(last.number)} was withdrawn in version {html.escape(withdrawn.withdrawn_in)}."
        f"</strong> {html.escape(withdrawn.reason)} "
        f'<a href="{html.escape(url)}">The claim as released in {html.escape(withdrawn.last_version)}</a> · '
        f'<a href="{changes}">Changes</a></p>\n</div>\n\n'
    )


def withdrawn_notes(ctx: BriefContext) -> dict[str, str]:
    """Source path of a page -> the notes of the withdrawn claims whose old anchors it holds."""
    editions = ctx.editions
    if editions is None:
        return {}
    sources = {page_url(src): src for src in ctx.pages}
    out: dict[str, str] = {}
    for withdrawn in editions.withdrawn.values():
        src = sources.get(withdrawn.note_page, CHANGELOG)
        out[src] = out.get(src, "") + withdrawn_note_html(ctx, withdrawn, src)
    return out
