"""Errors that only MkDocs, the site audit or the PDF step can find are reported at the content
file and line that produced the page element, not at the built page. Each test makes an earlier
layer miss something on purpose, as a bug there would."""

from __future__ import annotations

import re

import pytest

from briefgen.base.errors import BuildFailed
from briefgen.base.project import Project
from briefgen.cli.main import main


def _edit(project: Project, rel: str, old: str, new: str) -> None:
    path = project.root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _build_errors(project: Project, capsys: pytest.CaptureFixture[str], *args: str) -> list[str]:
    capsys.readouterr()
    assert main(["-C", str(project.root), "build", *args]) == 1
    return capsys.readouterr().err.splitlines()


def test_a_link_to_nowhere_points_at_the_glossary_line(
    sample: Project, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """briefgen converts every page itself, so it finds a link that leads nowhere (which MkDocs
    would have reported; Zensical would not) before any engine runs."""
    monkeypatch.setattr("briefgen.check.textlint.SAFE_SCHEMES", ("",))  # as if the text check let any link through
    _edit(sample, "content/glossary.yml", "The shipping lane along", "The shipping [c](x) lane along")
    assert _build_errors(sample, capsys, "--no-pdf") == [
        "content/glossary.yml:7:33: terms[0].definition: link 'x' on brief/glossary.md leads to no page or file "
        "of the site (link to a page or file under docs/, or to an id: [text](claim:ID))",
        "1 error(s), 0 warning(s)",
        "nothing was written; site/ is unchanged",
    ]


def test_audit_finding_points_at_the_claim(
    sample: Project, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("briefgen.check.textlint.RAW_HTML", re.compile(r"(?!)"))  # the text check missed it
    monkeypatch.setattr("briefgen.render.chrome.sanitize_html", lambda html: html)  # and so did the sanitiser
    _edit(
        sample,
        "content/article.yml",
        "Traffic will grow slowly because insurance costs stay high.",
        "Traffic will grow <img src=x onerror=alert(1)> slowly.",
    )
    errors = _build_errors(sample, capsys, "--no-pdf")
    assert errors[0] == (
        "content/article.yml:36:49: articles[0].parts[1].claims[0].text: audit: event handler attribute onerror= "
        "on <img> on brief/ivanov/conclusion.html (this content made it; fix it here)"
    )
    assert errors[-1] == "site/ is unchanged"
    assert not sample.site_dir.exists()


def test_pdf_failure_points_at_the_link_that_caused_it(
    sample: Project, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _edit(
        sample,
        "content/article.yml",
        "Ice conditions, not distance,",
        "Ice conditions ([chart](https://evil.example/chart.png)), not distance,",
    )

    def refuse(project: object, generated: object, site: object) -> None:
        raise BuildFailed(
            "brief/ivanov/introduction.html: refusing to fetch https://evil.example/chart.png (only files of the site)"
        )

    monkeypatch.setattr("briefgen.pipeline.build.build_pdf", refuse)
    assert _build_errors(sample, capsys) == [
        "content/article.yml:24:44: articles[0].parts[0].claims[1].text: PDF: refusing to fetch "
        "https://evil.example/chart.png (only files of the site) on brief/ivanov/introduction.html "
        "(this content made it; fix it here)",
        "1 error(s), 0 warning(s)",
        "site/ is unchanged",
    ]
