"""The speed-ups keep the output and the checks the same: the audit's parallel scan, the hard-linked
version copy, the citation exports written after the engine, and `mkdocs serve` not rebuilding on
the generator's own writes."""

from __future__ import annotations

import hashlib
import time
from pathlib import Path

import pytest
from mkdocs.config import load_config
from mkdocs.livereload import LiveReloadServer

from briefgen.base.project import Project
from briefgen.check.bibliography import read_bibliography
from briefgen.engine import hooks as mkdocs_glue
from briefgen.load import cache as parsecache
from briefgen.load.bibtex import parse_bibliography
from briefgen.load.cache import load_content
from briefgen.load.yamlread import load_yaml
from briefgen.pipeline.build import build, check
from briefgen.publish.audit import Prescan, audit_site, scan_page
from briefgen.publish.writer import published_build, write_caches, write_engine_docs
from briefgen.render.generate import generate

PAGES = [
    b"<!doctype html><html><body><p id='a'>ok</p><a href='#a'>a</a><a href='#b'>b</a></body></html>",
    b"<html><body><p onclick='x()'>bad</p><a href='javascript:alert(1)'>x</a>\r\n<p id='a'></p><p id='a'></p>",
    "<html><body><p>Кириллица\x07 и \u00e9</p><iframe src='https://example.org'></iframe>".encode(),
    b"<html><body>\xff\xfe not UTF-8 <script>alert(1)</script></body></html>",
]


def test_prescan_gives_the_in_process_scans() -> None:
    prescan = Prescan()
    try:
        for page in PAGES:
            prescan.submit(page)
        results = prescan.results()
    finally:
        prescan.close()
    assert results == {hashlib.sha256(page).hexdigest(): scan_page(page) for page in PAGES}
    assert all(scan.problems for scan in results.values() if scan != scan_page(PAGES[0]))


def test_audit_rescans_a_page_that_changed_after_its_prescan(tmp_path: Path) -> None:
    clean = b"<html><body><p id='a'>ok</p></body></html>"
    (tmp_path / "index.html").write_bytes(b"<html><body><p onclick='x()'>changed</p></body></html>")
    prescan = Prescan()
    try:
        prescan.submit(clean)
        results = prescan.results()
    finally:
        prescan.close()
    assert len(results) == 1
    assert (
        audit_site(tmp_path, results) == audit_site(tmp_path) == ["index.html: event handler attribute onclick= on <p>"]
    )


def test_a_dead_worker_only_means_scanning_in_process(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_bytes(PAGES[1])
    prescan = Prescan()
    try:
        assert prescan._proc is not None
        prescan._proc.kill()
        prescan._proc.wait()
        for page in PAGES:
            prescan.submit(page)
        results = prescan.results()  # returns: nothing waits on the dead worker
    finally:
        prescan.close()
    assert results == {}
    assert audit_site(tmp_path, results) == audit_site(tmp_path) != []


def test_the_build_audits_every_page_it_publishes(sample: Project) -> None:
    build(sample, pdf=False)
    site = sample.site_dir
    pages = [p for p in site.rglob("*.html") if "v" not in p.relative_to(site).parts]
    assert audit_site(site) == []
    # The kept version shares the published files' data (hard links) where the filesystem allows.
    for page in pages:
        copy = site / "v" / "0.1" / page.relative_to(site)
        assert copy.read_bytes() == page.read_bytes()
        assert copy.stat().st_ino == page.stat().st_ino


def test_citation_exports_skip_the_engine_and_are_published(sample: Project) -> None:
    generated = generate(sample)
    assert generated.exports
    build(sample, pdf=False)
    site = sample.site_dir
    for path, text in generated.exports.items():
        assert (site / path).read_text(encoding="utf-8") == text
        assert (site / "v" / "0.1" / path).read_text(encoding="utf-8") == text
        assert not (sample.engine_docs_dir / path).exists()  # linked in after the engine, not copied by it
    # Linked, not copied: a new build with other exports leaves the published ones as they were.
    path = sorted(generated.exports)[0]
    first = published_build(site)
    assert first is not None and (first / path).stat().st_ino == (sample.exports_dir / path).stat().st_ino
    brief = sample.content_dir / "brief.yml"
    brief.write_text(brief.read_text(encoding="utf-8").replace("Arctic shipping", "Polar shipping"), encoding="utf-8")
    build(sample, pdf=False)
    assert "Arctic shipping" in (first / path).read_text(encoding="utf-8")
    assert "Polar shipping" in (site / path).read_text(encoding="utf-8")


def _wait_for_polls(server: LiveReloadServer) -> bool:
    time.sleep(0.6)  # three polls of the 0.2 s polling interval
    with server._rebuild_cond:
        wanted = server._want_rebuild
        server._want_rebuild = False
    return wanted


def test_serve_does_not_rebuild_on_the_generators_own_writes(sample: Project, tmp_path: Path) -> None:
    config = load_config(str(sample.mkdocs_yml))
    config = mkdocs_glue.on_config(config)  # the first build: pages prepared, MkDocs pointed at them
    assert Path(config.docs_dir) == sample.engine_docs_dir
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(tmp_path), polling_interval=0.2)
    # As `mkdocs serve` does: the docs folder, the config, the hook's on_serve, then the `watch:` entries.
    server.watch(config.docs_dir)
    server.watch(config.config_file_path)
    server = mkdocs_glue.on_serve(server, config=config, builder=lambda: None)
    for item in config.watch:
        server.watch(item)
    server.observer.start()
    try:
        time.sleep(0.3)
        assert not _wait_for_polls(server)
        glossary = sample.content_dir / "glossary.yml"
        glossary.write_text(glossary.read_text(encoding="utf-8") + "\n# an edit\n", encoding="utf-8")
        assert _wait_for_polls(server), "an edit to content/ must rebuild"
        # The rebuild prepares the pages again: that alone must not ask for another build.
        generated = generate(sample)
        generated.files["brief/extra-page.md"] = "# Extra\n"
        assert write_engine_docs(sample, generated.files)
        assert not _wait_for_polls(server), "the generator's own writes started a second build"
        # Hand-written pages in docs/ are still watched.
        (sample.docs_dir / "about.md").write_text("# About\n\nChanged.\n", encoding="utf-8")
        assert _wait_for_polls(server), "an edit to a hand-written page must rebuild"
        (sample.docs_dir / "new-page.md").write_text("# New\n", encoding="utf-8")
        assert _wait_for_polls(server), "a new hand-written page must rebuild"
    finally:
        server.observer.stop()
        server.observer.join()
        server.server_close()


