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
_INITIALS = re.compile(rf"(?<![\w.])(?P<run>[{_UPPER}]\.(?:[ \t]+[{_UPPER}]\.)*)")
"""A run of initials: `К.`, `В. В.`, `L.` (not `U.S.`, whose letters have no space between)."""
_SPACE = re.compile(r"[ \t]+")
_SURNAME_BEFORE = re.compile(rf"(?<![\w'’-])[{_UPPER}][\w'’-]*[{_LOWER}](?P<space>[ \t]+)\Z")
"""A capitalised word right before the initials: their surname ("Asmolov K."), not "и Л. Захарова"."""
_NAME_AFTER = re.compile(rf"[ \t]+(?=[{_UPPER}])")
_TAG = re.compile(r"(<[^>]*>)")


def nbsp(text: str) -> str:
    """Plain text (or Markdown) with the spaces after «№» and around initials made non-breaking."""
    if "№" not in text and "." not in text:
        return text
    text = _NUMBER_SIGN.sub("№" + NBSP, text)
    out: list[str] = []
    last = 0
    for match in _INITIALS.finditer(text):
        before = text[last : match.start()]
        run = _SPACE.sub(NBSP, match.group("run"))
        surname = _SURNAME_BEFORE.search(before)
        if surname:  # "Asmolov K.", "Захарова Л. В.": the initials follow their surname
            before = before[: surname.start("space")] + NBSP
        out += [before, run]
        last = match.end()
        if not surname:  # "К. Асмолов", "В. В. Путин": the initials lead to their surname
            after = _NAME_AFTER.match(text, last)
            if after:
                out.append(NBSP)
                last = after.end()
    out.append(text[last:])
    return "".join(out)


def nbsp_html(markup: str) -> str:
    """The same in HTML: only text between tags changes, never a tag or an attribute."""
    if "№" not in markup and "." not in markup:
        return markup
    return "".join(part if part.startswith("<") else nbsp(part) for part in _TAG.split(markup))
