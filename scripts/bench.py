#!/usr/bin/env python3
"""Benchmark: briefgen build against the same pages built plain, by engine (MkDocs, ProperDocs,
Zensical), with Material's theme.

    python scripts/bench.py                        # the whole table: 50, 500 and 2,000 pages, MkDocs
    python scripts/bench.py --pages 500 --runs 3   # one size; ends with `ratio briefgen/plain at N pages: X.XX`
    python scripts/bench.py --pages 500 --engine all   # MkDocs, ProperDocs and Zensical side by side
    python scripts/bench.py --pages 500 --profile  # also cProfile one warm build and one edit rebuild

For each size N the script writes, under --workdir (default: briefgen-bench in the system temp
folder; nothing is written into the repository):

* `bg-N/`: a synthetic brief made with `briefgen.pipeline.scaffold.scaffold()`: N pages = N parts of articles
  in content/article.yml and content/articles/aNN.yml (one article of at most 100 parts per file, so
  the nav is sectioned and no file nears the YAML size limit), each part with a
  ~760-word mixed Russian/English summary holding 6 citation groups (8 keys, with locators), a
  6-row Markdown table with Cyrillic cells and 4 cross-links (part:, claim:, term:, event:), plus
  two claims of ~40 words that cite one work each (10 cited keys per page, ~840 words in all);
  a timeline, a glossary, a priority hierarchy, and a 2,000-entry bibliography.bib (article, book,
  inproceedings, report; one in five Cyrillic; some LaTeX accents; six in seven `verified` with the
  required fields, the rest `unverified`).
* `plain-N/`: the same pages as plain Markdown: the same text with the citations removed and
  cross-links written as relative .md links, the same sectioned nav, the same mkdocs.yml (theme
  features incl. navigation.prune, search plugin settings, Markdown extensions, validation) minus
  briefgen's hook and citation extension; `zensical.yml` is the same file for Zensical (its output
  folder set, Material's classic look as briefgen asks for). MkDocs and ProperDocs build it into
  `plain-N-ENGINE-site/`, Zensical into `plain-N/zensical-site/` (it must be inside the project).

Every build is a subprocess run under `/usr/bin/time -v` (wall, CPU, peak memory). For each run
and engine, alternating: briefgen cold (.briefgen/ and Zensical's .cache/ deleted: CSL formatted
by pandoc again, every page rendered) -> plain (output folder and cache deleted: a full build) ->
briefgen warm (caches kept, site/ deleted) -> plain (-> for Zensical, plain again with its cache
kept). The ratio briefgen/plain is given for both; the *warm* one is the headline (warm is the
normal case). Then the edit row: after a build, one claim's text changes in the brief's YAML and
briefgen builds again (incremental: its page cache re-renders only what shows the claim); plain
gets the same one-word edit in the same page and builds again (MkDocs and ProperDocs: a full
build, they have no incremental build; Zensical: with its cache). The script stops with an error
if the new word is not in both rebuilt pages, and counts the pages briefgen re-rendered (page
files whose key changed) against the built pages that show the word.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import importlib.util
import json
import math
import os
import posixpath
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PY = sys.executable
TIME = "/usr/bin/time" if Path("/usr/bin/time").exists() else None
BUILD_TIMEOUT = 8 * 60  # seconds; a build slower than this is stopped and reported
TIMED_OUT = 124
BIB_SIZE = 2000
PARTS_PER_ARTICLE = 100
DEFAULT_SIZES = (50, 500, 2000)
ENGINES = ("mkdocs", "properdocs", "zensical")
PLAIN_MODULES = {"mkdocs": ("mkdocs", "material"), "properdocs": ("properdocs", "material"), "zensical": ("zensical",)}
"""What each engine's plain build imports (ProperDocs, like MkDocs, takes Material's theme)."""
ZENSICAL_CONFIG = "zensical.yml"
"""The plain site's configuration for Zensical, next to its mkdocs.yml."""
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONDONTWRITEBYTECODE": "1"}
# Used only when an article file is larger than briefgen's YAML size limit: the limit is
# raised in the briefgen process so that the build can still be measured (and the failure is
# reported as a scale problem).
RAISE_LIMIT = (
    "import sys, briefgen.load.yamldoc as y; y.MAX_BYTES = 1 << 30; "
    "from briefgen.cli.main import main; sys.exit(main(sys.argv[1:]))"
)

# --- synthetic text ---------------------------------------------------------------------------

EN = [
    "policy",
    "security",
    "treaty",
    "cooperation",
    "region",
    "partner",
    "economic",
    "strategic",
    "alliance",
    "border",
    "trade",
    "sanctions",
    "nuclear",
    "diplomacy",
    "summit",
    "military",
    "agreement",
    "investment",
    "energy",
    "pipeline",
    "railway",
    "port",
    "shipping",
    "logistics",
    "balance",
    "influence",
    "deterrence",
    "dialogue",
    "negotiation",
    "framework",
    "principle",
    "sovereignty",
    "stability",
    "crisis",
    "tension",
    "continuity",
    "change",
    "pressure",
    "relations",
    "leadership",
    "state",
    "government",
    "ministry",
    "delegation",
    "visit",
    "document",
    "article",
    "clause",
    "obligation",
    "assistance",
    "defence",
    "exercise",
    "missile",
    "programme",
    "peninsula",
    "northeast",
    "eurasian",
    "architecture",
    "order",
    "multipolar",
    "western",
    "approach",
    "interest",
    "concern",
    "position",
    "reading",
    "assessment",
    "argument",
    "evidence",
    "source",
    "author",
    "analysis",
    "period",
    "decade",
    "century",
    "historical",
    "soviet",
    "modern",
    "contemporary",
    "bilateral",
    "multilateral",
    "trilateral",
    "institution",
    "organisation",
    "council",
    "resolution",
    "vote",
    "veto",
    "market",
    "export",
    "import",
    "currency",
    "payment",
    "bank",
    "credit",
    "labour",
    "migration",
    "tourism",
    "education",
    "culture",
    "exchange",
    "youth",
    "science",
    "technology",
    "satellite",
    "space",
    "cyber",
    "information",
    "media",
    "narrative",
    "perception",
    "public",
    "opinion",
    "expert",
    "community",
    "scholar",
    "journal",
    "review",
    "survey",
    "data",
    "figure",
    "estimate",
    "growth",
    "decline",
    "volume",
    "route",
    "corridor",
    "infrastructure",
    "the",
    "a",
    "of",
    "and",
    "in",
    "on",
    "for",
    "with",
    "by",
    "from",
    "to",
    "as",
    "that",
    "this",
    "which",
    "while",
    "because",
    "although",
    "however",
]
RU = [
    "безопасность",
    "сотрудничество",
    "договор",
    "регион",
    "партнёр",
    "экономика",
    "стратегия",
    "союз",
    "граница",
    "торговля",
    "санкции",
    "ядерный",
    "дипломатия",
    "саммит",
    "военный",
    "соглашение",
    "инвестиции",
    "энергетика",
    "трубопровод",
    "железная",
    "дорога",
    "порт",
    "логистика",
    "баланс",
    "влияние",
    "сдерживание",
    "диалог",
    "переговоры",
    "принцип",
    "суверенитет",
    "стабильность",
    "кризис",
    "напряжённость",
    "преемственность",
    "изменение",
    "давление",
    "отношения",
    "руководство",
    "государство",
    "правительство",
    "министерство",
    "делегация",
    "визит",
    "документ",
    "статья",
    "обязательство",
    "помощь",
    "оборона",
    "учения",
    "ракета",
    "программа",
    "полуостров",
    "северо-восточный",
    "евразийский",
    "архитектура",
    "порядок",
    "многополярный",
    "западный",
    "подход",
    "интерес",
    "позиция",
    "оценка",
    "аргумент",
    "источник",
    "автор",
    "анализ",
    "период",
    "десятилетие",
    "исторический",
    "советский",
    "современный",
    "двусторонний",
    "многосторонний",
    "институт",
    "совет",
    "резолюция",
    "рынок",
    "экспорт",
    "импорт",
    "валюта",
    "платёж",
    "банк",
    "кредит",
    "миграция",
    "туризм",
    "образование",
    "культура",
    "обмен",
    "молодёжь",
    "наука",
    "технология",
    "спутник",
    "информация",
    "общественное",
    "мнение",
    "эксперт",
    "журнал",
    "данные",
    "рост",
    "снижение",
    "объём",
    "маршрут",
    "коридор",
    "инфраструктура",
    "и",
    "в",
    "на",
    "для",
    "с",
    "по",
    "от",
    "как",
    "что",
    "который",
    "однако",
]
EN_NAMES = [
    "Smith",
    "Brown",
    "Miller",
    "Wilson",
    "Taylor",
    "Anderson",
    "Clark",
    "Lewis",
    "Walker",
    "Young",
    "King",
    "Wright",
    "Scott",
    "Green",
    "Baker",
    "Adams",
    "Nelson",
    "Hill",
    "Campbell",
    "Mitchell",
    "Roberts",
    "Carter",
    "Phillips",
    "Evans",
    "Turner",
    "Parker",
    "Collins",
    "Edwards",
    "Stewart",
    "Morris",
]
LATEX_NAMES = [  # (as written in the .bib, as displayed, in the key)
    ('M{\\"u}ller', "Müller", "muller"),
    ('Sch{\\"o}n', "Schön", "schon"),
    ("Fran{\\c{c}}ois", "François", "francois"),
    ("Garc{\\'\\i}a", "García", "garcia"),
    ("Ren{\\'e}", "René", "rene"),
    ("Dvo{\\v{r}}{\\'a}k", "Dvořák", "dvorak"),
]
EN_GIVEN = ["John", "Mary", "Peter", "Anna", "James", "Laura", "David", "Helen", "Mark", "Sarah", "Chung-in", "Yu"]
RU_NAMES = [
    ("Иванов", "ivanov"),
    ("Петров", "petrov"),
    ("Смирнов", "smirnov"),
    ("Кузнецов", "kuznetsov"),
    ("Соколов", "sokolov"),
    ("Попов", "popov"),
    ("Лебедев", "lebedev"),
    ("Козлов", "kozlov"),
    ("Новиков", "novikov"),
    ("Морозов", "morozov"),
    ("Волков", "volkov"),
    ("Асмолов", "asmolov"),
    ("Захарова", "zakharova"),
    ("Торкунов", "torkunov"),
    ("Ланьков", "lankov"),
    ("Жебин", "zhebin"),
]
RU_GIVEN = ["Иван", "Пётр", "Анна", "Мария", "Константин", "Лариса", "Сергей", "Ольга", "Александр", "Елена"]
JOURNALS_EN = [
    "Asian Survey",
    "Pacific Affairs",
    "Survival",
    "International Affairs",
    "The Pacific Review",
    "Journal of East Asian Studies",
    "Europe-Asia Studies",
    "Korea Observer",
]
JOURNALS_RU = [
    "Вестник Российского университета дружбы народов. Серия: Международные отношения",
    "Мировая экономика и международные отношения",
    "Международная жизнь",
    "Россия и АТР",
    "Проблемы Дальнего Востока",
    "Полис. Политические исследования",
]
PUBLISHERS = [
    ("Routledge", "London"),
    ("Oxford University Press", "Oxford"),
    ("Palgrave Macmillan", "Cham"),
    ("Наука", "Москва"),
    ("МГИМО-Университет", "Москва"),
    ("Springer", "Singapore"),
]


