"""Non-breaking spaces where Russian and English typography want them. Pure: strings only.

A line must not end with «№» or with an initial, nor start with the surname that belongs to it:
«№ 4», «К. Асмолов», «В. В. Путин», "Asmolov K., Zakharova L." keep together. Applied to what
briefgen renders from content (titles, names, text fields) and to the formatted references and
citations, once, where the build receives them from the CSL processor.
"""

from __future__ import annotations

import re

NBSP = "\u00a0"
_UPPER = "A-ZА-ЯЁ"
_LOWER = "a-zа-яё"
_NUMBER_SIGN = re.compile(r"№[ \t]+")
_INITIAL_BEFORE_NAME = re.compile(rf"(?<![\w.])([{_UPPER}]\.)[ \t]+(?=[{_UPPER}])")
"""`К. Асмолов`, `В. В. Путин` (each initial keeps to what follows it)."""
_NAME_BEFORE_INITIAL = re.compile(rf"(?<=[{_LOWER}])[ \t]+(?=[{_UPPER}]\.(?:[\s,;:)\]]|$))")
"""`Asmolov K.`, `Захарова Л. В.` (the surname keeps to its first initial)."""
_TAG = re.compile(r"(<[^>]*>)")


def nbsp(text: str) -> str:
    """Plain text (or Markdown) with the spaces after «№» and around initials made non-breaking."""
    if "№" not in text and "." not in text:
        return text
    text = _NUMBER_SIGN.sub("№" + NBSP, text)
    text = _INITIAL_BEFORE_NAME.sub(lambda m: m.group(1) + NBSP, text)
    return _NAME_BEFORE_INITIAL.sub(NBSP, text)


def nbsp_html(markup: str) -> str:
    """The same in HTML: only text between tags changes, never a tag or an attribute."""
    if "№" not in markup and "." not in markup:
        return markup
    return "".join(part if part.startswith("<") else nbsp(part) for part in _TAG.split(markup))
