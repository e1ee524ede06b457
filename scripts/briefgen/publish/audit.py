"""Layer three of sanitising, and the link check: read every built page before publishing.

Fails on: an `on*` event-handler attribute; a URL with a scheme other than http, https or
mailto (`javascript:`, `data:` in links, `file:`); a `<script>` that is not the theme's or ours;
embedding elements (iframe, object, embed, form, base); a meta refresh, but the one of a moved
URL's stub (to a page of the site, outside any article); control characters; duplicate ids; and
every internal link whose page or anchor does not exist. MkDocs' strict mode sees none of the
raw-HTML links, so this is the check that does.
"""

from __future__ import annotations

import hashlib
import json
import os
import posixpath
import queue
import re
import subprocess
import sys
import threading
from dataclasses import asdict, dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import BinaryIO
from urllib.parse import unquote, urlsplit

from briefgen.base import routes
from briefgen.base.pathrules import LINK_PREFIXES
from briefgen.render.pagefile import MARKER_PREFIX

PAGE_MARKER = MARKER_PREFIX.removeprefix("<!--")

URL_ATTRIBUTES = {"href", "src", "action", "formaction", "poster", "srcset", "xlink:href", "cite", "data"}
FORBIDDEN_TAGS = {"iframe", "object", "embed", "form", "base", "frame", "frameset", "applet"}
SAFE_SCHEMES = {*LINK_PREFIXES, ""}
# Scripts the site may load: Material's bundle, our own asset, the offline search index.
ALLOWED_SCRIPT_SRC = re.compile(
    r"(^|/)assets/javascripts/bundle\.[0-9a-f]+\.min\.js$"
    r"|(^|/)brief/assets/[a-z-]+\.js$|(^|/)assets/briefgen\.js$|(^|/)assets/[a-z-]+\.js$"
    r"|(^|/)search/search_index\.js$"
)
# The theme's inline scripts (scope setup, palette, hash target), hashed with the page-relative
# base URL blanked: Material 9.8.1's three, and the scope setup of Zensical 0.0.73's copy of it
# (the other two are the same). A theme upgrade changes them: re-derive and pin again.
THEME_INLINE_SCRIPTS = {
    "ffcc0f7735fdab434d257c80e65cec2e88d716991e69757185b7e450e41a5b2f",
    "7eb3684fdacd2881f67b9428983273a29d8774d8bc82622af9b65a8ec1032a90",
    "0eb10c249dbdb0beef225a10ce5cbe55418cc4a7014cc208f8e7d6ed8f00906e",
    "213d571a86bd568ccb65bf92ca3cf95284d8c140997189b0272a503b72fa3988",
}
_REFRESH = re.compile(r"0; url=([^\s;'\"]+)")
_BASE_URL = re.compile(r'new URL\("[^"]*",location\)')
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