def _sentence(rng: random.Random, ru_share: float, lo: int = 9, hi: int = 17) -> str:
    words = [rng.choice(RU if rng.random() < ru_share else EN) for _ in range(rng.randint(lo, hi))]
    text = " ".join(words)
    return text[0].upper() + text[1:]


def _paragraph(rng: random.Random, words: int, ru_share: float, inserts: list[str]) -> str:
    """About `words` words of prose; each insert (a citation, a link) is put before a full stop.
    Spaces inside inserts are protected so that wrapping never splits a link or a citation."""
    sentences: list[str] = []
    count = 0
    while count < words:
        sentence = _sentence(rng, ru_share)
        sentences.append(sentence)
        count += len(sentence.split())
    slots = sorted(rng.sample(range(len(sentences)), min(len(inserts), len(sentences))))
    for slot, insert in zip(slots, inserts, strict=False):
        sentences[slot] += " " + insert.replace(" ", "\x00")
    text = ". ".join(sentences) + "."
    wrapped = textwrap.fill(text, width=100, break_long_words=False, break_on_hyphens=False)
    return wrapped.replace("\x00", " ")


def _table(rng: random.Random) -> str:
    rows = ["| Показатель / Indicator | 2019 | 2023 | Источник |", "|---|---:|---:|---|"]
    labels = ["Торговля, млн долл.", "Инвестиции", "Туристы, тыс.", "Студенты", "Рейсы в неделю", "Соглашения"]
    for label in labels:
        rows.append(
            f"| {label} | {rng.randint(10, 999)} | {rng.randint(10, 999)} | {rng.choice(RU)} {rng.choice(RU)} |"
        )
    return "\n".join(rows)


