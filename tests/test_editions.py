"""Editions a citer can trust: claim snapshots, no silent change, withdrawn claims, claim-level
diffs on the Changes page, each claim's history line, and the real brief's versions."""

from __future__ import annotations

import html
import re
import subprocess
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from briefgen.base.errors import BriefError
from briefgen.base.project import Project
from briefgen.check.editions import current_snapshot
from briefgen.check.run import build_context
from briefgen.index.snapshots import format_snapshot, parse_snapshot, version_key
from briefgen.pipeline.build import build, check, release
from briefgen.render.claimdiff import cites_diff, word_diff

from .conftest import REPO, assert_refused, error_lines, real_copy_of, require_tool

ROUTE = "The route shortens voyages between East Asia and northern Europe by about a third."
SITE = "https://example.org/sample-brief"


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def new_version(project: Project, version: str = "0.2", published: str = "2026-02-01", changes: str = "") -> None:
    """The next version of the brief, with `changes:` entries (YAML flow mappings, one a line)."""
    brief = project.content_dir / "brief.yml"
    edit(brief, 'version: "0.1"', f'version: "{version}"')
    edit(brief, 'published: "2026-01-15"', f'published: "{published}"')
    if changes:
        with brief.open("a", encoding="utf-8") as out:
            out.write("changes:\n" + "".join(f"  - {line}\n" for line in changes.strip().splitlines()))


def edit_route(project: Project) -> None:
    edit(project.content_dir / "article.yml", "by about a third.", "by about a third, as the article puts it.")


@pytest.fixture
def released(sample: Project) -> Project:
    """The sample brief after `briefgen release` of its version 0.1."""
    release(sample)
    return sample


# --------------------------------------------------------------------------- the snapshot file


def test_release_records_every_claim_and_the_file_reads_back_as_written(released: Project) -> None:
    path = released.snapshots_dir / "claims-0.1.yml"
    text = path.read_text(encoding="utf-8")
    assert text.splitlines()[4:16] == [
        'version: "0.1"',
        'published: "2026-01-15"',
        "claims:",
        '  - id: "route-shorter"',
        '    number: "1.1"',
        '    page: "brief/ivanov/introduction.html"',
        '    locator: "10"',
        f'    text: "{ROUTE}"',
        "    cites:",
        '      - {key: "li-park-2022", locator: "pp. 4–6"}',
        '  - id: "ice-risk"',
        '    number: "1.2"',
    ]
    snapshot, problems = parse_snapshot(path.read_bytes(), "content/released/claims-0.1.yml")
    assert problems == [] and snapshot is not None
    current = current_snapshot(build_context(released))
    assert snapshot.claims == current.claims
    assert snapshot.claims["ice-risk"].locator == "[11]"  # the inferred page, marked
    assert format_snapshot(snapshot) == text


def test_rewrapping_a_claim_is_no_change(released: Project) -> None:
    """Texts are compared after NFC and with white space collapsed."""
    wrapped = ROUTE.replace(" by ", "\n              by ")
    edit(released.content_dir / "article.yml", f'text: "{ROUTE}"', f"text: |\n              {wrapped}")
    check(released)


def test_versions_are_ordered_by_their_numbers() -> None:
    assert sorted(["1.10", "1.9", "2.0", "1.0", "1.0.1"], key=version_key) == ["1.0", "1.0.1", "1.9", "1.10", "2.0"]


# --------------------------------------------------------------------------- no silent change


def test_edited_released_claim_without_a_change_entry_fails_at_its_line(released: Project) -> None:
    new_version(released)
    edit_route(released)
    expected = (
        "content/article.yml:16: articles[0].parts[0].claims[0].text: claim 'route-shorter' (§1.1) changed since "
        "version 0.1 (its text), and no changes: entry of version 0.2 names it (add 'route-shorter' to the ids of a "
        'changes: entry with version "0.2" in content/brief.yml, kind substantive if its meaning changed, else minor)'
    )
    assert_refused(released, [expected])


