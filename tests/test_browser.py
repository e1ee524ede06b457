"""The built brief in a real browser: Debian's Chromium driven by Playwright's sync API.

One build of the repository's own brief per session, served from 127.0.0.1 by http.server in a
thread. Chromium is started so that it cannot reach anything but that server (see CHROMIUM_ARGS),
and a test checks that it did not try. Never run `playwright install`: the tests use
/usr/bin/chromium through `executable_path`.

Missing Chromium or node_modules/axe-core (`make test` installs both) skips the tests, or fails
them when CI is set.
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import re
import shutil
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Locator, Page, ViewportSize, expect, sync_playwright

from briefgen.pipeline.build import build

from .conftest import REPO, real_copy_of, require

pytestmark = pytest.mark.browser

AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
SHOTS = Path(os.environ.get("BRIEFGEN_SHOTS", REPO / "tests" / ".artifacts" / "browser"))
"""Where the layout test leaves its screenshots (git-ignored)."""

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    # No connection may leave the machine: every host name but 127.0.0.1 fails to resolve, and
    # every proxied connection goes to a closed port. `<-loopback>` stops Chromium's implicit
    # proxy bypass for loopback names (localhost, [::1]); 127.0.0.1, where the test server is,
    # is then bypassed explicitly, or the site itself would go to the dead proxy.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
    "--proxy-server=http://127.0.0.1:9",
    "--proxy-bypass-list=<-loopback>;127.0.0.1",
]
DESKTOP: ViewportSize = {"width": 1280, "height": 900}
PHONE: ViewportSize = {"width": 375, "height": 812}
Scheme = Literal["light", "dark"]

HOME = "index.html"
PART = "brief/feng/background.html"
HIERARCHY = "brief/asmolov-priorities.html"
MATRIX = "brief/asmolov-priorities/matrix.html"
WORKS = "brief/works.html"


# --------------------------------------------------------------------------- session fixtures


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = real_copy_of(REPO, tmp_path_factory.mktemp("browser") / "brief")
    build(project, pdf=False)
    return project.site_dir


class _Handler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # the browser drops connections when it navigates away; nothing to report


@pytest.fixture(scope="session")
def base_url(site: Path) -> Iterator[str]:
    server = _Server(("127.0.0.1", 0), functools.partial(_Handler, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    chromium = Path(shutil.which("chromium") or "/usr/bin/chromium")
    require(chromium, "Chromium", "install the Debian package chromium (`make test` does)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(chromium), headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@dataclass
class Tab:
    """One browser context and page, with everything it requested and every script error."""

    page: Page
    base: str
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def open(self, path: str, *, idle: bool = False) -> Page:
        """Go to `path`; with `idle`, also wait until the network has been quiet for 0.5 s."""
        self.page.goto(self.base + path, wait_until="networkidle" if idle else "load")
        return self.page


def open_tab(browser: Browser, base: str, viewport: ViewportSize, color_scheme: Scheme = "light") -> Tab:
    context = browser.new_context(viewport=viewport, locale="en-GB", color_scheme=color_scheme)
    context.set_default_timeout(10_000)
    tab = Tab(context.new_page(), base)
    context.on("request", lambda request: tab.requests.append(request.url))
    tab.page.on("pageerror", lambda error: tab.errors.append(str(error)))
    return tab


@pytest.fixture
def tab(browser: Browser, base_url: str) -> Iterator[Tab]:
    tab = open_tab(browser, base_url, DESKTOP)
    yield tab
    tab.page.context.close()
    assert not tab.errors, f"uncaught script errors: {tab.errors}"


# --------------------------------------------------------------------------- helpers


def search(tab: Tab, query: str) -> list[str]:
    """Type `query` into Material's search box; the pages in the results, relative to the site."""
    page = tab.page
    box = page.locator("input.md-search__input")
    if not box.is_visible():  # on a phone the box hides behind the header's search button
        page.locator("label.md-header__button[for='__search']").click()
        expect(box).to_be_visible()
    box.fill(query)
    # Material searches on keyup only, and fill() sends no key events: press one (pitfall 1).
    box.press("End")
    # "No matching documents", "1 matching document", "3 matching documents", once the index is ready
    meta = page.locator(".md-search-result__meta")
    expect(meta).to_have_text(re.compile("matching document"))
    found = re.match(r"(\d+)", meta.inner_text())
    total = int(found.group(1)) if found else 0 if meta.inner_text().startswith("No") else 1
    items = page.locator(".md-search-result__item")
    for _ in range(50):  # Material renders 10 results, then 4 more each time the list's end shows
        if items.count() >= total:
            break
        page.locator(".md-search__scrollwrap").evaluate("e => { e.scrollTop = e.scrollHeight; }")
        page.wait_for_timeout(50)
    links = page.locator(".md-search-result__item a.md-search-result__link")
    hrefs: list[str] = links.evaluate_all("links => links.map(a => new URL(a.href).pathname)")
    root = urlsplit(tab.base).path
    return sorted({h.removeprefix(root) for h in hrefs})


def page_words(site: Path) -> dict[str, set[str]]:
    """Every word of every page, as the search index (site/search/search_index.json) has them."""
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    words: dict[str, set[str]] = {}
    for doc in index["docs"]:
        text = re.sub(r"<[^>]+>", " ", f"{doc['title']} {doc['text']}").lower()
        words.setdefault(doc["location"].split("#")[0], set()).update(re.findall(r"\w+", text))
    return words


# --------------------------------------------------------------------------- search


@pytest.mark.parametrize(
    ("query", "present", "page"),
    [
        # Russian: the page has only other forms of the word.
        ("санкциями", "санкции", "brief/glossary.html"),
        ("отношениях", "отношения", "brief/feng/eurasian-security.html"),
        # English plural -> singular: "policies" is not on the glossary page, "policy" is.
        ("policies", "policy", "brief/glossary.html"),
    ],
)
def test_search_finds_other_word_forms(tab: Tab, site: Path, query: str, present: str, page: str) -> None:
    words = page_words(site)
    assert present in words[page] and query not in words[page], (
        f"test data: {page} must contain {present!r} and not {query!r}; pick other words"
    )
    tab.open(HOME)
    assert page in search(tab, query)
    # The search term is marked in the results, and no "Missing:" line says it was not found.
    expect(tab.page.locator(".md-search-result__item mark").first).to_be_visible()
    expect(tab.page.locator(".md-search-result__item").first.locator(".md-search-result__terms")).to_have_count(0)


@pytest.mark.parametrize(
    ("query", "page"),
    [
        ("санкции", "brief/glossary.html"),  # the exact form
        ("санк", "brief/glossary.html"),  # a prefix
        ("strategy", HIERARCHY),  # English as before
        ("Russia", HOME),
        ("КНДР", PART),  # no vowel after the first letter: kept whole
    ],
)
def test_search_still_finds_exact_words_and_prefixes(tab: Tab, query: str, page: str) -> None:
    tab.open(HOME)
    assert page in search(tab, query)


def test_query_words_become_stem_prefixes(tab: Tab) -> None:
    """briefgen-search.js: what the search worker is sent instead of the reader's words."""
    page = tab.open(HOME)
    cases = {
        "санкциями": "санкц",
        "Отношениях": "отношен",
        "безопасности": "безопасн",
        "всё": "все",  # ё is searched as е
        "policies": "polici",
        "policy": "polic",  # the common prefix of "policy" and its stem "polici"
        "Russia": "russia",
        "оно": "оно",  # a stem shorter than 3 letters would match too much: kept whole
        # Quotes, +/- and lunr syntax survive; Chinese is left to Material's segmenter.
        '"санкциями США" +policies -КНДР tre* title:договор 王毅': '"санкц сша" +polici -кндр tre* title:договор 王毅',
        "«санкции»,": "санкц",
    }
    got = page.evaluate("cases => cases.map(q => window.briefgenSearch.transformQuery(q))", list(cases))
    assert dict(zip(cases, got, strict=True)) == cases
    # The index gets, per field, only what a prefix search of the text cannot reach.
    extra = page.evaluate("window.briefgenSearch.extraTerms('<p>A policy (КНДР) and «санкции»; всё.</p>', /[\\s\\-]+/)")
    assert sorted(extra.split()) == ["polici", "все", "кндр", "санкции"]


def test_search_lands_on_the_claim_with_the_stemmed_word_marked(tab: Tab, site: Path) -> None:
    """ "treaties" is searched as "treati" (the stem), which is not how the page spells it: the
    result still lands on the claim itself (not on "Claims" above it) with "treaty" marked."""
    claim, part = "bg-treaty-1961", PART
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    text = next(d["text"] for d in index["docs"] if d["location"] == f"{part}#{claim}").lower()
    assert "treaty" in text and "treaties" not in text, "test data: pick another claim"
    page = tab.open(HOME)
    search(tab, "treaties")
    link = page.locator(f"a.md-search-result__link[href*='{part.rsplit('/', 1)[-1]}'][href$='#{claim}']")
    expect(link).to_have_count(1)
    # Material passes the page the words to mark: the page's own spelling, not the stem.
    expect(link).to_have_attribute("href", re.compile(r"\?h=treaty#"))
    expect(link.locator("h2")).to_have_text("Claim §3.4")
    more = page.locator("details.md-search-result__more").filter(has=link)
    if more.count():  # ranked below the page's best sections: under "N more on this page"
        more.locator("summary").click()
    link.click()
    page.wait_for_url(f"**/{part}?h=treaty#{claim}")
    target = page.locator(f"div.bg-claim[id='{claim}']")
    expect(target).to_be_in_viewport()
    marked = target.locator("mark[data-md-highlight]")
    expect(marked.first).to_be_visible()
    assert {m.lower() for m in marked.all_inner_texts()} == {"treaty"}


def test_result_snippets_are_text_not_the_edition_line(tab: Tab) -> None:
    tab.open(HOME)
    search(tab, "Soviet")
    snippets = tab.page.locator(".md-search-result__article").all_inner_texts()
    assert snippets
    assert not [s for s in snippets if "last changed" in s or "Version 1.0 ·" in s]


def test_search_on_a_phone(browser: Browser, base_url: str) -> None:
    tab = open_tab(browser, base_url, PHONE)
    try:
        tab.open(PART)
        assert "brief/glossary.html" in search(tab, "санкциями")
    finally:
        tab.page.context.close()


# --------------------------------------------------------------------------- links and switches


def test_citation_goes_to_its_entry_and_back_to_the_claim(tab: Tab) -> None:
    page = tab.open(PART)
    cite = page.locator("div.bg-claim span.bg-cite a").first
    claim = cite.evaluate("a => a.closest('div.bg-claim').id")
    key = (cite.get_attribute("href") or "").split("#")[1]
    assert key.startswith("ref-"), key
    cite.click()
    page.wait_for_url(f"**/{WORKS}#{key}")
    entry = page.locator(f"li[id='{key}']")
    expect(entry).to_be_in_viewport()
    assert page.evaluate("document.querySelector(':target')?.id") == key
    back = entry.locator(f"p.bg-cited-in a[href$='{PART.rsplit('/', maxsplit=1)[-1]}#{claim}']")
    expect(back).to_have_count(1)
    back.click()
    page.wait_for_url(f"**/{PART}#{claim}")
    expect(page.locator(f"div.bg-claim[id='{claim}']")).to_be_in_viewport()
    assert page.evaluate("document.querySelector(':target')?.id") == claim


