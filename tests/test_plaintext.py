"""Plain-text fields (titles, names, originals, expansions, notes, locators) are text wherever
they are placed: in Markdown, in raw HTML that Markdown reads, in tooltips and previews. And
tooltip text made from restricted Markdown follows Python-Markdown's own emphasis rules."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from briefgen.base.project import Project
from briefgen.pipeline.build import build

HOSTILE = "*b* _u_ **s** [c](https://e.example/) [d](x) <i>t</i> `k` snake_case_name a|b #h @k {x}"
"""Markdown, HTML and toolchain syntax in one line (YAML single-quoted in the edits below)."""


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _parse(path: Path) -> _Page:
    page = _Page()
    # <title> holds text only (browsers show '<i>' there as written); HTMLParser would see a tag.
    page.feed(re.sub(r"<title>.*?</title>", "", path.read_text(encoding="utf-8"), flags=re.S))
    return page


EDITS = [
    ("content/glossary.yml", 'original: "СМП"', "original: 'СМП {v}'"),
    ("content/glossary.yml", 'expansion: {original: "Северный морской путь", en: "Northern Sea Route"}',
     "expansion: {original: 'Северный {v}', en: 'Northern {v}'}"),
    ("content/glossary.yml", 'name: {original: "李明", en: "Li Ming"}', "name: {original: '李明 {v}', en: 'Li Ming {v}'}"),
    ("content/article.yml", 'title: {original: "Введение", en: "Introduction"}',
     "title: {original: 'Введение {v}', en: 'Introduction {v}'}"),
    ("content/priorities.yml", 'title: {en: "Safe navigation in ice"}', "title: {en: 'Safe navigation {v}'}"),
    ("content/priorities.yml", 'note: "Both sources treat ice as the main constraint."', "note: 'Both {v}'"),
    ("content/timeline.yml", 'title: {en: "A record navigation season", ru: "Рекордная навигация"}',
     "title: {en: 'A record season {v}', ru: 'Рекордная {v}'}"),
    ("content/brief.yml", 'subtitle: {en: "A sample brief made by briefgen new; replace it with your own"',
     "subtitle: {en: 'Sample {v}'"),
]  # fmt: skip


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Project:
    from briefgen.pipeline.scaffold import scaffold

    project = Project(tmp_path_factory.mktemp("plain") / "brief")
    scaffold(project.root)
    for rel, old, new in EDITS:
        path = project.root / rel
        text = path.read_text(encoding="utf-8")
        assert old in text, old
        path.write_text(text.replace(old, new.replace("{v}", HOSTILE.replace("'", "''")), 1), encoding="utf-8")
    claims = project.content_dir / "article.yml"
    claims.write_text(
        claims.read_text(encoding="utf-8").replace(
            "Traffic will grow slowly because insurance costs stay high.",
            "Traffic in snake_case_name stays *slow* and __strong__ [@li-park-2022, p. 5].",
        ),
        encoding="utf-8",
    )
    build(project, pdf=False)  # MkDocs strict, the audit: a Markdown link in a plain field failed here
    return project


@pytest.mark.parametrize(
    "page", ["brief/glossary.html", "brief/ivanov/introduction.html", "brief/li-park-goals.html", "brief/timeline.html",
             "index.html", "brief/li-park-goals/matrix.html", "brief/ivanov/index.html"],
)  # fmt: skip
def test_plain_fields_are_text_on_every_page(hostile_site: Project, page: str) -> None:
    parsed = _parse(hostile_site.site_dir / page)
    text = " ".join("".join(parsed.text).split())
    assert HOSTILE in text, page
    assert not [a for tag, a in parsed.tags if tag == "a" and "e.example" in (a.get("href") or "")]
    assert not [a for tag, a in parsed.tags if tag == "a" and a.get("href") == "x"]
    assert not [tag for tag, _ in parsed.tags if tag == "i"]


def test_tooltips_show_plain_fields_and_follow_markdown_emphasis(hostile_site: Project) -> None:
    html = (hostile_site.site_dir / "brief/ivanov/conclusion.html").read_text(encoding="utf-8")
    tips = html[html.index('<div class="bg-tips"') :]
    parsed = _Page()
    parsed.feed(tips)
    text = " ".join("".join(parsed.text).split())
    assert f"Li Ming {HOSTILE}" in text or "Park Jihoon" in text
    # In the claim's preview on another page: snake_case stays, emphasis goes, as on the page.
    works = (hostile_site.site_dir / "brief/works.html").read_text(encoding="utf-8")
    preview = re.search(r'<span class="bg-tip-line bg-tip-text">(Traffic in [^<]*)', works)
    assert preview is not None
    assert preview.group(1).startswith("Traffic in snake_case_name stays slow and strong [Li, Park, 2022")


def test_preview_text_is_made_from_rendered_markdown() -> None:
    from briefgen.render.tooltips import preview_text

    assert preview_text("a snake_case_name and *em* and _u_ and **b**") == "a snake_case_name and em and u and b"
    assert preview_text(r"escaped \*star\* and `code_x` and [t](https://e.example/)") == (
        "escaped *star* and code_x and t"
    )
    assert preview_text("two\n\nparagraphs &amp; «quotes»") == "two paragraphs & «quotes»"