def q(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def block(text: str, indent: int) -> str:
    """A YAML `|` block scalar holding `text`, indented by `indent` spaces."""
    pad = " " * indent
    return "|\n" + "\n".join(pad + line if line else "" for line in text.rstrip("\n").split("\n")) + "\n"


# --- the corpus ---------------------------------------------------------------------------------


@dataclass
class Work:
    key: str
    type: str
    bib: str
    plain: str
    """One line for the plain works page: Author. Title. Year."""


@dataclass
class PartSpec:
    article: int
    number: int
    id: str
    title_ru: str
    title_en: str
    page: int
    summary: str
    claims: list[dict[str, object]]


@dataclass
class Corpus:
    n: int
    works: list[Work]
    article_sources: list[str]
    hierarchy_source: str
    parts: list[PartSpec]
    events: list[tuple[str, str, str, str]]
    terms: list[tuple[str, str, str, str]]
    actors: list[tuple[str, str, str]]
    articles: int = 0
    anchors: dict[str, tuple[str, str | None]] = field(default_factory=dict)
    """kind:id -> (page under docs/, anchor) for the plain site's links."""


def make_bibliography(rng: random.Random) -> list[Work]:
    works: list[Work] = []
    types = ["article"] * 10 + ["book"] * 4 + ["inproceedings"] * 3 + ["report"] * 3
    for i in range(1, BIB_SIZE + 1):
        kind = rng.choice(types)
        cyrillic = i % 5 == 0
        year = rng.randint(1995, 2025)
        authors = []
        key_name = display = ""
        for a in range(rng.choice([1, 1, 2, 2, 3])):
            if cyrillic:
                family, translit = rng.choice(RU_NAMES)
                shown = family
                authors.append(f"{family}, {rng.choice(RU_GIVEN)}")
            elif rng.random() < 0.08:
                family, shown, translit = rng.choice(LATEX_NAMES)
                authors.append(f"{family}, {rng.choice(EN_GIVEN)}")
            else:
                family = shown = rng.choice(EN_NAMES)
                translit = family.lower()
                authors.append(f"{family}, {rng.choice(EN_GIVEN)}")
            if a == 0:
                key_name, display = translit, shown
        key = f"{key_name}-{year}-{i:04d}"
        if cyrillic:
            title = " ".join(rng.choice(RU) for _ in range(rng.randint(5, 10))).capitalize()
        else:
            title = " ".join(rng.choice(EN[:150]) for _ in range(rng.randint(5, 10))).capitalize()
        verified = i % 7 != 0
        fields = [("author", " and ".join(authors)), ("title", title)]
        if cyrillic:
            fields.append(("translatedtitle", " ".join(rng.choice(EN[:150]) for _ in range(6)).capitalize()))
        if kind == "article":
            fields += [
                ("journaltitle", rng.choice(JOURNALS_RU if cyrillic else JOURNALS_EN)),
                ("year", str(year)),
                ("volume", str(rng.randint(1, 60))),
                ("number", str(rng.randint(1, 12))),
                ("pages", f"{(p := rng.randint(1, 400))}--{p + rng.randint(5, 30)}"),
                ("doi", f"10.5555/bench.{i:05d}"),
            ]
        elif kind == "book":
            publisher, place = rng.choice(PUBLISHERS)
            fields += [("publisher", publisher), ("location", place), ("year", str(year))]
        elif kind == "inproceedings":
            fields += [
                ("booktitle", f"Proceedings of the {rng.choice(EN[:60])} conference"),
                ("year", str(year)),
                ("pages", f"{(p := rng.randint(1, 300))}--{p + rng.randint(5, 20)}"),
            ]
        else:
            fields += [
                ("institution", rng.choice(["RAND Corporation", "ИМЭМО РАН", "Valdai Club", "KINU"])),
                ("year", str(year)),
                ("number", str(rng.randint(1, 99))),
            ]
        fields.append(("langid", "russian" if cyrillic else "english"))
        fields.append(("verification", "verified" if verified else "unverified"))
        body = "\n".join(f"  {name} = {{{value}}}," for name, value in fields)
        works.append(Work(key, kind, f"@{kind}{{{key},\n{body}\n}}\n", f"{display}. {title}. {year}."))
    return works


def make_corpus(n: int, seed: int) -> Corpus:
    rng = random.Random(seed * 1_000_003 + n)
    works = make_bibliography(rng)
    keys = [w.key for w in works]
    articles = (n + PARTS_PER_ARTICLE - 1) // PARTS_PER_ARTICLE
    article_sources = [w.key for w in works if w.type == "article"][:articles]
    hierarchy_source = next(w.key for w in works if w.type == "report")
    n_events = max(10, n // 10)
    events = [
        (
            f"e-{i:04d}",
            f"{rng.randint(2000, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
            _sentence(rng, 0.0, 3, 6),
            _sentence(rng, 1.0, 3, 6),
        )
        for i in range(1, n_events + 1)
    ]
    terms = [
        (
            f"t-{i:03d}",
            "".join(rng.choice("АБВГДЕКМНПРСТ") for _ in range(3)) + str(i),
            _sentence(rng, 1.0, 3, 5),
            _sentence(rng, 0.0, 3, 5),
        )
        for i in range(1, 61)
    ]
    actors = [(f"ac-{i:03d}", _sentence(rng, 0.0, 1, 2), _sentence(rng, 1.0, 1, 2)) for i in range(1, 21)]
    corpus = Corpus(n, works, article_sources, hierarchy_source, [], events, terms, actors, articles)
    for page in range(1, n + 1):
        article = (page - 1) // PARTS_PER_ARTICLE + 1
        number = (page - 1) % PARTS_PER_ARTICLE + 1
        corpus.parts.append(
            PartSpec(
                article, number, f"p-{page:04d}", _sentence(rng, 1.0, 2, 5), _sentence(rng, 0.0, 2, 5), page, "", []
            )
        )
    for spec in corpus.parts:
        a = f"a{spec.article:02d}"
        corpus.anchors[f"part:{spec.id}"] = (f"brief/{a}/{spec.id}.md", None)
        for k in (1, 2):
            corpus.anchors[f"claim:c{spec.page:04d}-{k}"] = (f"brief/{a}/{spec.id}.md", f"c{spec.page:04d}-{k}")
    for eid, *_ in events:
        corpus.anchors[f"event:{eid}"] = ("brief/timeline.md", eid)
    for tid, *_ in terms:
        corpus.anchors[f"term:{tid}"] = ("brief/glossary.md", tid)

    def cite() -> str:
        key = rng.choice(keys)
        page_no = rng.randint(1, 400)
        return f"@{key}, p. {page_no}" if rng.random() < 0.7 else f"@{key}, pp. {page_no}–{page_no + 3}"

    for spec in corpus.parts:
        other = rng.choice(corpus.parts)
        other_claim = rng.choice(corpus.parts)
        event = events[spec.page % len(events)][0]
        term = terms[spec.page % len(terms)][0]
        # 6 citation groups in the summary: 4 single, 2 pairs (8 keys); 4 cross-links.
        single = [f"[{cite()}]" for _ in range(4)]
        pairs = [f"[{cite()}; {cite()}]" for _ in range(2)]
        paragraphs = [
            _paragraph(rng, 130, 0.05, [single[0], single[1], f"([see part {other.page}](part:{other.id}))"]),
            _paragraph(rng, 130, 1.0, [single[2]]),
            _table(rng),
            _paragraph(rng, 130, 0.05, [pairs[0], f"(as [§{other_claim.page}.1](claim:c{other_claim.page:04d}-1))"]),
            _paragraph(rng, 130, 0.35, [single[3], f"([the term](term:{term}))"]),
            _paragraph(rng, 100, 0.05, [pairs[1], f"([the event](event:{event}))"]),
        ]
        spec.summary = "\n\n".join(paragraphs)
        for k in (1, 2):
            key = rng.choice(keys)
            spec.claims.append(
                {
                    "id": f"c{spec.page:04d}-{k}",
                    "text": _paragraph(rng, 38, 0.1, []),
                    "pages": str(rng.randint(1, 400)),
                    "cite": (key, f"p. {rng.randint(1, 400)}"),
                    "event": events[(spec.page + k) % len(events)][0],
                    "term": terms[(spec.page * 2 + k) % len(terms)][0],
                    "actor": actors[(spec.page + k) % len(actors)][0],
                }
            )
    return corpus


def write_brief(corpus: Corpus, root: Path) -> None:
    """The synthetic brief: scaffold, then every content file replaced."""
    from briefgen.pipeline.scaffold import scaffold

    if root.exists():
        shutil.rmtree(root)
    scaffold(root)
    (root / "bibliography.bib").write_text(
        "% Synthetic bibliography made by scripts/bench.py\n\n" + "\n".join(w.bib for w in corpus.works),
        encoding="utf-8",
    )
    sources = [
        f"  - key: {key}\n    role: {'primary' if i == 0 else 'secondary'}\n    summary: article:a{i + 1:02d}\n"
        for i, key in enumerate(corpus.article_sources)
    ]
    sources.append(f"  - key: {corpus.hierarchy_source}\n    role: secondary\n    summary: hierarchy:h-priorities\n")
    rng = random.Random(corpus.n)
    (root / "content" / "brief.yml").write_text(
        f'title: {{en: "Synthetic benchmark brief, {corpus.n} pages", ru: "Синтетическая записка"}}\n'
        'subtitle: {en: "Made by scripts/bench.py"}\n'
        'authors:\n  - organisation: {en: "briefgen benchmark"}\n'
        'version: "1.0"\npublished: "2026-01-15"\nlicence: CC-BY-4.0\n'
        "site_url: https://example.org/bench/\nlanguages: [en, ru]\n"
        f"abstract: {block(_paragraph(rng, 120, 0.2, [f'[@{corpus.article_sources[0]}, p. 1]']), 2)}"
        "sources:\n" + "".join(sources),
        encoding="utf-8",
    )
    # One article per file (content/article.yml, then content/articles/aNN.yml), as a large brief
    # is written: no file comes near the YAML loader's size limit.
    files: dict[str, list[str]] = {}
    for a in range(1, corpus.articles + 1):
        out = files.setdefault("article.yml" if a == 1 else f"articles/a{a:02d}.yml", ["articles:\n"])
        out.append(
            f"  - id: a{a:02d}\n    source: {corpus.article_sources[a - 1]}\n"
            f'    title: {{original: "Статья {a}: {_sentence(rng, 1.0, 3, 6)}", en: "Article {a}: '
            f'{_sentence(rng, 0.0, 3, 6)}"}}\n'
            f"    note: {block(_paragraph(rng, 60, 0.1, []), 6)}"
            "    parts:\n"
        )
        for spec in (p for p in corpus.parts if p.article == a):
            out.append(
                f"      - id: {spec.id}\n"
                f"        title: {{original: {q(spec.title_ru)}, en: {q(spec.title_en)}}}\n"
                f'        locator: {{pages: "{spec.page}", inferred: {"true" if spec.page % 3 == 0 else "false"}}}\n'
                f"        summary: {block(spec.summary, 10)}"
                "        claims:\n"
            )
            for claim in spec.claims:
                cite = claim["cite"]
                assert isinstance(cite, tuple)
                key, locator = cite
                out.append(
                    f"          - id: {claim['id']}\n"
                    f"            text: {block(str(claim['text']), 14)}"
                    f'            locator: {{pages: "{claim["pages"]}", inferred: false}}\n'
                    f'            cites:\n              - key: {key}\n                locator: "{locator}"\n'
                    f"            events: [{claim['event']}]\n"
                    f"            terms: [{claim['term']}]\n"
                    f"            actors: [{claim['actor']}]\n"
                )
    (root / "content" / "articles").mkdir(exist_ok=True)
    for rel, text in files.items():
        (root / "content" / rel).write_text("".join(text), encoding="utf-8")
    claims = [c["id"] for p in corpus.parts for c in p.claims]
    prio = [
        "hierarchies:\n  - id: h-priorities\n"
        f"    source: {corpus.hierarchy_source}\n"
        '    title: {original: "Иерархия приоритетов", en: "A hierarchy of priorities"}\n'
        '    locator: {pages: "3", inferred: false}\n'
        f"    summary: {block(_paragraph(rng, 80, 0.2, []), 6)}"
        f"    verdict: {block(_paragraph(rng, 40, 0.2, []), 6)}"
        "    tiers:\n"
    ]
    for t in range(1, 4):
        prio.append(
            f'      - id: tier-{t}\n        rank: {t}\n        title: {{en: "Tier {t}"}}\n        priorities:\n'
        )
        for k in range(1, 5):
            picks = [claims[(t * 37 + k * 11 + j * 101) % len(claims)] for j in range(3)]
            links = "".join(
                f"              - claim: {c}\n                relation: {['continuity', 'change', 'tension'][j]}\n"
                f'                note: "{_sentence(rng, 0.0, 4, 8)}"\n'
                for j, c in enumerate(dict.fromkeys(picks))
            )
            prio.append(
                f"          - id: pr-{t}-{k}\n            title: {{en: {q(_sentence(rng, 0.0, 3, 5))}}}\n"
                "            assessment: partly\n"
                f"            claims:\n{links}"
            )
    (root / "content" / "priorities.yml").write_text("".join(prio), encoding="utf-8")
    tl = ["periods:\n"]
    for i, (start, end) in enumerate([("2000", "2009"), ("2010", "2017"), ("2018", "2025")], start=1):
        tl.append(f'  - id: per-{i}\n    title: {{en: "Period {i}"}}\n    start: "{start}"\n    end: "{end}"\n')
    tl.append("events:\n")
    for i, (eid, date, title_en, title_ru) in enumerate(corpus.events):
        tl.append(f'  - id: {eid}\n    date: "{date}"\n    title: {{en: {q(title_en)}, ru: {q(title_ru)}}}\n')
        if i % 3 == 0:
            tl.append(f"    description: {q(_sentence(rng, 0.3))}\n")
            tl.append(
                f'    sources:\n      - key: {corpus.works[i * 7 % BIB_SIZE].key}\n        locator: "p. {i + 1}"\n'
            )
    (root / "content" / "timeline.yml").write_text("".join(tl), encoding="utf-8")
    gl = ["terms:\n"]
    for tid, original, expansion_ru, en in corpus.terms:
        gl.append(
            f"  - id: {tid}\n    kind: abbreviation\n    original: {q(original)}\n"
            f"    expansion: {{original: {q(expansion_ru)}, en: {q(en)}}}\n    en: {q(en)}\n"
            f"    definition: {q(_sentence(rng, 0.2))}\n"
        )
    gl.append("actors:\n")
    for aid, name_en, name_ru in corpus.actors:
        gl.append(
            f"  - id: {aid}\n    kind: person\n    name: {{original: {q(name_ru)}, en: {q(name_en)}}}\n"
            f"    description: {q(_sentence(rng, 0.1))}\n"
        )
    (root / "content" / "glossary.yml").write_text("".join(gl), encoding="utf-8")
    (root / "docs" / "index.md").write_text(
        f"This synthetic brief measures briefgen at {corpus.n} pages [@{corpus.works[1].key}, p. 2]. "
        "Read [how it was made](about.md).\n",
        encoding="utf-8",
    )
    (root / "docs" / "about.md").write_text(
        f"# About this brief\n\nGenerated by `scripts/bench.py` [@{corpus.works[2].key}, p. 3; "
        f"@{corpus.works[3].key}].\n",
        encoding="utf-8",
    )


_CITATION = None


def _strip_citations(text: str) -> str:
    global _CITATION  # noqa: PLW0603 - compiled once, from briefgen's own pattern
    if _CITATION is None:
        from briefgen.cite.syntax import GROUP_PATTERN

        _CITATION = re.compile(r"[ \t]?" + GROUP_PATTERN)
    return _CITATION.sub("", text)


def _plain_links(text: str, corpus: Corpus, page: str) -> str:
    def link(m: re.Match[str]) -> str:
        target = corpus.anchors.get(m.group(2))
        if target is None:
            return m.group(0)
        path, anchor = target
        rel = "" if path == page else os.path.relpath(path, posixpath.dirname(page))
        return f"[{m.group(1)}]({rel}{'#' + anchor if anchor else ''})"

    return re.sub(r"\[([^\]\n]*)\]\(([a-z]+:[a-z0-9-]+)\)", link, text)


def article_files(brief_dir: Path) -> list[Path]:
    content = brief_dir / "content"
    return [content / "article.yml", *sorted((content / "articles").glob("*.yml"))]


def write_plain(corpus: Corpus, root: Path, brief_dir: Path) -> None:
    """The same pages as plain Markdown for MkDocs + Material, with briefgen's mkdocs.yml minus
    its hook and citation extension."""
    if root.exists():
        shutil.rmtree(root)
    docs = root / "docs"
    (docs / "brief").mkdir(parents=True)

    def put(rel: str, text: str) -> None:
        path = docs / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")

    nav: list[object] = [{"Home": "index.md"}]
    article_titles: dict[int, str] = {}
    article_yml = "".join(p.read_text(encoding="utf-8") for p in article_files(brief_dir))
    for a, en in re.findall(r'title: \{original: "Статья (\d+): [^"]*", en: "(Article \d+: [^"]*)"\}', article_yml):
        article_titles[int(a)] = en
    for a in range(1, corpus.articles + 1):
        aid = f"a{a:02d}"
        specs = [p for p in corpus.parts if p.article == a]
        section: list[object] = [{"Overview": f"brief/{aid}/index.md"}]
        lines = [f"# {article_titles[a]}\n\n## Parts\n\n"]
        for spec in specs:
            page = f"brief/{aid}/{spec.id}.md"
            section.append({f"{spec.number}. {spec.title_en}": page})
            lines.append(f"{spec.number}. [{spec.title_en}]({spec.id}.md)\n")
            body = [
                f"# {spec.number}. {spec.title_en}\n\n*{spec.title_ru}*\n\n",
                f"Part {spec.number} of {len(specs)} · p. {spec.page}\n\n## Summary\n\n",
                _plain_links(_strip_citations(spec.summary), corpus, page),
                "\n\n## Claims\n\n",
            ]
            for k, claim in enumerate(spec.claims, start=1):
                body.append(
                    f"**§{spec.number}.{k}** {_strip_citations(str(claim['text']))} p. {claim['pages']}\n"
                    f"{{: #{claim['id']} }}\n\n"
                )
            put(page, "".join(body))
        put(f"brief/{aid}/index.md", "".join(lines))
        nav.append({article_titles[a]: section})
    nav.append({"A hierarchy of priorities": "brief/h-priorities.md"})
    nav.append(
        {
            "Reference": [
                {"Timeline": "brief/timeline.md"},
                {"Glossary": "brief/glossary.md"},
                {"Works cited": "brief/works.md"},
            ]
        }
    )
    nav.append("about.md")
    put(
        "brief/h-priorities.md",
        "# A hierarchy of priorities\n\n"
        + "".join(
            f"## Tier {t}\n\n" + "".join(f"### Priority {t}.{k}\n\nPartly attained.\n\n" for k in range(1, 5))
            for t in range(1, 4)
        ),
    )
    put(
        "brief/timeline.md",
        "# Timeline\n\n"
        + "".join(
            f"## {date}: {title} {{#{eid}}}\n\n*{ru}*\n\n"
            for eid, date, title, ru in sorted(corpus.events, key=lambda e: e[1])
        ),
    )
    put(
        "brief/glossary.md",
        "# Glossary\n\n"
        + "".join(f"## {orig} — {en} {{#{tid}}}\n\n*{exp}*\n\n" for tid, orig, exp, en in corpus.terms),
    )
    put("brief/works.md", "# Works cited\n\n" + "".join(f"1. {w.plain}\n" for w in corpus.works))
    put(
        "index.md",
        f"# Synthetic benchmark brief, {corpus.n} pages\n\n"
        f"This synthetic brief measures briefgen at {corpus.n} pages. Read [how it was made](about.md).\n\n"
        + "".join(f"- [{article_titles[a]}](brief/a{a:02d}/index.md)\n" for a in range(1, corpus.articles + 1)),
    )
    put("about.md", "# About this brief\n\nGenerated by `scripts/bench.py`.\n")
    # The nav is briefgen's own (pages.nav), so that both sites always have the same navigation;
    # a page briefgen lists that the plain site has no text for gets a one-line stand-in.
    try:
        nav = briefgen_nav(brief_dir)
    except Exception as exc:
        log(f"  note: briefgen's nav could not be read ({exc}); the plain site uses the bench's copy of it")
    listed = set(nav_paths(nav))
    for rel, title in nav_entries(nav):
        if not (docs / rel).exists():
            put(rel, f"# {title or Path(rel).stem.capitalize()}\n\nPlain stand-in for briefgen's page.\n")
    for path in docs.rglob("*.md"):
        if path.relative_to(docs).as_posix() not in listed:
            path.unlink()
    config = (brief_dir / "mkdocs.yml").read_text(encoding="utf-8")
    config = re.sub(r"^hooks:\n(?:  - .*\n)+", "", config, flags=re.M)
    config = re.sub(r"^  - briefgen\.citations\n", "", config, flags=re.M)
    config = re.sub(r"^watch:\n(?:  - .*\n)*", "", config, flags=re.M)
    config = re.sub(r"^site_name: .*$", f"site_name: Synthetic benchmark brief, {corpus.n} pages", config, flags=re.M)
    assert "briefgen" not in re.sub(r"#.*", "", config), "plain config still mentions briefgen"
    config += "\nnav: " + json.dumps(nav, ensure_ascii=False) + "\n"
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")


def briefgen_nav(brief_dir: Path) -> list[object]:
    """briefgen's navigation for the brief (pages.nav over the validated context)."""
    from briefgen.base.project import Project
    from briefgen.check.run import build_context
    from briefgen.index.nav import nav
    from briefgen.load import yamldoc as yamlload

    limit = yamlload.MAX_BYTES
    yamlload.MAX_BYTES = max(limit, 1 << 30)  # only to read the nav of a brief over the size limit
    try:
        project = Project(brief_dir)
        ctx = build_context(project)
    finally:
        yamlload.MAX_BYTES = limit
    handwritten = [p.relative_to(project.docs_dir).as_posix() for p in project.handwritten_pages()]
    return nav(ctx, handwritten)


def nav_entries(nav: list[object]) -> list[tuple[str, str]]:
    """(path, title) of every page in a MkDocs nav."""
    out: list[tuple[str, str]] = []
    for item in nav:
        if isinstance(item, str):
            out.append((item, ""))
        elif isinstance(item, dict):
            for title, value in item.items():
                if isinstance(value, list):
                    out.extend(nav_entries(value))
                else:
                    out.append((str(value), str(title)))
    return out


def nav_paths(nav: list[object]) -> list[str]:
    return [path for path, _ in nav_entries(nav)]


# --- running and measuring ----------------------------------------------------------------------


@dataclass
class Run:
    wall: float
    cpu: float
    rss_mb: float
    rc: int
    err: str


def timed(cmd: list[str], cwd: Path | None = None) -> Run:
    with tempfile.NamedTemporaryFile(prefix="bench-time-", suffix=".txt", delete=False) as fh:
        time_file = Path(fh.name)
    full = [TIME, "-v", "-o", str(time_file), *cmd] if TIME else cmd
    before = _children_rss()
    started = time.perf_counter()
    try:
        proc = subprocess.run(
            full, cwd=cwd, env=ENV, capture_output=True, text=True, timeout=BUILD_TIMEOUT, check=False
        )
    except subprocess.TimeoutExpired:  # the child is killed by subprocess.run
        time_file.unlink(missing_ok=True)
        return Run(float("inf"), float("nan"), float("nan"), TIMED_OUT, f"stopped after {BUILD_TIMEOUT} s")
    wall = time.perf_counter() - started
    cpu, rss = float("nan"), float("nan")
    if TIME:
        report = time_file.read_text(errors="replace")
        user = re.search(r"User time \(seconds\): ([\d.]+)", report)
        system = re.search(r"System time \(seconds\): ([\d.]+)", report)
        maxrss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", report)
        if user and system:
            cpu = float(user.group(1)) + float(system.group(1))
        if maxrss:
            rss = int(maxrss.group(1)) / 1024
    else:  # ru_maxrss of all children so far: an upper bound
        rss = max(_children_rss(), before) / 1024
    time_file.unlink(missing_ok=True)
    return Run(wall, cpu, rss, proc.returncode, (proc.stderr or "") + (proc.stdout or ""))


def _children_rss() -> float:
    import resource

    return float(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)


def briefgen_cmd(project: Path, *args: str, raise_limit: bool = False) -> list[str]:
    if raise_limit:
        return [PY, "-c", RAISE_LIMIT, "-C", str(project), *args]
    return [PY, "-m", "briefgen", "-C", str(project), *args]


@dataclass(frozen=True)
class Setup:
    """What this briefgen and this Python offer: the engines to measure and how to ask for one."""

    engines: list[str]
    engine_flag: bool
    """Whether `briefgen build` takes `--engine` (without it, only MkDocs is measured)."""

    def build(self, project: Path, engine: str, *, raise_limit: bool = False, pdf: bool = False) -> list[str]:
        """`briefgen build` of `project` with `engine`."""
        args = ["build", *([] if pdf else ["--no-pdf"]), *(["--engine", engine] if self.engine_flag else [])]
        return briefgen_cmd(project, *args, raise_limit=raise_limit)


def briefgen_engines() -> tuple[str, ...] | None:
    """The engines `briefgen build --engine` offers (from its help); None when it has no --engine."""
    done = subprocess.run(
        [PY, "-m", "briefgen", "build", "--help"], env=ENV, capture_output=True, text=True, check=False, timeout=120
    )
    found = re.search(r"--engine \{([^}]*)\}", done.stdout)
    return tuple(found.group(1).split(",")) if found else None


def find_setup(wanted: list[str]) -> Setup:
    """The wanted engines that can be measured; one line for each that cannot, and why."""
    offered = briefgen_engines()
    usable: list[str] = []
    for engine in wanted:
        if offered is None and engine != "mkdocs":
            log(f"engine {engine}: skipped (this briefgen's `build` has no --engine option)")
            continue
        if offered is not None and engine not in offered:
            log(f"engine {engine}: skipped (`briefgen build --engine` offers {', '.join(offered)})")
            continue
        missing = [m for m in PLAIN_MODULES[engine] if importlib.util.find_spec(m) is None]
        if missing:
            log(
                f"engine {engine}: skipped (not installed for {PY}: {', '.join(missing)}; "
                f"pip install 'briefgen[{engine}]')"
            )
            continue
        usable.append(engine)
    return Setup(usable, offered is not None)


@dataclass(frozen=True)
class PlainSite:
    """The plain pages as one engine builds them (MkDocs + Material, ProperDocs + Material, Zensical)."""

    engine: str
    root: Path
    out: Path

    @property
    def keeps_cache(self) -> bool:
        """Zensical keeps a cache (`.cache/`, valid with its output folder) between builds."""
        return self.engine == "zensical"

    def command(self) -> list[str]:
        if self.engine == "zensical":  # no -d: the output folder is in its configuration
            return [PY, "-m", "zensical", "build", "-f", str(self.root / ZENSICAL_CONFIG)]
        return [PY, "-m", self.engine, "build", "-q", "-f", str(self.root / "mkdocs.yml"), "-d", str(self.out)]

    def clean(self) -> None:
        """Remove the output folder and the engine's cache: the next build is a full one."""
        shutil.rmtree(self.out, ignore_errors=True)
        shutil.rmtree(self.root / ".cache", ignore_errors=True)

    def build(self) -> Run:
        return timed(self.command(), cwd=self.root)


def plain_output(workdir: Path, n: int, engine: str) -> Path:
    """Where an engine builds the plain pages (Zensical's output folder must be inside its project)."""
    return workdir / f"plain-{n}" / "zensical-site" if engine == "zensical" else workdir / f"plain-{n}-{engine}-site"


def write_zensical_config(plain: Path, out: Path) -> None:
    """The plain site's configuration for Zensical: the same file, its output folder set (Zensical
    has no -d), and the classic (Material) look that briefgen's own Zensical build asks for."""
    text = (plain / "mkdocs.yml").read_text(encoding="utf-8")
    site_dir = "site_dir: " + json.dumps(str(out))
    text, found = re.subn(r"^site_dir: .*$", lambda _: site_dir, text, flags=re.M)
    if not found:
        text += f"\n{site_dir}\n"
    text = re.sub(r"^theme:\n", "theme:\n  variant: classic\n", text, count=1, flags=re.M)
    (plain / ZENSICAL_CONFIG).write_text(text, encoding="utf-8")


def clean_briefgen(project: Path, cold: bool) -> None:
    site = project / "site"
    if site.is_symlink():  # site links to a build in .briefgen/builds/: drop the link and the builds
        site.unlink()
        shutil.rmtree(project / ".briefgen" / "builds", ignore_errors=True)
        (project / ".briefgen" / "previous").unlink(missing_ok=True)
    shutil.rmtree(site, ignore_errors=True)
    if cold:  # every cache: briefgen's (.briefgen/), the older docs/brief/, Zensical's (.cache/)
        shutil.rmtree(project / ".briefgen", ignore_errors=True)
        shutil.rmtree(project / "docs" / "brief", ignore_errors=True)
        shutil.rmtree(project / ".cache", ignore_errors=True)
    else:
        for staging in (project / ".briefgen").glob("staging-*"):
            shutil.rmtree(staging, ignore_errors=True)


def gz(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6, mtime=0))


def page_weight(site: Path, page: str) -> dict[str, int]:
    """Bytes of one page and the CSS and JS it loads from the site, gzip-compressed (level 6).
    The search index and the search worker load only when search is used: not counted."""
    html_path = site / page
    if not html_path.is_file():
        return {}
    text = html_path.read_text(encoding="utf-8")
    out = {
        "html_raw": len(text.encode()),
        "html_gz": gz(text.encode()),
        "css_gz": 0,
        "js_gz": 0,
        "css_files": 0,
        "js_files": 0,
    }
    refs = re.findall(r'<link rel="stylesheet" href="([^"]+)"', text)
    scripts = re.findall(r'<script src="([^"]+)"', text)
    for kind, urls in (("css", refs), ("js", scripts)):
        for url in urls:
            if url.startswith(("http:", "https:", "//")):
                continue
            target = (html_path.parent / url.split("?")[0].split("#")[0]).resolve()
            if target.is_file():
                out[f"{kind}_gz"] += gz(target.read_bytes())
                out[f"{kind}_files"] += 1
    out["total_gz"] = out["html_gz"] + out["css_gz"] + out["js_gz"]
    return out


def search_index(site: Path) -> tuple[int, int]:
    """Raw and gzip size of the search index (Material: search/search_index.json; Zensical: search.json)."""
    for rel in ("search/search_index.json", "search.json"):
        path = site / rel
        if path.exists():
            data = path.read_bytes()
            return len(data), gz(data)
    return 0, 0


def med(runs: list[Run], attr: str = "wall") -> float:
    """Median of the successful runs (NaN when none succeeded)."""
    values = [getattr(r, attr) for r in runs if r.rc == 0]
    return statistics.median(values) if values else float("nan")


def cell(runs: list[Run]) -> str:
    """`wall (CPU)` median, or how the builds failed."""
    if not any(r.rc == 0 for r in runs):
        if any(r.rc == TIMED_OUT for r in runs):
            return f"> {BUILD_TIMEOUT} (stopped)"
        return "failed" if runs else "-"
    return f"{med(runs):.2f} ({med(runs, 'cpu'):.2f})"


def rss(runs: list[Run]) -> str:
    """Peak memory: the largest max RSS of the successful runs."""
    values = [r.rss_mb for r in runs if r.rc == 0]
    return f"{max(values):.0f}" if values else "-"


@dataclass
class EngineResult:
    """One engine's column at one size: briefgen with that engine against the plain pages built by it."""

    engine: str
    cold: list[Run] = field(default_factory=list)
    warm: list[Run] = field(default_factory=list)
    plain: list[Run] = field(default_factory=list)
    """Plain full builds (output folder and any engine cache removed first)."""
    plain_cached: list[Run] = field(default_factory=list)
    """Zensical only: the plain site built again with nothing changed, its cache kept."""
    edit: list[Run] = field(default_factory=list)
    """briefgen rebuilding after one claim's text changed (everything kept from the build before)."""
    edit_plain: list[Run] = field(default_factory=list)
    """Plain rebuilding after the same one-page text edit (MkDocs, ProperDocs: a full build; Zensical:
    with its cache, as it does by default)."""
    rendered: list[int | None] = field(default_factory=list)
    """Pages briefgen re-rendered for each edit (page files whose key changed); None if unknown."""
    showing: list[int] = field(default_factory=list)
    """Built pages that show the edited text (so the pages that had to change)."""
    failures: list[str] = field(default_factory=list)
    index_bg: tuple[int, int] = (0, 0)
    index_plain: tuple[int, int] = (0, 0)
    weight_bg: dict[str, int] = field(default_factory=dict)
    weight_plain: dict[str, int] = field(default_factory=dict)
    site_mb_bg: float = 0.0
    site_mb_plain: float = 0.0

    def ratio(self, runs: list[Run], base: list[Run], attr: str = "wall") -> float:
        return med(runs, attr) / med(base, attr)

    @property
    def full_rebuild(self) -> list[Run]:
        """Plain's full rebuild after the edit: the edit row itself for the engines without a
        cache, the full builds of the same pages for Zensical (whose edit rebuild uses its cache)."""
        return self.plain if self.engine == "zensical" else self.edit_plain


@dataclass
class SizeResult:
    n: int
    yml_bytes: int = 0
    yml_limit_raised: bool = False
    limit_message: str = ""
    check: list[Run] = field(default_factory=list)
    check_warm: list[Run] = field(default_factory=list)
    """`briefgen check` after a build: the parsed bibliography is in the cache (the normal case)."""
    warnings: int = 0
    edited: str = ""
    """The claim the edit row changes, and its page."""
    engines: dict[str, EngineResult] = field(default_factory=dict)


def _yaml_limit() -> int:
    from briefgen.load.yamldoc import MAX_BYTES

    return MAX_BYTES


def _tree_mb(path: Path) -> float:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 1e6


def log(message: str) -> None:
    print(message, flush=True)


def load() -> str:
    """The load average over 1, 5 and 15 minutes."""
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} {five:.2f} {fifteen:.2f}"