def test_works_style_switch_changes_entries_without_reloading(tab: Tab) -> None:
    page = tab.open(WORKS)
    first = page.locator("ol.bg-works > li").first
    expect(first.locator(".bg-entry[data-style='gost']")).to_be_visible()
    expect(first.locator(".bg-entry[data-style='apa']")).to_be_hidden()
    page.evaluate("window.briefgenNotReloaded = true")
    page.locator(".bg-style-switch button[data-style='apa']").first.click()
    expect(first.locator(".bg-entry[data-style='apa']")).to_be_visible()
    expect(first.locator(".bg-entry[data-style='gost']")).to_be_hidden()
    expect(page.locator(".bg-style-switch button[data-style='apa']").first).to_have_attribute("aria-pressed", "true")
    expect(page.locator(".bg-style-switch button[data-style='gost']").first).to_have_attribute("aria-pressed", "false")
    assert page.evaluate("window.briefgenNotReloaded") is True


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_matrix_cell_link_lands_on_its_claim(browser: Browser, base_url: str, viewport: ViewportSize) -> None:
    tab = open_tab(browser, base_url, viewport)
    try:
        page = tab.open(MATRIX)
        # The last cell of the first linked row: on a phone it sits past the table's own scroll.
        link = page.locator("table.bg-matrix-table tr:has(li.bg-matrix-link)").first.locator("li.bg-matrix-link > a")
        link = link.last
        href = link.get_attribute("href") or ""
        part, _, claim = href.rpartition("#")
        assert claim and part.endswith(".html"), href
        # The link's note: as a tooltip, and as a numbered note below the table.
        expect(link).to_have_attribute("title", re.compile(r"^(continuity|change|tension): \S"))
        link.click()
        page.wait_for_url(f"**/{part.rsplit('/', 1)[-1]}#{claim}")
        expect(page.locator(f"div.bg-claim[id='{claim}']")).to_be_in_viewport()
        assert page.evaluate("document.querySelector(':target')?.id") == claim
        assert not tab.errors, tab.errors
    finally:
        tab.page.context.close()


def test_matrix_note_number_goes_to_its_note_and_back(tab: Tab) -> None:
    page = tab.open(MATRIX)
    page.locator("a.bg-matrix-noteref").nth(2).click()
    page.wait_for_url("**#matrix-note-3")
    note = page.locator("li#matrix-note-3")
    expect(note).to_be_in_viewport()
    note.locator("a.bg-matrix-back").click()
    page.wait_for_url("**#matrix-ref-3")
    expect(page.locator("a#matrix-ref-3")).to_be_in_viewport()


# --------------------------------------------------------------------------- layout


@pytest.mark.parametrize("path", [HOME, PART, WORKS, HIERARCHY, MATRIX])
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_no_horizontal_scroll(browser: Browser, base_url: str, path: str, viewport: ViewportSize) -> None:
    tab = open_tab(browser, base_url, viewport)
    try:
        page = tab.open(path)
        SHOTS.mkdir(parents=True, exist_ok=True)
        name = path.removesuffix(".html").replace("/", "-")
        page.screenshot(path=str(SHOTS / f"{name}-{viewport['width']}.png"), full_page=True)
        width, scroll = page.evaluate("[innerWidth, document.documentElement.scrollWidth]")
        wide = page.evaluate(
            """() => [...document.querySelectorAll('.md-main *')]
                .filter(e => e.getBoundingClientRect().right > innerWidth + 1 && e.getClientRects().length)
                .slice(0, 5).map(e => e.outerHTML.slice(0, 120))"""
        )
        assert scroll <= width, f"{path} scrolls sideways at {width} px ({scroll} px wide): {wide}"
        assert not tab.errors, tab.errors
    finally:
        tab.page.context.close()


@pytest.mark.parametrize("path", [HOME, PART, WORKS, MATRIX, "brief/glossary.html"])
def test_tap_targets_at_least_24_px_on_a_phone(browser: Browser, base_url: str, path: str) -> None:
    """WCAG 2.2 (2.5.8): "cite §N", "Copy", the style switch and every other button are at least
    24 × 24 CSS px at 375 px; axe-core's target-size rule agrees for every target on the page."""
    tab = open_tab(browser, base_url, PHONE)
    try:
        page = tab.open(path)
        sizes = page.locator(".md-main button").evaluate_all(
            """buttons => buttons.filter(b => b.getClientRects().length).map(b => {
                const r = b.getBoundingClientRect();
                return [b.className + ' ' + b.textContent.trim(), r.width, r.height];
            })"""
        )
        if path in (PART, WORKS):
            assert sizes, "no buttons found"
        small = [s for s in sizes if s[1] < 24 or s[2] < 24]
        assert not small, small
        if AXE.exists() or os.environ.get("CI"):
            require(AXE, "axe-core", "run `make test`, which installs it from npm into node_modules/")
            page.add_script_tag(path=str(AXE))
            found = page.evaluate(
                """async () => (await axe.run(document, {runOnly: ['target-size']})).violations
                    .flatMap(v => v.nodes.map(n => n.html.slice(0, 100)))"""
            )
            assert found == [], found
    finally:
        tab.page.context.close()


