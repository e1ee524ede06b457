"""The strict YAML loader: exact messages for every kind of bad input."""

from __future__ import annotations

import pytest

from briefgen.load.yamlread import load_yaml


def problems(raw: bytes) -> list[str]:
    doc, found = load_yaml(raw, "content/x.yml")
    assert (doc is None) == bool(found)
    return [str(p) for p in found]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (b"a: 1\nb:\n  c: x\n  c: y\n", "content/x.yml:4: b.c: duplicate key 'c' (first at line 3; keep one)"),
        (b"a: no\n", "content/x.yml:1: a: 'no' is ambiguous (write true or false, or quote it as text: \"no\")"),
        (b"a: On\n", "content/x.yml:1: a: 'On' is ambiguous (write true or false, or quote it as text: \"On\")"),
        (b"version: 1.10\n", "content/x.yml:1: version: '1.10' would be read as a number (quote it: \"1.10\")"),
        (b"code: 010\n", "content/x.yml:1: code: '010' would be read as a number (quote it: \"010\")"),
        (b"t: 1:30\n", "content/x.yml:1: t: '1:30' would be read as a number (quote it: \"1:30\")"),
        (b"date: 2024-06-19\n", 'content/x.yml:1: date: unquoted date 2024-06-19 (quote it: "2024-06-19")'),
        (
            b"a: &x [1]\nb: *x\n",
            "content/x.yml:1: (syntax): YAML anchor '&x' is not allowed (write the value out in full)",
        ),
        (
            b"a:\n\tb: 1\n",
            "content/x.yml:2: (syntax): tab character in indentation or value (indent with spaces; quote values that contain tabs)",
        ),
        (b"a: caf\xe9\n", "content/x.yml:1: (file): file is not UTF-8: byte 0xE9 at column 7 (save the file as UTF-8)"),
        (b"\xff\xfea\x00", "content/x.yml:1: (file): file is UTF-16 (save it as UTF-8)"),
        (
            b"a: !!python/object/apply:os.system [ls]\n",
            "content/x.yml:1: a: YAML tag '!!python/object/apply:os.system' is not allowed (remove it)",
        ),
        (b"a: !!str 1.1\n", "content/x.yml:1: a: YAML tag '!!str' is not allowed (remove it)"),
        (
            b"title: Foo: a study\n",
            "content/x.yml:1: (syntax): ': ' inside an unquoted value (put the value in double quotes)",
        ),
        (
            b"a: 1\n---\nb: 2\n",
            "content/x.yml:2: (syntax): more than one YAML document ('---') in the file (keep one document per file)",
        ),
        (b"# only a comment\n", "content/x.yml:1: (top level): file is empty (add the fields this file kind needs)"),
        (b"1: one\n", "content/x.yml:1: (top level): key '1' is not text (keys must be field names such as 'title')"),
        (b"a: x\x00\n", "content/x.yml:1: (file): file contains a NUL byte (remove it; is this a binary file?)"),
        (b"<<: {a: 1}\n", "content/x.yml:1: (top level): YAML merge keys '<<' are not allowed (write the fields out)"),
    ],
)
def test_bad_input_gives_one_exact_line(raw: bytes, expected: str) -> None:
    assert problems(raw) == [expected]


def test_alias_bomb_is_refused_fast() -> None:
    """The classic billion-laughs document is refused at its first anchor, without expanding."""
    levels = ['a: &a ["x","x","x","x","x","x","x","x","x"]']
    for i in range(1, 9):
        prev, cur = chr(ord("a") + i - 1), chr(ord("a") + i)
        levels.append(f"{cur}: &{cur} [" + ",".join([f"*{prev}"] * 9) + "]")
    assert problems("\n".join(levels).encode()) == [
        "content/x.yml:1: (syntax): YAML anchor '&a' is not allowed (write the value out in full)"
    ]


def test_deep_nesting_is_an_error_not_a_crash() -> None:
    found = problems(b"a: " + b"[" * 100 + b"]" * 100 + b"\n")
    assert len(found) == 1
    assert found[0].endswith("nesting is too deep (at most 40 levels)")


def test_values_keep_types_and_lines() -> None:
    doc, found = load_yaml(
        b"\xef\xbb\xbftitle: \"1.10\"\r\nrank: 2\r\nflag: true\r\ntext: |\r\n  one\r\n  two\r\nitems:\r\n  - x\r\n  - 'no'\r\n",
        "content/x.yml",
    )
    assert found == []
    assert doc is not None
    assert doc.data == {"title": "1.10", "rank": 2, "flag": True, "text": "one\ntwo\n", "items": ["x", "no"]}
    assert doc.line(("items", 1)) == 9
    assert doc.text_line(("text",), 1) == 6  # block scalar: second line of text is on line 6
