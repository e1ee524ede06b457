"""Running an engine on the pages briefgen made: the one place the pipeline drives MkDocs,
ProperDocs or Zensical.

MkDocs runs in-process (`mkdocs build --strict`, logging at INFO: quiet mode would drop the
warnings strict mode counts). ProperDocs and Zensical run as subprocesses of the same Python:
ProperDocs makes `mkdocs` an alias of itself for the whole process, and Zensical keeps its
configuration in a module global. ProperDocs' process runs this module (`python -m
briefgen.engine.run properdocs ...`), which builds as for MkDocs, theme cache included.
Their output is read as it comes; a failure is reported with the engine's own words. Never
`-q`, for the same reason as above.
"""

from __future__ import annotations

import logging
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

from briefgen.base.errors import BuildFailed
from briefgen.engine.themecache import ThemeCache
from briefgen.publish.audit import Prescan
from briefgen.publish.postbuild import finish_page

ENV = {"NO_MKDOCS_2_WARNING": "1"}
"""Material's notice about MkDocs 2 is not the brief's business."""


class _PostPage:
    """MkDocs event handler for in-process builds: each page finished as the post stage finishes
    it (the same function, so the post stage finds nothing left to do), and handed to the audit's
    prescan while MkDocs renders the rest."""

    def __init__(self, prescan: Prescan | None) -> None:
        self.prescan = prescan

    def on_post_page(self, output: str, **_: Any) -> str:
        finished = finish_page(output)
        if self.prescan is not None:
            # The bytes MkDocs writes (mkdocs.commands.build._build_page encodes them this way).
            self.prescan.submit(finished.encode("utf-8", errors="xmlcharrefreplace"))
        return finished


def run_mkdocs(
    config_file: Path,
    site_dir: Path,
    *,
    prescan: Prescan | None = None,
    theme_cache: ThemeCache | None = None,
    engine: str = "mkdocs",
) -> None:
    """`mkdocs build --strict` in-process (or ProperDocs', with `engine`), from `config_file`
    into `site_dir`; raises BuildFailed with the engine's warnings when it fails. With
    `theme_cache`, pages whose inputs did not change since an earlier build get the theme's
    output of then (engine/themecache.py)."""
    if engine == "properdocs":
        import properdocs.replacement  # noqa: F401, PLC0415 - optional dependency; `mkdocs` is ProperDocs from here on
    from mkdocs.commands import build as mkdocs_build  # noqa: PLC0415 - start-up cost: only the MkDocs engine loads MkDocs
    from mkdocs.config import load_config  # noqa: PLC0415 - start-up cost, as above
    from mkdocs.exceptions import Abort, MkDocsException  # noqa: PLC0415 - start-up cost, as above

    os.environ.update(ENV)
    handler = _WarningHandler()
    logger = logging.getLogger(engine)  # ProperDocs' modules log under their own names
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        config = load_config(config_file=str(config_file), site_dir=str(site_dir), strict=True)
        if theme_cache is not None:  # before the finishing: it keeps the theme's output as the theme made it
            config.plugins[ThemeCache.NAME] = theme_cache  # type: ignore[assignment]
        config.plugins["briefgen-post-page"] = _PostPage(prescan)  # type: ignore[assignment]
        config.plugins.on_startup(command="build", dirty=False)
        try:
            mkdocs_build.build(config)
        finally:
            config.plugins.on_shutdown()
    except (Abort, MkDocsException) as exc:
        raise BuildFailed("\n".join([f"{engine} build --strict failed: {exc}", *handler.messages])) from None
    finally:
        logger.removeHandler(handler)


class _WarningHandler(logging.Handler):
    """Keeps MkDocs' warnings (a failed build reports them)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(f"{record.levelname}: {record.getMessage()}")


def engine_command(
    engine: str, config_file: Path, site_dir: Path | None = None, theme_cache: tuple[Path, Path] | None = None
) -> list[str]:
    """The command line that builds with `engine` (ProperDocs or Zensical) in strict mode;
    `theme_cache`: ProperDocs' theme cache folder and the folder it must stay in."""
    if engine == "properdocs":
        cache = [str(p) for p in theme_cache] if theme_cache is not None else []
        return [sys.executable, "-m", "briefgen.engine.run", engine, str(config_file), str(site_dir), *cache]
    if engine == "zensical":
        return [sys.executable, "-m", "zensical", "build", "--strict", "-f", str(config_file)]
    raise ValueError(f"no command for engine {engine!r}")


def run_subprocess_engine(
    engine: str, config_file: Path, site_dir: Path, *, cwd: Path, theme_cache: tuple[Path, Path] | None = None
) -> None:
    """Build with ProperDocs or Zensical as a subprocess; raises BuildFailed with its output
    when it fails (or when it is not installed). `theme_cache`: as for engine_command."""
    command = engine_command(engine, config_file, site_dir, theme_cache)
    try:
        done = subprocess.run(command, cwd=cwd, env={**os.environ, **ENV}, capture_output=True, text=True, check=False)
    except OSError as exc:
        raise BuildFailed(f"{engine} could not be started: {exc}") from None
    if done.returncode != 0:
        output = (done.stderr + done.stdout).strip().splitlines()
        if any(re.search(rf"No module named '?{engine}\b", line) for line in output):
            raise BuildFailed(
                f"{engine} is not installed (pip install 'briefgen[{engine}]', or build with --engine mkdocs)"
            )
        tail = "\n".join(output[-25:])
        raise BuildFailed(f"{engine} build --strict failed (exit {done.returncode}):\n{tail}")


def main(argv: list[str]) -> int:
    """`python -m briefgen.engine.run properdocs CONFIG SITE [THEME_CACHE STATE_DIR]`: ProperDocs'
    build, in a process of its own (it aliases `mkdocs` for the whole process)."""
    engine, config_file, site_dir, *cache = argv
    logging.basicConfig(level=logging.INFO, format="%(levelname)s: %(message)s")
    theme_cache = ThemeCache(Path(cache[0]), within=Path(cache[1]), engine=engine) if len(cache) == 2 else None
    try:
        run_mkdocs(Path(config_file), Path(site_dir), theme_cache=theme_cache, engine=engine)
    except BuildFailed as exc:
        print(exc, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
