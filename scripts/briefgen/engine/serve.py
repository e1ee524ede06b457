"""`briefgen serve --engine ENGINE`: a live preview, rebuilt once per edit.

MkDocs and ProperDocs serve the brief's own mkdocs.yml: their hook (hooks.py) prepares the pages
on every rebuild and keeps their watcher off briefgen's own output. Zensical runs no hooks, so
briefgen watches the brief itself (content/, bibliography.bib, docs/, mkdocs.yml), prepares the
pages after each burst of edits, and `zensical serve` (a child process) rebuilds when the engine's
docs folder changes: the pages it re-renders are only those whose files changed.

A brief with errors at start is not served yet: its problems are reported and serve waits for the
edit that fixes them (there is no last good version to show).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn

from watchdog.events import FileSystemEvent, FileSystemEventHandler

from briefgen.base.errors import BriefError
from briefgen.base.project import Project
from briefgen.engine.run import ENV
from briefgen.engine.session import render, write_engine_config, write_prepared
from briefgen.publish.writer import build_lock

SERVE_CONFIG = "zensical-serve"
"""The configuration `zensical serve` reads (its own output folder: a build's stays as it was)."""
QUIET_FOR = 0.3
"""Seconds without another edit before the pages are prepared again (an editor's save is a burst)."""


def serve_command(engine: str, project: Project, address: str) -> list[str]:
    """The engine's own `serve` command line."""
    if engine in ("mkdocs", "properdocs"):
        return [sys.executable, "-m", engine, "serve", "--livereload", "-a", address, "-f", str(project.mkdocs_yml)]
    config = project.state_dir / f"{SERVE_CONFIG}.yml"
    return [sys.executable, "-m", "zensical", "serve", "-a", address, "-f", str(config)]


def prepare_for_zensical(project: Project, report: Callable[[str], None], *, first: bool = False) -> bool:
    """Pages and the engine's configuration for `zensical serve`; False (and the problems
    reported) when the brief has errors: the last good pages stay."""
    try:
        generated = render(project, pdf=False)
        with build_lock(project.state_dir):
            generated = write_prepared(project, generated, pdf=False, exports=True)  # no post stage
            write_engine_config(project, generated, "zensical", name=SERVE_CONFIG)
    except BriefError as exc:
        _report_problems(exc, report, first=first)
        return False
    return True


def brief_is_valid(project: Project, report: Callable[[str], None]) -> bool:
    """Whether the brief renders (its problems reported if not); writes nothing."""
    try:
        render(project, pdf=False)
    except BriefError as exc:
        _report_problems(exc, report, first=True)
        return False
    return True


def _report_problems(exc: BriefError, report: Callable[[str], None], *, first: bool) -> None:
    then = "serve starts when an edit fixes them" if first else "the preview shows the last good version"
    report(f"the brief has {len(exc.problems)} problem(s); {then} (Ctrl-C stops):\n{exc}")


class _Edits(FileSystemEventHandler):
    """Watchdog handler: notes when anything the brief is made of changed (content/, docs/,
    bibliography.bib, mkdocs.yml)."""

    def __init__(self, project: Project) -> None:
        self.folders = [project.content_dir.resolve(), project.docs_dir.resolve()]
        self.files = {project.bibliography.resolve(), project.mkdocs_yml.resolve()}
        self.last = 0.0
        self.lock = threading.Lock()

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type in ("opened", "closed", "closed_no_write"):
            return
        paths = [Path(str(p)).resolve() for p in (event.src_path, getattr(event, "dest_path", "")) if p]
        if any(p in self.files or any(f == p or f in p.parents for f in self.folders) for p in paths):
            with self.lock:
                self.last = time.monotonic()


def _watch(project: Project) -> tuple[Any, _Edits]:
    """A started watchdog observer over what the brief is made of, and its handler."""
    from watchdog.observers import Observer  # noqa: PLC0415 - start-up cost: its threads start only when watching

    edits = _Edits(project)
    observer = Observer()
    for path in (project.content_dir, project.docs_dir):
        if path.is_dir():
            observer.schedule(edits, str(path), recursive=True)
    observer.schedule(edits, str(project.root), recursive=False)  # bibliography.bib, mkdocs.yml
    observer.start()
    return observer, edits


def _settled_edit(edits: _Edits, seen: float, running: Callable[[], bool] = lambda: True) -> float | None:
    """Wait for a burst of edits newer than `seen` to settle; its time, or None if `running` ends."""
    while running():
        time.sleep(0.1)
        with edits.lock:
            last = edits.last
        if last > seen and time.monotonic() - last >= QUIET_FOR:
            return last
    return None


def _until(attempt: Callable[[], bool], edits: _Edits) -> float:
    """Try `attempt` now and after each burst of edits until it succeeds; the last burst's time."""
    seen = 0.0
    while not attempt():
        seen = _settled_edit(edits, seen) or seen
    return seen


def serve_zensical(project: Project, address: str, report: Callable[[str], None]) -> int:
    """Serve with Zensical until it stops (or Ctrl-C); returns its exit status."""
    observer, edits = _watch(project)
    child: subprocess.Popen[bytes] | None = None
    try:
        seen = _until(lambda: prepare_for_zensical(project, report, first=True), edits)
        command = serve_command("zensical", project, address)
        child = subprocess.Popen(command, cwd=project.root, env={**os.environ, **ENV})
        while (last := _settled_edit(edits, seen, lambda: child is not None and child.poll() is None)) is not None:
            seen = last
            if prepare_for_zensical(project, report):
                report("pages prepared again; zensical rebuilds")
        return child.returncode or 0
    except KeyboardInterrupt:
        return 0
    finally:
        observer.stop()
        observer.join()
        if child is not None and child.poll() is None:
            child.terminate()
            child.wait(timeout=30)


def wait_until_valid(project: Project, report: Callable[[str], None]) -> bool:
    """Return once the brief renders (at once if it does); False on Ctrl-C."""
    if brief_is_valid(project, report):
        return True
    observer, edits = _watch(project)
    try:
        _until(lambda: brief_is_valid(project, report), edits)
        return True
    except KeyboardInterrupt:
        return False
    finally:
        observer.stop()
        observer.join()


def serve(project: Project, engine: str, address: str, report: Callable[[str], None]) -> int:
    """Serve the brief with `engine` at `address` (host:port); returns the exit status. MkDocs
    and ProperDocs take this process over (signals reach them directly)."""
    if engine == "zensical":
        signal.signal(signal.SIGTERM, _stop)  # as Ctrl-C: the child is stopped too
        return serve_zensical(project, address, report)
    signal.signal(signal.SIGTERM, _stop)
    if not wait_until_valid(project, report):
        return 0
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    os.chdir(project.root)
    os.environ.update(ENV)
    return _become(serve_command(engine, project, address))


def _become(command: list[str]) -> NoReturn:
    """This process becomes `command` (this Python, running the engine's own command)."""
    os.execv(command[0], command)


def _stop(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt
