"""One build's state, passed explicitly: the MkDocs events find it on the config object, the
Markdown extension through its `renderer` option. Nothing is kept in a module."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from briefgen.base.project import Project
from briefgen.publish.audit import Prescan
from briefgen.render.chrome import Chrome
from briefgen.render.generate import Generated
from briefgen.render.renderer import SiteRenderer

_ATTRIBUTE = "briefgen_session"
"""Where a session sits on MkDocs' config object (an attribute: no template or plugin sees it)."""


@dataclass
class BuildSession:
    """What the events of one MkDocs build share."""

    project: Project
    """The brief being built."""
    generated: Generated
    """What the generator made for this build."""
    pdf: bool = False
    """Whether this build makes the PDF (`briefgen build`); `mkdocs serve` does not, so no link to it."""
    prescan: Prescan | None = None
    """`briefgen build` audits the pages it builds: each page goes to the prescan as it is written."""
    chrome: Chrome = field(init=False)
    """What every page gets around its content."""
    renderer: SiteRenderer = field(init=False)
    """The citation extension's renderer (it is told which page is being rendered)."""

    def __post_init__(self) -> None:
        self.chrome = Chrome(self.generated, pdf=self.pdf)
        self.renderer = SiteRenderer(self.generated.ctx, self.generated.works)


def attach(config: Any, session: BuildSession) -> None:
    """Hand `session` to the events of the build that `config` starts."""
    setattr(config, _ATTRIBUTE, session)


def session_of(config: Any) -> BuildSession | None:
    """The session `attach` handed to this config, if any."""
    session = getattr(config, _ATTRIBUTE, None)
    return session if isinstance(session, BuildSession) else None
