"""Property tests: whatever the input, the loader, the linters and the citation parser answer
with located error lines or a valid result, never a traceback; plain text stays plain text."""

from __future__ import annotations

import html
import re

import markdown
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from briefgen.bib import parse_bibliography
from briefgen.biblint import lint_entries
from briefgen.citations import find_citations, parse_group
from briefgen.context import lint_text
from briefgen.csl import CiteGroup, CiteItem
from briefgen.pages import esc
from briefgen.xref import Target, XrefIndex
from briefgen.yamlload import load_yaml

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