def _status(run: Run) -> str:
    return "ok" if run.rc == 0 else "TIMEOUT (stopped)" if run.rc == TIMED_OUT else f"FAILED rc={run.rc}"


def _record(result: EngineResult, label: str, run: Run, *, n: int, i: int, extra: str = "") -> None:
    """Log one build and note its failure."""
    log(
        f"  run {i} {result.engine:10} {label:13}: {run.wall:7.2f} s wall, {run.cpu:7.2f} s CPU, "
        f"{run.rss_mb:6.0f} MB peak  {_status(run)}{extra}  (load {os.getloadavg()[0]:.2f})"
    )
    if run.rc == TIMED_OUT:
        result.failures.append(f"{result.engine} {label} at {n} pages: stopped after {BUILD_TIMEOUT} s (run {i})")
    elif run.rc != 0:
        tail = "\n".join(run.err.strip().splitlines()[-12:])
        result.failures.append(f"{result.engine} {label} at {n} pages failed:\n{tail}")
        log(textwrap.indent(tail, "      "))


# --- edit one claim and rebuild -----------------------------------------------------------------


def edit_claim(brief: Path, claim_id: str, word: str) -> None:
    """Put `word` first in the text of claim `claim_id` in the brief's YAML."""
    pattern = re.compile(rf"^ *- id: {re.escape(claim_id)}\n *text: \|\n +", re.M)
    for path in article_files(brief):
        text = path.read_text(encoding="utf-8")
        found = pattern.search(text)
        if found:
            path.write_text(text[: found.end()] + word + " " + text[found.end() :], encoding="utf-8")
            return
    raise SystemExit(f"edit row: claim {claim_id} is not in {brief / 'content'} (the synthetic brief changed?)")


