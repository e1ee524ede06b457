"""The check that the built site says what the page records say.

For every page: its `<head>` tags (headtags.py, exactly), its <title> and heading, the record
embedded in it, its "Cite this page" block (the citation in every style, and each claim's) and
its three exports; for the whole brief's PDF: its Info and XMP metadata and its cover (read back
with pypdf). `briefgen build` fails, and publishes nothing, when anything disagrees.
"""

from __future__ import annotations

import hashlib
import json
import posixpath
import re
import sys
from dataclasses import asdict, dataclass
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

import briefgen
from briefgen.base import routes
from briefgen.cite import exports as exports_module
from briefgen.cite import headtags
from briefgen.cite import record as record_module
from briefgen.cite.exports import to_csl_json
from briefgen.cite.headtags import highwire_tags, json_ld, opengraph_tags
from briefgen.cite.record import PageCitations, PageRecord, citation_text
from briefgen.publish import pdfmeta
from briefgen.publish.pdf import PDF_PATH
from briefgen.publish.pdfmeta import expected_metadata, metadata_problems


class _Scan(HTMLParser):
    """Reads the parts of a page the check needs (never the whole page: see `_parts`)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.meta: list[tuple[str, str]] = []
        self.title = ""
        self.h1 = ""
        self.record_json = ""
        self.json_ld = ""
        self.cite_block: dict[str, str] = {}
        self.texts: dict[tuple[str, str], str] = {}
        """(claim id or "", style) -> the citation's text."""
        self._in: list[str] = []
        self._key: tuple[str, str] | None = None
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        classes = values.get("class", "").split()
        if tag == "meta" and ("name" in values or "property" in values):
            self.meta.append((values.get("name") or values.get("property", ""), values.get("content", "")))
        elif tag == "title":
            self._in.append("title")
        elif tag == "h1" and not self.h1:
            self._in.append("h1")
        elif tag == "script" and values.get("id") == "bg-record":
            self._in.append("record")
        elif tag == "script" and values.get("type") == "application/ld+json":
            self._in.append("ld")
        elif tag == "section" and "bg-cite-page" in classes:
            self.cite_block = values
        elif tag == "p" and "bg-cite-text" in classes:
            self._key = ("", values.get("id", "").removeprefix("cite-"))
        elif tag == "p" and "bg-cite-claim-text" in classes:
            self._key = (values.get("data-claim", ""), values.get("data-style", ""))
        if tag == "a" and "headerlink" in classes:
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._skip:
            self._skip -= 1
        if self._in and tag == {"record": "script", "ld": "script"}.get(self._in[-1], self._in[-1]):
            self._in.pop()
        if tag == "p":
            self._key = None

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        where = self._in[-1] if self._in else ""
        if where == "title":
            self.title += data
        elif where == "h1":
            self.h1 += data
        elif where == "record":
            self.record_json += data
        elif where == "ld":
            self.json_ld += data
        if self._key is not None:
            self.texts[self._key] = self.texts.get(self._key, "") + data


def _parts(page_html: str) -> str:
    """The <head>, the first heading of the content and the cite block: a full parse of every
    page, nav included, would dominate large builds. The JSON in <head> escapes `</`."""
    end = page_html.find("</head>")
    parts = [page_html[: end if end >= 0 else len(page_html)]]
    content = page_html.find('class="md-content__inner')
    h1 = page_html.find("<h1", max(content, 0))
    if h1 >= 0:
        parts.append(page_html[h1 : page_html.find("</h1>", h1) + 5])
    start = page_html.find('<section class="bg-cite-page"')
    if start >= 0:
        parts.append(page_html[start : page_html.find("</section>", start) + 10])
    return "".join(parts)


def _norm(text: str) -> str:
    return " ".join(text.split())


