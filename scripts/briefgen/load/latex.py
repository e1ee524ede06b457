r"""LaTeX in .bib values: character escapes to Unicode, and the one brace scanner.

Better BibTeX, Zotero and hand-written .bib files write characters as LaTeX escapes (`{\"u}`,
`\cyrchar\CYRA`, `\textquoteright`); `decode_escapes` writes them as the characters
themselves and leaves everything else (braces, `\&`, `\emph`, `--`, `~`) as written. The
brace-aware scanner `scan` is shared by the .bib reader (where an entry ends) and the canonical
form (where a value ends).
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from collections.abc import Iterator

import latexcodec  # noqa: F401  (registers the "ulatex" codec)

_CYR_UPPER = (  # А..Я in code point order
    "A",
    "B",
    "V",
    "G",
    "D",
    "E",
    "ZH",
    "Z",
    "I",
    "ISHRT",
    "K",
    "L",
    "M",
    "N",
    "O",
    "P",
    "R",
    "S",
    "T",
    "U",
    "F",
    "H",
    "C",
    "CH",
    "SH",
    "SHCH",
    "HRDSN",
    "ERY",
    "SFTSN",
    "EREV",
    "YU",
    "YA",
)
_CYR_EXTRA = {  # T2A names of the letters outside А-я (LaTeX's t2aenc.def / Better BibTeX)
    "YO": "Ё",
    "DJE": "Ђ",
    "IE": "Є",
    "DZE": "Ѕ",
    "II": "І",
    "YI": "Ї",
    "JE": "Ј",
    "LJE": "Љ",
    "NJE": "Њ",
    "TSHE": "Ћ",
    "USHRT": "Ў",
    "DZHE": "Џ",
    "YAT": "Ѣ",
    "FITA": "Ѳ",
    "IZH": "Ѵ",
    "GUP": "Ґ",
    "GHCRS": "Ғ",
    "ZHDSC": "Җ",
    "ZDSC": "Ҙ",
    "KDSC": "Қ",
    "KVCRS": "Ҝ",
    "KHCRS": "Ҟ",
    "KBEAK": "Ҡ",
    "NDSC": "Ң",
    "NG": "Ҥ",
    "SDSC": "Ҫ",
    "TDSC": "Ҭ",
    "Y": "Ү",
    "YHCRS": "Ұ",
    "HDSC": "Ҳ",
    "TETSE": "Ҵ",
    "CHRDSC": "Ҷ",
    "CHVCRS": "Ҹ",
    "SHHA": "Һ",
    "ABHCH": "Ҽ",
    "AE": "Ӕ",
    "SCHWA": "Ә",
    "OTLD": "Ө",
    "OMEGA": "Ѡ",
    "KSI": "Ѯ",
    "PSI": "Ѱ",
    "UK": "Ѹ",
}


def _cyrillic_table() -> dict[str, str]:
    table: dict[str, str] = {}
    for i, name in enumerate(_CYR_UPPER):
        table[f"CYR{name}"] = chr(0x410 + i)
        table[f"cyr{name.lower()}"] = chr(0x430 + i)
    for name, upper in _CYR_EXTRA.items():
        table[f"CYR{name}"] = upper
        table[f"cyr{name.lower()}"] = upper.lower()
    return table


CYRILLIC = _cyrillic_table()
"""`\\CYRA` -> А, `\\cyrshch` -> щ …: the T2A names Better BibTeX writes after `\\cyrchar`.
latexcodec 3.0.1 does not know them."""

TEXT_SYMBOLS = {
    "textquoteleft": "‘",
    "textquoteright": "’",
    "textquotedblleft": "“",
    "textquotedblright": "”",
    "textquotesingle": "'",
    "quotedblbase": "„",
    "quotesinglbase": "‚",
    "guillemetleft": "«",
    "guillemetright": "»",
    "guillemotleft": "«",
    "guillemotright": "»",
    "guilsinglleft": "‹",
    "guilsinglright": "›",
    "textnumero": "№",
    "textellipsis": "…",
    "ldots": "…",
    "dots": "…",
    "texteuro": "€",
    "euro": "€",
    "textendash": "–",
    "textemdash": "—",
    "textbullet": "•",
    "textperiodcentered": "·",
    "textdegree": "°",
    "textsection": "§",
    "textcopyright": "©",
    "textregistered": "®",
    "texttrademark": "™",
    "textdagger": "†",
    "textdaggerdbl": "‡",
    "textperthousand": "‰",
    "textonehalf": "½",
    "texttimes": "×",
    "i": "ı",
    "j": "ȷ",
}
"""Text commands Better BibTeX writes that latexcodec 3.0.1 leaves undecoded."""

ACCENTS = {
    "'": "\u0301",
    "`": "\u0300",
    "^": "\u0302",
    '"': "\u0308",
    "~": "\u0303",
    "=": "\u0304",
    ".": "\u0307",
    "u": "\u0306",
    "v": "\u030c",
    "H": "\u030b",
    "c": "\u0327",
    "k": "\u0328",
    "r": "\u030a",
    "d": "\u0323",
    "b": "\u0331",
}
_COMMAND = re.compile(r"\\([A-Za-z]+|.)", re.S)
_ARGUMENT_OF = re.compile(r"\\[A-Za-z]+\s*\Z")
"""Text ending in a control word: a group right after it is that command's argument."""


