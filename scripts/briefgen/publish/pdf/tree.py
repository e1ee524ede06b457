"""The element tree of the assembled document: parsing (tinyhtml5, WeasyPrint's own HTML parser),
text, removal and serialising."""

from __future__ import annotations

import html
import importlib
import re
from collections.abc import Iterator
from xml.etree.ElementTree import Element

from briefgen.base import routes
from briefgen.base.pathrules import HTML_VOID_ELEMENTS

_SVG_NS = "http://www.w3.org/2000/svg"
_NAMESPACE_PREFIX = {
    "http://www.w3.org/1999/xlink": "xlink:",
    "http://www.w3.org/XML/1998/namespace": "xml:",
    "http://www.w3.org/2000/xmlns/": "xmlns:",
}
_SPACE = re.compile(r"\s+")


def _parse(text: str) -> Element:
    tinyhtml5 = importlib.import_module("tinyhtml5")  # WeasyPrint's own HTML parser
    root: Element = tinyhtml5.parse(text, namespace_html_elements=False)
    return root


def _css_url(match: re.Match[str]) -> str:
    return next(g for g in match.groups() if g is not None)


def _is_element(el: Element) -> bool:
    """False for comments and processing instructions (their tag is a function)."""
    return isinstance(getattr(el, "tag", None), str)


def _classes(el: Element) -> set[str]:
    return set((el.get("class") or "").split())


def _add_class(el: Element, name: str) -> None:
    el.set("class", " ".join(sorted(_classes(el) | {name})))


def _text(el: Element) -> str:
    """Visible text."""
    parts: list[str] = []

    def walk(node: Element) -> None:
        if node.text:
            parts.append(node.text)
        for child in node:
            if _is_element(child):
                walk(child)
            if child.tail:
                parts.append(child.tail)

    walk(el)
    return _SPACE.sub(" ", "".join(parts)).strip()


def _remove(el: Element, parent: Element) -> None:
    """Remove `el`, keeping the text that follows it."""
    index = list(parent).index(el)
    if el.tail:
        if index:
            prev = parent[index - 1]
            prev.tail = (prev.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)


def _parents(root: Element) -> dict[Element, Element]:
    return {child: parent for parent in root.iter() for child in parent}


def _fragment(markup: str) -> Element:
    """Parse inline HTML (a formatted reference) into a <span>."""
    body = _parse(f"<!DOCTYPE html><html><body><span>{markup}</span></body></html>").find("body")
    assert body is not None
    span = body.find("span")
    assert span is not None
    return span


def _ancestors(el: Element, parents: dict[Element, Element]) -> Iterator[Element]:
    while el in parents:
        el = parents[el]
        yield el


def _page_key(path: str) -> str:
    """`brief/feng/intro.html` -> `brief.feng.intro`: the prefix of that page's ids in the PDF."""
    stem = routes.page_stem(path)
    return re.sub(r"[^\w.-]", "_", stem.replace("/", "."))


def _anchor(key: str, ident: str) -> str:
    return f"{key}--" + re.sub(r"[\s%#]", "_", ident)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _attr_name(name: str) -> str:
    if name.startswith("{"):
        uri, local = name[1:].split("}", 1)
        return _NAMESPACE_PREFIX.get(uri, "") + local
    return name


def _serialize(el: Element) -> str:
    out: list[str] = []

    def walk(node: Element, in_svg: bool) -> None:
        if not _is_element(node):  # comment or processing instruction
            out.append(html.escape(node.tail or "", quote=False))
            return
        tag = _local(node.tag)
        svg_root = node.tag.startswith(f"{{{_SVG_NS}}}") and not in_svg
        attrs = "".join(f' {_attr_name(k)}="{html.escape(v, quote=True)}"' for k, v in node.attrib.items())
        if svg_root:
            attrs = f' xmlns="{_SVG_NS}" xmlns:xlink="http://www.w3.org/1999/xlink"' + attrs
        out.append(f"<{tag}{attrs}>")
        if tag not in HTML_VOID_ELEMENTS or in_svg or svg_root:
            out.append(html.escape(node.text or "", quote=False))
            for child in node:
                walk(child, in_svg or svg_root)
            out.append(f"</{tag}>")
        out.append(html.escape(node.tail or "", quote=False))

    walk(el, False)
    return "".join(out)
