"""One run's state, passed explicitly: the MkDocs events of `mkdocs serve` find it on the config
object. Nothing is kept in a module. And the one way pages are prepared for an engine, shared by
`briefgen build`, `briefgen serve` and the hook."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from briefgen.base.project import Project
from briefgen.publish.writer import write_caches, write_engine_docs
from briefgen.render.generate import Generated, generate
from briefgen.render.pagefile import previous_keys

_ATTRIBUTE = "briefgen_session"
"""Where a session sits on MkDocs' config object (an attribute: no template or plugin sees it)."""


@dataclass
class BuildSession:
    """What the events of one MkDocs run share."""

    project: Project
    """The brief being built."""
    generated: Generated
    """What the generator made for this run."""


def prepare(project: Project, *, pdf: bool) -> Generated:
    """Render every page whose inputs changed (the others are kept as the last run wrote them)
    and write the engine's docs folder, `.briefgen/docs/`; raises BriefError on content errors,
    before anything is written."""
    generated = generate(project, pdf=pdf, previous=previous_keys(project.engine_docs_dir))
    write_caches(project, generated.caches)
    write_engine_docs(project, generated.files, generated.kept)
    return generated


def attach(config: Any, session: BuildSession) -> None:
    """Hand `session` to the events of the run that `config` starts."""
    setattr(config, _ATTRIBUTE, session)


def session_of(config: Any) -> BuildSession | None:
    """The session `attach` handed to this config, if any."""
    session = getattr(config, _ATTRIBUTE, None)
    return session if isinstance(session, BuildSession) else None
