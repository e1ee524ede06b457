"""Routes: the one module that spells where the site's pages and files are, and their URLs.

Every page path, URL, anchor and file name of the built site is made here, from ids and the
version; no other module joins a path by hand (a test greps for it). Released URLs
(`content/released.txt`) are a public contract, and they rest on these functions alone.

Two kinds of path appear: a page's *source path*, relative to docs/ (`brief/feng/intro.md`, what
MkDocs and the cross-reference index use), and its *URL*, relative to the site root
(`brief/feng/intro.html`: the site uses `.html` URLs throughout, the same online and from a
folder).
"""

from __future__ import annotations

import functools
import os
import posixpath
import re

GENERATED = "brief"
"""The folder under docs/ (and under the site) that the generator owns completely."""
SOURCE_SUFFIX = ".md"
PAGE_SUFFIX = ".html"
HOME = "index.md"
"""The home page's source path (hand-written: docs/index.md)."""
ABOUT = "about.md"
NOT_FOUND = "404.html"
"""MkDocs' page for a missing URL; its links are absolute to the site root by design."""
CACHED_PAGE_TEMPLATE = "briefgen-cached.html"
"""The theme template (among briefgen's) that returns a page's theme output kept from an earlier
build (engine/themecache.py)."""
VERSIONS = "v"
"""The folder of versioned copies: `v/VERSION/` keeps what citations of a version point at."""

WORKS = f"{GENERATED}/works.md"
TIMELINE = f"{GENERATED}/timeline.md"
GLOSSARY = f"{GENERATED}/glossary.md"
CHANGELOG = f"{GENERATED}/changelog.md"
WORKS_JSON = f"{GENERATED}/works.json"
"""CSL-JSON of every work, for download (linked from the works-cited page)."""
BIBLIOGRAPHY = f"{GENERATED}/bibliography.bib"
"""The brief's bibliography.bib, published for download."""
PDF = f"{GENERATED}/brief.pdf"
"""The whole-brief PDF, relative to the site root."""
ASSETS = f"{GENERATED}/assets"
CITE_EXPORTS = f"{GENERATED}/cite"
PACK_PREFIX = "research-pack-"

GOALS_ANCHOR = "goals"
"""The anchor of a hierarchy's overall goals on its page (a reserved id)."""
MATRIX = "matrix"
"""The file name of a hierarchy's comparison matrix, in a folder named after the hierarchy."""

RESERVED_IDS = frozenset(
    {
        "index",
        "works",
        "timeline",
        "glossary",
        "about",
        "summary",
        "claims",
        "references",
        "cite",
        "cite-this-page",
        "assets",
        GENERATED,
        "search",
        "changelog",
        MATRIX,
        "pdf",
        "terms",
        "actors",
        "events",
        "periods",
        "parts",
        "tiers",
        "other-dates",
        "abstract",
        "contents",
        "downloads",
        "verdict",
        "hierarchy",
        "related",
        GOALS_ANCHOR,
        # Windows device names: an id becomes a file name (brief/ARTICLE/ID.md).
        "con",
        "nul",
        "aux",
        "prn",
        *(f"com{i}" for i in range(1, 10)),
        *(f"lpt{i}" for i in range(1, 10)),
    }
)
"""Page names and anchors the generator itself uses: a content id equal to one would collide."""


def article_page(article_id: str) -> str:
    """An article's overview page: `brief/feng/index.md`."""
    return f"{GENERATED}/{article_id}/{HOME}"


def part_page(article_id: str, part_id: str) -> str:
    """A part of an article: `brief/feng/background.md`."""
    return f"{GENERATED}/{article_id}/{part_id}{SOURCE_SUFFIX}"


def hierarchy_page(hierarchy_id: str) -> str:
    """A priority hierarchy's page: `brief/goals.md`."""
    return f"{GENERATED}/{hierarchy_id}{SOURCE_SUFFIX}"


def matrix_page(hierarchy_page_path: str) -> str:
    """A hierarchy's comparison matrix: `brief/goals.md` -> `brief/goals/matrix.md`.

    It sits in a folder named after the hierarchy's page; `matrix` is a reserved id, so no
    content id can take that file, and ids are unique, so no article folder has that name.
    """
    return f"{hierarchy_page_path.removesuffix(SOURCE_SUFFIX)}/{MATRIX}{SOURCE_SUFFIX}"


def work_anchor(key: str) -> str:
    """The anchor of a work's entry on the works-cited page: `ref-KEY` (pandoc's own form)."""
    return f"ref-{key}"


def letter_anchor(kind: str, letter: str) -> str:
    """`terms-В`: a capital (or Cyrillic) letter, so it can never be a content id ([a-z0-9-])."""
    return f"{kind}-{letter}"


def asset(name: str) -> str:
    """One of briefgen's stylesheets or scripts, relative to the site root."""
    return f"{ASSETS}/{name}"


