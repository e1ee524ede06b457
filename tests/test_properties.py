"""Property tests: whatever the input, the loader, the linters and the citation parser answer
with located error lines or a valid result, never a traceback; plain text stays plain text."""

from __future__ import annotations

import html
import posixpath
import re
import shutil
import tempfile
import unicodedata
from pathlib import Path

import markdown
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st
from pydantic_core import PydanticCustomError

from briefgen.base import pathrules
from briefgen.base.errors import did_you_mean
from briefgen.check import released
from briefgen.check.biblint import lint_entries
from briefgen.check.textlint import lint_text
from briefgen.cite.syntax import CiteGroup, CiteItem, find_citations, parse_group
from briefgen.index.xref import Target, XrefIndex
from briefgen.load.bibtex import parse_bibliography
from briefgen.load.yamlread import load_yaml
from briefgen.model.fields import _check_id
from briefgen.publish import writer
from briefgen.render.markup import esc

SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
PROBLEM_LINE = re.compile(r"content/x\.yml:\d+: [^\n]+: [^\n]+\Z")

# Pieces that exercise every corner of YAML: indicators, quoting, escapes, anchors, tags,
# directives, document markers, typed-looking scalars, odd whitespace and encodings.
YAML_PIECES = [
    *"abc:-\n\t '\"[]{}&*!|>#%@`,?~0123.\\",
    "yes", "no", "On", "1.10", "010", "1:30", "0x1f", ".inf", "2024-06-19", "~", "null", "true",
    "---", "...", "<<", "!!str ", "!!python/object/apply:os.system ", "!x ", "%YAML 1.1\n", "%TAG ! tag:x,2000:\n",
    "? ", "- ", ": ", "&a ", "*a", "\\x07", "\\u2028", "\\0", "\r\n", "\r", "\x85", "\u2028", "\u200b", "\ufeff",
    "\x07", "é", "Иван", "\ue000",
]  # fmt: skip
yaml_text = st.lists(st.sampled_from(YAML_PIECES), max_size=40).map("".join)


def _check_loaded(raw: bytes) -> None:
    doc, problems = load_yaml(raw, "content/x.yml")
    if doc is None:
        assert problems
        for problem in problems:
            assert PROBLEM_LINE.match(str(problem)), str(problem)
            assert problem.line >= 1
    else:
        assert problems == []
        _assert_plain(doc.data)


def _assert_plain(value: object) -> None:
    """Only text, whole numbers, true/false, nothing, lists and mappings with text keys."""
    if isinstance(value, dict):
        for key, item in value.items():
            assert isinstance(key, str)
            _assert_plain(item)
    elif isinstance(value, list):
        for item in value:
            _assert_plain(item)
    else:
        assert value is None or isinstance(value, str | int | bool), repr(value)


@SETTINGS
@given(st.binary(max_size=200))
@example(b"a: 1\nb: x\x07y\n")  # a control character: the reader error had no line and two lines of text
@example(b"\xff\xfe" + "a: 1".encode("utf-16-le"))
@example(b"a: " + b"[" * 50 + b"]" * 50)
def test_loader_on_any_bytes(raw: bytes) -> None:
    _check_loaded(raw)


@SETTINGS
@given(yaml_text)
@example('"a\\nb": 1\n"a\\nb": 2\n')  # a duplicate key with a line break in it: still one line per problem
@example("a: 1\n...\nb: 2\n")
def test_loader_on_yaml_like_text(text: str) -> None:
    _check_loaded(text.encode("utf-8"))


# --- citations ---------------------------------------------------------------------------------

CITE_PIECES = [*"[]@;,.:- \n`~\\ab1p(){}<>", "```\n", "    ", "-@", "see ", "p. 5", "\u200b", "é", "@key", "[@"]
cite_text = st.lists(st.sampled_from(CITE_PIECES), max_size=40).map("".join)


@SETTINGS
@given(st.one_of(cite_text, st.text(max_size=80)))
@example("[see `x` @k, p. 5] and [@k p. 5]")  # raw text once showed the code span blanked out
def test_citation_finder_never_raises(text: str) -> None:
    malformed: list[tuple[int, str]] = []
    found = list(find_citations(text, malformed=malformed))
    lines = text.split("\n")
    for citation in found:
        assert citation.raw in lines[citation.line]
        assert parse_group(citation.raw[1:-1]) is not None or "`" in citation.raw
    for line, raw in malformed:
        assert raw in lines[line]
    parse_group(text)