def edit_plain_page(plain: Path, page: str, label: str, word: str) -> None:
    """The same edit in the plain page: `word` first in the claim's text, after its label."""
    path = plain / "docs" / page
    text = path.read_text(encoding="utf-8")
    if label not in text:
        raise SystemExit(f"edit row: {label!r} is not in {path} (the plain pages changed?)")
    path.write_text(text.replace(label, f"{label}{word} ", 1), encoding="utf-8")


def pages_showing(site: Path, word: str) -> list[str]:
    """The built pages (not the v/ copy) whose HTML holds `word`."""
    out = []
    for path in site.rglob("*.html"):
        rel = path.relative_to(site).as_posix()
        if not rel.startswith("v/") and word in path.read_text(encoding="utf-8", errors="replace"):
            out.append(rel)
    return sorted(out)


def page_keys(brief: Path) -> dict[str, str] | None:
    """The key of every page file in briefgen's page cache (the engine's docs folder), by source
    path; None when this briefgen has no page cache."""
    try:
        from briefgen.base.project import Project
        from briefgen.render.pagefile import previous_keys
    except ImportError:
        return None
    return previous_keys(Project(brief).engine_docs_dir)


def measure_edit(
    setup: Setup,
    result: EngineResult,
    brief: Path,
    plain: PlainSite,
    spec: PartSpec,
    *,
    raise_limit: bool,
    n: int,
    i: int,
) -> None:
    """One claim's text changed, then rebuilt: briefgen from its last build's state, plain after
    the same one-page edit. Fails loudly if the new text is not in the rebuilt sites."""
    engine = result.engine
    word = f"Benchedit{engine.capitalize()}{i}"
    claim_id = str(spec.claims[0]["id"])
    page = f"brief/a{spec.article:02d}/{spec.id}"
    build = setup.build(brief, engine, raise_limit=raise_limit)
    clean_briefgen(brief, cold=False)
    prepared = timed(build)  # the state an edit starts from: this engine's last build
    if prepared.rc != 0:
        _record(result, "build before the edit", prepared, n=n, i=i)
        return
    before = page_keys(brief)
    edit_claim(brief, claim_id, word)
    run = timed(build)
    rendered: int | None = None
    showing: list[str] = []
    mismatch = ""
    if run.rc == 0:
        after = page_keys(brief)
        showing = pages_showing(brief / "site", word)
        if before is not None and after is not None:
            changed = {re.sub(r"\.md$", ".html", src) for src, key in after.items() if before.get(src) != key}
            rendered = len(changed)
            extra, missing = sorted(changed - set(showing)), sorted(set(showing) - changed)
            if extra:
                mismatch += f"; re-rendered without showing it: {', '.join(extra[:8])}"
            if missing:
                mismatch += f"; showing it, not re-rendered: {', '.join(missing[:8])}"
        if f"{page}.html" not in showing:
            raise SystemExit(
                f"edit row at {n} pages ({engine}): the edited text {word!r} of claim {claim_id} is not in "
                f"{brief / 'site' / page}.html after the rebuild: the row would measure a no-op"
            )
        result.rendered.append(rendered)
        result.showing.append(len(showing))
    result.edit.append(run)
    _record(
        result,
        "edit, briefgen",
        run,
        n=n,
        i=i,
        extra=f"; {'?' if rendered is None else rendered} page(s) re-rendered, {len(showing)} show the claim{mismatch}",
    )
    if plain.keeps_cache:  # Zensical: start from a build of the unedited pages, cache kept
        plain.build()
    else:
        plain.clean()
    edit_plain_page(plain.root, f"{page}.md", f"**§{spec.number}.1** ", word)
    plain_run = plain.build()
    result.edit_plain.append(plain_run)
    if plain_run.rc == 0 and word not in (plain.out / f"{page}.html").read_text(encoding="utf-8"):
        raise SystemExit(
            f"edit row at {n} pages ({engine}): plain's rebuilt {plain.out / page}.html lacks the edited text {word!r}"
        )
    _record(
        result, "edit, plain", plain_run, n=n, i=i, extra=" (with its cache)" if plain.keeps_cache else " (full build)"
    )


