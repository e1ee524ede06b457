"""`briefgen new DIR`, then the commands it prints, pasted as printed into a shell."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from .conftest import require_tool

BRIEFGEN = Path(sys.executable).parent / "briefgen"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def shell(command: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command, shell=True, cwd=cwd, env=env, capture_output=True, text=True, timeout=600, check=False
    )


def test_new_brief_then_the_printed_commands(tmp_path: Path) -> None:
    git = require_tool("git")
    # As a newcomer's shell: briefgen is not on the PATH.
    env = {**os.environ, "PATH": "/usr/bin:/bin", "NO_MKDOCS_2_WARNING": "1"}
    made = subprocess.run(
        [str(BRIEFGEN), "new", "my-brief"], cwd=tmp_path, env=env, capture_output=True, text=True, check=True
    )
    lines = made.stdout.splitlines()
    assert lines[0] == "created a new brief in my-brief/ (11 files). Next, from here:"
    commands = [line.split("  #")[0].strip() for line in lines if line.startswith("  ")]
    check, build, serve = commands
    assert check == f"{BRIEFGEN} -C my-brief check"
    assert build == f"{BRIEFGEN} -C my-brief build"
    assert serve == f"{BRIEFGEN} -C my-brief serve"

    checked = shell(check, tmp_path, env)
    assert checked.returncode == 0, checked.stderr
    assert checked.stdout.strip().endswith("brief is valid")
    built = shell(build, tmp_path, env)
    assert built.returncode == 0, built.stderr
    # The summary says what was built, where, and how to open and serve it.
    summary = built.stdout
    assert summary.startswith("built my-brief/site/ (version 0.1): 11 pages, 3 claims, 2 works\n")
    assert "  open      my-brief/site/index.html  (in a browser" in summary
    assert "  PDF       my-brief/site/brief/brief.pdf  (" in summary
    assert "  pack      my-brief/site/brief/research-pack-0.1.zip  (" in summary
    assert "serve it:   python3 -m http.server -d my-brief/site 8000" in summary
    assert f"preview while editing:   {serve}   then http://127.0.0.1:8000/" in summary
    for path in ("site/index.html", "site/brief/brief.pdf", "site/brief/research-pack-0.1.zip"):
        assert (tmp_path / "my-brief" / path).is_file(), path

    # The preview, on a free port (8000 may be taken on a shared machine): it serves the brief.
    port = free_port()
    log = tmp_path / "serve.log"
    with log.open("w") as output:
        server = subprocess.Popen(
            f"exec {serve} -a 127.0.0.1:{port}", shell=True, cwd=tmp_path, env=env, stdout=output, stderr=output
        )
    try:
        page = ""
        for _ in range(240):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/brief/ivanov/introduction.html") as reply:
                    page = reply.read().decode("utf-8")
                break
            except OSError:
                if server.poll() is not None:
                    pytest.fail(f"briefgen serve stopped: {log.read_text()}")
                time.sleep(0.5)
        assert "The route shortens voyages" in page
    finally:
        server.terminate()
        server.wait(timeout=30)

    # Under version control as it is, nothing a build made is committed.
    root = tmp_path / "my-brief"
    subprocess.run([git, "init", "-q"], cwd=root, check=True)
    status = subprocess.run(
        [git, "status", "--porcelain", "--untracked-files=all"], cwd=root, capture_output=True, text=True, check=True
    ).stdout
    untracked = sorted(line[3:] for line in status.splitlines())
    assert not [p for p in untracked if p.startswith(("site/", "docs/brief/", ".briefgen/"))], untracked
    assert "content/brief.yml" in untracked and ".gitignore" in untracked and "CITATION.cff" in untracked


def test_new_prints_a_bare_name_when_the_shell_finds_briefgen(tmp_path: Path) -> None:
    env = {**os.environ, "PATH": f"{BRIEFGEN.parent}:/usr/bin:/bin"}
    made = subprocess.run(
        [str(BRIEFGEN), "new", str(tmp_path / "b")], cwd=tmp_path, env=env, capture_output=True, text=True, check=True
    )
    assert "  briefgen -C b check" in made.stdout
    assert "  briefgen -C b serve" in made.stdout
    assert shutil.which("briefgen", path=env["PATH"]) == str(BRIEFGEN)
