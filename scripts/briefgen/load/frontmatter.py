"""A hand-written page's own metadata and its Markdown, split as MkDocs splits them (YAML front
matter between `---` lines, or MultiMarkdown `key: value` lines before the first blank line).
briefgen renders hand-written pages itself, so it reads them the way their authors expect."""

from __future__ import annotations

import re
from typing import Any

import yaml

_YAML = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.UNICODE | re.DOTALL)
_META = re.compile(r"^[ ]{0,3}(?P<key>[A-Za-z0-9_-]+):\s*(?P<value>.*)")
_META_MORE = re.compile(r"^([ ]{4}|\t)(\s*)(?P<value>.*)")


def split_front_matter(doc: str) -> tuple[str, dict[str, Any]]:
    """(the page's Markdown, its metadata)."""
    found = _YAML.match(doc)
    if found:
        try:
            data = yaml.safe_load(found.group(1))
        except yaml.YAMLError:
            return doc, {}
        if isinstance(data, dict):
            return doc[found.end() :].lstrip("\n"), data
        return doc, {}
    lines = doc.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    meta: dict[str, Any] = {}
    key = None
    while lines:
        line = lines.pop(0)
        if not line.strip():
            break
        if first := _META.match(line):
            key = first.group("key").lower().strip()
            value = first.group("value").strip()
            meta[key] = f"{meta[key]} {value}" if key in meta else value
            continue
        more = _META_MORE.match(line)
        if more and key:
            meta[key] += f" {more.group('value').strip()}"
            continue
        lines.insert(0, line)
        break
    return "\n".join(lines).lstrip("\n"), meta
