"""MkDocs hook (listed under `hooks:` in mkdocs.yml): the briefgen generator runs inside
`mkdocs build` and `mkdocs serve`. All logic lives in the briefgen package."""

from briefgen.mkdocs_glue import on_config, on_page_content, on_page_markdown, on_post_page, on_serve

__all__ = ["on_config", "on_page_content", "on_page_markdown", "on_post_page", "on_serve"]