def cite_export(record_key: str) -> str:
    """A page's citation exports without their extension: `brief/cite/brief-feng-intro`."""
    return f"{CITE_EXPORTS}/{record_key}"


def pack_name(version: str) -> str:
    """The research pack's file name."""
    return f"{PACK_PREFIX}{version}.zip"


def pack_path(version: str) -> str:
    """Where the research pack is published, relative to the site root."""
    return f"{GENERATED}/{pack_name(version)}"


def is_pack(site_path: str) -> bool:
    """Whether a file of the site (relative to its root) is a research pack."""
    return site_path.startswith(f"{GENERATED}/{PACK_PREFIX}") and site_path.endswith(".zip")


def claims_data_name(version: str) -> str:
    """The file name of a version's claims as data (JSON-LD): `claims-1.1.jsonld`."""
    return f"claims-{version}.jsonld"


def claims_data(version: str) -> str:
    """Where a version's claims as data are published, relative to the site root (and docs/)."""
    return f"{GENERATED}/{claims_data_name(version)}"


def version_folder(version: str) -> str:
    """Where a version's copy of the site lives, relative to the site root: `v/1.0`."""
    return f"{VERSIONS}/{version}"


def is_generated(source_path: str) -> bool:
    """Whether a page's source path is inside the generated folder."""
    return source_path.startswith(f"{GENERATED}/")


def under_generated(source_path: str) -> str:
    """A path inside the generated folder, relative to it: `brief/feng/intro.md` -> `feng/intro.md`."""
    return source_path.removeprefix(f"{GENERATED}/")


def is_source_page(name: str) -> bool:
    """Whether a file name under docs/ is a Markdown page."""
    return name.endswith(SOURCE_SUFFIX)


def page_url(page: str) -> str:
    """`brief/feng/intro.md` -> `brief/feng/intro.html` (the site uses .html URLs throughout)."""
    return page[: -len(SOURCE_SUFFIX)] + PAGE_SUFFIX if page.endswith(SOURCE_SUFFIX) else page


def source_of(url: str) -> str:
    """`brief/feng/intro.html` -> `brief/feng/intro.md`: the source path of a page URL."""
    return url[: -len(PAGE_SUFFIX)] + SOURCE_SUFFIX if url.endswith(PAGE_SUFFIX) else url


def page_stem(page: str) -> str:
    """A page's source path or URL without its suffix: `brief/feng/intro`."""
    return page.removesuffix(SOURCE_SUFFIX).removesuffix(PAGE_SUFFIX)


def relative(page: str, from_page: str) -> str:
    """`page` relative to the folder of `from_page` (both source paths or both URLs)."""
    return _relpath(page, posixpath.dirname(from_page) or ".", os.getcwd())  # noqa: PTH109 - a str key


@functools.lru_cache(maxsize=1 << 16)
def _relpath(page: str, start: str, cwd: str) -> str:
    # The same few links are made from every page of a folder (works, glossary, timeline): a
    # large brief computed each one thousands of times. The result depends on the working
    # folder only in theory (relpath resolves both paths against it), which is in the key.
    return posixpath.relpath(page, start)


def md_link(page: str, anchor: str | None, from_page: str) -> str:
    """A Markdown link target from page `from_page` (MkDocs turns it into the .html URL)."""
    rel = "" if page == from_page else relative(page, from_page)
    return f"{rel}#{anchor}" if anchor else (rel or "#")


def html_path_link(page: str, anchor: str | None, from_page: str) -> str:
    """The same link in built-site terms (`.html`), for raw HTML that MkDocs does not rewrite."""
    if page == from_page:
        return f"#{anchor}" if anchor else "#"
    rel = relative(page_url(page), page_url(from_page))
    return f"{rel}#{anchor}" if anchor else rel


def versioned_url(site_url: str, version: str, src: str) -> str:
    """The URL that keeps this version's text: `https://…/v/1.0/brief/feng/intro.html`."""
    return edition_url(site_url, version, page_url(src))


def edition_url(site_url: str, version: str, url: str) -> str:
    """A URL of the site (relative to its root, maybe with an anchor) as version `version`
    published it, the URL citations of it point at: `https://…/v/1.0/brief/feng/intro.html#id`."""
    return f"{site_url.rstrip('/')}/{version_folder(version)}/{url}"


def latest_url(site_url: str, src: str) -> str:
    """The page's URL in the latest version."""
    return f"{site_url.rstrip('/')}/{page_url(src)}"


def versioned_pdf_url(site_url: str, version: str) -> str:
    """Where the versioned whole-brief PDF is: beside the versioned home page, in its folder."""
    return f"{site_url.rstrip('/')}/{version_folder(version)}/{PDF}"


def record_key(src: str) -> str:
    """A page's citation key and export file name: `brief/feng/intro.md` -> `brief-feng-intro`."""
    return re.sub(r"[^a-z0-9]+", "-", src.removesuffix(SOURCE_SUFFIX).lower()).strip("-") or "home"