def decode_escapes(text: str) -> str:
    r"""LaTeX character escapes to Unicode; everything else (braces, `\&`, `\emph`, `--`, `~`)
    stays as written. A brace group that only held one escaped character loses its braces."""
    out: list[str] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == "\\":
            decoded, end = _command(text, i)
            out.append(text[i:end] if decoded is None else decoded)
            i = end
        elif ch == "{" and text.startswith("\\", i + 1):
            close = matching_brace(text, i)
            if close is not None and not _ARGUMENT_OF.search(text, max(0, i - 80), i):  # `\emph{\'e}` keeps its braces
                inner = decode_escapes(text[i + 1 : close])
                if _one_character(inner):
                    out.append(inner)
                    i = close + 1
                    continue
            out.append(ch)
            i += 1
        else:
            out.append(ch)
            i += 1
    return "".join(out)


def _one_character(text: str) -> bool:
    return bool(text) and text[0] not in "\\{} \t\n" and all(unicodedata.combining(c) for c in text[1:])


def brace_walk(text: str, start: int) -> Iterator[tuple[int, str, int]]:
    r"""(index, character, brace depth after it) of every character of `text` from `start`; an
    escape (a backslash and the character after it) is skipped, so `\{` never opens a group.
    The one brace scanner: where an entry ends (load/bibtex.py) and where a value ends (`scan`)."""
    depth = 0
    i = start
    end = len(text)
    while i < end:
        ch = text[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
        yield i, ch, depth
        i += 1


def scan(text: str, start: int, stop: str) -> int | None:
    """Index of the first `stop` character at brace depth 0 from `start`, skipping escapes."""
    for i, ch, depth in brace_walk(text, start):
        if ch == stop and depth == 0:
            return i
    return None


def matching_brace(text: str, start: int) -> int | None:
    """The `}` closing the `{` at `start`."""
    return scan(text, start, "}")


def skip_spaces(text: str, i: int) -> int:
    """The index of the first character at or after `i` that is not white space."""
    while i < len(text) and text[i] in " \t\n":
        i += 1
    return i


def _command(text: str, start: int) -> tuple[str | None, int]:
    """Decode the command at `start`: (the character, end) or (None, end of the command)."""
    match = _COMMAND.match(text, start)
    if match is None:  # a lone backslash at the end
        return None, len(text)
    name = match.group(1)
    end = match.end()
    after = skip_spaces(text, end) if name.isalpha() else end
    if name == "cyrchar":  # `\cyrchar\CYRA`, `\cyrchar{\'\CYRG}`: a prefix that selects the font
        if text.startswith("\\", after):
            decoded, stop = _command(text, after)
        elif text.startswith("{", after):
            close = matching_brace(text, after)
            decoded = decode_escapes(text[after + 1 : close]) if close is not None else None
            stop = close + 1 if close is not None else after
        else:
            decoded, stop = None, after
        return (decoded, stop) if decoded is not None and _one_character(decoded) else (None, end)
    if name in ACCENTS and (len(name) == 1):
        return _accent(text, name, end)
    decoded = CYRILLIC.get(name) or TEXT_SYMBOLS.get(name)
    if decoded is None and name.isalpha():
        decoded = _latexcodec_symbol(name)
    if decoded is None:
        return None, end
    if text.startswith("{}", after):  # `\ss{}`, `\o{}`: the empty group only ends the name
        after += 2
    return decoded, after


def _accent(text: str, name: str, end: int) -> tuple[str | None, int]:
    pos = skip_spaces(text, end)
    if pos >= len(text):
        return None, end
    if text[pos] == "{":
        close = matching_brace(text, pos)
        if close is None:
            return None, end
        base, stop = decode_escapes(text[pos + 1 : close]), close + 1
    elif text[pos] == "\\":
        decoded, stop = _command(text, pos)
        if decoded is None:
            return None, end
        base = decoded
    elif text[pos] in "{}%&$#_^~ \t\n":
        return None, end
    else:
        base, stop = text[pos], pos + 1
    base = {"ı": "i", "ȷ": "j"}.get(base, base)
    if len(base) != 1 or not base.isalpha():
        return None, stop  # keep the accent and its argument as written (`\'{}`, `\"\"e`)
    return unicodedata.normalize("NFC", base + ACCENTS[name]), stop


def _latexcodec_symbol(name: str) -> str | None:
    r"""`\ss` -> ß, `\o` -> ø … through latexcodec; only printable non-ASCII results count."""
    try:
        decoded = codecs.decode(f"\\{name}", "ulatex")  # type: ignore[call-overload]
    except (ValueError, UnicodeError):
        return None
    decoded = decoded.strip()
    if not decoded or any(ord(c) < 128 or not c.isprintable() or c.isspace() for c in decoded):
        return None
    return str(decoded)
