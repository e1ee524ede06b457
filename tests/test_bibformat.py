"""`briefgen bib format` and `briefgen bib import`: canonical form, round trip, LaTeX decoding,
comments kept, key clashes reported."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefgen.base.project import Project
from briefgen.check.biblint import lint_entries
from briefgen.cli.main import main
from briefgen.load.bibformat import FormatResult, format_bibliography
from briefgen.load.bibimport import import_bibliography
from briefgen.load.bibtex import BibEntry, parse_bibliography
from briefgen.load.latex import decode_escapes

REPO = Path(__file__).resolve().parents[1]


def fmt(text: str) -> FormatResult:
    return format_bibliography(text.encode("utf-8"), "bibliography.bib")


def entries(text: str) -> dict[str, BibEntry]:
    bib, problems = parse_bibliography(text.encode("utf-8"), "bibliography.bib")
    assert problems == []
    return bib.entries


def dashes(value: str) -> str:
    return re.sub(r"\s*(--|-|–)\s*", "–", value)


def assert_same_meaning(before: str, after: str) -> None:
    """Every field of every entry reads the same before and after (as the build decodes it)."""
    old, new = entries(before), entries(after)
    assert list(new) == list(old)
    for key, entry in old.items():
        other = new[key]
        assert other.type == entry.type
        assert set(other.fields) == set(entry.fields), key
        for name, value in entry.fields.items():
            if name == "pages":
                assert dashes(other.fields[name]) == dashes(value), (key, name)
            else:
                assert other.fields[name] == value, (key, name)
        assert other.persons == entry.persons, key


# --- LaTeX escapes -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("latex", "unicode"),
    [
        (r"Caf\'e", "Café"),
        (r"{\"U}ber G\"odel", "Über Gödel"),
        (r"\v{S}koda \u{a} \H{o} \k{a} \r{a} \c c \~n \^o \`a \=a \.z", "Škoda ă ő ą å ç ñ ô à ā ż"),
        (r"{\'\i} \"{\i}", "í ï"),
        (r"Stra\ss e, \o{}rsted, \aa, \L{}\'od\'z", "Straße, ørsted, å, Łódź"),
        (r"Russia{\textquoteright}s \textendash{} \textquotedblleft x\textquotedblright", "Russia’s – “x”"),
        (r"{\cyrchar\CYRI}{\cyrchar\cyrv}{\cyrchar\cyra}{\cyrchar\cyrn}{\cyrchar\cyro}{\cyrchar\cyrv}", "Иванов"),
        (r"\cyrchar\CYRYO\cyrchar\cyrzh \cyrchar{\'\CYRK} \cyrchar\textnumero 5", "ЁжЌ №5"),
        # what LaTeX or BibTeX needs, and what is not a character, stays
        (r"50\% \& \$ \_ \#", r"50\% \& \$ \_ \#"),
        (r"{DNA} {{North Korea}} pp.~5--7 ---", r"{DNA} {{North Korea}} pp.~5--7 ---"),
        (r"\emph{big} {\em x} $\alpha$ a\\b \textbackslash", r"\emph{big} {\em x} $\alpha$ a\\b \textbackslash"),
        (r"\textit{\"u} {\'Ecole}", r"\textit{ü} {École}"),
    ],
)
def test_decode_escapes(latex: str, unicode: str) -> None:
    assert decode_escapes(latex) == unicode


def test_decode_escapes_knows_the_whole_russian_alphabet() -> None:
    names = [
        "A",
        "B",
        "V",
        "G",
        "D",
        "E",
        "YO",
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
    ]
    upper = "".join(f"{{\\cyrchar\\CYR{n}}}" for n in names)
    lower = "".join(f"{{\\cyrchar\\cyr{n.lower()}}}" for n in names)
    assert decode_escapes(upper) == "АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ"
    assert decode_escapes(lower) == "абвгдеёжзийклмнопрстуфхцчшщъыьэюя"
    assert (
        decode_escapes(r"{\cyrchar\CYRII}{\cyrchar\cyryi}{\cyrchar\CYRIE}{\cyrchar\cyrgup}{\cyrchar\CYRUSHRT}")
        == "ІїЄґЎ"
    )


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from([*"aé Я{}\\\"'`~^=.uvcsoi-%&$_", "\\cyrchar", "\\CYRA", "\\ss", "\\emph"]), max_size=30
    ).map("".join)
)
def test_decode_escapes_is_idempotent(text: str) -> None:
    once = decode_escapes(text)
    assert decode_escapes(once) == once


# --- canonical form ----------------------------------------------------------------------------

MESSY = r"""% Sources for part 1<3 trailing spaces>
% (checked in March)


