"""No network in builds and PDF export (reliability.md F6, G2).

A full `briefgen build` of the sample brief runs with every way of opening a connection or
resolving a name refused and recorded; the one subprocess (pandoc, for citeproc) is recorded
too and may read only local files. The PDF's URL fetcher is then shown to refuse remote URLs,
naming page and URL, against a real loopback listener that must see no connection.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import socket
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from briefgen.base.errors import BuildFailed
from briefgen.base.project import Project
from briefgen.pipeline.build import build
from briefgen.pipeline.scaffold import scaffold

from .conftest import skip_unless_ci


def _pdf_available() -> bool:
    if importlib.util.find_spec("briefgen.publish.pdf") is None:
        return False
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError):  # OSError: Pango missing
        return False
    return True


PDF = _pdf_available()
MODE = "site-and-pdf" if PDF else "site-only-because-weasyprint-or-briefgen.publish.pdf-is-unavailable"


def _require_pdf() -> None:
    if not PDF:
        skip_unless_ci("the PDF cannot be tested: briefgen.publish.pdf or WeasyPrint does not import")


@dataclass
class OfflineBuild:
    project: Project
    attempts: list[str] = field(default_factory=list)
    """Every connection or name lookup that was tried (and refused)."""
    commands: list[list[str]] = field(default_factory=list)
    """Every subprocess started, with its arguments."""
    problems: list[str] = field(default_factory=list)
    """What was wrong with a subprocess's arguments, found when it started."""


def refuse_network(monkeypatch: pytest.MonkeyPatch, attempts: list[str]) -> None:
    def refuse(*args: Any, **kwargs: Any) -> Any:
        attempts.append(repr(args[:3]))
        raise OSError("network disabled in this test")

    for name in ("connect", "connect_ex", "sendto", "sendmsg"):
        monkeypatch.setattr(socket.socket, name, refuse)
    for name in ("create_connection", "getaddrinfo", "gethostbyname", "gethostbyname_ex"):
        monkeypatch.setattr(socket, name, refuse)


def record_subprocesses(monkeypatch: pytest.MonkeyPatch, commands: list[list[str]], problems: list[str]) -> None:
    """Record every subprocess; pandoc may only read local files, with nothing to fetch."""
    real = subprocess.Popen

    class Recording(real):  # type: ignore[misc, valid-type]
        def __init__(self, args: Any, *rest: Any, **kwargs: Any) -> None:
            argv = [str(a) for a in ([args] if isinstance(args, str | os.PathLike) else args)]
            commands.append(argv)
            problems.extend(_argument_problems(argv))
            super().__init__(args, *rest, **kwargs)

    monkeypatch.setattr(subprocess, "Popen", Recording)


AUDIT_WORKER = [sys.executable, "-m", "briefgen.publish.audit"]
FETCHING_OPTIONS = ("--embed-resources", "--self-contained", "--extract-media", "--resource-path", "--request-header")


def _argument_problems(argv: list[str]) -> list[str]:
    from briefgen.cite.csl import pandoc_path

    out = []
    if argv == AUDIT_WORKER:
        return out  # the site audit's page scanner: pages in on stdin, findings out on stdout
    if argv[0] != pandoc_path():
        out.append(f"unexpected program {argv[0]}")
    for i, arg in enumerate(argv):
        if "://" in arg:
            out.append(f"URL argument {arg}")
        if arg.startswith(FETCHING_OPTIONS):
            out.append(f"option that fetches resources: {arg}")
        if i > 0 and argv[i - 1] in ("--csl", "--bibliography"):
            path = Path(arg)
            if not path.is_file():
                out.append(f"{argv[i - 1]} {arg} is not a local file")
            elif 'rel="independent-parent"' in path.read_text(encoding="utf-8"):
                out.append(f"{arg} names a parent style, which pandoc would download")
    return out


@pytest.fixture(scope="module")
def offline(tmp_path_factory: pytest.TempPathFactory) -> OfflineBuild:
    root = tmp_path_factory.mktemp("offline") / "brief"
    scaffold(root)
    result = OfflineBuild(Project(root))
    with pytest.MonkeyPatch.context() as monkeypatch:
        refuse_network(monkeypatch, result.attempts)
        record_subprocesses(monkeypatch, result.commands, result.problems)
        build(result.project, pdf=PDF)
    return result


@pytest.mark.parametrize("mode", [MODE])
def test_full_build_makes_no_connection_attempt(offline: OfflineBuild, mode: str) -> None:
    assert offline.attempts == []
    assert (offline.project.site_dir / "index.html").is_file()
    if PDF:
        assert (offline.project.site_dir / "brief" / "brief.pdf").is_file()


def test_pandoc_is_the_only_subprocess_and_reads_local_files(offline: OfflineBuild) -> None:
    """Besides pandoc, only the audit's page scanner (briefgen.publish.audit, which reads stdin) runs."""
    assert offline.commands, "pandoc was not run: the CSL cache was not cold"
    assert offline.problems == []
    assert any("--citeproc" in argv for argv in offline.commands)
    assert AUDIT_WORKER in offline.commands


def test_built_pages_load_nothing_from_elsewhere(offline: OfflineBuild) -> None:
    """What readers' browsers fetch: no stylesheet, script, font or image from another host."""
    import re

    remote = re.compile(r"""<(?:link|script|img|iframe|source)\b[^>]*?\b(?:href|src)=["']?(?:https?:)?//""", re.I)
    for page in sorted(offline.project.site_dir.rglob("*.html")):
        text = page.read_text(encoding="utf-8")
        found = [m.group(0) for m in remote.finditer(text) if 'rel="canonical"' not in m.group(0)]
        assert found == [], page
        assert "fonts.googleapis.com" not in text, page


@pytest.mark.parametrize(
    ("markup", "page"),
    [
        ('<p><img src="http://127.0.0.1:{port}/x.png" alt="x"></p>', "brief/glossary.html"),
        ('<p style="background: url(http://127.0.0.1:{port}/y.png)">x</p>', "about.html"),
        ('<p><img src="http://169.254.169.254/latest/meta-data/" alt="m"></p>', "brief/timeline.html"),
    ],
    ids=["img", "css-url", "cloud-metadata"],
)
def test_pdf_fetcher_refuses_http_naming_page_and_url(
    offline: OfflineBuild, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, markup: str, page: str
) -> None:
    _require_pdf()
    from briefgen.publish.pdf.__init__ import build_pdf
    from briefgen.publish.pdf.parts import PDF_PATH
    from briefgen.render.generate import generate

    site = tmp_path / "site"
    shutil.copytree(offline.project.site_dir, site)
    (site / PDF_PATH).unlink()
    with socket.socket() as listener:  # a real server: a refused fetch never reaches it
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        listener.setblocking(False)
        markup = markup.format(port=listener.getsockname()[1])
        url = markup.split("http://", 1)[1].split('"')[0].split(")")[0]
        path = site / page
        html = path.read_text(encoding="utf-8")
        marker = '<article class="md-content__inner md-typeset">'
        assert marker in html
        path.write_text(html.replace(marker, marker + markup, 1), encoding="utf-8")
        generated = generate(offline.project)
        attempts: list[str] = []
        refuse_network(monkeypatch, attempts)
        with pytest.raises(BuildFailed) as caught:
            build_pdf(offline.project, generated, site)
        monkeypatch.undo()
        with pytest.raises(BlockingIOError):
            listener.accept()
    assert str(caught.value) == (
        f"{page}: refusing to fetch http://{url} (only files inside the site and data: URLs are allowed)"
    )
    assert attempts == []
    assert not (site / PDF_PATH).exists()
