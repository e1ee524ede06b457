"""One run's state, passed explicitly: the MkDocs events of `mkdocs serve` find it on the config
object. Nothing is kept in a module. And the one way pages are prepared for an engine, shared by
`briefgen build`, `briefgen serve` and the hook."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from briefgen.base.errors import BriefError, Problem
from briefgen.base.project import Project
from briefgen.engine.siteconfig import SiteGlue, engine_config, engine_config_text, theme_files
from briefgen.load.siteconfig import read_config
from briefgen.publish.writer import sync_tree, write_caches, write_engine_docs, write_if_changed
from briefgen.render.generate import Generated, generate
from briefgen.render.pagefile import previous_keys

THEME = "theme"
"""The theme templates an engine run uses, in `.briefgen/` (briefgen's, over the brief's own)."""
_ATTRIBUTE = "briefgen_session"
"""Where a session sits on MkDocs' config object (an attribute: no template or plugin sees it)."""


@dataclass
class BuildSession:
    """What the events of one MkDocs run share."""

    project: Project
    """The brief being built."""
    generated: Generated
    """What the generator made for this run."""


def render(project: Project, *, pdf: bool) -> Generated:
    """Every page whose inputs changed, rendered (the others are kept as the last run wrote
    them); raises BriefError on content errors. Writes nothing."""
    return generate(project, pdf=pdf, previous=previous_keys(project.engine_docs_dir))


def write_prepared(project: Project, generated: Generated, *, pdf: bool, exports: bool = False) -> Generated:
    """Write what `render` made into the engine's docs folder (`.briefgen/docs/`), and the
    caches. If another run changed a page this one kept since, render again first. Returns
    what was written. The citation exports go there too only with `exports` (for an engine run
    that nothing finishes after: `zensical serve`); otherwise the post stage writes them."""
    current = previous_keys(project.engine_docs_dir)
    if any(current.get(src) != key for src, key in generated.kept.items()):
        generated = render(project, pdf=pdf)
    write_caches(project, generated.caches)
    files = {**generated.files, **generated.exports} if exports else generated.files
    write_engine_docs(project, files, [*generated.kept, *generated.kept_data])
    sync_tree(project.exports_dir, dict(generated.exports), within=project.state_dir)
    return generated


def prepare(project: Project, *, pdf: bool) -> Generated:
    """`render`, then `write_prepared`: the pages ready for an engine."""
    return write_prepared(project, render(project, pdf=pdf), pdf=pdf)


def write_engine_config(project: Project, generated: Generated, engine: str, *, name: str | None = None) -> Path:
    """The configuration `engine` builds with, written to `.briefgen/NAME.yml` (NAME: the
    engine's, by default); returns its path."""
    try:
        user = read_config(project.mkdocs_yml)
    except ValueError as exc:
        raise BriefError([Problem(project.rel(project.mkdocs_yml), 0, "(file)", str(exc))]) from None
    theme = project.state_dir / THEME
    sync_tree(theme, dict(theme_files(user, project.root)), within=project.state_dir)
    brief = generated.ctx.brief
    glue = SiteGlue(project.engine_docs_dir, generated.nav, brief.title.best(), brief.site_url)
    site_dir = engine_site_dir(project, name or engine)
    config = engine_config(user, glue, site_dir=site_dir, theme_dir=theme, engine=engine, folder=project.state_dir)
    path = project.state_dir / f"{name or engine}.yml"
    write_if_changed(project.state_dir, path.name, engine_config_text(config, engine).encode("utf-8"))
    return path


def engine_site_dir(project: Project, engine: str) -> Path:
    """Where an engine that keeps its own output between builds (Zensical, for its cache) writes."""
    return project.state_dir / f"{engine}-site"


def attach(config: Any, session: BuildSession) -> None:
    """Hand `session` to the events of the run that `config` starts."""
    setattr(config, _ATTRIBUTE, session)


def session_of(config: Any) -> BuildSession | None:
    """The session `attach` handed to this config, if any."""
    session = getattr(config, _ATTRIBUTE, None)
    return session if isinstance(session, BuildSession) else None
