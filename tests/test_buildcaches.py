"""What a build keeps for the next: MkDocs' and ProperDocs' theme output for unchanged pages
(engine/themecache.py), the audit's scans by the pages' bytes, and the whole brief's PDF
(publish/pdf/kept.py). A build that uses them publishes exactly what a build without them
publishes, and anything a kept result depends on makes it be made again; a site the audit passed
is not audited again while every file path and page byte is the same. (The record check's
passes and the formatted works: test_warmcache.py.)"""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Any

import pytest

from briefgen.base.errors import BuildFailed
from briefgen.base.project import Project
from briefgen.engine import themecache
from briefgen.engine.themecache import THEME_OUTPUT
from briefgen.pipeline import build as build_module
from briefgen.pipeline.build import build
from briefgen.publish import audit, keptaudit
from briefgen.publish.pdf import kept as pdf_kept
from briefgen.publish.writer import remove_tree

from .conftest import tree_digest

KEPT = re.compile(r"theme output kept for (\d+) of (\d+) pages")


def _build(project: Project, caplog: pytest.LogCaptureFixture) -> tuple[int, int]:
    """Build; returns (pages whose theme output was kept, pages)."""
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="mkdocs.plugins.briefgen"):
        build(project, pdf=False)
    found = [KEPT.search(r.getMessage()) for r in caplog.records]
    counts = [(int(m.group(1)), int(m.group(2))) for m in found if m]
    assert len(counts) == 1, [r.getMessage() for r in caplog.records]
    return counts[0]


def _from_scratch(project: Project) -> str:
    """The site a build gives with no theme output and no scans kept."""
    remove_tree(project.cache_dir / THEME_OUTPUT)
    (project.cache_dir / keptaudit.SCANS_CACHE).unlink(missing_ok=True)
    build(project, pdf=False)
    return tree_digest(project.site_dir.resolve())


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_an_unchanged_build_keeps_every_page_and_publishes_the_same_site(
    sample: Project, caplog: pytest.LogCaptureFixture
) -> None:
    kept, pages = _build(sample, caplog)
    assert kept == 0 and pages > 10
    first = tree_digest(sample.site_dir.resolve())
    assert _build(sample, caplog) == (pages, pages)
    assert tree_digest(sample.site_dir.resolve()) == first  # search index included, entry for entry
    assert _from_scratch(sample) == first


def test_properdocs_keeps_its_theme_output_too(sample: Project) -> None:
    """ProperDocs runs the same plugins in a process of its own: its second build writes no new
    theme output and publishes what a build from scratch does."""
    build(sample, pdf=False, engine="properdocs")
    folder = sample.cache_dir / THEME_OUTPUT / "properdocs"
    outputs = {p.name: p.stat().st_mtime_ns for p in folder.glob("*.out")}
    assert len(outputs) > 10
    build(sample, pdf=False, engine="properdocs")
    assert {p.name: p.stat().st_mtime_ns for p in folder.glob("*.out")} == outputs
    kept = tree_digest(sample.site_dir.resolve())
    remove_tree(folder)
    build(sample, pdf=False, engine="properdocs")
    assert tree_digest(sample.site_dir.resolve()) == kept


def test_an_edit_renders_only_the_changed_pages_through_the_theme(
    sample: Project, caplog: pytest.LogCaptureFixture
) -> None:
    _, pages = _build(sample, caplog)
    _replace(sample.content_dir / "article.yml", "insurance costs stay high", "insurance stays dear")
    # The pages whose page files changed: the claim's, the hierarchy and its matrix, glossary, timeline.
    assert _build(sample, caplog) == (pages - 5, pages)
    edited = tree_digest(sample.site_dir.resolve())
    assert "insurance stays dear" in (sample.site_dir / "brief/ivanov/conclusion.html").read_text(encoding="utf-8")
    assert _from_scratch(sample) == edited


def test_a_new_page_title_renders_every_page_again(sample: Project, caplog: pytest.LogCaptureFixture) -> None:
    """Every page shows the navigation: a title in it changes every page."""
    _, pages = _build(sample, caplog)
    _replace(sample.content_dir / "article.yml", 'en: "Conclusion"', 'en: "Conclusions"')
    assert _build(sample, caplog) == (0, pages)
    assert _from_scratch(sample) == tree_digest(sample.site_dir.resolve())


