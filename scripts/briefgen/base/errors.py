"""Diagnostics: every bad input becomes one line `file:line: path: what is wrong (how to fix)`."""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Literal

from briefgen.base.pathrules import ascii_form, char_names

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Problem:
    """One finding about the input, located in a file."""

    file: str
    """Path relative to the project root, with forward slashes."""
    line: int
    """1-based line; 0 when the problem concerns the whole file."""
    path: str
    """Where inside the file: `parts[2].claims[3].cites[0]`, a bib key, or a Markdown position."""
    message: str
    """What is wrong, then the fix in parentheses."""
    severity: Severity = "error"
    column: int = 0
    """1-based column, where it is known (inside a text value); 0 otherwise."""

    def __str__(self) -> str:
        prefix = "warning: " if self.severity == "warning" else ""
        where = f"{self.line}:{self.column}" if self.column else f"{self.line}"
        return visible(f"{self.file}:{where}: {self.path}: {prefix}{self.message}")


def visible(text: str) -> str:
    r"""Control, format and separator characters as `\uXXXX`, so a message is one honest line."""
    return "".join(f"\\u{ord(ch):04x}" if unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") else ch for ch in text)


@dataclass
class Report:
    """Collects problems from every validation phase, so that all are reported at once."""

    problems: list[Problem] = field(default_factory=list)

    def error(self, file: str, line: int, path: str, message: str, column: int = 0) -> None:
        self.problems.append(Problem(file, line, path, message, "error", column))

    def warning(self, file: str, line: int, path: str, message: str) -> None:
        self.problems.append(Problem(file, line, path, message, "warning"))

    def extend(self, problems: Iterable[Problem]) -> None:
        self.problems.extend(problems)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    def sorted(self) -> list[Problem]:
        # Deduplicate: the same finding reached by two phases is reported once.
        return sorted(set(self.problems), key=lambda p: (p.file, p.line, p.column, p.path, p.message))


class BriefError(Exception):
    """Raised when input is invalid; carries every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(set(problems), key=lambda p: (p.file, p.line, p.column, p.path, p.message))
        super().__init__("\n".join(str(p) for p in self.problems))


class BuildFailed(Exception):
    """A build step failed after the content was valid; the message says which and why, and
    `problems` holds what could be traced back to the content file and line that caused it."""

    def __init__(self, message: str, problems: list[Problem] | None = None, unlocated: list[str] | None = None) -> None:
        super().__init__(message)
        self.problems = problems or []
        self.unlocated = unlocated or []
        """The step's messages that name no content (printed after the problems)."""

    @classmethod
    def located(cls, step: str, lines: list[str], locate: Callable[[str], Problem | None]) -> BuildFailed:
        """BuildFailed for `lines` (a step's error messages), each at the content that made it
        where that is known; the others stay in the message."""
        problems, rest = [], []
        for line in lines:
            problem = locate(line)
            if problem is None:
                rest.append(line)
            else:
                problems.append(problem)
        return cls(f"{step}:\n" + "\n".join([*map(str, problems), *rest]), problems, rest)


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """`did you mean 'x'?` for the closest candidate, or an empty string. A word with characters
    outside ASCII (a Cyrillic «е» typed for a Latin e) gets them named, and is matched by its
    ASCII form."""
    pool = list(candidates)
    names = char_names(word)
    if names:
        plain = ascii_form(word)
        close = [plain] if plain in pool else difflib.get_close_matches(plain, pool, n=1, cutoff=0.6)
        guess = f"; did you mean '{close[0]}'?" if close else ""
        return f"it contains {names}{guess}"
    folded = {c.casefold(): c for c in pool}
    if word.casefold() in folded and folded[word.casefold()] != word:
        return f"did you mean '{folded[word.casefold()]}'?"
    close = difflib.get_close_matches(word, pool, n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'?" if close else ""
