"""The bad-input corpus (reliability.md §4): exact messages for bad content, exact safe output
for hostile HTML, and end-to-end proof that what `check` refuses never reaches a page.

The cases live in tests/badinput/cases.yml (format in tests/badinput/README.md); a few need
code to build their input (huge files, symlinks, crashes) and are plain tests below.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml

from briefgen.base.errors import BriefError, visible
from briefgen.base.project import Project
from briefgen.check.run import build_context
from briefgen.cli.main import main
from briefgen.index.context import BriefContext
from briefgen.pipeline.scaffold import scaffold
from briefgen.publish.audit import audit_site
from briefgen.render.sanitize import sanitize_html

from .conftest import tree_digest

CORPUS = Path(__file__).parent / "badinput" / "cases.yml"
STARRED = {"A1", "A2", "A11", "B5", "B6", "C1", "D1", "D3", "D6", "E1", "F1", "G1"}


class _CorpusLoader(yaml.SafeLoader):
    """The corpus is test data, but a duplicated key in it would silently drop a case field."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        keys = [self.construct_object(k, deep=deep) for k, _ in node.value]
        duplicates = {k for k in keys if keys.count(k) > 1}
        assert not duplicates, f"{CORPUS.name}:{node.start_mark.line + 1}: duplicate keys {duplicates}"
        return super().construct_mapping(node, deep=deep)


def _load_corpus() -> dict[str, Any]:
    data = yaml.load(CORPUS.read_text(encoding="utf-8"), Loader=_CorpusLoader)
    assert isinstance(data, dict)
    return data


CASES = _load_corpus()


def _ids(section: str) -> list[str]:
    ids = [case["id"] for case in CASES[section]]
    assert len(ids) == len(set(ids)), f"duplicate case ids in {section}"
    return ids


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample brief, made once; every case works on its own copy."""
    root = tmp_path_factory.mktemp("template") / "brief"
    scaffold(root)
    return root


@pytest.fixture(scope="module")
def clean_context(template: Path) -> BriefContext:
    return build_context(Project(template))


def _copy(template: Path, tmp_path: Path) -> Project:
    root = tmp_path / "brief"
    shutil.copytree(template, root)
    return Project(root)


def _apply(project: Project, case: dict[str, Any]) -> None:
    path = project.root / case["file"]
    if "old" not in case:
        text = case["new"]  # the whole file (a new file, if there was none)
        path.parent.mkdir(parents=True, exist_ok=True)
    else:
        text = path.read_text(encoding="utf-8")
        assert case["old"] in text, f"{case['id']}: {case['old']!r} is not in {case['file']}"
        text = text.replace(case["old"], case["new"], 1)
    if "newline" in case:
        text = text.replace("\n", case["newline"])
    path.write_bytes(text.encode(case.get("encoding", "utf-8"), errors="replace"))


def _content(ctx: BriefContext) -> tuple[object, ...]:
    """Everything a brief's pages are made from, and the line of every YAML value."""
    bib = {key: (e.type, e.line, e.fields, e.persons) for key, e in ctx.bibliography.entries.items()}
    lines = {name: doc.lines for name, doc in ctx.docs.items()}
    return ctx.brief, ctx.articles, ctx.hierarchies, ctx.timeline, ctx.glossary, bib, lines


def _check(project: Project) -> tuple[list[str], list[str], BriefContext | None]:
    try:
        ctx = build_context(project)
    except BriefError as exc:
        errors = [str(p) for p in exc.problems if p.severity == "error"]
        return errors, [str(p) for p in exc.problems if p.severity == "warning"], None
    return [], [str(p) for p in ctx.warnings], ctx