def verify_page(
    page_html: str, record: PageRecord, exports: dict[str, str], citations: PageCitations | None = None
) -> list[str]:
    """Where the built page or its exports disagree with the record (empty when they agree)."""
    scan = _Scan()
    scan.feed(_parts(page_html))
    problems = []
    highwire = [(n, c) for n, c in scan.meta if n.startswith("citation_") and n != "citation_reference"]
    expected = highwire_tags(record, [])
    if highwire != expected:
        problems.append(f"head tags citation_* are {highwire} but the record says {expected}")
    if record.kind == "page" and any(n == "citation_reference" for n, _ in scan.meta):
        problems.append("head tags citation_reference on a page that is not a scholarly item")
    opengraph = [(n, c) for n, c in scan.meta if n.startswith("og:")]
    if opengraph != opengraph_tags(record):
        problems.append(f"head tags og:* are {opengraph} but the record says {opengraph_tags(record)}")
    title = record.title if record.kind == "brief" else f"{record.title} - {record.container_title}"
    if _norm(scan.title) != title:
        problems.append(f"<title> is {_norm(scan.title)!r} but the record says {title!r}")
    if _norm(scan.h1) != record.title:
        problems.append(f"heading is {_norm(scan.h1)!r} but the record's title is {record.title!r}")
    if not scan.record_json or json.loads(scan.record_json) != json.loads(json.dumps(asdict(record))):
        problems.append("the embedded page record differs from the record")
    if not scan.json_ld or json.loads(scan.json_ld) != json_ld(record):
        problems.append("the page's JSON-LD differs from the record")
    block = scan.cite_block
    for name, value in (
        ("data-url", record.url),
        ("data-title", record.title),
        ("data-version", record.version),
        ("data-published", record.published),
    ):
        if block.get(name) != value:
            problems.append(f"cite block {name} is {block.get(name)!r} but the record says {value!r}")
    if citations is not None:
        wanted = {("", style): text for style, text in citations.by_style.items()}
        wanted.update(
            {(c, style): text for c, by_style in citations.claims.items() for style, text in by_style.items()}
        )
        for (claim, style), text in wanted.items():
            shown = _norm(scan.texts.get((claim, style), ""))
            if shown != citation_text(text):
                what = f"claim {claim}'s" if claim else "the page's"
                problems.append(f"cite block: {what} {style} citation is {shown!r}, not {citation_text(text)!r}")
    return problems + _export_problems(record, exports)


def _export_problems(record: PageRecord, exports: dict[str, str]) -> list[str]:
    """Where the page's exports (`bib`, `ris`, `json`: their text) disagree with the record."""
    problems = []
    if exports.get("bib") is not None and f"url = {{{record.url}}}" not in exports["bib"]:
        problems.append("the BibTeX export's url differs from the record")
    if exports.get("json") is not None and exports["json"] != to_csl_json(record):
        problems.append("the CSL-JSON export differs from the record")
    if exports.get("ris") is not None and f"UR  - {record.url}" not in exports["ris"]:
        problems.append("the RIS export's UR differs from the record")
    if record.doi and exports.get("bib") is not None and f"doi = {{{record.doi}}}" not in exports["bib"]:
        problems.append(f"the BibTeX export's doi is not {record.doi}, as the record says")
    if record.doi and exports.get("ris") is not None and f"DO  - {record.doi}" not in exports["ris"]:
        problems.append(f"the RIS export's DO is not {record.doi}, as the record says")
    return problems


@dataclass(frozen=True)
class Verified:
    """What the record check found."""

    problems: list[str]
    passed: frozenset[str]
    """The check keys (`check_key`) of the pages that agree with their records: a page with the
    same key agrees again, so the next build need not read it (publish it in PASSED_CACHE)."""


PASSED_CACHE = "record-check-passed.json"
"""The keys of the pages the last build's check passed, in briefgen's cache."""


@cache
def _check_code() -> bytes:
    """Briefgen's version and the code of the check and of what it compares with."""
    modules = (sys.modules[__name__], headtags, exports_module, record_module)
    return b"".join([briefgen.__version__.encode(), *(Path(str(m.__file__)).read_bytes() for m in modules)])


