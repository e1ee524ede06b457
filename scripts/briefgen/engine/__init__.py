"""Stage 8, engine: the MkDocs adapter (events, the Markdown extension, the in-process build)."""