def test_cached_bibliography_is_the_parsed_one(sample: Project, tmp_path: Path) -> None:
    raw = sample.bibliography.read_bytes() + b"\n@misc{no-title-here,\n  year = {2020},\n}\n"
    cache_dir = sample.cache_dir
    parsed, problems, store = read_bibliography(raw, "bibliography.bib", cache_dir)
    assert problems and store is not None  # the entry without a title is reported
    assert not cache_dir.exists(), "nothing is cached before the caller says so"
    write_caches(sample, [store])
    cached, cached_problems, again = read_bibliography(raw, "bibliography.bib", cache_dir)
    assert again is None
    assert cached == parsed and cached_problems == problems
    assert cached == parse_bibliography(raw, "bibliography.bib")[0]


def test_check_writes_no_cache_and_reads_the_builds(sample: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    warnings = check(sample)
    assert not sample.state_dir.exists(), "check wrote into the project"
    build(sample, pdf=False)
    assert len(list(sample.cache_dir.glob("bib-*.json"))) == 1

    def parse_again(raw: bytes, file: str) -> None:
        raise AssertionError("the bibliography was parsed again")

    monkeypatch.setattr("briefgen.check.bibliography.parse_bibliography", parse_again)
    # Every content file is cached too; an edited one is parsed again, the others are not.
    assert len(list(sample.cache_dir.glob("yaml-*.json"))) == 5
    parsed: list[str] = []
    real_load = parsecache.load_yaml
    monkeypatch.setattr(
        "briefgen.load.cache.load_yaml",
        lambda raw, file, **options: (parsed.append(file), real_load(raw, file, **options))[1],
    )
    glossary = sample.content_dir / "glossary.yml"
    glossary.write_text(glossary.read_text(encoding="utf-8") + "\n# an edit\n", encoding="utf-8")
    assert check(sample) == warnings
    assert parsed == ["content/glossary.yml"]


def test_cached_content_is_the_loaded_document(sample: Project, tmp_path: Path) -> None:
    for path in sorted(sample.content_dir.glob("*.yml")):
        raw = path.read_bytes()
        doc, problems, store = load_content(raw, f"content/{path.name}", tmp_path)
        assert doc is not None and problems == [] and store is not None
        (tmp_path / store.path.name).write_bytes(store.data())  # as the build's writer does
        cached, cached_problems, again = load_content(raw, f"content/{path.name}", tmp_path)
        assert again is None and cached_problems == []
        assert cached == doc == load_yaml(raw, f"content/{path.name}")[0]
    # A file with problems is never cached (its document comes back without the bad value, for
    # the text checks of the same run).
    bad, problems, store = load_content(b"a: no\n", "content/x.yml", tmp_path)
    assert problems and store is None
    assert bad is not None and bad.data == {"a": None}
