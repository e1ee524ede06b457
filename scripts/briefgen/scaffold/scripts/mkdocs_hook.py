"""MkDocs hook (listed under `hooks:` in mkdocs.yml), for `briefgen serve` with MkDocs or
ProperDocs: on each rebuild it has briefgen prepare the pages whose inputs changed and points the
engine at them (`briefgen build` renders the pages itself and does not need it). All logic lives
in the briefgen package; importing every event it handles (its `__all__`) means a newer briefgen
needs no change to this file."""

from briefgen.mkdocs_glue import *  # noqa: F403