@Article{smith-2020,
  Title = "The {DNA} of Caf\'e {\"U}ber",
  year = 2020,
  pages = {28 - 46},
  Author = {M{\"u}ller, J{\"o}rg and Smith, John},
  url = {https://example.org/~user/a%20b--c},
  month = dec,
  journal = {Journal of Things \& Stuff},
  verification = {verified},
  abstract = {A value
      over two lines},
  langid = {english},
}
% this comment belongs to the entry below
@BOOK(ivanov-2019, title={{\cyrchar\CYRI}{\cyrchar\cyrs}{\cyrchar\cyrt}{\cyrchar\cyro}{\cyrchar\cyrr}{\cyrchar\cyri}{\cyrchar\cyrya}}, author = {{\cyrchar\CYRI}{\cyrchar\cyrv}{\cyrchar\cyra}{\cyrchar\cyrn}{\cyrchar\cyro}{\cyrchar\cyrv}, {\cyrchar\CYRI}. and {Ministry of Foreign Affairs}}, year={2019}, publisher={Nauka}, verification={unverified})
@comment{jabref-meta: databaseType:biblatex;}



Free text between entries is kept too.
@misc{note-only,
  title = {Untitled},
  verification = {unverified}
}""".replace("<3 trailing spaces>", "   ")

CANONICAL = r"""% Sources for part 1
% (checked in March)

@article{smith-2020,
  author = {Müller, Jörg and Smith, John},
  title = {The {DNA} of Café Über},
  journal = {Journal of Things \& Stuff},
  year = {2020},
  pages = {28--46},
  url = {https://example.org/~user/a%20b--c},
  langid = {english},
  abstract = {A value over two lines},
  month = dec,
  verification = {verified},
}
% this comment belongs to the entry below
@book{ivanov-2019,
  author = {Иванов, И. and {Ministry of Foreign Affairs}},
  title = {История},
  publisher = {Nauka},
  year = {2019},
  verification = {unverified},
}

@comment{jabref-meta: databaseType:biblatex;}

Free text between entries is kept too.
@misc{note-only,
  title = {Untitled},
  verification = {unverified},
}
"""


def test_format_writes_the_canonical_form() -> None:
    result = fmt(MESSY)
    assert result.problems == []
    assert result.text == CANONICAL
    assert [(c.line, c.key, c.reasons) for c in result.changes] == [
        (5, "smith-2020", ["field order", "values rewritten in title, pages, author"]),
        (19, "ivanov-2019", ["field order", "values rewritten in title, author"]),
        (25, "note-only", ["layout (indentation, spacing, delimiters or commas)"]),
        (0, "(layout)", ["blank lines, comments' spacing or the end of the file"]),
    ]


def test_format_twice_changes_nothing() -> None:
    once = fmt(MESSY).text
    again = fmt(once)
    assert again.text == once
    assert again.changes == []


def test_format_loses_no_field() -> None:
    after = fmt(MESSY).text
    old, new = entries(MESSY), entries(after)
    assert {k: set(e.fields) | set(e.persons) for k, e in old.items()} == {
        k: set(e.fields) | set(e.persons) for k, e in new.items()
    }
    # the entry without \cyrchar reads exactly the same; \cyrchar becomes what it spells
    smith_before = {k: v for k, v in old["smith-2020"].fields.items() if k != "pages"}
    smith_after = {k: v for k, v in new["smith-2020"].fields.items() if k != "pages"}
    assert smith_after == smith_before
    assert new["smith-2020"].fields["pages"] == "28–46"
    assert new["smith-2020"].persons == old["smith-2020"].persons
    assert new["ivanov-2019"].fields["title"] == "История"
    assert [(n.family, n.given, n.literal) for n in new["ivanov-2019"].persons["author"]] == [
        ("Иванов", "И.", False),
        ("Ministry of Foreign Affairs", "", True),
    ]


def test_format_keeps_the_repository_bibliography_meaning() -> None:
    text = (REPO / "bibliography.bib").read_text(encoding="utf-8")
    result = fmt(text)
    assert result.problems == []
    assert result.kept == []
    assert_same_meaning(text, result.text)
    assert fmt(result.text).text == result.text


def test_field_order() -> None:
    text = """@misc{k,
  verificationnote = {n},
  zeta = {z},
  verification = {partial},
  note = {x},
  abstract = {a},
  nameorder = {family-first},
  langid = {chinese},
  isbn = {1},
  doi = {10.1000/x},
  urldate = {2024-01-01},
  url = {https://example.org},
  pages = {1--2},
  number = {3},
  volume = {4},
  year = {2020},
  date = {2020-01-01},
  location = {Moscow},
  publisher = {P},
  institution = {I},
  organization = {O},
  booktitle = {B},
  journal = {J},
  journaltitle = {JT},
  origtitle = {OT},
  translatedtitle = {TT},
  title = {T},
  translator = {Tr, A.},
  editor = {Ed, A.},
  author = {Au, A.},
}"""
    names = re.findall(r"^  (\w+) =", fmt(text).text, re.M)
    assert names == [
        "author",
        "editor",
        "translator",
        "title",
        "translatedtitle",
        "origtitle",
        "journaltitle",
        "journal",
        "booktitle",
        "organization",
        "institution",
        "publisher",
        "location",
        "date",
        "year",
        "volume",
        "number",
        "pages",
        "url",
        "urldate",
        "doi",
        "isbn",
        "langid",
        "nameorder",
        "note",
        "abstract",
        "zeta",
        "verification",
        "verificationnote",
    ]


def test_page_ranges_use_two_hyphens() -> None:
    text = "@article{a,\n  pages = {28 – 46, 50-51, xii--xiv},\n}\n@article{b,\n  pages = {e1234-5a},\n}\n"
    out = fmt(text).text
    assert "pages = {28--46, 50--51, xii--xiv}," in out
    assert "pages = {e1234-5a}," in out  # not a page range we understand: as written


def test_comments_stay_in_place() -> None:
    text = "% top\n\n@misc{a,\n  title = {A},\n}\n% between, attached below\n@misc{b,\n  title = {B},\n}\n% after b\n\n\n% last\n"
    out = fmt(text).text
    assert out == (
        "% top\n\n@misc{a,\n  title = {A},\n}\n% between, attached below\n@misc{b,\n  title = {B},\n}\n"
        "% after b\n\n% last\n"
    )
    assert fmt(out).text == out


def test_url_and_doi_are_never_decoded() -> None:
    text = r"@online{a,  url = {https://example.org/~user/a%20b--c\_d}, doi = {10.1000/a--b~c},}"
    out = fmt(text).text
    assert r"url = {https://example.org/~user/a%20b--c\_d}," in out
    assert "doi = {10.1000/a--b~c}," in out


def test_value_whose_meaning_would_change_is_kept_as_written(monkeypatch: pytest.MonkeyPatch) -> None:
    # A build decoder that, like bib.decode_latex today, turns '' into ” only in a value that
    # also has a backslash: decoding G\"odel alone would change what the build reads from the
    # title, so the title stays as written; the note has no '' and is decoded.
    def build_decoder(value: str) -> str:
        if "\\" in value:
            value = value.replace('\\"o', "ö").replace("''", "”")
        return value.replace("{", "").replace("}", "")

    monkeypatch.setattr("briefgen.load.bibformat.decode_latex", build_decoder)
    text = "@misc{a,\n  title = {''Quoted'' G\\\"odel},\n  note = {G\\\"odel},\n}\n"
    out = fmt(text).text
    assert out == "@misc{a,\n  title = {''Quoted'' G\\\"odel},\n  note = {Gödel},\n}\n"
    assert_same_meaning(text, out)


def test_entry_that_cannot_be_read_field_by_field_is_kept() -> None:
    text = "@misc{a,\n  title = {T} # { and more},\n}\n"
    result = fmt(text)
    assert result.text == text
    assert [(k.line, k.key) for k in result.kept] == [(1, "a")]


def test_file_with_syntax_errors_is_not_formatted() -> None:
    text = "@misc{a,\n  title = {T},\n\n@misc{b,\n  title = {B},\n}\n"
    result = fmt(text)
    assert result.text == text
    assert [str(p) for p in result.problems] == [
        "bibliography.bib:1: (syntax): entry @misc is not closed: a '}' is missing (balance the braces)",
    ]


def test_byte_order_mark_and_crlf_are_removed() -> None:
    raw = b"\xef\xbb\xbf@misc{a,\r\n  title = {T},\r\n}\r\n"
    result = format_bibliography(raw, "bibliography.bib")
    assert result.text == "@misc{a,\n  title = {T},\n}\n"
    assert result.changes


# --- the command -------------------------------------------------------------------------------


def test_cli_check_lists_entries_and_writes_nothing(sample: Project, capsys: pytest.CaptureFixture[str]) -> None:
    bib = sample.bibliography
    bib.write_text(MESSY, encoding="utf-8")
    assert main(["-C", str(sample.root), "bib", "format", "--check"]) == 1
    err = capsys.readouterr().err
    assert err.splitlines() == [
        "bibliography.bib:5: smith-2020: would be reformatted: field order; values rewritten in title, pages, author "
        "(run `briefgen bib format`)",
        "bibliography.bib:19: ivanov-2019: would be reformatted: field order; values rewritten in title, author "
        "(run `briefgen bib format`)",
        "bibliography.bib:25: note-only: would be reformatted: layout (indentation, spacing, delimiters or commas) "
        "(run `briefgen bib format`)",
        "bibliography.bib:0: (layout): would be reformatted: blank lines, comments' spacing or the end of the file "
        "(run `briefgen bib format`)",
        "bibliography.bib is not formatted: 3 entries would change",
    ]
    assert bib.read_text(encoding="utf-8") == MESSY


def test_cli_format_then_check_passes(sample: Project, capsys: pytest.CaptureFixture[str]) -> None:
    bib = sample.bibliography
    bib.write_text(MESSY, encoding="utf-8")
    assert main(["-C", str(sample.root), "bib", "format"]) == 0
    assert capsys.readouterr().out == "formatted bibliography.bib: 3 entries changed\n"
    assert bib.read_text(encoding="utf-8") == CANONICAL
    mtime = bib.stat().st_mtime_ns
    assert main(["-C", str(sample.root), "bib", "format"]) == 0
    assert capsys.readouterr().out == "bibliography.bib is formatted\n"
    assert bib.stat().st_mtime_ns == mtime  # not rewritten
    assert main(["-C", str(sample.root), "bib", "format", "--check"]) == 0


def test_cli_refuses_a_broken_file(sample: Project, capsys: pytest.CaptureFixture[str]) -> None:
    sample.bibliography.write_text("@misc{a,\n  title = {T},\n", encoding="utf-8")
    assert main(["-C", str(sample.root), "bib", "format"]) == 1
    assert capsys.readouterr().err.splitlines() == [
        "bibliography.bib:1: (syntax): entry @misc is not closed: a '}' is missing (balance the braces)",
        "bibliography.bib was not formatted: fix the 1 error(s) above first (a file that does not parse could lose text)",
    ]
    assert sample.bibliography.read_text(encoding="utf-8") == "@misc{a,\n  title = {T},\n"


def test_new_brief_bibliography_is_formatted(sample: Project) -> None:
    assert main(["-C", str(sample.root), "bib", "format", "--check"]) == 0


# --- import ------------------------------------------------------------------------------------

# What Zotero's Better BibTeX writes with "export unicode as plain-text LaTeX commands" on.
BETTER_BIBTEX = r"""
@article{asmolovOtnosheniyaRossiiKNDR2020,
  title = {{\cyrchar\CYRO}{\cyrchar\cyrt}{\cyrchar\cyrn}{\cyrchar\cyro}{\cyrchar\cyrsh}{\cyrchar\cyre}{\cyrchar\cyrn}{\cyrchar\cyri}{\cyrchar\cyrya} {\cyrchar\CYRR}{\cyrchar\cyro}{\cyrchar\cyrs}{\cyrchar\cyrs}{\cyrchar\cyri}{\cyrchar\cyri} {\cyrchar\cyrs} {{\cyrchar\CYRK}{\cyrchar\CYRN}{\cyrchar\CYRD}{\cyrchar\CYRR}} {\cyrchar\cyrv} {XXI} {\cyrchar\cyrv}{\cyrchar\cyre}{\cyrchar\cyrk}{\cyrchar\cyre}: {\cyrchar\cyri}{\cyrchar\cyrt}{\cyrchar\cyro}{\cyrchar\cyrg}{\cyrchar\cyri} {\cyrchar\cyrd}{\cyrchar\cyrv}{\cyrchar\cyra}{\cyrchar\cyrd}{\cyrchar\cyrc}{\cyrchar\cyra}{\cyrchar\cyrt}{\cyrchar\cyri}{\cyrchar\cyrl}{\cyrchar\cyre}{\cyrchar\cyrt}{\cyrchar\cyri}{\cyrchar\cyrya}},
  author = {{\cyrchar\CYRA}{\cyrchar\cyrs}{\cyrchar\cyrm}{\cyrchar\cyro}{\cyrchar\cyrl}{\cyrchar\cyro}{\cyrchar\cyrv}, {\cyrchar\CYRK}. {\cyrchar\CYRV}. and {\cyrchar\CYRZ}{\cyrchar\cyra}{\cyrchar\cyrh}{\cyrchar\cyra}{\cyrchar\cyrr}{\cyrchar\cyro}{\cyrchar\cyrv}{\cyrchar\cyra}, {\cyrchar\CYRL}. {\cyrchar\CYRV}.},
  year = {2020},
  month = dec,
  journal = {{\cyrchar\CYRV}{\cyrchar\cyre}{\cyrchar\cyrs}{\cyrchar\cyrt}{\cyrchar\cyrn}{\cyrchar\cyri}{\cyrchar\cyrk} {\cyrchar\CYRR}{\cyrchar\CYRU}{\cyrchar\CYRD}{\cyrchar\CYRN}. {\cyrchar\CYRM}{\cyrchar\cyre}{\cyrchar\cyrzh}{\cyrchar\cyrd}{\cyrchar\cyru}{\cyrchar\cyrn}{\cyrchar\cyra}{\cyrchar\cyrr}{\cyrchar\cyro}{\cyrchar\cyrd}{\cyrchar\cyrn}{\cyrchar\cyrery}{\cyrchar\cyre} {\cyrchar\cyro}{\cyrchar\cyrt}{\cyrchar\cyrn}{\cyrchar\cyro}{\cyrchar\cyrsh}{\cyrchar\cyre}{\cyrchar\cyrn}{\cyrchar\cyri}{\cyrchar\cyrya}},
  volume = {20},
  number = {4},
  pages = {585--604},
  issn = {2313-0660},
  doi = {10.22363/2313-0660-2020-20-4-585-604},
  urldate = {2024-12-10},
  langid = {russian},
  keywords = {{\cyrchar\CYRK}{\cyrchar\CYRN}{\cyrchar\CYRD}{\cyrchar\CYRR},{\cyrchar\CYRR}{\cyrchar\cyro}{\cyrchar\cyrs}{\cyrchar\cyrs}{\cyrchar\cyri}{\cyrchar\cyrya}},
  file = {Zotero/storage/8JQ2ZK4N/Asmolov - 2020.pdf:application/pdf}
}

@online{mccurryChinaUnnervedRussia2024,
  title = {China Unnerved by Russia{\textquoteright}s Growing Ties to {{North Korea}}, Claims {{US}} Official},
  author = {McCurry, Justin},
  date = {2024-11-24},
  journaltitle = {The Guardian},
  url = {https://www.theguardian.com/world/2024/nov/24/china-unnerved-russia-growing-ties-north-korea-claims-us-official},
  urldate = {2024-12-12},
  langid = {english}
}

@book{moonSunshinePolicyDefense2012,
  title = {The Sunshine Policy: In Defense of Engagement as a Path to Peace in {{Korea}}},
  author = {Moon, Chung-in},
  year = {2012},
  publisher = {Yonsei University Press},
  location = {Seoul},
  note = {Reviewed by K{\"o}rber-Stiftung \textendash{} see p.~12},
  verification = {partial}
}
"""

IMPORTED = r"""@article{asmolovOtnosheniyaRossiiKNDR2020,
  author = {Асмолов, К. В. and Захарова, Л. В.},
  title = {Отношения России с {КНДР} в {XXI} веке: итоги двадцатилетия},
  journal = {Вестник РУДН. Международные отношения},
  year = {2020},
  volume = {20},
  number = {4},
  pages = {585--604},
  urldate = {2024-12-10},
  doi = {10.22363/2313-0660-2020-20-4-585-604},
  langid = {russian},
  issn = {2313-0660},
  keywords = {КНДР,Россия},
  month = dec,
  verification = {unverified},
}

@online{mccurryChinaUnnervedRussia2024,
  author = {McCurry, Justin},
  title = {China Unnerved by Russia’s Growing Ties to {{North Korea}}, Claims {{US}} Official},
  journaltitle = {The Guardian},
  date = {2024-11-24},
  url = {https://www.theguardian.com/world/2024/nov/24/china-unnerved-russia-growing-ties-north-korea-claims-us-official},
  urldate = {2024-12-12},
  langid = {english},
  verification = {unverified},
}

@book{moonSunshinePolicyDefense2012,
  author = {Moon, Chung-in},
  title = {The Sunshine Policy: In Defense of Engagement as a Path to Peace in {{Korea}}},
  publisher = {Yonsei University Press},
  location = {Seoul},
  year = {2012},
  note = {Reviewed by Körber-Stiftung – see p.~12},
  verification = {partial},
}
"""

TARGET = "% Our sources\n\n@misc{existing-2020,\n  title = {Existing},\n  verification = {verified},\n}\n"


def test_import_better_bibtex_export_decodes_cyrillic() -> None:
    result = import_bibliography(TARGET, "bibliography.bib", BETTER_BIBTEX.encode(), "export.bib")
    assert result.problems == []
    assert result.imported == [
        "asmolovOtnosheniyaRossiiKNDR2020",
        "mccurryChinaUnnervedRussia2024",
        "moonSunshinePolicyDefense2012",
    ]
    assert result.dropped == {"asmolovOtnosheniyaRossiiKNDR2020": ["file"]}
    assert result.text == TARGET + "\n" + IMPORTED
    merged = entries(result.text)
    article = merged["asmolovOtnosheniyaRossiiKNDR2020"]
    assert article.fields["title"] == "Отношения России с КНДР в XXI веке: итоги двадцатилетия"
    assert [(n.family, n.given) for n in article.persons["author"]] == [("Асмолов", "К. В."), ("Захарова", "Л. В.")]
    assert not any("\\" in v for e in merged.values() for v in e.fields.values())
    # appended in canonical form: formatting the merged file changes nothing
    assert fmt(result.text).text == result.text


def test_import_reports_key_clashes_and_imports_nothing(
    sample: Project, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sample.bibliography.write_text(TARGET, encoding="utf-8")
    export = tmp_path / "export.bib"
    export.write_text(BETTER_BIBTEX + "\n@misc{Existing-2020,\n  title = {Clash},\n}\n", encoding="utf-8")
    assert main(["-C", str(sample.root), "bib", "import", str(export)]) == 1
    assert capsys.readouterr().err.splitlines() == [
        f"{export.as_posix()}:39: Existing-2020: already in bibliography.bib at line 3 "
        f"(rename it in {export.as_posix()} or remove it)",
        "nothing was imported; bibliography.bib is unchanged",
    ]
    assert sample.bibliography.read_text(encoding="utf-8") == TARGET


def test_import_command_appends(sample: Project, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sample.bibliography.write_text(TARGET, encoding="utf-8")
    export = tmp_path / "export.bib"
    export.write_text(BETTER_BIBTEX, encoding="utf-8")
    assert main(["-C", str(sample.root), "bib", "import", str(export), "--dry-run"]) == 0
    assert sample.bibliography.read_text(encoding="utf-8") == TARGET
    capsys.readouterr()
    assert main(["-C", str(sample.root), "bib", "import", str(export)]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "asmolovOtnosheniyaRossiiKNDR2020: left out file (local attachment paths are not published)",
        "imported 3 entries into bibliography.bib: asmolovOtnosheniyaRossiiKNDR2020, "
        "mccurryChinaUnnervedRussia2024, moonSunshinePolicyDefense2012; run `briefgen bib check`, then verify them",
    ]
    assert sample.bibliography.read_text(encoding="utf-8") == TARGET + "\n" + IMPORTED
    # importing the same file again clashes on every key
    assert main(["-C", str(sample.root), "bib", "import", str(export)]) == 1
    assert len(capsys.readouterr().err.splitlines()) == 4


def test_import_refuses_an_export_with_errors() -> None:
    result = import_bibliography(TARGET, "bibliography.bib", b"@misc{a,\n  title = {T},\n", "export.bib")
    assert result.text == TARGET
    assert [str(p) for p in result.problems] == [
        "export.bib:1: (syntax): entry @misc is not closed: a '}' is missing (balance the braces)",
    ]


def test_import_into_an_empty_bibliography() -> None:
    result = import_bibliography("", "bibliography.bib", BETTER_BIBTEX.encode(), "export.bib")
    assert result.text == IMPORTED


# How Zotero's own BibTeX export, JabRef and others write an entry's language.
ZOTERO_EXPORT = r"""
@article{rudenko2024,
  title = {Поворот России на Восток: итоги и перспективы},
  author = {Иванов, Иван},
  year = {2024},
  journal = {Международная жизнь},
  language = {ru}
}

@book{jabref2020,
  title = {Eurasian Security},
  author = {Smith, John},
  year = {2020},
  publisher = {Example Press},
  language = {English}
}

@book{bbt2021,
  title = {Корейский вопрос},
  author = {Петров, Пётр},
  year = {2021},
  publisher = {Наука},
  langid = {Russian}
}

@misc{unlabelled2022,
  title = {Записка без языка},
  year = {2022}
}
"""


@pytest.mark.parametrize(
    ("spelling", "langid"),
    [
        ("ru", "russian"),
        ("rus", "russian"),
        ("ru-RU", "russian"),
        ("Russian", "russian"),
        ("русский", "russian"),
        ("en", "english"),
        ("en-GB", "british"),
        ("English", "english"),
        ("zh-CN", "chinese"),
        ("Chinese", "chinese"),
        ("ko", "korean"),
    ],
)
def test_language_spellings_map_to_biblatex_langid(spelling: str, langid: str) -> None:
    from briefgen.base.languages import langid_for

    assert langid_for(spelling) == langid


def test_import_maps_language_and_langid_spellings_to_langid(
    sample: Project, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A Zotero export's `language = {ru}` becomes `langid = {russian}`, so APA and Chicago do
    not title-case the Russian title as English; a Cyrillic title with no language is named,
    and `bib check` then asks for a langid."""
    sample.bibliography.write_text(TARGET, encoding="utf-8")
    export = tmp_path / "export.bib"
    export.write_text(ZOTERO_EXPORT, encoding="utf-8")
    assert main(["-C", str(sample.root), "bib", "import", str(export)]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "rudenko2024: language = {ru} -> langid = {russian}",
        "jabref2020: language = {English} -> langid = {english}",
        "bbt2021: langid = {Russian} -> langid = {russian}",
        "unlabelled2022: the title is in Cyrillic but no language is given: add langid = {russian} (or the "
        "language the work is in) before `briefgen bib check`",
        "imported 4 entries into bibliography.bib: rudenko2024, jabref2020, bbt2021, unlabelled2022; "
        "run `briefgen bib check`, then verify them",
    ]
    merged = entries(sample.bibliography.read_text(encoding="utf-8"))
    assert {k: e.fields.get("langid") for k, e in merged.items()} == {
        "existing-2020": None,
        "rudenko2024": "russian",
        "jabref2020": "english",
        "bbt2021": "russian",
        "unlabelled2022": None,
    }
    assert not any("language" in e.fields for e in merged.values())
    problems = [
        str(p) for p in lint_entries(parse_bibliography(sample.bibliography.read_bytes(), "bibliography.bib")[0])
    ]
    assert [p for p in problems if ".langid:" in p] == [
        "bibliography.bib:35: unlabelled2022.langid: the title is in Cyrillic but the entry has no langid, so APA and "
        "Chicago would title-case it as English (add langid = {russian}, or the language the work is in)"
    ]
