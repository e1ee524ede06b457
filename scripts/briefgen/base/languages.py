"""The one language table: BibLaTeX's language names, their BCP 47 tags, and how reference
managers spell them.

A work's `langid` (`russian`) says how the styles case, order and romanise its reference; its
BCP 47 tag (`ru-RU`) is the CSL item's language, and the tag's first part (`ru`) is the HTML
`lang` of its text on a page. The brief's own languages are written as that first part (`en`,
`ru`, in brief.yml).
"""

from __future__ import annotations

LANGUAGES = {
    "russian": "ru-RU",
    "english": "en-US",
    "american": "en-US",
    "british": "en-GB",
    "chinese": "zh-CN",
    "korean": "ko-KR",
    "japanese": "ja-JP",
    "german": "de-DE",
    "french": "fr-FR",
}
"""BibLaTeX langid -> BCP 47 tag (the CSL locale of a work in that language)."""
BRIEF_LANGUAGES_ISO_639_3 = {"en": "eng", "ru": "rus"}
"""brief.yml's languages as ISO 639-3, the form Zenodo's deposit loader takes as given (publish/zenodo.py)."""
_SPELLINGS = {
    "russian": ("ru", "rus", "ru-ru", "ru_ru", "русский", "русский язык"),
    "english": ("en", "eng"),
    "american": ("en-us", "en_us", "us english", "american english"),
    "british": ("en-gb", "en_gb", "uk english", "british english"),
    "chinese": ("zh", "zho", "chi", "zh-cn", "zh_cn", "zh-hans", "zh-tw", "zh-hant", "中文", "汉语", "漢語"),
    "korean": ("ko", "kor", "ko-kr", "ko_kr", "한국어"),
    "japanese": ("ja", "jpn", "ja-jp", "ja_jp", "日本語"),
    "german": ("de", "deu", "ger", "de-de", "de_de", "deutsch"),
    "french": ("fr", "fra", "fre", "fr-fr", "fr_fr", "français", "francais"),
}
LANGUAGE_SPELLINGS = {spelling: langid for langid, spellings in _SPELLINGS.items() for spelling in (langid, *spellings)}
"""How Zotero (`language = {ru}`, `{Russian}`), Better BibTeX (`langid = {russian}`), JabRef and
others write a language -> BibLaTeX's langid."""


def langid_for(value: str) -> str | None:
    """The BibLaTeX langid of a language as reference managers write it, or None if unknown."""
    return LANGUAGE_SPELLINGS.get(" ".join(value.split()).casefold())


def html_lang(langid: str) -> str:
    """The HTML `lang` of text in the language `langid` (`russian` -> `ru`; "" when unknown)."""
    return LANGUAGES.get(langid, "").partition("-")[0]


def langid_of(code: str) -> str:
    """The langid of one of the brief's languages (`ru` -> `russian`), or the code itself."""
    return next((langid for langid, tag in LANGUAGES.items() if tag.partition("-")[0] == code), code)


def csl_language(code: str) -> str:
    """The CSL language of one of the brief's languages (`ru` -> `ru-RU`), or the code itself."""
    return LANGUAGES.get(langid_of(code), code)