def check_key(
    page_html: str, record: PageRecord, exports: dict[str, str], citations: PageCitations | None, *, pdf: bool
) -> str:
    """Everything a page's check depends on, hashed: the page's text, its record, exports and
    citations, whether the build makes the PDF, and the check's own code."""
    digest = hashlib.sha256(_check_code())
    for part in (
        page_html,
        json.dumps(asdict(record), sort_keys=True),
        json.dumps(exports, sort_keys=True),
        json.dumps(asdict(citations) if citations is not None else None, sort_keys=True),
        str(pdf),
    ):
        data = part.encode("utf-8", errors="surrogateescape")
        digest.update(len(data).to_bytes(8, "big") + data)
    return digest.hexdigest()


def _pdf_check_key(data: bytes, expected: str, texts: list[str]) -> str:
    """Everything the PDF's check depends on, hashed: its bytes, what the record expects of its
    metadata, the cover's citations, and the check's code (pdfmeta.py reads the PDF back)."""
    digest = hashlib.sha256(_check_code() + Path(str(pdfmeta.__file__)).read_bytes())
    for part in (data, expected.encode(), json.dumps(texts).encode()):
        digest.update(len(part).to_bytes(8, "big") + part)
    return "pdf-" + digest.hexdigest()


def read_passed(path: Path) -> frozenset[str]:
    """The keys a cache file holds; none when it is missing or not a list of keys."""
    try:
        keys = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return frozenset()
    return frozenset(k for k in keys if isinstance(k, str)) if isinstance(keys, list) else frozenset()


def passed_data(passed: frozenset[str]) -> bytes:
    """`passed` as the cache file holds it."""
    return json.dumps(sorted(passed)).encode()


def verify_site(
    site: Path,
    records: dict[str, PageRecord],
    citations: dict[str, PageCitations],
    *,
    pdf: bool,
    passed: frozenset[str] = frozenset(),
) -> Verified:
    """Every page against its record, and the whole brief's PDF when the build made it. A page
    whose check key is in `passed` agreed before with exactly these inputs and is not read again."""
    problems = []
    agreed = set()
    for src, record in records.items():
        page = site / routes.page_url(src)
        if not page.exists():
            problems.append(f"{routes.page_url(src)}: page is missing")
            continue
        exports = {}
        for ext in ("bib", "ris", "json"):
            path = site / f"{routes.cite_export(record.key)}.{ext}"
            exports[ext] = path.read_text(encoding="utf-8") if path.exists() else ""
        text = page.read_text(encoding="utf-8")
        key = check_key(text, record, exports, citations.get(src), pdf=pdf)
        if key in passed:
            agreed.add(key)
            continue
        found = verify_page(text, record, exports, citations.get(src))
        if not pdf and links_to_pdf(text):
            found.append("links to the PDF, but this build makes none")
        if not found:
            agreed.add(key)
        problems += [f"{routes.page_url(src)}: {p}" for p in found]
    home = records.get(routes.HOME)
    if pdf and home is not None:
        path = site / PDF_PATH
        if not path.exists():
            problems.append(f"{PDF_PATH}: the PDF is missing")
        else:
            texts = (
                [citation_text(t) for t in citations[routes.HOME].by_style.values()] if routes.HOME in citations else []
            )
            expected = expected_metadata(home)
            key = _pdf_check_key(path.read_bytes(), repr(expected), texts)
            found = [] if key in passed else metadata_problems(path, expected, texts)
            if not found:
                agreed.add(key)
            problems += [f"{PDF_PATH}: {p}" for p in found]
    elif not pdf:
        declared = [src for src, r in records.items() if r.pdf_url]
        problems += [f"{routes.page_url(src)}: declares a PDF, but this build makes none" for src in declared]
    return Verified(problems, frozenset(agreed))


def links_to_pdf(page_html: str) -> bool:
    """Whether a page links to the whole brief's PDF or the research pack that holds it."""
    pdf, pack = re.escape(posixpath.basename(routes.PDF)), re.escape(routes.PACK_PREFIX)
    return bool(re.search(rf'href="[^"]*(?:{pdf}|{pack}[^"/]*\.zip)"', page_html))
