"""The paraphrase check (briefgen.check.paraphrase, scripts/check_paraphrase.py): runs of words the
brief's prose shares with a source, found on made-up sources so that the check itself is tested
wherever the tests run. The brief's real sources are not in the repository; running the check
against them is a step of writing a brief (README, "Writing a brief")."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from briefgen.base.project import Project
from briefgen.check.paraphrase import Prose, check_project, shared_runs, source_ngrams, words

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "check_paraphrase.py"
SOURCE = (
    "Вступление. Ледовая обстановка, а не расстояние, решает, окупится ли рейс; сезон короток. "
    "Indeed, the route SHORTENS voyages between East-Asia and northern Europe, by about a third!"
)


def runs(text: str, source: str = SOURCE, n: int = 8) -> list[tuple[int, str]]:
    prose = Prose("content/article.yml", 10, "articles[0].summary", text)
    return [(r.words, r.text) for r in shared_runs(prose, {"src.txt": source_ngrams(source, n)}, n)]


def test_words_ignore_case_punctuation_and_yo() -> None:
    assert words("Ёлка, «ЁЖ» — East-Asia!") == ["елка", "еж", "east", "asia"]


def test_a_run_of_eight_words_is_found_whatever_the_case_and_punctuation() -> None:
    text = "As the author says, the route shortens voyages between East Asia and northern Europe."
    assert runs(text) == [(10, "the route shortens voyages between East Asia and northern Europe")]


def test_seven_shared_words_are_not_a_run() -> None:
    assert runs("We think the route shortens voyages between East Asia, roughly.") == []
    assert runs("We think the route shortens voyages between East Asia, roughly.", n=7) == [
        (7, "the route shortens voyages between East Asia")
    ]


def test_russian_runs_are_found() -> None:
    assert runs("Автор: ледовая обстановка, а не расстояние, решает, окупится ли рейс.") == [
        (9, "ледовая обстановка, а не расстояние, решает, окупится ли рейс")
    ]


def test_a_phrase_quoted_in_guillemets_is_the_sources_on_purpose() -> None:
    assert runs("The author writes «ледовая обстановка, а не расстояние, решает, окупится ли рейс».") == []


def test_a_run_never_crosses_a_quotation() -> None:
    # Four shared words on each side of the quotation: no run of eight.
    assert runs("the route shortens voyages «x» between East Asia and") == []


def test_link_targets_and_citations_do_not_hide_a_run() -> None:
    assert runs("the route shortens [voyages](claim:route-shorter) between East Asia and northern") == [
        (9, "the route shortens [voyages] between East Asia and northern")
    ]
    assert runs("the route shortens voyages [@li-park-2022, p. 4] between East Asia and") == [
        (8, "the route shortens voyages between East Asia and")
    ]


def test_the_line_of_the_run_is_reported() -> None:
    prose = Prose(
        "content/article.yml",
        10,
        "articles[0].summary",
        "First line.\nSecond: the route shortens\nvoyages between East Asia and northern Europe.",
    )
    (run,) = shared_runs(prose, {"src.txt": source_ngrams(SOURCE, 8)}, 8)
    assert str(run) == (
        "content/article.yml:11: articles[0].summary: shares 10 words with src.txt: "
        '"the route shortens voyages between East Asia and northern Europe" '
        "(rewrite it in your own words, or quote a short phrase in «…» with its page)"
    )


@pytest.fixture
def source_file(tmp_path: Path) -> Path:
    path = tmp_path / "source.txt"
    path.write_text(SOURCE, encoding="utf-8")
    return path


def test_a_copied_claim_is_reported_with_its_file_and_line(sample: Project, source_file: Path) -> None:
    # The sample's claim "The route shortens voyages…" is the made-up source's sentence; the rest
    # of the sample is its own.
    found = [str(r) for r in check_project(sample, [source_file])]
    assert found == [
        "content/article.yml:16: articles[0].parts[0].claims[0].text: shares 14 words with source.txt: "
        '"The route shortens voyages between East Asia and northern Europe by about a third" '
        "(rewrite it in your own words, or quote a short phrase in «…» with its page)"
    ]


def test_every_kind_of_prose_is_checked(sample: Project, source_file: Path) -> None:
    copied = "Indeed the route shortens voyages between East Asia and northern Europe"

    def edit(rel: str, old: str, new: str) -> None:
        path = sample.root / rel
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    edit(
        "content/timeline.yml",
        "    sources:\n      - key: ivanov-2021",
        f'    description: "{copied}."\n    sources:\n      - key: ivanov-2021',
    )
    edit("bibliography.bib", "langid = {russian},", f"langid = {{russian}},\n  note = {{{copied}.}},")
    about = sample.docs_dir / "about.md"
    about.write_text(about.read_text(encoding="utf-8") + f"\n{copied}.\n", encoding="utf-8")
    where = {(r.prose.file, r.prose.where) for r in check_project(sample, [source_file])}
    assert where == {
        ("content/article.yml", "articles[0].parts[0].claims[0].text"),
        ("content/timeline.yml", "events[0].description"),
        ("bibliography.bib", "ivanov-2021.note"),
        ("docs/about.md", "(page)"),
    }


def test_script_exit_status_and_output(sample: Project, source_file: Path, tmp_path: Path) -> None:
    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, str(SCRIPT), *args, "--project", str(sample.root)],
            capture_output=True,
            text=True,
            check=False,
        )

    found = run(str(source_file))
    assert found.returncode == 1
    assert found.stdout.startswith("content/article.yml:16: articles[0].parts[0].claims[0].text: shares 14 words")
    assert found.stderr == "1 run of 8+ words shared with the sources\n"
    other = tmp_path / "other.txt"
    other.write_text("Nothing in common with the brief at all.", encoding="utf-8")
    clean = run(str(other))
    assert (clean.returncode, clean.stdout, clean.stderr) == (
        0,
        "",
        "no run of 8 or more words is shared with the sources\n",
    )
    missing = run(str(tmp_path / "absent.txt"))
    assert (missing.returncode, missing.stderr) == (2, f"no such source file: {tmp_path / 'absent.txt'}\n")