def test_locator_and_cited_works_are_part_of_a_claim(released: Project) -> None:
    new_version(released)
    article = released.content_dir / "article.yml"
    edit(
        article,
        'locator: {pages: "10", inferred: false}\n            cites',
        'locator: {pages: "10–11", inferred: end}\n            cites',
    )
    edit(article, 'locator: "pp. 4–6"', 'locator: "p. 5"')
    with pytest.raises(BriefError) as exc:
        check(released)
    [message] = error_lines(exc)
    assert message.startswith(
        "content/article.yml:17: articles[0].parts[0].claims[0].locator: claim 'route-shorter' (§1.1) changed since "
        "version 0.1 (its locator and the works it cites), and no changes: entry of version 0.2 names it"
    )


def test_a_change_entry_of_another_version_does_not_count(released: Project) -> None:
    new_version(released, changes='{version: "0.1", date: "2026-01-15", kind: minor, ids: [route-shorter], note: "x."}')
    edit_route(released)
    with pytest.raises(BriefError) as exc:
        check(released)
    assert "no changes: entry of version 0.2 names it" in error_lines(exc)[0]


def test_a_released_version_keeps_its_text(released: Project) -> None:
    """Without a new version number, even a recorded edit is refused: 0.1 was released."""
    edit_route(released)
    with pytest.raises(BriefError) as exc:
        check(released)
    assert error_lines(exc) == [
        "content/article.yml:16: articles[0].parts[0].claims[0].text: claim 'route-shorter' (§1.1) differs from "
        "version 0.1 as released (its text) (a released version keeps its text: give the brief a new version: in "
        "content/brief.yml and record the change under changes:, or undo the edit)"
    ]


def test_a_version_before_a_released_one_is_refused(released: Project) -> None:
    edit(released.content_dir / "brief.yml", 'version: "0.1"', 'version: "0.0.9"')
    with pytest.raises(BriefError) as exc:
        check(released)
    assert error_lines(exc) == [
        "content/brief.yml:6: version: '0.0.9' comes before version 0.1, which was released "
        "(content/released/claims-0.1.yml) (give a version after 0.1)"
    ]


def test_every_released_version_keeps_its_record_of_changes(released: Project) -> None:
    """Once 0.2 is released, dropping its change entry is an error at `changes:`, naming where
    the change is recorded."""
    new_version(
        released,
        changes="""
{version: "0.2", date: "2026-02-01", kind: minor, ids: [slow-growth], note: "A link."}
{version: "0.2", date: "2026-02-01", kind: substantive, ids: [route-shorter], note: "Says whose words."}
""",
    )
    edit_route(released)
    release(released)
    check(released)
    edit(released.content_dir / "brief.yml", "ids: [route-shorter]", "ids: [ice-risk]")
    with pytest.raises(BriefError) as exc:
        check(released)
    line = released.snapshots_dir.joinpath("claims-0.2.yml").read_text(encoding="utf-8").splitlines()
    at = line.index('  - id: "route-shorter"') + 1
    assert error_lines(exc) == [
        f"content/brief.yml:23: changes: claim 'route-shorter' changed in version 0.2 (its text; "
        f"content/released/claims-0.2.yml:{at}), and no changes: entry of version 0.2 names it (add 'route-shorter' "
        'to the ids of a changes: entry with version "0.2", kind substantive if its meaning changed, else minor)'
    ]


def test_a_renamed_claim_keeps_its_history(released: Project) -> None:
    """Renamed with `redirects:` and edited: the change entry may name it by either id, and its
    history runs through the old id."""
    new_version(released, changes='{version: "0.2", date: "2026-02-01", kind: minor, ids: [route-shorter], note: "x."}')
    edit(released.content_dir / "article.yml", "- id: route-shorter", "- id: route-short")
    edit(released.content_dir / "priorities.yml", "claim: route-shorter", "claim: route-short")
    edit(released.content_dir / "brief.yml", "changes:", "redirects:\n  route-shorter: route-short\nchanges:")
    edit_route(released)
    ctx = build_context(released)
    assert ctx.editions is not None
    status = ctx.editions.status("route-short")
    assert (status.state, status.version, status.kind) == ("changed", "0.2", "minor")  # type: ignore[union-attr]


# --------------------------------------------------------------------------- the pages