def test_a_change_to_briefgen_renders_every_page_through_the_theme_again(
    sample: Project, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The extension that places a page and the templates briefgen adds shape what the theme
    makes of it: kept output is used only with the code that made it."""
    _, pages = _build(sample, caplog)
    monkeypatch.setattr(themecache, "package_digest", lambda: "another briefgen")
    assert _build(sample, caplog) == (0, pages)
    assert _build(sample, caplog) == (pages, pages)


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ("site_description: Changed\n", None),  # the configuration changed: every page again
        (
            "plugins:\n  - search:\n      lang: [en, ru]\n  - offline\n  - tags\n",
            "plugins whose page events are unknown: material/tags",
        ),
    ],
)
def test_the_configuration_and_unknown_plugins(
    sample: Project, caplog: pytest.LogCaptureFixture, change: str, reason: str | None
) -> None:
    _, pages = _build(sample, caplog)
    config = sample.mkdocs_yml
    config.write_text(config.read_text(encoding="utf-8") + change, encoding="utf-8")
    if reason is None:
        assert _build(sample, caplog) == (0, pages)
        assert _build(sample, caplog) == (pages, pages)
        return
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="mkdocs.plugins.briefgen"):
        build(sample, pdf=False)
        build(sample, pdf=False)
    messages = [r.getMessage() for r in caplog.records if "briefgen:" in r.getMessage()]
    assert messages == [f"briefgen: every page rendered by the theme ({reason})"] * 2


def test_a_theme_template_of_the_brief_turns_the_cache_off(sample: Project, caplog: pytest.LogCaptureFixture) -> None:
    """A template of the brief's own could show anything of any page."""
    overrides = sample.root / "overrides"
    overrides.mkdir()
    (overrides / "partials").mkdir()
    (overrides / "partials" / "copyright.html").write_text("<p>Our footer</p>\n", encoding="utf-8")
    config = sample.mkdocs_yml
    config.write_text(
        config.read_text(encoding="utf-8") + "theme:\n  name: material\n  custom_dir: overrides\n", encoding="utf-8"
    )
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="mkdocs.plugins.briefgen"):
        build(sample, pdf=False)
    assert "briefgen: every page rendered by the theme (the brief's own theme templates (partials/copyright.html))" in [
        r.getMessage() for r in caplog.records
    ]
    assert "Our footer" in (sample.site_dir / "index.html").read_text(encoding="utf-8")


def test_the_audit_scans_only_pages_whose_bytes_it_has_not_seen(sample: Project) -> None:
    """A scan is a pure function of the page's bytes: a kept scan stands for an unchanged page,
    and a changed page is scanned again. Shown with kept scans that report a problem."""
    build(sample, pdf=False)
    kept = keptaudit.read_kept_audit(sample.cache_dir / keptaudit.SCANS_CACHE)
    assert len(kept.scans) > 10 and kept.passed
    poisoned = keptaudit.kept_audit_data(
        keptaudit.KeptAudit({sha: audit.PageScan(["poison"], s.ids, s.links) for sha, s in kept.scans.items()}, kept.passed)
    )
    _replace(sample.content_dir / "article.yml", "insurance costs stay high", "insurance stays dear")
    (sample.cache_dir / keptaudit.SCANS_CACHE).write_bytes(poisoned)
    with pytest.raises(BuildFailed) as exc:
        build(sample, pdf=False)
    assert "poison on index.html" in str(exc.value)  # unchanged: the kept scan was used
    assert "conclusion.html" not in str(exc.value)  # changed: scanned again
    (sample.cache_dir / keptaudit.SCANS_CACHE).unlink()
    build(sample, pdf=False)