class _PageScan(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: list[str] = []
        self.links: list[str] = []
        self.problems: list[str] = []
        self._in_script = False
        self._in_moved = False
        self._script_text: list[str] = []
        self._article_depth = 0

    def updatepos(self, i: int, j: int) -> int:
        # Only line and column bookkeeping for getpos(), which the audit never reads; skipping
        # it makes the scan about a sixth faster and changes nothing that is parsed.
        return j

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:  # noqa: C901 - every check of one tag, in one pass over the page
        values = dict(attrs)
        # Only <article> tags count: stray end tags in the content must not end the article early.
        if tag == "article":
            self._article_depth += 1
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"event handler attribute {name}= on <{tag}>")
            if value is None:
                continue
            if CONTROL.search(value):
                self.problems.append(f"control character in the {name}= attribute of <{tag}>")
            if name == "id":
                self.ids.append(value)
            if name in URL_ATTRIBUTES:
                scheme = urlsplit(value.strip()).scheme.lower()
                if scheme not in SAFE_SCHEMES and not (tag in ("img", "link") and scheme == "data"):
                    self.problems.append(f"<{tag} {name}=\"{value[:60]}\"> uses the scheme '{scheme}:'")
                if name == "href" and tag == "a":
                    self.links.append(value)
            if name == "rel" and "attachment" in value.split():
                self.problems.append(f"<{tag} rel=attachment>")
        if tag in FORBIDDEN_TAGS and self._article_depth:
            self.problems.append(f"<{tag}> element in the content")
        elif tag in FORBIDDEN_TAGS and tag != "form":  # the theme's search box is the one form outside
            self.problems.append(f"<{tag}> element on the page")
        if tag in ("set", "animate") and (values.get("attributename") or "").lower() in ("href", "xlink:href"):
            self.problems.append(f"<{tag}> that changes a link (SVG animation of href)")
        if tag == "meta" and (values.get("http-equiv") or "").lower() == "refresh":
            # Only the stub left at a released URL that moved (released.py): at once, to a
            # page of this site, which is then checked like any link.
            found = _REFRESH.fullmatch(values.get("content") or "")
            local = found and not urlsplit(found.group(1)).scheme and not found.group(1).startswith("//")
            if found and local and not self._article_depth:
                self.links.append(found.group(1))
            else:
                self.problems.append(f'<meta http-equiv=refresh content="{(values.get("content") or "")[:60]}">')
        if tag == "script":
            src = values.get("src")
            script_type = (values.get("type") or "").lower()
            if src is not None:
                where = urlsplit(src.strip())
                if where.scheme or where.netloc or not ALLOWED_SCRIPT_SRC.search(src.split("?")[0]):
                    self.problems.append(f'<script src="{src}"> is not one of the site\'s scripts')
            elif script_type not in ("application/json", "application/ld+json"):
                self._in_script = True
                self._script_text = []
            elif values.get("id") == "bg-moved":
                self._in_moved = True
                self._script_text = []

    def handle_endtag(self, tag: str) -> None:
        if self._article_depth and tag == "article":
            self._article_depth -= 1
        if tag == "script" and self._in_moved:
            # Where released anchors that moved are forwarded to: links like any other.
            self._in_moved = False
            try:
                moved = json.loads("".join(self._script_text))
            except ValueError:
                moved = None
            if not isinstance(moved, dict) or not all(isinstance(v, str) for v in moved.values()):
                self.problems.append("#bg-moved is not a JSON object of URLs")
            else:
                self.links.extend(moved.values())
        if tag == "script" and self._in_script:
            self._in_script = False
            code = _BASE_URL.sub('new URL("",location)', "".join(self._script_text).strip())
            if hashlib.sha256(code.encode()).hexdigest() not in THEME_INLINE_SCRIPTS:
                self.problems.append(f"inline <script> that is not the theme's: {code[:60]!r}")

    def handle_comment(self, data: str) -> None:
        if data.startswith(PAGE_MARKER):
            self.problems.append(
                "a page briefgen rendered was not placed (its marker is in the built page: the engine "
                "did not run the briefgen.pagebody extension)"
            )

    def handle_data(self, data: str) -> None:
        if self._in_script or self._in_moved:
            self._script_text.append(data)
        if CONTROL.search(data):
            self.problems.append("control character in text")


@dataclass(frozen=True)
class PageScan:
    """What the audit reads from one page: its problems, ids and links."""

    problems: list[str]
    ids: list[str]
    links: list[str]


def scan_page(data: bytes) -> PageScan:
    """Scan one page's bytes. Pure: the same bytes always give the same scan, so a scan made
    before the file was written stands for the file when the bytes' hashes match."""
    # As Path.read_text(errors="replace") reads it: universal newlines.
    text = data.decode("utf-8", errors="replace").replace("\r\n", "\n").replace("\r", "\n")
    scan = _PageScan()
    scan.feed(text)
    scan.close()
    return PageScan(scan.problems, scan.ids, scan.links)