def test_a_recorded_change_builds_and_the_changes_page_shows_it_word_by_word(released: Project) -> None:
    new_version(
        released,
        changes='{version: "0.2", date: "2026-02-01", kind: substantive, ids: [route-shorter], note: "Says whose words."}',
    )
    edit_route(released)
    build(released, pdf=False)
    site = released.site_dir
    changes = (site / "brief/changelog.html").read_text(encoding="utf-8")
    block = re.search(r'<div class="bg-claim-change" id="v0-2-route-shorter">(.*?)</div>', changes, re.S)
    assert block is not None
    assert (
        f'<p class="bg-diff">{ROUTE[:-1]}<ins><span class="bg-sr-only">added: </span>, as the article puts it</ins>.</p>'
        in block.group(1)
    )
    assert re.search(r'<a href="ivanov/introduction.html#route-shorter"[^>]*>§1.1</a>', block.group(1))
    assert '<span class="bg-change bg-change-substantive">substantive</span>' in block.group(1)
    assert (
        f'<a class="bg-v-old" href="{SITE}/v/0.1/brief/ivanov/introduction.html#route-shorter">as released in 0.1</a>'
        in block.group(1)
    )
    assert (
        f'<a class="bg-v-new" href="{SITE}/v/0.2/brief/ivanov/introduction.html#route-shorter">as in 0.2</a>'
        in block.group(1)
    )
    assert 'id="v0-2"' in changes and 'id="v0-1"' in changes
    assert "Compared with version 0.1: 1 changed, 0 new, 0 withdrawn or replaced." in changes
    part = (site / "brief/ivanov/introduction.html").read_text(encoding="utf-8")
    assert (
        '<span class="bg-claim-status bg-claim-changed" data-search-exclude=""><a href="../changelog.html#v0-2-route-shorter">'
        "changed in 0.2 (substantive)</a></span>" in part
    )
    assert '<span class="bg-claim-status bg-claim-unchanged" data-search-exclude="">unchanged since 0.1</span>' in part
    # "cite §1.1" cites the version the reader is looking at.
    claim = re.search(r'<p class="bg-cite-claim-text" data-claim="route-shorter" data-style="apa">(.*?)</p>', part)
    assert claim is not None and f"{SITE}/v/0.2/brief/ivanov/introduction.html#route-shorter" in claim.group(1)
    # The version's own copy says the same; earlier copies are the publisher's to keep.
    assert (site / "v/0.2/brief/changelog.html").read_text(encoding="utf-8") == changes
    assert not (site / "v/0.1").exists()


def test_a_new_claim_says_so(released: Project) -> None:
    new_version(released)
    edit(
        released.content_dir / "article.yml",
        "          - id: ice-risk\n",
        '          - id: route-costs\n            text: "Fuel costs less on the shorter route."\n'
        '            locator: {pages: "10"}\n          - id: ice-risk\n',
    )
    build(released, pdf=False)
    part = (released.site_dir / "brief/ivanov/introduction.html").read_text(encoding="utf-8")
    assert '<a href="../changelog.html#v0-2">new in 0.2</a>' in part
    changes = (released.site_dir / "brief/changelog.html").read_text(encoding="utf-8")
    assert re.search(r'New in 0.2: <a href="ivanov/introduction.html#route-costs"[^>]*>§1.2</a>.', changes)
    assert "§1.2 → " in changes  # ice-risk is numbered anew, its text unchanged


def test_a_brief_never_released_shows_no_history(sample: Project) -> None:
    build(sample, pdf=False)
    part = (sample.site_dir / "brief/ivanov/introduction.html").read_text(encoding="utf-8")
    assert "bg-claim-status" not in part


# --------------------------------------------------------------------------- withdrawn claims


def withdraw_ice_risk(project: Project) -> None:
    article = project.content_dir / "article.yml"
    text = article.read_text(encoding="utf-8")
    block = re.search(r"^          - id: ice-risk\n(?:^            .*\n)*", text, re.M)
    assert block is not None
    article.write_text(text.replace(block.group(0), ""), encoding="utf-8")
    edit(
        project.content_dir / "priorities.yml",
        "            claims:\n              - claim: ice-risk\n                relation: continuity\n"
        '                note: "Both sources treat ice as the main constraint."\n',
        "",
    )
    with (project.content_dir / "brief.yml").open("a", encoding="utf-8") as out:
        out.write(
            'withdrawn:\n  - id: ice-risk\n    reason: "The article lists ice among several costs, not as the one."\n'
        )