def test_a_site_the_audit_passed_is_not_audited_again_and_any_change_is(
    sample: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    build(sample, pdf=False)
    audited: list[int] = []
    real = build_module.site_problems

    def counted(*args: Any) -> list[str]:
        audited.append(1)
        return real(*args)

    monkeypatch.setattr(build_module, "site_problems", counted)
    build(sample, pdf=False)
    assert audited == []  # every file path and page byte as in the site it passed
    (sample.docs_dir / "figure.svg").write_text("<svg/>", encoding="utf-8")  # one more file a link may reach
    build(sample, pdf=False)
    assert len(audited) == 1
    _replace(sample.content_dir / "article.yml", "insurance costs stay high", "insurance stays dear")
    build(sample, pdf=False)
    assert len(audited) == 2
    build(sample, pdf=False)
    assert len(audited) == 2


def test_what_the_audit_kept_is_used_only_with_the_code_that_made_it(
    sample: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    build(sample, pdf=False)
    path = sample.cache_dir / keptaudit.SCANS_CACHE
    kept = keptaudit.read_kept_audit(path)
    assert kept.scans and kept.passed
    monkeypatch.setattr(keptaudit, "audit_code", lambda: "a new audit rule")
    assert keptaudit.read_kept_audit(path) == keptaudit.KeptAudit({})  # a new rule sees every page
    path.write_text("[]", encoding="utf-8")
    assert keptaudit.read_kept_audit(path) == keptaudit.KeptAudit({})


def test_the_site_digest_holds_every_file_path_and_every_page_byte(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text("<p>a</p>", encoding="utf-8")
    (tmp_path / "a.css").write_text("p{}", encoding="utf-8")

    def digest() -> str:
        return keptaudit.site_digest(audit.site_files(tmp_path), audit.scan_site(tmp_path))

    first = digest()
    (tmp_path / "a.css").write_text("p{color:red}", encoding="utf-8")
    assert digest() == first  # a stylesheet's bytes are nothing the audit reads
    (tmp_path / "index.html").write_text("<p>b</p>", encoding="utf-8")
    second = digest()
    assert second != first
    (tmp_path / "b.pdf").write_bytes(b"%PDF")
    assert digest() not in (first, second)


def test_the_pdf_is_laid_out_again_only_when_what_it_is_made_from_changed(
    sample: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    import weasyprint

    build(sample, pdf=True)
    first = (sample.site_dir / "brief/brief.pdf").read_bytes()
    real_html = weasyprint.HTML

    def no_layout(*args: object, **kwargs: object) -> object:
        raise RuntimeError("laid out again")

    monkeypatch.setattr(weasyprint, "HTML", no_layout)
    build(sample, pdf=True)  # nothing changed: the kept PDF, byte for byte
    assert (sample.site_dir / "brief/brief.pdf").read_bytes() == first
    monkeypatch.setattr(pdf_kept, "_stamp", lambda file: "another size and time")
    pdf_kept._environment.cache_clear()
    with pytest.raises(BuildFailed, match="laid out again"):
        build(sample, pdf=True)  # the fonts (and the text libraries) are part of the key
    pdf_kept._environment.cache_clear()
    monkeypatch.undo()
    _replace(sample.content_dir / "article.yml", "insurance costs stay high", "insurance stays dear")
    monkeypatch.setattr(weasyprint, "HTML", no_layout)
    with pytest.raises(BuildFailed, match="laid out again"):
        build(sample, pdf=True)  # the text changed
    monkeypatch.setattr(weasyprint, "HTML", real_html)
    build(sample, pdf=True)
    assert (sample.site_dir / "brief/brief.pdf").read_bytes() != first


def test_a_kept_pdf_is_not_used_once_a_file_it_read_changed(tmp_path: Path) -> None:
    site, cache = tmp_path / "site", tmp_path / "cache"
    (site / "img").mkdir(parents=True)
    (site / "img/map.png").write_bytes(b"one")
    files = pdf_kept.file_digests(site, ["img/map.png"])
    for rel, data in pdf_kept.cache_files("k", b"%PDF-1.7 ...", 3, files).items():
        (cache / rel).parent.mkdir(parents=True, exist_ok=True)
        (cache / rel).write_bytes(data)
    assert pdf_kept.kept(cache, "k", site) == (b"%PDF-1.7 ...", 3)
    assert pdf_kept.kept(cache, "another key", site) is None
    (site / "img/map.png").write_bytes(b"two")
    assert pdf_kept.kept(cache, "k", site) is None
    (site / "img/map.png").write_bytes(b"one")
    (cache / "pdf/brief.pdf").write_bytes(b"%PDF-1.7 changed")  # not the PDF the entry names
    assert pdf_kept.kept(cache, "k", site) is None