# --- one size -----------------------------------------------------------------------------------


def measure(n: int, runs: int, workdir: Path, *, seed: int, profile: bool, setup: Setup) -> SizeResult:
    result = SizeResult(n)
    t0 = time.perf_counter()
    corpus = make_corpus(n, seed)
    bg, plain = workdir / f"bg-{n}", workdir / f"plain-{n}"
    write_brief(corpus, bg)
    write_plain(corpus, plain, bg)
    result.yml_bytes = max(p.stat().st_size for p in article_files(bg))
    log(
        f"\n== {n} pages (load average {load()}): corpus written in {time.perf_counter() - t0:.1f} s "
        f"(largest article file {result.yml_bytes / 1e6:.1f} MB, bibliography {BIB_SIZE} entries) in {workdir}"
    )
    # `briefgen check`: the real command first; if the YAML size limit stops it, say so and
    # measure with the limit raised.
    first = timed(briefgen_cmd(bg, "check"))
    if first.rc != 0 and "more than the" in first.err and "allowed" in first.err:
        result.yml_limit_raised = True
        result.limit_message = next(line for line in first.err.splitlines() if "allowed" in line)
        log(f"  FAILS AT SCALE: `briefgen check` rejects the brief: {result.limit_message}")
        log(
            "  -> measuring with briefgen.load.yamldoc.MAX_BYTES raised in the subprocess "
            f"(limit {_yaml_limit()} bytes)"
        )
        first = timed(briefgen_cmd(bg, "check", raise_limit=True))
    if first.rc != 0:
        errors = [line for line in first.err.splitlines() if line.strip()][:15]
        raise SystemExit(f"briefgen check failed on the synthetic brief ({n} pages):\n" + "\n".join(errors))
    result.warnings = sum(1 for line in first.err.splitlines() if ": warning: " in line)
    result.check.append(first)
    for _ in range(runs - 1):
        result.check.append(timed(briefgen_cmd(bg, "check", raise_limit=result.yml_limit_raised)))
    log(
        f"  briefgen check: {med(result.check):.2f} s wall, {med(result.check, 'cpu'):.2f} s CPU "
        f"(median of {len(result.check)}), 0 errors, {result.warnings} warnings, "
        f"{rss(result.check)} MB peak"
    )

    raise_limit = result.yml_limit_raised
    plains = {e: PlainSite(e, plain, plain_output(workdir, n, e)) for e in setup.engines}
    if "zensical" in plains:
        write_zensical_config(plain, plains["zensical"].out)
    results = {e: EngineResult(e) for e in setup.engines}
    result.engines = results
    first_part = f"brief/a01/{corpus.parts[0].id}.html"
    for i in range(1, runs + 1):
        for engine in setup.engines:
            er, site = results[engine], plains[engine]
            if i > 1 and er.cold + er.warm and all(r.rc == TIMED_OUT for r in er.cold + er.warm):
                continue  # every briefgen build with this engine took too long: no more runs
            build = setup.build(bg, engine, raise_limit=raise_limit)
            for label in ("cold", "plain", "warm", "plain"):
                if label == "plain":
                    site.clean()
                    run = site.build()
                    er.plain.append(run)
                else:
                    clean_briefgen(bg, cold=label == "cold")
                    run = timed(build)
                    (er.cold if label == "cold" else er.warm).append(run)
                _record(er, label, run, n=n, i=i)
            if site.keeps_cache:
                run = site.build()
                er.plain_cached.append(run)
                _record(er, "plain, cached", run, n=n, i=i, extra=" (nothing changed, cache kept)")
            if i == runs:
                if (bg / "site").exists():
                    er.index_bg = search_index(bg / "site")
                    er.weight_bg = page_weight(bg / "site", first_part)
                    er.site_mb_bg = _tree_mb(bg / "site")
                if site.out.exists():
                    er.index_plain = search_index(site.out)
                    er.weight_plain = page_weight(site.out, first_part)
                    er.site_mb_plain = _tree_mb(site.out)
    if any(r.rc == 0 for er in results.values() for r in er.warm):
        for _ in range(runs):
            result.check_warm.append(timed(briefgen_cmd(bg, "check", raise_limit=raise_limit)))
        log(
            f"  briefgen check after a build (bibliography cache warm): {med(result.check_warm):.2f} s wall, "
            f"{med(result.check_warm, 'cpu'):.2f} s CPU (median of {len(result.check_warm)}), "
            f"{rss(result.check_warm)} MB peak"
        )
    # The edit row: a claim in the middle of the brief, shown on its part page (and wherever
    # else the brief shows it).
    spec = corpus.parts[len(corpus.parts) // 2]
    result.edited = f"claim {spec.claims[0]['id']} on brief/a{spec.article:02d}/{spec.id}.html"
    log(f"  edit one claim and rebuild: the text of {result.edited}")
    for i in range(1, runs + 1):
        for engine in setup.engines:
            if results[engine].warm and any(r.rc == 0 for r in results[engine].warm):
                measure_edit(setup, results[engine], bg, plains[engine], spec, raise_limit=raise_limit, n=n, i=i)
    if profile and setup.engines:
        engine = setup.engines[0]
        run_profile(setup, bg, engine, raise_limit=raise_limit, out=workdir / f"profile-{n}.prof")
        run_profile(
            setup,
            bg,
            engine,
            raise_limit=raise_limit,
            out=workdir / f"profile-{n}-edit.prof",
            edit=lambda: edit_claim(bg, str(spec.claims[0]["id"]), "BencheditProfile"),
        )
    return result


def run_profile(
    setup: Setup,
    project: Path,
    engine: str,
    *,
    raise_limit: bool,
    out: Path,
    edit: Callable[[], None] | None = None,
) -> None:
    """cProfile of one warm `briefgen build --no-pdf` (or, with `edit`, of the rebuild after it);
    prints the top functions overall and in briefgen."""
    import pstats

    command = setup.build(project, engine, raise_limit=raise_limit)
    clean_briefgen(project, cold=False)
    if edit is not None:  # the rebuild starts from a build of the unedited brief
        subprocess.run(command, env=ENV, check=False, capture_output=True, timeout=BUILD_TIMEOUT)
        edit()
    launcher = (
        RAISE_LIMIT if raise_limit else "import sys; from briefgen.cli.main import main; sys.exit(main(sys.argv[1:]))"
    )
    code = (
        "import cProfile, sys\n"
        f"sys.argv = ['briefgen', *{command[command.index('-C') :]!r}]\n"
        f"cProfile.run({launcher!r}, {str(out)!r})\n"
    )
    started = time.perf_counter()
    subprocess.run([PY, "-c", code], env=ENV, check=False, capture_output=True, timeout=BUILD_TIMEOUT * 3)
    what = "the rebuild after one claim's edit" if edit else "a warm build"
    log(
        f"\n== cProfile of {what} with {engine} ({time.perf_counter() - started:.1f} s under the profiler, "
        f"load {load()}): {out}"
    )
    stats = pstats.Stats(str(out))
    stats.sort_stats("cumulative")
    with contextlib.redirect_stdout(sys.stdout):
        stats.print_stats(30 if edit else 45)
        log("-- briefgen's own functions (cumulative):")
        stats.print_stats(r"briefgen/", 25 if edit else 40)
        if edit is None:
            log("-- internal time (tottime), everything:")
            stats.sort_stats("tottime").print_stats(30)


@dataclass
class PdfResult:
    """The PDF of the repository's own brief: builds with and without it (warm, MkDocs)."""

    with_pdf: list[Run] = field(default_factory=list)
    without: list[Run] = field(default_factory=list)
    laid_out: list[Run] = field(default_factory=list)
    """With the PDF and without the kept one (`.briefgen/cache/pdf/` deleted): WeasyPrint lays
    the brief out again, as after any change to its text."""
    mb: float = float("nan")
    pages: int = 0
    error: str = ""

    @property
    def step(self) -> float:
        """What the PDF adds to a build: the median with it minus the median without."""
        return med(self.with_pdf) - med(self.without)

    @property
    def layout_step(self) -> float:
        """The same when the PDF is laid out again (nothing kept)."""
        return med(self.laid_out) - med(self.without) if self.laid_out else float("nan")


def measure_pdf(workdir: Path, runs: int) -> PdfResult:
    """PDF time of the repository's own brief: `briefgen build` with and without the PDF, on a
    copy in the work folder (warm CSL cache)."""
    result = PdfResult()
    if importlib.util.find_spec("briefgen.publish.pdf") is None:
        result.error = "briefgen.publish.pdf does not exist"
        return result
    real = workdir / "real"
    if real.exists():
        shutil.rmtree(real)
    real.mkdir(parents=True)
    config = REPO / "mkdocs.yml"
    shutil.copy2(config, real / "mkdocs.yml")
    pending = [config]
    while pending:  # INHERIT chains, copied to the same relative place
        text = pending.pop().read_text(encoding="utf-8")
        match = re.search(r"^INHERIT:\s*(\S+)", text, re.M)
        if match:
            source = (REPO / match.group(1)).resolve()
            target = real / source.relative_to(REPO)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
            pending.append(source)
    shutil.copytree(REPO / "content", real / "content")
    shutil.copy2(REPO / "bibliography.bib", real / "bibliography.bib")
    shutil.copytree(REPO / "docs", real / "docs", ignore=lambda d, names: ["brief"] if Path(d) == REPO / "docs" else [])
    hook = REPO / "scripts" / "mkdocs_hook.py"
    if hook.exists():
        (real / "scripts").mkdir(exist_ok=True)
        shutil.copy2(hook, real / "scripts" / "mkdocs_hook.py")
    log(f"\n== PDF of the repository's brief (load average {load()})")
    warmup = timed(briefgen_cmd(real, "build", "--no-pdf"))
    if warmup.rc == 0:  # and once with the PDF: "with" keeps it from here on, "laid out again" makes it
        warmup = timed(briefgen_cmd(real, "build"))
    if warmup.rc != 0:
        result.error = "the repository's brief does not build: " + warmup.err.strip()[-300:]
        return result
    for i in range(1, runs + 1):
        clean_briefgen(real, cold=False)
        result.without.append(run := timed(briefgen_cmd(real, "build", "--no-pdf")))
        log(f"  run {i} without PDF: {run.wall:6.2f} s wall, {run.rss_mb:5.0f} MB peak  (load {load()})")
        clean_briefgen(real, cold=False)
        run = timed(briefgen_cmd(real, "build"))
        if run.rc != 0:
            result.error = "briefgen build with the PDF failed: " + run.err.strip()[-300:]
            return result
        result.with_pdf.append(run)
        log(f"  run {i} with PDF:    {run.wall:6.2f} s wall, {run.rss_mb:5.0f} MB peak  (load {load()})")
        clean_briefgen(real, cold=False)
        shutil.rmtree(real / ".briefgen" / "cache" / "pdf", ignore_errors=True)
        result.laid_out.append(run := timed(briefgen_cmd(real, "build")))
        log(f"  run {i} with PDF laid out again: {run.wall:6.2f} s wall, {run.rss_mb:5.0f} MB peak  (load {load()})")
    pdf = real / "site" / "brief" / "brief.pdf"
    if pdf.exists():
        result.mb = pdf.stat().st_size / 1e6
        with contextlib.suppress(Exception):
            from pypdf import PdfReader

            result.pages = len(PdfReader(str(pdf)).pages)
    return result


# --- report -------------------------------------------------------------------------------------


def fmt_kb(n: int) -> str:
    """Decimal units throughout (1 kB = 1,000 bytes, 1 MB = 10^6 bytes)."""
    return f"{n / 1e3:,.0f} kB" if n < 10_000_000 else f"{n / 1e6:,.1f} MB"


def verdict(ratio: float, limit: float, seconds: float, base: float) -> str:
    """Met or missed, and by how much: `ratio` of briefgen's `seconds` to plain's `base` against `limit`."""
    if math.isnan(ratio):  # a build failed
        return "not measured"
    allowed = limit * base
    if ratio <= limit:
        return f"met (≤ {limit:.1f}×; {allowed - seconds:.2f} s to spare)"
    return f"MISSED by {ratio - limit:.2f}× (≤ {limit:.1f}×: {seconds - allowed:.2f} s over {allowed:.2f} s)"


def edit_note(er: EngineResult) -> str:
    counts = [c for c in er.rendered if c is not None]
    rendered = "?" if not counts else "/".join(str(c) for c in counts)
    shown = "/".join(str(c) for c in er.showing) or "?"
    return f"{rendered} page(s) re-rendered, {shown} show the claim"


def report(results: list[SizeResult], pdf: PdfResult | None, started_load: str, sizes_note: str) -> None:
    log("\n" + "=" * 100)
    log(
        f"briefgen build vs the same pages built plain, by engine; {os.cpu_count()} CPUs; "
        f"load average (1, 5, 15 min) at start {started_load}, at end {load()}"
    )
    log(
        f"Medians over the runs column ({'/usr/bin/time -v' if TIME else 'getrusage'}): wall seconds, CPU seconds "
        "in parentheses; peak = largest max RSS in MB. " + sizes_note
    )
    log("Commands (E = engine):")
    log(f"  briefgen: {PY} -m briefgen -C DIR build --no-pdf --engine E      (check: ... -C DIR check)")
    log(f"  plain:    {PY} -m mkdocs|properdocs build -q -f PLAIN/mkdocs.yml -d OUT")
    log(f"            {PY} -m zensical build -f PLAIN/{ZENSICAL_CONFIG}   (site_dir OUT in the file)")
    log(
        "  cold = .briefgen/ (every briefgen cache) and .cache/ (Zensical's) deleted; warm = caches kept, "
        "site/ deleted; plain = output folder and .cache/ deleted (a full build); edit = one claim's text "
        "changed after a build, nothing deleted; plain edit = the same text edit, then a full build "
        "(Zensical: with its cache)"
    )
    log("")
    log(
        "| pages | engine | row | runs | briefgen | plain | ratio | ratio, CPU | target | peak MB briefgen / plain | "
        "ms/page briefgen / plain |"
    )
    log("|---:|---|---|---:|---:|---:|---:|---:|---|---|---|")
    for r in results:
        for er in r.engines.values():
            rows: list[tuple[str, list[Run], list[Run], float, str]] = [
                ("cold build", er.cold, er.plain, 2.0, ""),
                ("warm build", er.warm, er.plain, 1.0, ""),
                ("edit one claim, rebuild", er.edit, er.full_rebuild, 0.5, edit_note(er)),
            ]
            for label, runs, base, limit, note in rows:
                ratio = er.ratio(runs, base)
                log(
                    f"| {r.n} | {er.engine} | {label}{'; ' + note if note else ''} | {len(runs)} | {cell(runs)} "
                    f"| {cell(base)} | {ratio:.2f} | {er.ratio(runs, base, 'cpu'):.2f} "
                    f"| {verdict(ratio, limit, med(runs), med(base))} | {rss(runs)} / {rss(base)} "
                    f"| {1000 * med(runs) / r.n:.1f} / {1000 * med(base) / r.n:.1f} |"
                )
            if er.engine == "zensical":
                log(
                    f"| {r.n} | zensical | plain with its cache: nothing changed / one page edited | "
                    f"{len(er.plain_cached)} | | {cell(er.plain_cached)} / {cell(er.edit_plain)} | "
                    f"{er.ratio(er.warm, er.plain_cached):.2f} / {er.ratio(er.edit, er.edit_plain):.2f} | | "
                    f"briefgen warm / edit against these | plain {rss(er.plain_cached)} / {rss(er.edit_plain)} | |"
                )
        log(
            f"| {r.n} | - | `briefgen check`: first run / after a build | {len(r.check)} | {cell(r.check)} / "
            f"{cell(r.check_warm)} | | | | | {rss(r.check)} / {rss(r.check_warm)} | |"
        )
    log("")
    log(
        "| pages | engine | search index briefgen raw / gz | plain raw / gz | page weight gz briefgen "
        "(HTML + CSS + JS) | plain | page HTML raw briefgen / plain | site MB briefgen / plain |"
    )
    log("|---:|---|---|---|---|---|---|---|")
    for r in results:
        for er in r.engines.values():
            wb, wp = er.weight_bg, er.weight_plain
            if not wb or not wp:
                log(f"| {r.n} | {er.engine} | (no site) | | | | | |")
                continue
            log(
                f"| {r.n} | {er.engine} | {fmt_kb(er.index_bg[0])} / {fmt_kb(er.index_bg[1])} "
                f"| {fmt_kb(er.index_plain[0])} / {fmt_kb(er.index_plain[1])} | {fmt_kb(wb['total_gz'])} "
                f"({fmt_kb(wb['html_gz'])} + {fmt_kb(wb['css_gz'])} + {fmt_kb(wb['js_gz'])}; {wb['css_files']} CSS, "
                f"{wb['js_files']} JS) | {fmt_kb(wp['total_gz'])} ({fmt_kb(wp['html_gz'])} + {fmt_kb(wp['css_gz'])} "
                f"+ {fmt_kb(wp['js_gz'])}) | {fmt_kb(wb['html_raw'])} / {fmt_kb(wp['html_raw'])} "
                f"| {er.site_mb_bg:.1f} / {er.site_mb_plain:.1f} |"
            )
    log("")
    for r in results:
        if r.edited:
            log(f"Edit row at {r.n} pages: the text of {r.edited}.")
        if r.yml_limit_raised:
            log(
                f"FAILS AT SCALE ({r.n} pages): an article file is {r.yml_bytes / 1e6:.1f} MB and "
                f"`briefgen check` refuses it: {r.limit_message}. Measured with the limit raised."
            )
        for er in r.engines.values():
            for failure in er.failures:
                log(f"FAILED: {failure}")
    if pdf is not None:
        if pdf.error:
            log(f"PDF: not measured ({pdf.error})")
        else:
            log(
                f"PDF (the repository's brief, MkDocs, warm, median of {len(pdf.with_pdf)}): build with the PDF "
                f"{med(pdf.with_pdf):.2f} s, without {med(pdf.without):.2f} s -> the PDF step takes {pdf.step:.2f} s "
                f"({pdf.layout_step:.2f} s when it is laid out again: {med(pdf.laid_out):.2f} s with it); "
                f"{pdf.mb:.2f} MB, {pdf.pages} pages; peak {rss(pdf.with_pdf)} MB with the PDF, "
                f"{rss(pdf.without)} MB without"
            )
    log("")
    log(
        "Targets (set at 500 and 2,000 pages; other sizes are shown for reference). Warm is the normal case: "
        "every cache holds what did not change."
    )
    for r in results:
        size = "" if r.n in (500, 2000) else " (reference size)"
        for er in r.engines.values():
            for label, runs, limit in (("warm", er.warm, 1.0), ("cold", er.cold, 2.0)):
                ratio = er.ratio(runs, er.plain)
                log(
                    f"  {r.n} pages{size}, {er.engine}: {label} ≤ {limit:.1f}× plain: {ratio:.2f}× "
                    f"{verdict(ratio, limit, med(runs), med(er.plain))}"
                )
            edit = er.ratio(er.edit, er.full_rebuild)
            log(
                f"  {r.n} pages{size}, {er.engine}: one-claim edit ≤ 0.5× a plain full rebuild: {edit:.2f}× "
                f"{verdict(edit, 0.5, med(er.edit), med(er.full_rebuild))}; {edit_note(er)}"
            )
    if pdf is not None and not pdf.error:
        for what, step in (("kept", pdf.step), ("laid out again", pdf.layout_step)):
            log(
                f"  PDF of the repository's brief ≤ 6 s, {what}: {step:.2f} s "
                + (f"met ({6 - step:.2f} s to spare)" if step <= 6 else f"MISSED by {step - 6:.2f} s")
            )
    by_n = {r.n: r for r in results}
    if 2000 in by_n:
        r = by_n[2000]
        c, w = med(r.check), med(r.check_warm)
        log(
            f"  briefgen check < 2 s at 2000 pages: {'met' if w < 2 else 'MISSED'}, {w:.2f} s wall, "
            f"{med(r.check_warm, 'cpu'):.2f} s CPU after a build; {c:.2f} s wall, "
            f"{med(r.check, 'cpu'):.2f} s CPU on a new bibliography (parsed, not from the cache)"
        )
    if 500 in by_n and 2000 in by_n:
        for engine in by_n[500].engines.keys() & by_n[2000].engines.keys():
            a, b = by_n[500].engines[engine], by_n[2000].engines[engine]
            per500, per2000 = med(a.warm) / 500, med(b.warm) / 2000
            change = per2000 / per500 - 1
            log(
                f"  time per page at 2000 within 20 % of 500 (warm, {engine}): "
                f"{'met' if abs(change) <= 0.20 else 'MISSED'}, "
                f"{1000 * per2000:.1f} vs {1000 * per500:.1f} ms/page ({change:+.0%}); cold "
                f"{1000 * med(b.cold) / 2000:.1f} vs {1000 * med(a.cold) / 500:.1f} ms/page"
            )
    if len(results) == 1 and results[0].engines:
        r = results[0]
        er = next(iter(r.engines.values()))
        log(f"(headline ratio: {er.engine}, warm build; cold ratio {er.ratio(er.cold, er.plain):.2f})")
        log(f"ratio briefgen/plain at {r.n} pages: {er.ratio(er.warm, er.plain):.2f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, help="measure one size (default: 50, 500 and 2000)")
    parser.add_argument("--runs", type=int, default=3, help="runs per size (default 3)")
    parser.add_argument("--large-runs", type=int, help="runs at 2000 pages and more (default: --runs)")
    parser.add_argument(
        "--engine",
        choices=[*ENGINES, "all"],
        default=ENGINES[0],
        help="the engine briefgen and the plain pages are built with (default mkdocs; all: each, side by side)",
    )
    parser.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "briefgen-bench")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-pdf", action="store_true", help="skip the PDF measurement of the repository's brief")
    parser.add_argument(
        "--profile", action="store_true", help="also cProfile one warm build and one edit rebuild per size"
    )
    args = parser.parse_args()
    workdir = args.workdir.resolve()
    if workdir == REPO or REPO in workdir.parents:
        parser.error("--workdir must be outside the repository")
    workdir.mkdir(parents=True, exist_ok=True)
    sizes = (args.pages,) if args.pages else DEFAULT_SIZES
    started_load = load()
    log(
        f"briefgen benchmark: python {sys.version.split()[0]}, {os.cpu_count()} CPUs, load average "
        f"{started_load} (1, 5, 15 min), sizes {list(sizes)}, {args.runs} runs, engine {args.engine}, "
        f"workdir {workdir}"
    )
    setup = find_setup(list(ENGINES) if args.engine == "all" else [args.engine])
    if not setup.engines:
        log("no engine can be measured")
        return 1
    results = []
    for n in sizes:
        runs = args.large_runs if args.large_runs and n >= 2000 else args.runs
        result = measure(n, runs, workdir, seed=args.seed, profile=args.profile, setup=setup)
        results.append(result)
        builds = [r for er in result.engines.values() for r in er.cold + er.warm]
        if builds and all(r.rc == TIMED_OUT for r in builds):
            log(f"  STOPPED: no briefgen build finished within {BUILD_TIMEOUT} s at {n} pages; larger sizes skipped")
            break
    pdf = None if args.no_pdf else measure_pdf(workdir, args.runs)
    if not results:
        return 1
    note = f"Sizes run: {', '.join(str(r.n) for r in results)} pages."
    report(results, pdf, started_load, note)
    return 0


if __name__ == "__main__":
    sys.exit(main())