def test_matrix_says_it_scrolls_sideways_and_opens_on_linked_parts(browser: Browser, base_url: str) -> None:
    tab = open_tab(browser, base_url, PHONE)
    try:
        page = tab.open(MATRIX)
        box = page.locator(".bg-matrix")
        hint = page.locator(".bg-matrix-hint")
        assert box.evaluate("b => b.scrollWidth > b.clientWidth")
        expect(hint).to_be_visible()
        expect(hint).to_contain_text("scroll it sideways")
        assert hint.evaluate("h => h.nextElementSibling.classList.contains('bg-matrix')")
        # No column is dashes only: the first one beside the priorities has linked claims.
        first = page.locator("table.bg-matrix-table tbody tr:not(.bg-matrix-tier) td:nth-of-type(1)")
        assert first.locator("li.bg-matrix-link").count() > 0
        columns = page.locator("th.bg-matrix-part").count()
        for i in range(1, columns + 1):
            cells = page.locator(f"table.bg-matrix-table tbody tr:not(.bg-matrix-tier) td:nth-of-type({i})")
            assert cells.locator("li.bg-matrix-link").count() > 0, f"column {i} is all dashes"
        # Wide enough for the table, the hint goes; narrow again, it comes back.
        page.set_viewport_size({"width": 2400, "height": 900})
        if not box.evaluate("b => b.scrollWidth > b.clientWidth"):
            expect(hint).to_be_hidden()
        page.set_viewport_size(PHONE)
        expect(hint).to_be_visible()
    finally:
        tab.page.context.close()


# --------------------------------------------------------------------------- accessibility

# Violations in Material for MkDocs 9.8.1's own markup, which briefgen neither writes nor styles:
# (axe rule, CSS selector of the element or of an ancestor). Everything else must pass.
THEME_ALLOWED = [
    # Footer "Made with Material for MkDocs": #7f7f7f on #171717, 4.47:1.
    ("color-contrast", ".md-copyright"),
    # Search overlay: "N matching documents" (4.41:1 light, 4.0:1 dark) and the highlighted
    # search term, accent #526cfe (4.25:1 on white, 3.7:1 on slate).
    ("color-contrast", ".md-search-result__meta"),
    ("color-contrast", ".md-search-result mark"),
    # Phone navigation drawer: section titles, #6d6d6d on #ededed, 4.41:1.
    ("color-contrast", ".md-nav__title"),
]

AXE_RUN = """async allowed => {
    const result = await axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa']}});
    const problems = [];
    for (const v of result.violations) {
        if (v.impact !== 'serious' && v.impact !== 'critical') continue;
        for (const node of v.nodes) {
            const el = document.querySelector(node.target[0]);
            if (el && allowed.some(([rule, selector]) => rule === v.id && el.closest(selector))) continue;
            problems.push(`${v.id} (${v.impact}) ${node.target.join(' ')}: ${node.html.slice(0, 100)} | `
                + node.failureSummary.replace(/\\s+/g, ' ').slice(0, 220));
        }
    }
    return problems;
}"""


