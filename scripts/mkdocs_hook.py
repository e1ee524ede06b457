"""MkDocs hook (listed under `hooks:` in mkdocs.yml): the briefgen generator runs inside
`mkdocs build` and `mkdocs serve`. All logic lives in the briefgen package; importing every
event it handles (its `__all__`) means a newer briefgen needs no change to this file."""

from briefgen.mkdocs_glue import *  # noqa: F403
