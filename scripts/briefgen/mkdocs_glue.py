"""The MkDocs events under the name briefs import in their hook (`scripts/mkdocs_hook.py`).

A public entry point, kept where every brief's hook names it; the events are engine/hooks.py.
"""

from briefgen.engine import hooks
from briefgen.engine.hooks import *  # noqa: F403

__all__ = hooks.__all__