def axe_problems(page: Page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    problems: list[str] = page.evaluate(AXE_RUN, [list(entry) for entry in THEME_ALLOWED])
    return problems


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize(
    "path",
    [
        HOME,
        f"{PART}#bg-soviet-aid",
        HIERARCHY,
        MATRIX,
        WORKS,
        "brief/glossary.html",
        "brief/timeline.html",
        "brief/changelog.html",
    ],
)
def test_axe_finds_no_serious_violation(browser: Browser, base_url: str, path: str, scheme: Scheme) -> None:
    require(AXE, "axe-core", "run `make test`, which installs it from npm into node_modules/")
    tab = open_tab(browser, base_url, DESKTOP, color_scheme=scheme)
    try:
        page = tab.open(path)
        if path == WORKS:
            page.locator(".bg-style-switch button[data-style='apa']").first.click()
        problems = axe_problems(page)
        assert not problems, "\n".join(problems)
    finally:
        tab.page.context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_search_and_phone_navigation(browser: Browser, base_url: str, scheme: Scheme) -> None:
    require(AXE, "axe-core", "run `make test`, which installs it from npm into node_modules/")
    tab = open_tab(browser, base_url, PHONE, color_scheme=scheme)
    try:
        page = tab.open(HOME)
        search(tab, "санкциями")
        problems = axe_problems(page)
        assert not problems, "search overlay:\n" + "\n".join(problems)
        page.keyboard.press("Escape")
        page.locator("label.md-header__button[for='__drawer']").click()
        expect(page.locator("nav.md-nav--primary")).to_be_in_viewport()
        problems = axe_problems(page)
        assert not problems, "\n".join(problems)
    finally:
        tab.page.context.close()


# --------------------------------------------------------------------------- network and file://


def test_browser_requests_nothing_outside_127_0_0_1(tab: Tab) -> None:
    for path in (HOME, PART, HIERARCHY, MATRIX, WORKS, "brief/glossary.html", "about.html"):
        tab.open(path, idle=True)
    search(tab, "санкциями")
    tab.page.locator("a.md-search-result__link").first.click()
    tab.page.wait_for_load_state("networkidle")
    assert any("search_index.json" in url for url in tab.requests), "the search index was never requested"
    outside = [
        url
        for url in tab.requests
        if urlsplit(url).scheme not in ("data", "blob") and urlsplit(url).hostname != "127.0.0.1"
    ]
    assert not outside, outside


def test_pages_work_from_file_urls(browser: Browser, site: Path) -> None:
    """From a folder, our scripts run and citation links work as online."""
    tab = open_tab(browser, site.as_uri() + "/", DESKTOP)
    try:
        page = tab.open(HOME)
        assert page.evaluate("typeof window.briefgenSearch.transformQuery") == "function"
        tab.open(PART)
        cite = page.locator("span.bg-cite a").first
        key = (cite.get_attribute("href") or "").split("#")[1]
        cite.click()
        page.wait_for_url(f"**/{WORKS}#{key}")
        expect(page.locator(f"li[id='{key}']")).to_be_in_viewport()
        assert not tab.errors, tab.errors
        assert all(urlsplit(url).scheme in ("file", "data", "blob") for url in tab.requests), tab.requests
    finally:
        tab.page.context.close()


def test_works_style_switch_from_a_file_url(browser: Browser, site: Path) -> None:
    tab = open_tab(browser, site.as_uri() + "/", DESKTOP)
    try:
        page = tab.open(WORKS)
        page.locator(".bg-style-switch button[data-style='apa']").first.click()
        expect(page.locator("ol.bg-works > li").first.locator(".bg-entry[data-style='apa']")).to_be_visible(
            timeout=2000
        )
    finally:
        tab.page.context.close()


def test_search_from_a_file_url_finds_word_forms(browser: Browser, site: Path) -> None:
    """The standard build is the offline build: opened from a folder, search runs (Material's
    offline plugin with our own worker shim, no CDN) and finds other word forms too."""
    tab = open_tab(browser, site.as_uri() + "/", DESKTOP)
    try:
        page = tab.open(HOME)
        assert page.evaluate("window.Worker === window.IFrameWorker")
        assert "brief/glossary.html" in search(tab, "санкциями")
        assert "brief/glossary.html" in search(tab, "sanction")
        assert not tab.errors, tab.errors
        assert all(urlsplit(url).scheme in ("file", "data", "blob", "about") for url in tab.requests), tab.requests
    finally:
        tab.page.context.close()


def test_worker_shim_stays_out_of_the_way_online(tab: Tab) -> None:
    """Over http the browser's own Worker runs search; the shim replaces nothing."""
    page = tab.open(HOME)
    assert page.evaluate("typeof window.IFrameWorker") == "undefined"
    assert "[native code]" in page.evaluate("window.Worker.toString()")
    assert "brief/glossary.html" in search(tab, "санкциями")


def test_released_urls_that_moved_still_land_on_their_claim(browser: Browser, tmp_path: Path) -> None:
    """A cited URL keeps working after its part and its claim were renamed (with `redirects:`):
    the old page's stub and the anchor map forward to the claim, from a folder too."""
    project = real_copy_of(REPO, tmp_path / "moved")
    for name in ("article.yml", "priorities.yml"):
        path = project.content_dir / name
        text = path.read_text(encoding="utf-8").replace("bg-pragmatic-turn", "bg-pragmatic-shift")
        path.write_text(text.replace("      - id: background\n", "      - id: origins\n"), encoding="utf-8")
    with (project.content_dir / "brief.yml").open("a", encoding="utf-8") as brief:
        brief.write("redirects:\n  background: origins\n  bg-pragmatic-turn: bg-pragmatic-shift\n")
    build(project, pdf=False)
    tab = open_tab(browser, project.site_dir.as_uri() + "/", DESKTOP)
    try:
        page = tab.open(f"{PART}#bg-pragmatic-turn")
        page.wait_for_url("**/brief/feng/origins.html#bg-pragmatic-shift")
        expect(page.locator("[id='bg-pragmatic-shift']")).to_be_in_viewport()
        page = tab.open(PART)
        page.wait_for_url("**/brief/feng/origins.html")
        assert not tab.errors, tab.errors
    finally:
        tab.page.context.close()


def test_a_withdrawn_claims_old_url_explains_itself_from_a_folder(browser: Browser, tmp_path: Path) -> None:
    """Version 1.2 withdraws a claim of 1.1: its cited URL, opened from a folder (no server, no
    script needed), shows why it was withdrawn and links to the text as released; the note is
    hidden when the anchor is not the target."""
    project = real_copy_of(REPO, tmp_path / "withdrawn")
    article = project.content_dir / "article.yml"
    text = article.read_text(encoding="utf-8")
    found = re.search(r"^          - id: cn-limited-chinese-leverage\n(?:^            .*\n)*", text, re.M)
    assert found is not None
    article.write_text(text.replace(found.group(0), ""), encoding="utf-8")
    brief = project.content_dir / "brief.yml"
    text = brief.read_text(encoding="utf-8").replace('\nversion: "1.1"', '\nversion: "1.2"')
    brief.write_text(
        text.replace('\npublished: "2026-12-03"', '\npublished: "2026-12-20"')
        + 'withdrawn:\n  - id: cn-limited-chinese-leverage\n    reason: "Two of the author\'s points were run together."\n',
        encoding="utf-8",
    )
    build(project, pdf=False)
    tab = open_tab(browser, project.site_dir.as_uri() + "/", DESKTOP)
    try:
        page = tab.open("brief/feng/china-position.html#cn-limited-chinese-leverage")
        note = page.locator("[id='cn-limited-chinese-leverage']")
        expect(note).to_be_visible()
        expect(note).to_be_in_viewport()
        expect(note).to_contain_text(
            "§4.13 was withdrawn in version 1.2. Two of the author's points were run together."
        )
        link = note.locator("a", has_text="The claim as released in 1.1")
        assert link.get_attribute("href") == (
            "https://example.org/rus-dprk-brief/v/1.1/brief/feng/china-position.html#cn-limited-chinese-leverage"
        )
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / "withdrawn-claim.png"))
        page = tab.open("brief/feng/china-position.html")
        expect(page.locator("[id='cn-limited-chinese-leverage']")).to_be_hidden()
        page = tab.open("brief/changelog.html#v1-2-cn-limited-chinese-leverage")
        expect(page.locator("[id='v1-2-cn-limited-chinese-leverage']")).to_contain_text("withdrawn")
        assert not tab.errors, tab.errors
    finally:
        tab.page.context.close()


