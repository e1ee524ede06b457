"""`briefgen serve --engine ENGINE`: the live preview rebuilds once per edit and serves the new text.

Each engine reports its builds in its own words: MkDocs and ProperDocs log "Building
documentation..." per build; Zensical prints "No issues found" at the end of each build, and
briefgen (which watches the brief for Zensical) says "pages prepared again" once per burst of edits.
"""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from briefgen.base.project import Project

from .conftest import skip_unless_ci
from .test_new import free_port

BRIEFGEN = Path(sys.executable).parent / "briefgen"
PAGE = "brief/ivanov/introduction.html"
OLD, NEW = "The route shortens voyages", "The route cuts voyages"
BUILD_LINE = {
    "mkdocs": "Building documentation...",
    "properdocs": "Building documentation...",
    "zensical": "No issues found",
}


def _fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as reply:
            return str(reply.read().decode("utf-8"))
    except OSError:
        return ""


def _wait_for(url: str, text: str, server: subprocess.Popen[bytes], log: Path, seconds: float = 120) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if text in _fetch(url):
            return
        if server.poll() is not None:
            pytest.fail(f"briefgen serve stopped: {log.read_text(encoding='utf-8')}")
        time.sleep(0.3)
    pytest.fail(f"{text!r} was not served at {url}: {log.read_text(encoding='utf-8')}")


def _builds(log: Path, engine: str) -> int:
    return log.read_text(encoding="utf-8").count(BUILD_LINE[engine])


def _start_serve(sample: Project, tmp_path: Path, engine: str) -> tuple[subprocess.Popen[bytes], Path, str]:
    """`briefgen serve` on the sample with `engine`: the process, its log and the page's URL."""
    if importlib.util.find_spec(engine) is None:
        skip_unless_ci(f"{engine} is not installed (make test installs briefgen[properdocs,zensical])")
    port = free_port()
    log = tmp_path / "serve.log"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    command = [str(BRIEFGEN), "-C", str(sample.root), "serve", "--engine", engine, "-a", f"127.0.0.1:{port}"]
    with log.open("w") as output:
        server = subprocess.Popen(command, cwd=tmp_path, env=env, stdout=output, stderr=output)
    return server, log, f"http://127.0.0.1:{port}/{PAGE}"


@pytest.mark.parametrize("engine", ["mkdocs", "properdocs", "zensical"])
def test_an_edited_claim_is_served_after_one_rebuild(sample: Project, tmp_path: Path, engine: str) -> None:
    server, log, url = _start_serve(sample, tmp_path, engine)
    try:
        _wait_for(url, OLD, server, log)
        time.sleep(1.5)  # anything the start-up still had to do is done
        before = _builds(log, engine)
        assert before == 1, log.read_text(encoding="utf-8")
        article = sample.content_dir / "article.yml"
        article.write_text(article.read_text(encoding="utf-8").replace(OLD, NEW), encoding="utf-8")
        _wait_for(url, NEW, server, log)
        time.sleep(3)  # a second rebuild, if the edit started one, would have begun by now
        text = log.read_text(encoding="utf-8")
        assert _builds(log, engine) == before + 1, text
        if engine == "zensical":
            assert text.count("pages prepared again") == 1, text
        assert OLD not in _fetch(url)
    finally:
        server.terminate()
        server.wait(timeout=30)


@pytest.mark.parametrize("engine", ["mkdocs", "zensical"])
def test_a_brief_with_errors_is_served_once_an_edit_fixes_them(sample: Project, tmp_path: Path, engine: str) -> None:
    """Serve started on a broken brief reports the problem and waits; the fix starts the preview."""
    article = sample.content_dir / "article.yml"
    good = article.read_text(encoding="utf-8")
    assert "[@ivanov-2021" in good
    article.write_text(good.replace("[@ivanov-2021", "[@ivanov-2099", 1), encoding="utf-8")
    server, log, url = _start_serve(sample, tmp_path, engine)
    try:
        end = time.monotonic() + 60
        while "ivanov-2099" not in log.read_text(encoding="utf-8"):
            assert server.poll() is None, log.read_text(encoding="utf-8")
            assert time.monotonic() < end, log.read_text(encoding="utf-8")
            time.sleep(0.2)
        text = log.read_text(encoding="utf-8")
        assert "serve starts when an edit fixes them" in text, text
        assert re.search(r"content/article\.yml:\d+(:\d+)?: .*'ivanov-2099'", text), text
        assert _fetch(url) == ""
        article.write_text(good, encoding="utf-8")
        _wait_for(url, OLD, server, log)
    finally:
        server.terminate()
        server.wait(timeout=30)
