"""The citation extension under the name briefs give it in mkdocs.yml (`briefgen.citations`).

A public entry point, kept where every brief's `markdown_extensions:` names it; the extension
itself is engine/markdown.py.
"""

from briefgen.engine.markdown import CitationExtension, makeExtension

__all__ = ["CitationExtension", "makeExtension"]