def test_changes_page_shows_claim_diffs(browser: Browser, base_url: str, tab: Tab) -> None:
    """The real brief's Changes page: version 1.1's claims with their word diffs, readable in
    both colour schemes (screenshots for a person to look at; axe checks the contrast)."""
    page = tab.open("brief/changelog.html#v1-1-claims")
    changes = page.locator(".bg-claim-change")
    assert changes.count() == 13
    first = changes.first
    expect(first.locator("del").first).to_be_visible()
    expect(first.locator("ins").first).to_be_visible()
    # The screen-reader words are there, and invisible.
    assert first.locator(".bg-sr-only").first.bounding_box()["width"] <= 1  # type: ignore[index]
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "changes-1280.png"), full_page=True)
    dark = open_tab(browser, base_url, DESKTOP, color_scheme="dark")
    try:
        dark.open("brief/changelog.html#v1-1-claims").locator(".bg-claim-change").first.screenshot(
            path=str(SHOTS / "changes-claim-dark.png")
        )
    finally:
        dark.page.context.close()
    status = tab.open(PART).locator(".bg-claim-status").first
    expect(status).to_have_text(re.compile(r"^(unchanged since 1\.0|changed in 1\.1 \((substantive|minor)\))$"))


def test_cite_block_downloads_parse_and_agree_with_the_page(tab: Tab) -> None:
    """Download each export from the cite block, as a reader would, and read it back."""
    import pybtex.database
    import rispy

    page = tab.open(PART)
    record = json.loads(page.locator("script#bg-record").text_content() or "{}")
    got: dict[str, str] = {}
    for label in ("BibTeX", "RIS", "CSL-JSON"):
        with page.expect_download() as info:
            page.locator(".bg-cite-exports a", has_text=label).click()
        path = info.value.path()
        got[label] = Path(path).read_text(encoding="utf-8")
        assert info.value.suggested_filename.startswith("brief-feng-background.")
    [bib] = pybtex.database.parse_string(got["BibTeX"], "bibtex").entries.values()
    [ris] = rispy.loads(got["RIS"])
    [csl] = json.loads(got["CSL-JSON"])
    assert bib.fields["title"] == ris["title"] == csl["title"] == record["title"]
    assert bib.fields["url"] == ris["urls"][0] == csl["URL"] == record["url"]


# --------------------------------------------------------------------------- terms and previews


def tip_of(page: Page, trigger: Locator) -> Locator:
    """The tooltip a trigger names (data-bg-tip), checked against its aria-describedby."""
    tip_id = trigger.get_attribute("data-bg-tip") or ""
    assert tip_id and trigger.get_attribute("aria-describedby") == tip_id
    return page.locator(f"[id='{tip_id}']")


def words(text: str) -> str:
    return " ".join(text.split())


def test_term_is_marked_once_with_a_tooltip_on_hover_focus_and_escape(tab: Tab) -> None:
    page = tab.open(PART)
    # Each term is marked once, and no later link to it points at a tooltip.
    later = page.evaluate(
        """() => [...document.querySelectorAll('.bg-term-first')].flatMap(first => {
            const id = first.getAttribute('data-bg-tip');
            const anchor = document.getElementById(id).querySelector('a.bg-tip-link').hash;
            return [...document.querySelectorAll(`.md-content a[href$="${anchor}"]`)]
                .filter(a => a !== first && a.hasAttribute('data-bg-tip') && !a.closest('[role=tooltip]'))
                .map(a => a.outerHTML);
        })"""
    )
    assert later == []
    marks = page.locator(".md-content .bg-term-first")
    assert marks.count() >= 5
    assert len(set(marks.evaluate_all("els => els.map(e => e.getAttribute('data-bg-tip'))"))) == marks.count()
    term = page.locator(".md-content .bg-term-auto", has_text="DPRK").first
    tip = tip_of(page, term)
    expect(tip).to_be_hidden()
    expect(tip).to_have_attribute("role", "tooltip")
    term.hover()
    expect(tip).to_be_visible()
    expect(tip).to_contain_text("КНДР — DPRK")
    expect(tip).to_contain_text("Democratic People's Republic of Korea")
    # (instant navigation makes every internal href absolute)
    expect(tip.locator("a.bg-tip-link")).to_have_attribute("href", re.compile(r"/brief/glossary\.html#kndr$"))
    page.keyboard.press("Escape")
    expect(tip).to_be_hidden()
    page.mouse.move(0, 0)
    # Keyboard: focus shows it, Tab goes into its link, Escape hides it and returns to the term.
    term.focus()
    expect(tip).to_be_visible()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.classList.contains('bg-tip-link')")
    expect(tip).to_be_visible()
    page.keyboard.press("Escape")
    expect(tip).to_be_hidden()
    assert page.evaluate("document.activeElement.getAttribute('data-bg-tip')") == tip.get_attribute("id")
    # Moving off the term hides it (after a short delay that lets the pointer reach the tooltip).
    term.hover()
    expect(tip).to_be_visible()
    page.mouse.move(0, 0)
    expect(tip).to_be_hidden()