def test_a_withdrawn_claim_is_explained_at_its_old_anchor(released: Project) -> None:
    new_version(released)
    withdraw_ice_risk(released)
    build(released, pdf=False)
    part = (released.site_dir / "brief/ivanov/introduction.html").read_text(encoding="utf-8")
    note = re.search(
        r'<div class="bg-withdrawn" id="ice-risk" role="note" data-search-exclude="">(.*?)</div>', part, re.S
    )
    assert note is not None
    assert (
        "§1.2 was withdrawn in version 0.2.</strong> The article lists ice among several costs, not as the one."
        in note.group(1)
    )
    assert (
        f'<a href="{SITE}/v/0.1/brief/ivanov/introduction.html#ice-risk">The claim as released in 0.1</a>'
        in note.group(1)
    )
    assert '<a href="../changelog.html#v0-2-ice-risk">Changes</a>' in note.group(1)
    changes = (released.site_dir / "brief/changelog.html").read_text(encoding="utf-8")
    assert 'id="v0-2-ice-risk"' in changes
    assert "withdrawn: The article lists ice among several costs, not as the one." in changes
    # Released again, the registry keeps the old anchor, which still resolves (to the note).
    release(released)
    check(released)


def test_a_withdrawn_claim_whose_page_is_gone_is_explained_where_the_page_went(released: Project) -> None:
    """The part is renamed (redirected): the old page's stub forwards to the new page, and the
    old anchor lands on the note there."""
    new_version(released)
    withdraw_ice_risk(released)
    edit(released.content_dir / "article.yml", "- id: introduction", "- id: opening")
    edit(released.content_dir / "brief.yml", "withdrawn:", "redirects:\n  introduction: opening\nwithdrawn:")
    build(released, pdf=False)
    site = released.site_dir
    assert 'id="ice-risk"' in (site / "brief/ivanov/opening.html").read_text(encoding="utf-8")
    stub = (site / "brief/ivanov/introduction.html").read_text(encoding="utf-8")
    assert '"ice-risk": "opening.html#ice-risk"' in stub


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        (
            "route-shorter",
            "content/brief.yml:24: withdrawn[0].id: 'route-shorter' still exists, so it is not withdrawn "
            "(remove this entry, or remove the claim)",
        ),
        (
            "ice-rsik",
            "content/brief.yml:24: withdrawn[0].id: 'ice-rsik' is not a claim of any released version "
            "(did you mean 'ice-risk'?)",
        ),
    ],
)
def test_withdrawn_entries_are_checked(released: Project, entry: str, message: str) -> None:
    new_version(released)
    with (released.content_dir / "brief.yml").open("a", encoding="utf-8") as out:
        out.write(f'withdrawn:\n  - id: {entry}\n    reason: "No longer held."\n')
    with pytest.raises(BriefError) as exc:
        check(released)
    assert error_lines(exc) == [message]


def test_withdrawn_and_redirected_at_once_is_refused(released: Project) -> None:
    new_version(released)
    withdraw_ice_risk(released)
    edit(released.content_dir / "brief.yml", "withdrawn:", "redirects:\n  ice-risk: route-shorter\nwithdrawn:")
    with pytest.raises(BriefError) as exc:
        check(released)
    assert error_lines(exc) == [
        "content/brief.yml:26: withdrawn[0].id: 'ice-risk' is also under redirects: (a removed claim is either "
        "replaced, under redirects:, or withdrawn, here: remove one)"
    ]


# --------------------------------------------------------------------------- the word diff


def test_word_diff_keeps_words_whole_in_russian() -> None:
    old = "стороны вернулись к союзным обязательствам [@feng, p. 66]"
    new = "стороны лишь частично вернулись к обязательствам 1961 года [@feng, p. [67]]"
    assert word_diff(old, new, labels=False) == (
        "стороны <ins>лишь частично </ins>вернулись к <del>союзным </del>обязательствам<ins> 1961 года</ins> "
        "[@feng, p. <del>66]</del><ins>[67]]</ins>"
    )