# Valid groups as briefgen writes them: keys biblint accepts and pandoc can cite; prefixes and
# locators without brackets, ';', '@', backticks or line breaks, and no outer spaces.
KEY = st.from_regex(r"\A[A-Za-z0-9_][A-Za-z0-9_-]{0,20}\Z")
AFFIX = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"], exclude_characters="[]\n;@`"), max_size=15
).map(str.strip)
GROUP = st.lists(st.builds(CiteItem, key=KEY, locator=AFFIX, prefix=AFFIX), min_size=1, max_size=4).map(
    lambda items: CiteGroup(tuple(items))
)


@SETTINGS
@given(GROUP)
@example(CiteGroup((CiteItem("a", "p. 5", "see"), CiteItem("b-2", "pp. 28–46"))))
def test_citation_round_trips(group: CiteGroup) -> None:
    assert parse_group(group.markdown()[1:-1]) == group
    found = list(find_citations(f"Text {group.markdown()} more."))
    assert [c.group for c in found] == [group]


# --- the text-field linter and the bibliography parser -------------------------------------------

XREF = XrefIndex()
XREF.register(Target("claim", "ice-risk", "brief/a/b.md", "ice-risk", "§1.1", "content/article.yml", 1))
MD_PIECES = [
    *"[]()<>{}#:*_`!\n -=.&;", "](", "](claim:", "javascript:", "https://x.org", "{:", "<script>", "&#106;",
    "@k", "[@", "--8<--", "\t", "1. ", "> ", "\u200b",
]  # fmt: skip


@SETTINGS
@given(st.one_of(st.lists(st.sampled_from(MD_PIECES), max_size=40).map("".join), st.text(max_size=80)))
def test_text_linter_never_raises(text: str) -> None:
    for offset, message in lint_text(text, XREF):
        assert 0 <= offset <= text.count("\n")
        assert message.endswith(")")


BIB_PIECES = [
    *"ab,=\n {}()\"#@%\\", "@misc{", "@article(", "@string{", "@comment{", "@preamble{", "title", "author",
    " and ", "url", "doi", "{\\\"u}", "\\emph{", "\u200b", "é", "$", "~", "--", "\\\\", "x = ", "year = {2020}",
    "\r\n", "\t", "\x07",
]  # fmt: skip


@SETTINGS
@given(st.lists(st.sampled_from(BIB_PIECES), max_size=30).map("".join))
def test_bibliography_parser_never_raises(text: str) -> None:
    bibliography, problems = parse_bibliography(text.encode("utf-8"), "refs.bib")
    for problem in problems + lint_entries(bibliography):
        assert re.match(r"refs\.bib:\d+: [^\n]+: [^\n]+\Z", str(problem)), str(problem)


# --- plain text through Python-Markdown -----------------------------------------------------------

# One line of printable text, no leading or trailing spaces (reliability.md §2.2).
PLAIN = (
    st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Zl", "Zp")), min_size=1)
    .map(str.strip)
    .filter(bool)
)


def _rendered_text(text: str, prefix: str = "") -> str:
    """`esc(text)` rendered by Python-Markdown; asserts one <p> with no element inside and
    returns its text, entities decoded."""
    out = markdown.markdown(prefix + esc(text)).strip()
    assert out.startswith("<p>"), out
    assert out.endswith("</p>"), out
    inner = out[len("<p>") : -len("</p>")]
    assert "<" not in inner, out  # no element was created
    return html.unescape(inner)


def _same(a: str, b: str) -> bool:
    return a.split() == b.split()  # Markdown may turn a tab into spaces


@SETTINGS
@given(PLAIN)
@example("a | b # c * d _ e [f] <Group A> <b> \\ `g` &amp; @h {i} ~j~ $k$ ^l^ !m =n")
@example("x\\")
def test_escaped_text_renders_as_itself_inside_a_line(text: str) -> None:
    """How pages.py uses esc(): after a heading marker, `**`, `[` or other text on the line."""
    assert _same(_rendered_text(text, prefix="Title: "), "Title: " + text)


@SETTINGS
@given(PLAIN)
@example("1. x")
@example("- x")
@example("---")
def test_escaped_text_renders_as_itself_at_block_start(text: str) -> None:
    """The §2.2 invariant on its own: markdown(esc(t)) is exactly one paragraph holding t."""
    assert _same(_rendered_text(text), text)


# --- values that become paths ------------------------------------------------------------------------

