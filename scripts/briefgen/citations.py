"""The citation extension under the name briefs give it in mkdocs.yml (`briefgen.citations`).

A public entry point, kept where every brief's `markdown_extensions:` names it; the extension
itself is render/citeext.py (briefgen renders every page with it before any engine runs).
"""

from briefgen.render.citeext import CitationExtension, makeExtension

__all__ = ["CitationExtension", "makeExtension"]