@pytest.mark.parametrize("case", CASES["check"], ids=_ids("check"))
def test_check_reports_exactly(
    case: dict[str, Any], template: Path, clean_context: BriefContext, tmp_path: Path
) -> None:
    project = _copy(template, tmp_path)
    _apply(project, case)
    before = tree_digest(project.root)
    errors, warnings, ctx = _check(project)
    assert errors == [visible(e) for e in case["errors"]]
    if "warnings" in case:
        assert warnings == case["warnings"]
    assert tree_digest(project.root) == before, "check wrote into the project"
    if not case["errors"]:
        assert ctx is not None
        if case.get("identical"):
            assert _content(ctx) == _content(clean_context)
        if "field" in case:
            want = case["field"]
            assert ctx.bibliography.entries[want["key"]].fields[want["name"]] == want["value"]


@pytest.mark.parametrize("case", CASES["sanitize"], ids=_ids("sanitize"))
def test_sanitizer_output_is_exact(case: dict[str, Any]) -> None:
    assert sanitize_html(case["html"]) == case["out"]


PAGE = (
    '<!doctype html><html><head><title>t</title></head><body><header><a href="index.html">Home</a></header>'
    '<article class="md-content__inner md-typeset">{}</article><footer><p>f</p></footer></body></html>'
)