PATH_PIECES = [
    *"ab9-_./\\:~ %", "..", "../", "/", "//", "%2e", "%2f", "\x00", "é", "е", "CON", "a.md", "x.html", "#", "#id",
    "\u200b", "\u202e", " ", "\t", "\n",
]  # fmt: skip
path_value = st.lists(st.sampled_from(PATH_PIECES), max_size=12).map("".join)


def _inside(root: str, rel: str) -> bool:
    joined = posixpath.normpath(posixpath.join(root, rel))
    return joined.startswith(root + "/")


@SETTINGS
@given(path_value)
@example("..")
@example("a/../../x.md")
@example("/etc/x.html")
def test_every_accepted_path_value_stays_inside(value: str) -> None:
    """Whatever a pattern accepts names a file below its folder, read any way (as a path, a URL
    or a zip entry): no '..' segment, no absolute path, no backslash, no control character."""
    for pattern in (pathrules.ID, pathrules.VERSION, pathrules.PAGE_SOURCE, pathrules.SITE_PAGE, pathrules.SITE_FILE):
        if pattern.match(value):
            assert _inside("/root", value), (pattern.pattern, value)
            assert value.isascii() and value.isprintable() and "\\" not in value and "%" not in value
    if pathrules.VERSION.match(value):
        assert _inside("/site", f"v/{value}/index.html") and "/" not in value
        assert _inside("/site", f"brief/research-pack-{value}.zip")
    if pathrules.site_url_problem(value) is None:
        assert _inside("/site", value.partition("#")[0])
    if released.redirect_name_ok(value):
        assert _inside("/docs", value)
    if pathrules.stays_inside(value):
        assert _inside("/unpack", value)


@SETTINGS
@given(path_value)
def test_writer_never_writes_outside_its_root(value: str) -> None:
    root = Path(tempfile.mkdtemp())
    try:
        try:
            target = writer.write_under(root / "site", value, b"x")
        except (writer.UnsafePath, OSError, ValueError):
            target = None
        written = [p for p in Path(root).rglob("*") if p.is_file()]
        assert all(p.resolve().is_relative_to((root / "site").resolve()) for p in written), written
        if target is not None:
            assert target.read_bytes() == b"x"
    finally:
        shutil.rmtree(root)


# --- Unicode look-alikes in ids ------------------------------------------------------------------------

LOOKALIKES = {
    "a": "аɑａ", "c": "сｃ", "e": "еｅ", "i": "іｉ", "o": "оοｏ", "p": "рｐ", "s": "ѕｓ", "x": "хｘ", "y": "уｙ",
    "-": "‐‑–",
}  # fmt: skip
ASCII_ID = st.from_regex(r"\A[a-z][a-z0-9-]{1,20}[a-z0-9]\Z").filter(lambda v: any(ch in LOOKALIKES for ch in v))


@st.composite
def lookalike_id(draw: st.DrawFn) -> tuple[str, str]:
    """(an ASCII id, the same id with some characters swapped for look-alikes or with an invisible
    character or a combining accent added)."""
    original = draw(ASCII_ID)
    chars = list(original)
    positions = [i for i, ch in enumerate(chars) if ch in LOOKALIKES]
    for i in draw(st.lists(st.sampled_from(positions), min_size=1, max_size=3)):
        chars[i] = draw(st.sampled_from(LOOKALIKES[original[i]]))
    # Look-alikes inside a Latin id (an id of only look-alikes may as well be a Cyrillic word).
    assume(any(ch.isascii() and ch.isalpha() for ch in chars) or sum(not ch.isascii() for ch in chars) == 1)
    if draw(st.booleans()):
        chars.insert(draw(st.integers(1, len(chars) - 1)), draw(st.sampled_from(["\u200b", "\u00ad", "\u200d"])))
    return original, "".join(chars)


@SETTINGS
@given(lookalike_id())
@example(("treaty", "trеaty"))
def test_lookalike_in_an_id_is_named_and_the_suggestion_is_the_ascii_id(pair: tuple[str, str]) -> None:
    original, typed = pair
    try:
        _check_id(typed)
    except PydanticCustomError as exc:
        message = str(exc)
    else:
        raise AssertionError(f"{typed!r} was accepted")
    for ch in typed:
        if not ch.isascii():
            assert f"U+{ord(ch):04X} {unicodedata.name(ch)}" in message, (typed, message)
    assert message.endswith(f"write '{original}')"), message
    # Where the look-alike id is used as a reference, the did-you-mean finds the real one.
    assert did_you_mean(typed, [original, "other-id", f"{original}-2"]).endswith(f"did you mean '{original}'?")