def test_tooltips_open_by_tap_on_a_phone(browser: Browser, base_url: str) -> None:
    context = browser.new_context(viewport=PHONE, has_touch=True, is_mobile=True, locale="en-GB")
    try:
        page = context.new_page()
        page.goto(base_url + PART)
        term = page.locator(".md-content .bg-term-auto").first
        tip = tip_of(page, term)
        term.tap()
        expect(tip).to_be_visible()
        box, width = tip.bounding_box(), page.evaluate("innerWidth")
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= width, (box, width)
        term.tap()
        expect(tip).to_be_hidden()
        # A tap on a citation shows its preview first; a second tap follows the link.
        cite = page.locator("div.bg-claim span.bg-cite a").first
        cite_tip = tip_of(page, cite)
        cite.tap()
        expect(cite_tip).to_be_visible()
        page.wait_for_timeout(500)  # instant navigation would have fetched and swapped by now
        assert page.url.endswith(PART)
        expect(cite_tip).to_be_visible()
        cite.tap()
        page.wait_for_url(f"**/{WORKS}#ref-*")
    finally:
        context.close()


def test_citation_preview_is_the_works_entry_in_the_current_style(tab: Tab) -> None:
    page = tab.open(PART)
    cite = page.locator("div.bg-claim span.bg-cite a:visible").first
    key = (cite.get_attribute("href") or "").split("#")[1]
    tip = tip_of(page, cite)
    cite.hover()
    expect(tip).to_be_visible()
    shown = {"gost": words(tip.inner_text())}
    page.mouse.move(0, 0)
    tab.open(WORKS)
    entry = page.locator(f"li[id='{key}']")
    assert shown["gost"] == words(entry.locator(".bg-entry[data-style='gost']").inner_text())
    # The reader's choice of style on the works page carries over to the previews.
    page.locator(".bg-style-switch button[data-style='apa']").first.click()
    apa = words(entry.locator(".bg-entry[data-style='apa']").inner_text())
    tab.open(PART)
    cite.hover()
    expect(tip).to_be_visible()
    assert words(tip.inner_text()) == apa != shown["gost"]


def test_claim_cross_reference_preview_shows_the_claim(tab: Tab) -> None:
    page = tab.open(WORKS)
    link = page.locator("p.bg-cited-in a.bg-has-preview[href*='#']").first
    href = link.get_attribute("href") or ""
    number = link.inner_text()
    tip = tip_of(page, link)
    link.hover()
    expect(tip).to_be_visible()
    preview = words(tip.inner_text())
    page.goto(href)
    claim = page.locator(f"div.bg-claim[id='{href.split('#')[1]}'] > p").first
    text = words(claim.inner_text())  # "§3.6 The text … p. [63] cite §3.6"
    body = text.removeprefix(number).split(" cite §")[0].strip()
    assert preview.startswith(number) and number.startswith("§")
    assert body.split(" p. ")[0].split(" pp. ")[0] in preview, (body, preview)


def test_event_preview_and_previews_from_a_file_url(browser: Browser, site: Path) -> None:
    tab = open_tab(browser, site.as_uri() + "/", DESKTOP)
    try:
        page = tab.open(PART)
        event = page.locator(".md-content a.bg-has-preview[href*='timeline.html#']").first
        tip = tip_of(page, event)
        event.hover()
        expect(tip).to_be_visible()
        preview = words(tip.inner_text())
        # The preview is the event's date and title as the timeline gives them.
        anchor = (event.get_attribute("href") or "").split("#")[1]
        page.goto(event.evaluate("a => a.href"))
        entry = page.locator(f"div.bg-event[id='{anchor}']")
        date, title = entry.locator("time").inner_text(), entry.locator("strong").first.inner_text()
        assert preview == words(f"{date} {title}")
        assert not tab.errors, tab.errors
        assert all(urlsplit(url).scheme in ("file", "data", "blob") for url in tab.requests), tab.requests
    finally:
        tab.page.context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_with_a_tooltip_open(browser: Browser, base_url: str, scheme: Scheme) -> None:
    require(AXE, "axe-core", "run `make test`, which installs it from npm into node_modules/")
    tab = open_tab(browser, base_url, DESKTOP, color_scheme=scheme)
    try:
        page = tab.open(PART)
        for trigger in (page.locator(".md-content .bg-term-auto").first, page.locator("span.bg-cite a").first):
            trigger.hover()
            tip = tip_of(page, trigger)
            expect(tip).to_be_visible()
            # The pointer rests on the tooltip, which keeps it open (WCAG 1.4.13), and not on
            # the link, whose hover colour is the theme's.
            box = tip.bounding_box()
            assert box
            page.mouse.move(box["x"] + box["width"] - 4, box["y"] + 4)
            page.wait_for_timeout(400)
            expect(tip).to_be_visible()
            problems = axe_problems(page)
            assert not problems, "\n".join(problems)
    finally:
        tab.page.context.close()


# --------------------------------------------------------------------------- copy buttons


