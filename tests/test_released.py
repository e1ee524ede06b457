"""Released URLs stay valid: `briefgen release`, the guard in check/build, and forwarding."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from briefgen.base.errors import BriefError
from briefgen.base.project import Project
from briefgen.check.released import Released, format_registry, parse_registry, record_release
from briefgen.cli.main import main
from briefgen.index.forwarding import Current, Forwarding
from briefgen.pipeline.build import build, check, release
from briefgen.render.forwarding import moved_map_json, stub_page

from .conftest import assert_refused, error_lines


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def released_line(project: Project, url: str) -> int:
    lines = project.released.read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, start=1) if line.endswith(f" {url}"))


@pytest.fixture
def released(sample: Project) -> Project:
    """The sample brief after `briefgen release` of its version 0.1."""
    done = release(sample)
    assert done.version == "0.1"
    assert done.added > 10
    return sample


# --------------------------------------------------------------------------- the registry file


def test_registry_round_trip_and_release_keeps_every_earlier_line() -> None:
    first = record_release(
        [], [Current("part", "intro", "a/intro.html"), Current("claim", "x", "a/intro.html#x")], "1.0"
    )
    text = format_registry(first)
    entries, problems = parse_registry(text, "content/released.txt")
    assert problems == []
    assert [(e.version, e.kind, e.id, e.url) for e in entries] == [
        ("1.0", "part", "intro", "a/intro.html"),
        ("1.0", "claim", "x", "a/intro.html#x"),
    ]
    # 1.1 moved claim x and added y: the old URL stays, the new ones come with the new version
    later = record_release(
        entries, [Current("part", "intro", "a/intro.html"), Current("claim", "x", "a/other.html#x")], "1.1"
    )
    assert [(e.version, e.url) for e in later] == [
        ("1.0", "a/intro.html"),
        ("1.0", "a/intro.html#x"),
        ("1.1", "a/other.html#x"),
    ]


def test_registry_errors_name_file_and_line() -> None:
    text = "# comment\n1.0 part intro a/intro.html\n1.0 claim x\n\n1.0 part intro a/intro.html\n"
    _, problems = parse_registry(text, "content/released.txt")
    assert [str(p) for p in problems] == [
        "content/released.txt:3: released: line has 3 fields, expected 4: VERSION KIND ID URL (restore the line "
        "from version control; `briefgen release` writes this file)",
        "content/released.txt:5: released: 'a/intro.html' is listed twice (remove this line; see line 2)",
    ]


def test_release_records_every_page_and_anchor(released: Project) -> None:
    text = released.released.read_text(encoding="utf-8")
    assert "0.1 page index.md index.html\n" in text
    assert "0.1 article ivanov brief/ivanov/index.html\n" in text
    assert "0.1 part introduction brief/ivanov/introduction.html\n" in text
    assert "0.1 claim route-shorter brief/ivanov/introduction.html#route-shorter\n" in text
    assert "0.1 page brief/works.md brief/works.html\n" in text
    assert re.search(r"^0\.1 work \S+ brief/works\.html#\S+$", text, re.M)
    # releasing again adds nothing and changes nothing
    again = release(released)
    assert (again.version, again.added, again.written) == ("0.1", 0, ())
    assert released.released.read_text(encoding="utf-8") == text


def test_cli_release(sample: Project, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["-C", str(sample.root), "release"]) == 0
    out = capsys.readouterr().out
    assert re.fullmatch(
        r"content/released\.txt: \d+ URL\(s\) of version 0\.1 added; content/released/claims-0\.1\.yml: its 3 "
        r"claim\(s\)\nwritten: content/released\.txt, content/released/claims-0\.1\.yml; commit with the content\n",
        out,
    )


# --------------------------------------------------------------------------- the guard


def test_removed_id_without_redirect_fails_check_and_build(released: Project) -> None:
    edit(released.content_dir / "article.yml", "- id: route-shorter", "- id: route-shortest")
    edit(released.content_dir / "priorities.yml", "claim: route-shorter", "claim: route-shortest")
    line = released_line(released, "brief/ivanov/introduction.html#route-shorter")
    expected = (
        f"content/released.txt:{line}: route-shorter: released URL "
        "'brief/ivanov/introduction.html#route-shorter' (version 0.1) no longer exists "
        "(add 'route-shorter: NEW-ID' under redirects:, or list it under withdrawn: with a reason, in "
        "content/brief.yml; or restore the id)"
    )
    assert_refused(released, [expected])


def test_redirects_are_checked(released: Project) -> None:
    brief = released.content_dir / "brief.yml"
    with brief.open("a", encoding="utf-8") as out:
        out.write("redirects:\n  route-shorter: ice-risk\n  old-thing: nowhere-id\n")
    with pytest.raises(BriefError) as exc:
        check(released)
    text = brief.read_text(encoding="utf-8").splitlines()
    line_a = text.index("  route-shorter: ice-risk") + 1
    line_b = text.index("  old-thing: nowhere-id") + 1
    assert error_lines(exc) == [
        f"content/brief.yml:{line_a}: redirects.route-shorter: 'route-shorter' still exists, so it needs no "
        "redirect (remove this line)",
        f"content/brief.yml:{line_b}: redirects.old-thing: redirect target 'nowhere-id' does not exist "
        "(point it at an existing id, or a page such as about.md)",
    ]


def test_renamed_ids_forward_from_their_released_urls(released: Project) -> None:
    """A renamed part leaves a stub at its old URL; a renamed claim's old anchor is forwarded by
    the map on the page it was on; both pass the site audit (it checks the forwarding links)."""
    content = released.content_dir / "article.yml"
    edit(content, "- id: introduction", "- id: opening")
    edit(content, "- id: route-shorter", "- id: route-shortest")
    edit(released.content_dir / "priorities.yml", "claim: route-shorter", "claim: route-shortest")
    with (released.content_dir / "brief.yml").open("a", encoding="utf-8") as out:
        out.write("redirects:\n  introduction: opening\n  route-shorter: route-shortest\n")
    check(released)
    build(released, pdf=False)
    site = released.site_dir
    stub = (site / "brief/ivanov/introduction.html").read_text(encoding="utf-8")
    assert '<meta http-equiv="refresh" content="0; url=opening.html">' in stub
    assert '<a href="opening.html">' in stub
    moved = json.loads(re.search(r'<script type="application/json" id="bg-moved">(.*?)</script>', stub).group(1))  # type: ignore[union-attr]
    assert moved[""] == "opening.html"
    assert moved["route-shorter"] == "opening.html#route-shortest"
    assert moved["ice-risk"] == "opening.html#ice-risk"
    assert (site / "v/0.1/brief/ivanov/introduction.html").read_text(encoding="utf-8") == stub


def test_moved_claim_is_forwarded_from_the_page_it_left(released: Project) -> None:
    """Moving a claim to another part keeps its id; its old anchor forwards by itself."""
    content = released.content_dir / "article.yml"
    text = content.read_text(encoding="utf-8")
    block = re.search(r"^          - id: ice-risk\n(?:^            .*\n|^\s*\n)*", text, re.M)
    assert block is not None
    text = text.replace(block.group(0), "")
    anchor = re.search(r"^          - id: slow-growth\n", text, re.M)
    assert anchor is not None
    content.write_text(text[: anchor.start()] + block.group(0) + text[anchor.start() :], encoding="utf-8")
    build(released, pdf=False)
    page = (released.site_dir / "brief/ivanov/introduction.html").read_text(encoding="utf-8")
    found = re.search(r'<script type="application/json" id="bg-moved">(.*?)</script>', page)
    assert found is not None
    assert json.loads(found.group(1)) == {"ice-risk": "conclusion.html#ice-risk"}
    assert 'id="ice-risk"' in (released.site_dir / "brief/ivanov/conclusion.html").read_text(encoding="utf-8")


# --------------------------------------------------------------------------- pure renderers


def test_moved_map_is_safe_inside_a_script_element() -> None:
    forwarding = Forwarding(pages={}, anchors={"a/p.html": {"x</script><script>alert(1)": "a/q.html#y&"}})
    text = moved_map_json("a/p.html", forwarding)
    assert text is not None
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == {"x</script><script>alert(1)": "q.html#y&"}
    assert moved_map_json("a/other.html", forwarding) is None


def test_stub_page_escapes_titles_and_points_relative() -> None:
    forwarding = Forwarding(pages={"brief/old/p.html": "brief/new/q.html"}, anchors={})
    titles = {"brief/new/q.html": 'A <b>"title"</b>'}
    stub = stub_page(
        "brief/old/p.html",
        forwarding,
        titles,
        site_url="https://example.org/x/",
        language="ru",
        script="brief/assets/briefgen-moved.js",
    )
    assert '<html lang="ru">' in stub
    assert "<title>Moved: A &lt;b&gt;&quot;title&quot;&lt;/b&gt;</title>" in stub
    assert '<link rel="canonical" href="https://example.org/x/brief/new/q.html">' in stub
    assert '<meta http-equiv="refresh" content="0; url=../new/q.html">' in stub
    assert '<script src="../assets/briefgen-moved.js"></script>' in stub
    assert '{"": "../new/q.html"}' in stub


def test_released_dataclass_keeps_its_line() -> None:
    entries, _ = parse_registry("\n\n1.0 page about.md about.html\n", "f")
    assert entries == [Released("1.0", "page", "about.md", "about.html", line=3)]
