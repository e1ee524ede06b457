"""Articles in more than one file: content/article.yml, then content/articles/*.yml by name."""

from __future__ import annotations

import copy
from typing import Any

import pytest
import yaml

from briefgen.base.errors import BriefError
from briefgen.base.project import Project
from briefgen.check.run import build_context
from briefgen.render.generate import generate


def _articles(project: Project) -> list[dict[str, Any]]:
    data = yaml.safe_load((project.content_dir / "article.yml").read_text(encoding="utf-8"))
    articles: list[dict[str, Any]] = data["articles"]
    return articles


def _second(first: dict[str, Any]) -> dict[str, Any]:
    """The sample's article again, under new ids."""
    article = copy.deepcopy(first)
    article["id"] = "second"
    for part in article["parts"]:
        part["id"] = f"s-{part['id']}"
        for claim in part.get("claims", []):
            claim["id"] = f"s-{claim['id']}"
    return article


def _write(project: Project, rel: str, articles: list[dict[str, Any]]) -> None:
    path = project.content_dir / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump({"articles": articles}, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _errors(project: Project) -> list[str]:
    with pytest.raises(BriefError) as caught:
        build_context(project)
    return [str(p) for p in caught.value.problems if p.severity == "error"]


def test_articles_in_two_files_build_the_same_pages_as_in_one(sample: Project) -> None:
    first = _articles(sample)[0]
    _write(sample, "article.yml", [first, _second(first)])
    together = generate(sample)
    _write(sample, "article.yml", [first])
    _write(sample, "articles/b.yml", [_second(first)])
    split = generate(sample)
    assert [a.id for a in split.ctx.articles] == ["ivanov", "second"]
    assert split.files == together.files
    assert split.nav == together.nav
    assert split.ctx.claim_numbers == together.ctx.claim_numbers


def test_files_in_articles_are_read_in_name_order(sample: Project) -> None:
    first = _articles(sample)[0]
    second, third = _second(first), _second(first)
    third["id"] = "third"
    for part in third["parts"]:
        part["id"] = part["id"].replace("s-", "t-")
        for claim in part.get("claims", []):
            claim["id"] = claim["id"].replace("s-", "t-")
    _write(sample, "articles/20-third.yml", [third])
    _write(sample, "articles/10-second.yml", [second])
    assert [a.id for a in build_context(sample).articles] == ["ivanov", "second", "third"]


def test_problems_in_an_article_file_name_that_file(sample: Project) -> None:
    first = _articles(sample)[0]
    second = _second(first)
    second["parts"][0]["claims"][0]["cites"][0]["key"] = "nobody-2020"
    second["parts"][1]["id"] = "introduction"
    _write(sample, "articles/b.yml", [second])
    text = (sample.content_dir / "articles/b.yml").read_text(encoding="utf-8").splitlines()
    key_line = next(i for i, line in enumerate(text, 1) if "nobody-2020" in line)
    id_line = next(i for i, line in enumerate(text, 1) if line.strip() == "- id: introduction")
    errors = _errors(sample)
    assert (
        f"content/articles/b.yml:{key_line}: articles[0].parts[0].claims[0].cites[0].key: "
        "no entry 'nobody-2020' in bibliography.bib (add the entry to bibliography.bib)"
    ) in errors
    assert (
        f"content/articles/b.yml:{id_line}: articles[0].parts[1].id: duplicate id 'introduction': "
        "already used by a part at content/article.yml:8 (choose another id)"
    ) in errors


def test_a_bad_article_file_reports_only_its_own_problem(sample: Project) -> None:
    (sample.content_dir / "articles").mkdir()
    bad = sample.content_dir / "articles" / "b.yml"
    bad.write_text("articles: []\n", encoding="utf-8")
    assert _errors(sample) == ["content/articles/b.yml:1: articles: must not be empty (add at least one item)"]
    bad.write_text("articles: [\n", encoding="utf-8")
    assert _errors(sample) == [
        "content/articles/b.yml:2: (syntax): invalid YAML: while parsing a flow node; "
        "did not find expected node content (check indentation and quoting)"
    ]


def test_unexpected_files_in_the_articles_folder(sample: Project) -> None:
    folder = sample.content_dir / "articles"
    (folder / "drafts").mkdir(parents=True)
    (folder / "notes.txt").write_text("x\n", encoding="utf-8")
    assert _errors(sample) == [
        "content/articles/drafts:0: (file): unexpected folder in content/articles/ (it holds only .yml files, "
        "each with an articles: list like article.yml; move or rename it)",
        "content/articles/notes.txt:0: (file): unexpected file in content/articles/ (it holds only .yml files, "
        "each with an articles: list like article.yml; move or rename it)",
    ]