def test_word_diff_aligns_words_not_spaces() -> None:
    old = "placed weapons in South Korea in 1957, the situation"
    new = "placed weapons in South Korea, in 1957 as the article dates it, the situation"
    assert word_diff(old, new, labels=False) == (
        "placed weapons in South Korea<ins>,</ins> in 1957<ins> as the article dates it</ins>, the situation"
    )


def test_word_diff_escapes_and_labels_for_screen_readers() -> None:
    assert word_diff("a <b> c", "a <i> c") == (
        'a &lt;<del><span class="bg-sr-only">removed: </span>b</del>'
        '<ins><span class="bg-sr-only">added: </span>i</ins>&gt; c'
    )


WORDS = st.lists(st.sampled_from(["мир", "договор", "the", "treaty", ",", ".", "«a»", "1961", "of", "и"]), max_size=12)


def _strip(markup: str, drop: str) -> str:
    kept = re.sub(rf"<{drop}>.*?</{drop}>", "", markup)
    return html.unescape(re.sub(r"</?(?:ins|del)>", "", kept))


@given(WORDS, WORDS)
def test_word_diff_gives_back_both_texts(old_words: list[str], new_words: list[str]) -> None:
    old, new = " ".join(old_words), " ".join(new_words)
    markup = word_diff(old, new, labels=False)
    assert _strip(markup, "ins") == old
    assert _strip(markup, "del") == new


def test_cites_diff() -> None:
    old = (("a", "p. 1"), ("b", ""))
    new = (("a", "p. 2"), ("c", "pp. 3–4"))
    assert cites_diff(old, new) == ([("c", "pp. 3–4")], [("b", "")], [("a", "p. 1", "p. 2")])


# --------------------------------------------------------------------------- the real brief


def test_the_committed_1_0_snapshot_is_what_release_makes_of_the_1_0_content(tmp_path: Path) -> None:
    """Version 1.0 was released at commit d29768c: its content, released with today's code,
    gives exactly the committed snapshot (and the same released URLs)."""
    git = require_tool("git")
    root = tmp_path / "v1.0"
    root.mkdir()
    archive = subprocess.run(
        [git, "-C", str(REPO), "archive", "d29768c", "content", "docs", "bibliography.bib", "mkdocs.yml"],
        capture_output=True,
        check=True,
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(root)], input=archive, check=True)
    project = Project(root)
    done = release(project)
    assert (done.version, done.added, done.claims) == ("1.0", 0, 66)
    made = (project.snapshots_dir / "claims-1.0.yml").read_text(encoding="utf-8")
    assert made == (REPO / "content/released/claims-1.0.yml").read_text(encoding="utf-8")


def test_the_real_brief_records_every_claim_change_of_1_1(real_copy: Project) -> None:
    ctx = build_context(real_copy)
    assert ctx.editions is not None
    assert [s.version for s in ctx.editions.versions] == ["1.0", "1.1"]
    changes = ctx.editions.changes["1.1"]
    changed = {c.new.id: c.kind for c in changes if c.old and c.new and c.fields}
    assert len(changed) == 13 and None not in changed.values()
    # More rational, not simply rational: a change of meaning, however small.
    assert changed["bg-pragmatic-turn"] == "substantive"
    assert changed["bg-treaty-1961"] == "minor"
    assert [c.new.id for c in changes if c.old is None and c.new] == ["cn-dong-sovereignty"]
    assert not [c for c in changes if c.new is None]


def test_the_real_brief_is_released_as_1_1(real_copy: Project) -> None:
    """1.1 is released: its snapshot is the content, and releasing again changes nothing."""
    assert (real_copy.snapshots_dir / "claims-1.1.yml").is_file()
    done = release(real_copy)
    assert (done.version, done.added, done.written) == ("1.1", 0, ())


def test_copy_of_the_real_brief_builds_with_its_history(tmp_path: Path) -> None:
    project = real_copy_of(REPO, tmp_path / "real")
    build(project, pdf=False)
    part = (project.site_dir / "brief/feng/background.html").read_text(encoding="utf-8")
    assert "changed in 1.1 (substantive)" in part and "unchanged since 1.0" in part
