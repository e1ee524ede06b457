"""The page-body extension under the name engines load it by (`briefgen.pagebody`).

A public entry point: the engine configurations briefgen writes name it in
`markdown_extensions:`; the extension itself is engine/pagebody.py.
"""

from briefgen.engine.pagebody import PageBodyExtension, makeExtension

__all__ = ["PageBodyExtension", "makeExtension"]