def test_copy_buttons_put_the_displayed_citation_on_the_clipboard(browser: Browser, base_url: str) -> None:
    context = browser.new_context(viewport=DESKTOP, locale="en-GB")
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base_url.rstrip("/"))
    try:
        page = context.new_page()
        page.goto(base_url + PART)
        clipboard = "navigator.clipboard.readText()"
        block = page.locator("section.bg-cite-page")
        url = block.get_attribute("data-url") or ""
        for style in ("gost", "apa", "chicago"):
            block.locator(f".bg-style-switch button[data-style='{style}']").click()
            shown = " ".join(page.locator(f"[id='cite-{style}']").inner_text().split())
            accessed = page.locator(f"[id='cite-{style}'] .bg-accessed")
            if accessed.count():
                assert re.search(r"\d", accessed.inner_text()), f"{style}: the access date was not filled in"
            page.evaluate("navigator.clipboard.writeText('')")
            button = page.locator(f"button.bg-copy[data-copy='cite-{style}']")
            label = button.inner_text()
            button.click()
            expect(button).to_have_text("Copied")
            assert page.evaluate(clipboard) == shown
            # A second click while it says "Copied" must not make "Copied" its label.
            button.click()
            expect(button).to_have_text(label, timeout=5000)
            expect(page.locator("#bg-copy-status")).to_have_text("Copied to the clipboard")
            # Cite this claim: the claim's own reference in the same style, at the claim's URL.
            claim_button = page.locator("button.bg-cite-claim").nth(2)
            claim, number = claim_button.get_attribute("data-claim"), claim_button.get_attribute("data-number")
            page.evaluate("navigator.clipboard.writeText('')")
            claim_button.click()
            copied = page.evaluate(clipboard)
            assert f"{url}#{claim}" in copied and f", {number}" in copied, copied
            assert copied == " ".join(
                page.locator(f".bg-cite-claim-text[data-claim='{claim}'][data-style='{style}']").text_content().split()
            )
            assert not copied.endswith(f", {number}."), copied  # not glued after the access date
    finally:
        context.close()


def test_chosen_style_applies_to_every_citation_and_follows_to_other_pages(tab: Tab) -> None:
    """In-text citations, the page's reference list, "Cite this page" and the works-cited list
    all switch at once, and the choice holds on the next page."""
    page = tab.open(PART)
    gost_cite = page.locator("div.bg-claim span.bg-cite .bg-cs[data-style='gost']").first
    apa_cite = page.locator("div.bg-claim span.bg-cite .bg-cs[data-style='apa']").first
    expect(gost_cite).to_be_visible()
    expect(apa_cite).to_be_hidden()
    expect(page.locator(".bg-references[data-style='gost']")).to_be_visible()
    page.locator("section.bg-cite-page .bg-style-switch button[data-style='apa']").click()
    expect(apa_cite).to_be_visible()
    expect(gost_cite).to_be_hidden()
    assert re.fullmatch(r"\(.+, (\d{4}[a-z]?|n\.d\.)(, .+)?\)", apa_cite.inner_text()), apa_cite.inner_text()
    expect(page.locator(".bg-references[data-style='apa']")).to_be_visible()
    expect(page.locator(".bg-references[data-style='gost']")).to_be_hidden()
    expect(page.locator(".bg-cite-style[data-style='apa']")).to_be_visible()
    expect(page.locator(".bg-cite-style[data-style='gost']")).to_be_hidden()
    tab.open(WORKS)
    works = page.locator("ol.bg-works")
    expect(works).to_have_attribute("data-style", "apa")
    first = works.locator("> li").first
    expect(first.locator(".bg-entry[data-style='apa']")).to_be_visible()
    # APA: unnumbered, in APA's own order, with hanging indents.
    assert works.evaluate("e => getComputedStyle(e).listStyleType") == "none"
    entry = first.locator(".bg-entry[data-style='apa']")
    assert float(entry.evaluate("e => parseFloat(getComputedStyle(e).textIndent)")) < 0
    orders = works.locator("> li").evaluate_all("items => items.map(li => Number(li.dataset.orderApa))")
    assert orders == sorted(orders)
    page.locator(".bg-style-switch button[data-style='gost']").first.click()
    assert works.evaluate("e => getComputedStyle(e).listStyleType") == "decimal"
    orders = works.locator("> li").evaluate_all("items => items.map(li => Number(li.dataset.orderGost))")
    assert orders == sorted(orders)


def test_without_javascript_gost_is_shown_and_no_date_is_made_up(browser: Browser, base_url: str) -> None:
    context = browser.new_context(viewport=DESKTOP, locale="en-GB", java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(base_url + PART)
        body = page.locator("body").inner_text()
        assert "1900" not in body
        gost = page.locator("[id='cite-gost']")
        expect(gost).to_be_visible()
        assert "дата обращения: __.__.____" in gost.inner_text()
        expect(page.locator("[id='cite-apa']")).to_be_hidden()
        expect(page.locator(".bg-style-switch").first).to_be_hidden()
        expect(page.locator("div.bg-claim span.bg-cite .bg-cs[data-style='gost']").first).to_be_visible()
        expect(page.locator("div.bg-claim span.bg-cite .bg-cs[data-style='apa']").first).to_be_hidden()
        page.goto(base_url + WORKS)
        expect(page.locator("ol.bg-works > li").first.locator(".bg-entry[data-style='gost']")).to_be_visible()
        assert page.locator("ol.bg-works").evaluate("e => getComputedStyle(e).listStyleType") == "decimal"
    finally:
        context.close()


def test_screenshots_of_works_cited_in_each_style_and_a_cite_block_in_apa(tab: Tab) -> None:
    """Pictures to look at as a citer would (tests/.artifacts/browser/)."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    page = tab.open(WORKS)
    for style in ("gost", "apa", "chicago"):
        page.locator(f".bg-style-switch button[data-style='{style}']").first.click()
        expect(page.locator("ol.bg-works")).to_have_attribute("data-style", style)
        page.locator("ol.bg-works").screenshot(path=str(SHOTS / f"works-{style}.png"))
    page = tab.open(PART)
    page.locator("section.bg-cite-page .bg-style-switch button[data-style='apa']").click()
    block = page.locator("section.bg-cite-page")
    block.scroll_into_view_if_needed()
    block.screenshot(path=str(SHOTS / "cite-block-apa.png"))
    page.locator("div.bg-claim").first.screenshot(path=str(SHOTS / "claim-apa.png"))
    assert (SHOTS / "cite-block-apa.png").stat().st_size > 0
