"""Google Scholar's inclusion guidelines for webmasters (scholar.google.com/intl/en/scholar/
inclusion.html, "Indexing Guidelines"), as rules a built page can be checked against.

* The meta tags describe the scholarly item on the exact page that carries them. Scholar
  indexes an item that has `citation_title` (the title of the paper, not of the journal, book
  or site it is in), at least one `citation_author` (one per tag, "Smith, John" or
  "John Smith", only the item's actual authors) and `citation_publication_date` ("2010/5/12",
  or a year alone).
* The content must be scholarly items (journal or conference papers, technical reports,
  theses, their drafts, abstracts); other pages must not present themselves as papers.
* `citation_pdf_url` is the full text of that item, as an absolute URL; for security it must
  be a file in the same subdirectory as the HTML page, and the PDF shows the item's title
  large on its first page.
* Each item has its own URL: one page, one item (no two pages with the same item).
* Dublin Core tags are read "as a last resort": a page that is not an item carries none.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable
from urllib.parse import urlsplit

from .zotero_port import Page

DATE = re.compile(r"\d{4}(?:/\d{1,2}(?:/\d{1,2})?)?\Z")
AUTHOR = re.compile(r"[^,;]+(?:, ?[^,;]*)?\Z")
"""One name, "Last, First" or "First Last" (an organisation: "Name," with an empty first name)."""


def scholar_item(page: Page) -> dict[str, list[str]]:
    """The Highwire tags Scholar reads from the page (name -> values, in order)."""
    tags: dict[str, list[str]] = {}
    for name, content in page.metas:
        if name.startswith("citation_"):
            tags.setdefault(name, []).append(content)
    return tags


def scholar_problems(page: Page, heading: str, pdf_title: Callable[[str], str | None]) -> list[str]:
    """What breaks Scholar's rules on a page that offers itself as an item (has citation_*).
    `pdf_title(url)` is the title on the first page of the PDF at that URL (None if missing)."""
    tags = scholar_item(page)
    problems = []
    titles, authors, dates = (
        tags.get("citation_title", []),
        tags.get("citation_author", []),
        tags.get("citation_publication_date", []),
    )
    if len(titles) != 1 or not titles[0].strip():
        problems.append(f"citation_title must be given once: {titles}")
    elif titles[0] != heading:
        problems.append(f"citation_title {titles[0]!r} is not the page's own title {heading!r}")
    if not authors:
        problems.append("no citation_author")
    problems += [f"citation_author {a!r} is not one name" for a in authors if not AUTHOR.match(a)]
    if len(dates) != 1 or not DATE.match(dates[0]):
        problems.append(f"citation_publication_date must be one date as 2010/5/12 or 2010: {dates}")
    page_dir = posixpath.dirname(urlsplit(page.url).path) + "/"
    for pdf in tags.get("citation_pdf_url", []):
        parts = urlsplit(pdf)
        if not parts.scheme or parts.netloc != urlsplit(page.url).netloc:
            problems.append(f"citation_pdf_url {pdf} is not an absolute URL on the page's host")
        elif not parts.path.startswith(page_dir):
            problems.append(f"citation_pdf_url {pdf} is not in the page's subdirectory {page_dir}")
        title = pdf_title(pdf)
        if title is None:
            problems.append(f"citation_pdf_url {pdf} is not a published file")
        elif titles and " ".join(titles[0].split()) not in " ".join(title.split()):
            problems.append(f"citation_pdf_url {pdf} is not the full text of {titles[0]!r} (its first page: {title!r})")
    return problems


def not_an_item_problems(page: Page) -> list[str]:
    """A page that is not a scholarly item declares nothing Scholar would index."""
    names = [n for n, _ in page.metas]
    return [f"{n} on a page that is not a scholarly item" for n in names if n.startswith(("citation_", "DC.", "dc."))]