class Prescan:
    """Scans pages in a second process while MkDocs is still rendering the rest (the build is
    otherwise single-threaded). `audit_site` uses a scan only for a file whose sha256 equals that
    of the bytes the worker scanned, and scans anything else itself, so this only saves time.

    The worker is `python -m briefgen.publish.audit`, fed length-prefixed pages on stdin and answering
    one JSON line per page (multiprocessing's spawn would re-run the caller's main script)."""

    def __init__(self, known: dict[str, PageScan] | None = None) -> None:
        self._pages: queue.SimpleQueue[bytes | None] = queue.SimpleQueue()
        self._scans: dict[str, PageScan] = {}
        self._known = known or {}
        """Scans from earlier builds, by sha256 (read_scans): such pages are not scanned again."""
        self._hits: dict[str, PageScan] = {}
        # The worker must run this very code: put this package's folder first on its path.
        here = str(Path(__file__).resolve().parents[2])
        path = os.pathsep.join(p for p in (here, os.environ.get("PYTHONPATH", "")) if p)
        try:
            self._proc: subprocess.Popen[bytes] | None = subprocess.Popen(
                [sys.executable, "-m", "briefgen.publish.audit"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,  # a failed worker only means the audit scans in-process
                env={**os.environ, "PYTHONPATH": path},
            )
        except OSError:
            self._proc = None
            return
        # Threads, so that neither a full pipe nor a busy worker ever makes MkDocs wait.
        self._threads = [
            threading.Thread(target=self._feed, daemon=True),
            threading.Thread(target=self._read, daemon=True),
        ]
        for thread in self._threads:
            thread.start()

    def submit(self, data: bytes) -> None:
        if self._known:
            sha = hashlib.sha256(data).hexdigest()
            if sha in self._known:
                self._hits[sha] = self._known[sha]
                return
        if self._proc is not None:
            self._pages.put(data)

    def _feed(self) -> None:
        assert self._proc is not None and self._proc.stdin is not None
        stdin = self._proc.stdin
        try:
            while (data := self._pages.get()) is not None:
                stdin.write(len(data).to_bytes(8, "big") + data)
            stdin.close()
        except OSError:
            pass  # the worker died: the pages it did not answer for are scanned in-process

    def _read(self) -> None:
        assert self._proc is not None and self._proc.stdout is not None
        try:
            for line in self._proc.stdout:
                item = json.loads(line)
                self._scans[item["sha256"]] = PageScan(item["problems"], item["ids"], item["links"])
        except (OSError, ValueError, KeyError, TypeError):
            pass

    def results(self) -> dict[str, PageScan]:
        """Every scan of the pages submitted (the worker's and those known from earlier builds), by
        sha256 of the bytes scanned (waits for the worker)."""
        if self._proc is None:
            return dict(self._hits)
        self._pages.put(None)
        for thread in self._threads:
            thread.join()
        self._proc.wait()
        self._close_pipes()
        return {**self._hits, **self._scans}

    def close(self) -> None:
        """Stop the worker if it is still running (after a failed build)."""
        if self._proc is not None and self._proc.poll() is None:
            self._pages.put(None)
            self._proc.kill()
            self._proc.wait()
            for thread in self._threads:
                thread.join()
        self._close_pipes()

    def _close_pipes(self) -> None:
        if self._proc is not None:
            for pipe in (self._proc.stdin, self._proc.stdout):
                if pipe is not None and not pipe.closed:
                    pipe.close()


def site_files(site: Path) -> set[str]:
    """Every file of the built site, by path in it (what its links may reach)."""
    return {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}


def _serve(source: BinaryIO, sink: BinaryIO) -> None:
    """The Prescan worker: scan each length-prefixed page from `source`, answer on `sink`."""
    while header := source.read(8):
        data = source.read(int.from_bytes(header, "big"))
        scan = scan_page(data)
        item = {"sha256": hashlib.sha256(data).hexdigest(), **asdict(scan)}
        sink.write(json.dumps(item).encode() + b"\n")
        sink.flush()


def audit_site(site: Path, prescanned: dict[str, PageScan] | None = None) -> list[str]:
    """Problems found in the built site; empty when it may be published. `prescanned` holds
    scans of page bytes by sha256 (from Prescan, or kept from earlier builds); every other page
    is scanned here."""
    return site_problems(site, scan_site(site, prescanned))


def scan_site(site: Path, prescanned: dict[str, PageScan] | None = None) -> dict[str, tuple[str, PageScan]]:
    """Every page of the built site: its path -> the sha256 of its bytes and its scan (from
    `prescanned` when it has one for those bytes)."""
    known = prescanned or {}
    scans = {}
    for path in sorted(site.rglob(f"*{routes.PAGE_SUFFIX}")):
        data = path.read_bytes()
        sha = hashlib.sha256(data).hexdigest()
        scan = known.get(sha)
        scans[path.relative_to(site).as_posix()] = (sha, scan if scan is not None else scan_page(data))
    return scans


def site_problems(site: Path, scans: dict[str, tuple[str, PageScan]], files: set[str] | None = None) -> list[str]:
    """The problems of a built site whose pages `scan_site` scanned (`files`: `site_files`)."""
    problems: list[str] = []
    pages: dict[str, PageScan] = {}
    for rel, (_, scan) in scans.items():
        pages[rel] = scan
        problems.extend(f"{rel}: {p}" for p in scan.problems)
        seen: set[str] = set()
        for ident in scan.ids:
            if ident in seen:
                problems.append(f"{rel}: duplicate id '{ident}'")
            seen.add(ident)
    files = site_files(site) if files is None else files
    ids = {rel: set(scan.ids) for rel, scan in pages.items()}
    # The same link from the same folder resolves the same way: every page repeats the nav.
    resolved: dict[tuple[str, str], str | None] = {}
    for rel, scan in pages.items():
        if posixpath.basename(rel) == routes.NOT_FOUND:
            continue  # its links are absolute to the site root by design (also the copies under v/)
        folder = posixpath.dirname(rel)
        for link in scan.links:
            if not link or link[0] in "#?":
                problem = _check_link(rel, link, ids, files)
            else:
                if (folder, link) not in resolved:
                    resolved[(folder, link)] = _check_link(rel, link, ids, files)
                problem = resolved[(folder, link)]
            if problem:
                problems.append(f"{rel}: {problem}")
    return sorted(set(problems))


_URL_UNSAFE = str.maketrans("", "", "\t\r\n")
"""What urlsplit drops from anywhere in a URL."""


def anchor_fragment(link: str) -> str:
    """The fragment of a link that starts with `#`, as urlsplit reads it (faster: most links are
    anchors on the page itself)."""
    return link[1:].translate(_URL_UNSAFE)


def _check_link(page: str, link: str, ids: dict[str, set[str]], files: set[str]) -> str | None:
    if link[:1] == "#":
        return _check_target(link, page, unquote(anchor_fragment(link)), ids, files)
    parts = urlsplit(link)
    if parts.scheme or parts.netloc or link.startswith("//"):
        return None
    path = unquote(parts.path)
    target = page if not path else posixpath.normpath(posixpath.join(posixpath.dirname(page), path))
    if target.endswith("/") or target == ".":
        home = routes.page_url(routes.HOME)
        target = posixpath.join(target.rstrip("/"), home).lstrip("./") if target != "." else home
    return _check_target(link, target, unquote(parts.fragment), ids, files)


def _check_target(link: str, target: str, fragment: str, ids: dict[str, set[str]], files: set[str]) -> str | None:
    if target.startswith("../"):
        return f"link '{link}' leaves the site"
    if target not in files:
        return f"broken link '{link}' (no file {target})"
    if fragment and target in ids and fragment not in ids[target]:
        return f"broken link '{link}' (no anchor '#{fragment}' on {target})"
    return None


if __name__ == "__main__":
    _serve(sys.stdin.buffer, sys.stdout.buffer)
