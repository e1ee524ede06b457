"""Layer two of sanitising: an allow-list over every page's rendered content (nh3).

Layer one rejects raw HTML in content at validation; this keeps anything that slipped through
(or that a future extension emits) from reaching readers. Layer three is the audit of the built
site (`audit.py`).
"""

from __future__ import annotations

import nh3

from briefgen.base.pathrules import LINK_PREFIXES

TAGS = {
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "button",
    "caption",
    "cite",
    "code",
    "col",
    "colgroup",
    "dd",
    "del",
    "details",
    "dfn",
    "div",
    "dl",
    "dt",
    "em",
    "figcaption",
    "figure",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "ins",
    "kbd",
    "li",
    "mark",
    "ol",
    "p",
    "pre",
    "q",
    "s",
    "section",
    "small",
    "span",
    "strong",
    "sub",
    "summary",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "time",
    "tr",
    "u",
    "ul",
    "var",
}
GENERIC_ATTRIBUTES = {
    "class",
    "id",
    "title",
    "lang",
    "role",
    "hidden",
    "dir",
    "aria-label",
    "aria-pressed",
    "aria-hidden",
    "aria-describedby",
    "tabindex",
}
ATTRIBUTES = {
    "a": {"href", "download", "hreflang"},
    "button": {"type"},
    "img": {"src", "alt", "width", "height", "loading"},
    "time": {"datetime"},
    "ol": {"start", "reversed"},
    "td": {"colspan", "rowspan", "align"},
    "th": {"colspan", "rowspan", "align", "scope"},
    "details": {"open"},
    # No `cite` on q/blockquote: nh3 does not check its scheme (`<q cite="javascript:…">` passed).
}
URL_SCHEMES = set(LINK_PREFIXES)


_CLEANER = nh3.Cleaner(
    tags=TAGS,
    clean_content_tags={"script", "style"},
    attributes={"*": GENERIC_ATTRIBUTES, **ATTRIBUTES},
    generic_attribute_prefixes={"data-"},
    url_schemes=URL_SCHEMES,
    link_rel=None,
    strip_comments=True,
)


def sanitize_html(html: str) -> str:
    """`html` with only the allow-listed tags, attributes and URL schemes left."""
    return _CLEANER.clean(html)