@pytest.mark.parametrize("case", CASES["audit"], ids=_ids("audit"))
def test_audit_finds_exactly(case: dict[str, Any], tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text(PAGE.format(case["html"]), encoding="utf-8")
    assert audit_site(tmp_path) == case["problems"]


def test_audit_passes_a_clean_page_and_its_versioned_404(tmp_path: Path) -> None:
    """The oracle itself: a harmless page passes; 404 pages (also copies under v/) may link to
    the site root."""
    (tmp_path / "index.html").write_text(PAGE.format('<p id="a"><a href="#a">x</a></p>'), encoding="utf-8")
    (tmp_path / "v" / "1.0").mkdir(parents=True)
    for page in ("404.html", "v/1.0/404.html"):
        (tmp_path / page).write_text(PAGE.format('<a href="/brief/index.html">home</a>'), encoding="utf-8")
    assert audit_site(tmp_path) == []


def test_audit_refuses_embedding_elements_outside_the_article_too(tmp_path: Path) -> None:
    """Only the theme's search form may be outside the article; an iframe may be nowhere."""
    page = PAGE.replace(
        "<footer>", '<footer><form action="search.html"></form><iframe src="https://x.example"></iframe>'
    )
    (tmp_path / "index.html").write_text(page.format("<p>x</p>"), encoding="utf-8")
    assert audit_site(tmp_path) == ["index.html: <iframe> element on the page"]


def test_corpus_covers_every_starred_case() -> None:
    refs = " ".join(
        [str(case["ref"]) for section in ("check", "sanitize", "audit") for case in CASES[section]]
        + [str(item["ref"]) for item in CASES["elsewhere"]]
    )
    starred = set(re.findall(r"\b([A-G]\d+)★", refs))
    assert starred == STARRED
    for item in CASES["elsewhere"]:
        for ref in str(item["test"]).split(", "):
            path, _, name = ref.partition("::")
            text = (Path(__file__).parents[1] / path).read_text(encoding="utf-8")
            assert not name or f"def {name}(" in text, ref


# --- inputs that need code to build -----------------------------------------------------------


def test_oversize_file_is_refused_before_parsing(template: Path, tmp_path: Path) -> None:
    project = _copy(template, tmp_path)
    glossary = project.content_dir / "glossary.yml"
    size = 8 * 1024 * 1024 + 1
    glossary.write_bytes(b"terms: []\n" + b"#" * (size - 10))
    errors, _, _ = _check(project)
    assert errors == [
        f"content/glossary.yml:1: (file): file is {size} bytes, more than the 8388608 allowed (split it into smaller files)"
    ]


def test_100000_deep_nesting_is_an_error_not_a_segfault(template: Path, tmp_path: Path) -> None:
    """libyaml's composer recursed until the C stack overflowed: the whole process died. Run in
    a child process so that a regression fails this test instead of killing the test run."""
    project = _copy(template, tmp_path)
    (project.content_dir / "glossary.yml").write_bytes(b"terms: " + b"[" * 100_000 + b"]" * 100_000 + b"\n")
    run = subprocess.run(
        [sys.executable, "-m", "briefgen", "-C", str(project.root), "check"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
    )
    assert run.returncode == 1, run.stderr[-2000:]
    assert run.stderr.splitlines() == [
        "content/glossary.yml:1: (syntax): nesting is too deep (at most 40 levels)",
        "1 error(s), 0 warning(s)",
    ]


def test_billion_laughs_in_content_is_refused_fast(template: Path, tmp_path: Path) -> None:
    project = _copy(template, tmp_path)
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 10):
        prev, cur = chr(ord("a") + i - 1), chr(ord("a") + i)
        lines.append(f"{cur}: &{cur} [" + ",".join([f"*{prev}"] * 9) + "]")
    glossary = project.content_dir / "glossary.yml"
    glossary.write_text(glossary.read_text(encoding="utf-8") + "\n".join(lines) + "\n", encoding="utf-8")
    started = time.perf_counter()
    errors, _, _ = _check(project)
    assert time.perf_counter() - started < 1.0
    assert errors == [
        "content/glossary.yml:16: (syntax): YAML anchor '&a' is not allowed (write the value out in full)"
    ]


def _symlinked(template: Path, tmp_path: Path, rel: str) -> tuple[list[str], str]:
    project = _copy(template, tmp_path)
    target = tmp_path / "outside.txt"
    target.write_text((project.root / rel).read_text(encoding="utf-8"), encoding="utf-8")
    (project.root / rel).unlink()
    (project.root / rel).symlink_to(target)
    folder = "content" if rel.startswith("content/") else "docs/"
    errors, _, _ = _check(project)
    return errors, f"{rel}:0: (file): symbolic links are not allowed in {folder} (replace the link with the file)"


@pytest.mark.parametrize("rel", ["content/glossary.yml", "docs/about.md"])
def test_symlink_is_refused(template: Path, tmp_path: Path, rel: str) -> None:
    errors, expected = _symlinked(template, tmp_path, rel)
    assert len(errors) == 1
    assert errors[0].endswith(expected)


@pytest.mark.parametrize("rel", ["content/glossary.yml", "docs/about.md"])
def test_symlink_message_names_the_relative_path(template: Path, tmp_path: Path, rel: str) -> None:
    errors, expected = _symlinked(template, tmp_path, rel)
    assert errors == [expected]


# Bad inputs `check` once let through or reported badly; the prefix is where the error must point.
KNOWN_GAPS = [
    pytest.param(
        "docs/about.md",
        "[@ivanov-2021, p. 10]",
        "[@ivanov-2021 p. 10]",
        "docs/about.md:4: [@ivanov-2021 p. 10]: ",
        id="malformed-citation-on-a-handwritten-page",
    ),
    pytest.param(
        "content/brief.yml",
        "site_url: https://example.org/sample-brief/",
        "site_url: javascript:alert(1)",
        "content/brief.yml:9: site_url: ",
        id="javascript-site-url",
    ),
    pytest.param(
        "content/article.yml",
        "      - id: conclusion",
        "      - id: con",
        "content/article.yml:28: articles[0].parts[1].id: ",
        id="windows-device-name-id",
    ),
]


@pytest.mark.parametrize(("rel", "old", "new", "prefix"), KNOWN_GAPS)
def test_known_gap(template: Path, tmp_path: Path, rel: str, old: str, new: str, prefix: str) -> None:  # noqa: PLR0917
    project = _copy(template, tmp_path)
    _apply(project, {"id": "gap", "file": rel, "old": old, "new": new})
    errors, _, _ = _check(project)
    assert [e for e in errors if e.startswith(prefix)], errors


def test_every_message_is_one_visible_line(template: Path, tmp_path: Path) -> None:
    project = _copy(template, tmp_path)
    _apply(
        project,
        {
            "id": "newline",
            "file": "content/article.yml",
            "old": "      - id: conclusion",
            "new": '      - id: "con\\nclusion"',
        },
    )
    errors, _, _ = _check(project)
    assert errors
    assert all("\n" not in e for e in errors), errors


# --- end to end: what check refuses never reaches a page ---------------------------------------


class _Html(HTMLParser):
    """Every attribute and the visible text of a page, with entities decoded."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.attrs: list[tuple[str, str, str]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.attrs.extend((tag, name, value or "") for name, value in attrs)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _pages(site: Path) -> dict[str, _Html]:
    out = {}
    for path in sorted(site.rglob("*.html")):
        parsed = _Html()
        parsed.feed(path.read_text(encoding="utf-8"))
        out[path.relative_to(site).as_posix()] = parsed
    return out


def _bypass_biblint(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pretend the bibliography linter missed it, to test the layers behind it."""
    monkeypatch.setattr("briefgen.check.bibliography.lint_entries", lambda bib: [])


def test_javascript_url_in_bib_is_refused_at_check_and_stripped_if_missed(
    template: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    project = _copy(template, tmp_path)
    bib = project.bibliography
    bib.write_text(
        bib.read_text(encoding="utf-8").replace(
            "  institution = {Sample Institute},",
            "  institution = {Sample Institute},\n  url = {javascript:alert(1)},\n  urldate = {2024-01-01},",
        ),
        encoding="utf-8",
    )
    before = tree_digest(project.root)
    assert main(["-C", str(project.root), "build", "--no-pdf"]) == 1
    assert capsys.readouterr().err.splitlines() == [
        "bibliography.bib:20: li-park-2022.url: url 'javascript:alert(1)' is not an http(s) URL (only http:// and https:// links are published)",
        "1 error(s), 0 warning(s)",
        "nothing was written; site/ is unchanged",
    ]
    assert tree_digest(project.root) == before
    assert not project.site_dir.exists()

    _bypass_biblint(monkeypatch)
    assert main(["-C", str(project.root), "build", "--no-pdf"]) == 0
    pages = _pages(project.site_dir)
    assert all(
        not value.lower().lstrip().startswith("javascript:") for page in pages.values() for _, _, value in page.attrs
    )
    works = "".join(pages["brief/works.html"].text)
    assert "javascript:alert(1)" in works  # shown as text, never as a link


def test_doi_with_quotes_is_refused_at_check_and_cannot_break_out_if_missed(
    template: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    project = _copy(template, tmp_path)
    doi = '10.1000/x"onmouseover="alert(1)"<b>'
    bib = project.bibliography
    bib.write_text(
        bib.read_text(encoding="utf-8").replace(
            "  institution = {Sample Institute},", f"  institution = {{Sample Institute}},\n  doi = {{{doi}}},"
        ),
        encoding="utf-8",
    )
    # Plain-text fields full of Markdown and toolchain syntax, rendered on the same build.
    plain = r"A|B <Group A> *x* [@li-park-2022] \bibliography {{ v }} #1"
    glossary = project.content_dir / "glossary.yml"
    glossary.write_text(glossary.read_text(encoding="utf-8").replace('en: "NSR"', f"en: '{plain}'"), encoding="utf-8")
    assert main(["-C", str(project.root), "check"]) == 1
    assert capsys.readouterr().err.splitlines() == [
        f"bibliography.bib:20: li-park-2022.doi: doi '{doi}' is malformed (write it as 10.NNNN/suffix, without https://doi.org/)",
        "1 error(s), 0 warning(s)",
    ]

    _bypass_biblint(monkeypatch)
    assert main(["-C", str(project.root), "build", "--no-pdf"]) == 0  # the audit ran and passed
    pages = _pages(project.site_dir)
    hrefs = {value for page in pages.values() for tag, name, value in page.attrs if tag == "a" and name == "href"}
    assert f"https://doi.org/{doi}" in hrefs  # the quotes stayed inside the attribute
    for rel, page in pages.items():
        assert not [name for _, name, _ in page.attrs if name.startswith("on")], rel
        assert not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", "".join(page.text)), rel
    assert plain in "".join(pages["brief/glossary.html"].text)


# --- a new contributor's first edits -----------------------------------------------------------------

TEN_MISTAKES = [
    # (file, old, new): the ten likeliest editing mistakes, all made before the first check
    ("content/brief.yml", "licence: CC-BY-4.0", "  licence: CC-BY-4.0"),  # indented one level too deep
    ("content/timeline.yml", 'date: "2019-06-07"', "date: 2019-02-30"),  # an unquoted date that does not exist
    ("content/glossary.yml", 'description: "A sample shipping executive."', 'descripton: "A sample shipping executive."'),
    ("content/glossary.yml", "The shipping lane along", "The <b>shipping</b> lane along"),  # HTML in text
    ("content/priorities.yml", "relation: continuity", "relation: contiuity"),  # a misspelt choice
    ("content/article.yml", "- key: li-park-2022", "- key: li-park-2202"),  # a bibliography key typed wrong
    ("content/article.yml", "[@ivanov-2021, p. 12]", "[@ivanov-2012, p. 12]"),  # a citation typed wrong
    ("content/article.yml", "after [the 2017 season](event:season-2017)", "after [the route](claim:route-shortr)"),
    ("bibliography.bib", "  year = {2022},", "  year = {22},"),  # a two-digit year
    ("docs/about.md", "[@ivanov-2021, p. 10]", "[@ivanov-2021 p. 10]"),  # a citation without its comma
]  # fmt: skip


def test_the_ten_likeliest_mistakes_give_one_line_each_in_one_run(template: Path, tmp_path: Path) -> None:
    """Made all at once, as a new contributor would: one run reports each, once, where it was
    made and with what to do."""
    project = _copy(template, tmp_path)
    for number, (rel, old, new) in enumerate(TEN_MISTAKES):
        _apply(project, {"id": f"mistake-{number}", "file": rel, "old": old, "new": new})
    errors, _, _ = _check(project)
    assert errors == [
        "bibliography.bib:20: li-park-2022.year: year '22' is not a four-digit year (write e.g. 2020; put a full date in 'date')",
        "content/article.yml:13:52: articles[0].parts[0].summary: link to unknown claim 'route-shortr' (did you mean 'route-shorter'?)",
        "content/article.yml:19: articles[0].parts[0].claims[0].cites[0].key: no entry 'li-park-2202' in bibliography.bib (did you mean 'li-park-2022'?)",
        "content/article.yml:33:72: articles[0].parts[1].summary: citation [@ivanov-2012, p. 12]: no entry 'ivanov-2012' in bibliography.bib (did you mean 'ivanov-2021'?)",
        "content/brief.yml:8: (syntax): key 'licence' is indented more than 'published' on line 7, so YAML reads it as part of that value (start it at the beginning of the line, like 'published')",
        "content/glossary.yml:7:22: terms[0].definition: raw HTML is not allowed in text (write Markdown; for a literal '<' write &lt;)",
        "content/glossary.yml:12: actors[0].descripton: unknown field 'descripton' (did you mean 'description'?)",
        "content/priorities.yml:24: hierarchies[0].tiers[0].priorities[0].claims[0].relation: 'contiuity' is not allowed (use one of: 'continuity', 'change' or 'tension')",
        'content/timeline.yml:14: events[1].date: unquoted date 2019-02-30 is not a real calendar date (check month and day, and quote it: "YYYY-MM-DD")',
        "docs/about.md:4: [@ivanov-2021 p. 10]: not a citation briefgen reads (write [@key] or [@key, p. 5]; separate several with ';')",
    ]
    assert len(errors) == len(TEN_MISTAKES)
