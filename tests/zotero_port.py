"""What Zotero makes of briefgen's pages and exports: a Python port of the parts of its code
that read them, so that the tests act as Zotero does.

Ported from zotero/translators at 28143701 (`Embedded Metadata.js`, `RDF.js`, `COinS.js`,
`RIS.js`) and zotero/utilities at 4051881 (`utilities.js` cleanAuthor, `openurl.js`
parseContextObject, `utilities_item.js` itemToAPIJSON, `resource/zoteroTypeSchemaData.js`).
Each function names the file and the lines it follows. Only what briefgen's pages and exports
use is ported; anything else that would change the result (another RDF vocabulary, a byline to
guess from, a RIS tag we do not write) raises `Unported`, so a new tag cannot slip past a port
that does not know it.

An item is returned as Zotero saves it: the API JSON of `itemToAPIJSON` (creators as
`{"name": …}` in single-field mode or `{"firstName": …, "lastName": …}`, fields not valid for
the item type dropped), plus the translator's `attachments` (title, url, mimeType).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any
from urllib.parse import unquote_plus, urlsplit


class Unported(AssertionError):
    """The input uses something the port does not follow; port it before relying on the test."""


# --- resource/zoteroTypeSchemaData.js: valid fields and base-field mappings ----------------------

FIELDS: dict[str, tuple[str, ...]] = {
    "webpage": ("title", "abstractNote", "websiteTitle", "websiteType", "date", "publisher", "place", "DOI",
                "citationKey", "url", "accessDate", "shortTitle", "language", "rights", "extra"),
    "report": ("title", "abstractNote", "reportNumber", "reportType", "institution", "place", "date", "seriesTitle",
               "seriesNumber", "pages", "DOI", "ISBN", "citationKey", "url", "accessDate", "ISSN", "archive",
               "archiveLocation", "shortTitle", "language", "libraryCatalog", "callNumber", "rights", "extra"),
    "journalArticle": ("title", "abstractNote", "publicationTitle", "publisher", "place", "date", "volume", "issue",
                       "section", "partNumber", "partTitle", "pages", "series", "seriesTitle", "seriesText",
                       "journalAbbreviation", "DOI", "citationKey", "url", "accessDate", "PMID", "PMCID", "ISSN",
                       "archive", "archiveLocation", "shortTitle", "language", "libraryCatalog", "callNumber",
                       "rights", "extra"),
    "bookSection": ("title", "abstractNote", "bookTitle", "series", "seriesNumber", "volume", "numberOfVolumes",
                    "edition", "date", "publisher", "place", "originalDate", "originalPublisher", "originalPlace",
                    "format", "pages", "ISBN", "DOI", "citationKey", "url", "accessDate", "ISSN", "archive",
                    "archiveLocation", "shortTitle", "language", "libraryCatalog", "callNumber", "rights", "extra"),
    "book": ("title", "abstractNote", "series", "seriesNumber", "volume", "numberOfVolumes", "edition", "date",
             "publisher", "place", "originalDate", "originalPublisher", "originalPlace", "format", "numPages", "ISBN",
             "DOI", "citationKey", "url", "accessDate", "ISSN", "archive", "archiveLocation", "shortTitle",
             "language", "libraryCatalog", "callNumber", "rights", "extra"),
    "document": ("title", "abstractNote", "type", "date", "publisher", "place", "DOI", "citationKey", "url",
                 "accessDate", "archive", "archiveLocation", "shortTitle", "language", "libraryCatalog",
                 "callNumber", "rights", "extra"),
}  # fmt: skip
BASE: dict[str, dict[str, str]] = {
    "webpage": {"type": "websiteType", "publicationTitle": "websiteTitle"},
    "report": {"publisher": "institution", "type": "reportType", "number": "reportNumber"},
    "bookSection": {"publicationTitle": "bookTitle", "medium": "format"},
    "book": {"medium": "format"},
}
KNOWN_FIELDS = {f for fields in FIELDS.values() for f in fields} | {
    "publicationTitle", "number", "type", "medium", "issue", "volume", "edition", "institution", "bookTitle",
    "reportNumber", "seriesTitle", "numPages", "proceedingsTitle", "conferenceName", "ISSN", "ISBN",
}  # fmt: skip


def item_to_api_json(item: dict[str, Any]) -> dict[str, Any]:
    """utilities_item.js `itemToAPIJSON` (lines 1033-1170): creators in single-field mode when
    they have no first name or fieldMode 1 (line 1070); a base field mapped to the type's own
    field (line 1146); a field not valid for the type discarded. Attachments are kept as the
    translator gave them (they are saved separately)."""
    item_type = item["itemType"]
    if item_type not in FIELDS:
        raise Unported(f"item type {item_type}")
    out: dict[str, Any] = {"itemType": item_type}
    for name, value in item.items():
        if name in ("itemType", "attachments", "notes", "tags", "seeAlso", "complete", "itemID") or value in (None, ""):
            continue
        if name == "creators":
            creators = []
            for c in value:
                if not c.get("firstName") and not c.get("lastName"):
                    continue
                if not c.get("firstName") or c.get("fieldMode") == 1:
                    creators.append({"name": c["lastName"], "creatorType": c.get("creatorType") or "author"})
                else:
                    creators.append(
                        {
                            "firstName": c["firstName"],
                            "lastName": c["lastName"],
                            "creatorType": c.get("creatorType") or "author",
                        }
                    )
            out["creators"] = creators
            continue
        if name not in KNOWN_FIELDS:
            raise Unported(f"field {name}")
        mapped = BASE.get(item_type, {}).get(name)
        if mapped:
            if mapped != name and not out.get(mapped):
                out[mapped] = value
            continue
        if name in FIELDS[item_type]:
            out[name] = value
    out["attachments"] = item.get("attachments", [])
    return out


# --- utilities.js ------------------------------------------------------------------------------


def clean_author(author: str, creator_type: str, use_comma: bool) -> dict[str, Any]:
    """utilities.js `cleanAuthor` (line 227): "Last, First" when `use_comma`, else the last word
    is the last name; a first name of capitals is initials."""
    all_caps = "A-Z\u0400-\u042f"
    author = re.sub(r"^[\s\u00a0.,/\[\]:]+", "", author)
    author = re.sub(r"[\s\u00a0.,/\[\]:]+$", "", author)
    author = re.sub(r"[\s\u00a0]+", " ", author, count=1)
    first: str | None
    if use_comma:
        author = re.sub(r"\.([^ ])", r". \1", author, count=1)
        parts = re.split(r"[,\u060c] ?", author)
        if len(parts) > 1:
            last, first = parts[0], parts[1]
        else:
            last, first = author, None
    else:
        # Don't parse "Firstname Lastname [Country]" as "[Country], Firstname Lastname".
        space = len(author)
        while True:
            start = space - 1  # JS lastIndexOf(" ", start) looks at start and before; below 0, at 0
            space = author.rfind(" ", 0, max(start, 0) + 1)
            last = author[space + 1 :]
            first = author[:space] if space > 0 else ""
            if not (last and not last[0].isalpha()) or space <= 0:
                break
    if first and re.fullmatch(f"[{all_caps}]+", first) and len(first) < 4 and (len(first) == 1 or last.upper() != last):
        first = " ".join(f"{ch}." for ch in first)  # a first name of capitals is initials
    if first:  # add periods after all the initials
        trimmed = re.sub(r"[\s,]+$", "", re.sub(r"^[\s.]+", "", first))
        trimmed = re.sub(r"\s*([\u002D\u00AD\u2010-\u2015\u2212\u2E3A\u2E3B])\s*", "-", trimmed, count=1)
        names = re.split(r"(?:[\s.]+|(?=-))", trimmed)
        built = "".join(n + ("." if re.fullmatch(f"-?[{all_caps}]", n) else "") + " " for n in names)
        first = built.replace(" -", "-").strip()
    return {"firstName": first, "lastName": last, "creatorType": creator_type}


def fix_case(name: str) -> str:
    """Embedded Metadata.js `fixCase` (line 190): a name all in capitals or all in small letters
    gets capitalised words (ZU.capitalizeTitle with force, approximated: each word's first letter)."""
    if name.upper() == name or name.lower() == name:
        return " ".join(w[:1].upper() + w[1:].lower() for w in name.split(" "))
    return name


def str_to_iso(value: str) -> str:
    """ZU.strToISO for the dates we write (YYYY/MM/DD, YYYY-MM-DD, YYYY)."""
    match = re.fullmatch(r"(\d{4})(?:[/-](\d{1,2})(?:[/-](\d{1,2}))?)?", value.strip())
    if not match:
        raise Unported(f"date {value!r}")
    y, m, d = match.groups()
    return "-".join(p.zfill(2) for p in (y, m, d) if p)


# --- the page as Embedded Metadata sees it --------------------------------------------------------


@dataclass
class Page:
    url: str
    metas: list[tuple[str, str]] = field(default_factory=list)
    """(name or property, content) of every <meta> in <head>, in order."""
    title: str = ""
    lang: str = ""
    first_time: str = ""
    """The datetime of the first <time datetime> in the document."""
    coins: list[str] = field(default_factory=list)
    """The title attribute of each `span.Z3988`."""
    bylines: int = 0
    """Elements whose class contains "byline" (Embedded Metadata guesses authors from them)."""


class _PageParser(HTMLParser):
    def __init__(self, page: Page) -> None:
        super().__init__(convert_charrefs=True)
        self.page = page
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if tag == "html":
            self.page.lang = values.get("lang", "")
        elif tag == "meta":
            name = values.get("name") or values.get("property")
            if name and values.get("content"):
                self.page.metas.append((name, values["content"]))
        elif tag == "title":
            self._in_title = True
        elif tag == "time" and values.get("datetime") and not self.page.first_time:
            self.page.first_time = values["datetime"]
        if tag == "span" and "Z3988" in values.get("class", "").split() and "title" in values:
            self.page.coins.append(values["title"])
        if "byline" in values.get("class", "").lower():
            self.page.bylines += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.page.title += data


def read_page(html_text: str, url: str) -> Page:
    page = Page(url)
    _PageParser(page).feed(html_text)
    return page


# Embedded Metadata.js lines 42-63: Highwire tag -> Zotero field.
HIGHWIRE_MAPPINGS = {
    "citation_title": "title",
    "citation_publication_date": "date",
    "citation_cover_date": "date",
    "citation_date": "date",
    "citation_journal_title": "publicationTitle",
    "citation_journal_abbrev": "journalAbbreviation",
    "citation_inbook_title": "publicationTitle",
    "citation_book_title": "bookTitle",
    "citation_volume": "volume",
    "citation_issue": "issue",
    "citation_series_title": "series",
    "citation_conference_title": "conferenceName",
    "citation_conference": "conferenceName",
    "citation_dissertation_institution": "university",
    "citation_technical_report_institution": "institution",
    "citation_technical_report_number": "number",
    "citation_publisher": "publisher",
    "citation_isbn": "ISBN",
    "citation_abstract": "abstractNote",
    "citation_doi": "DOI",
    "citation_public_url": "url",
    "citation_language": "language",
}
HIGHWIRE_HANDLED_ELSEWHERE = {
    "citation_author", "citation_authors", "citation_firstpage", "citation_lastpage", "citation_issn",
    "citation_eIssn", "citation_pdf_url", "citation_abstract_html_url", "citation_fulltext_html_url",
    "citation_pmid", "citation_online_date", "citation_year", "citation_keywords", "citation_reference",
}  # fmt: skip
# Embedded Metadata.js lines 84-106: the RDF prefixes a meta name may start with.
PREFIXES = {
    "bib": "http://purl.org/net/biblio#", "bibo": "http://purl.org/ontology/bibo/",
    "dc": "http://purl.org/dc/elements/1.1/", "dcterms": "http://purl.org/dc/terms/",
    "prism": "http://prismstandard.org/namespaces/1.2/basic/", "foaf": "http://xmlns.com/foaf/0.1/",
    "vcard": "http://nwalsh.com/rdf/vCard#", "link": "http://purl.org/rss/1.0/modules/link/",
    "z": "http://www.zotero.org/namespaces/export#", "eprint": "http://purl.org/eprint/terms/",
    "eprints": "http://purl.org/eprint/terms/", "og": "http://ogp.me/ns#", "article": "http://ogp.me/ns/article#",
    "book": "http://ogp.me/ns/book#", "music": "http://ogp.me/ns/music#", "video": "http://ogp.me/ns/video#",
    "so": "http://schema.org/", "codemeta": "https://codemeta.github.io/terms/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
}  # fmt: skip
# RDF.js properties the port follows, by what importItem (lines 863-1320) does with them.
RDF_PORTED = {
    PREFIXES["og"] + "title", PREFIXES["og"] + "type", PREFIXES["og"] + "url", PREFIXES["og"] + "site_name",
    PREFIXES["og"] + "description", PREFIXES["dc"] + "title", PREFIXES["dc"] + "creator", PREFIXES["dc"] + "date",
    PREFIXES["dc"] + "rights", PREFIXES["dc"] + "language", PREFIXES["dc"] + "type", PREFIXES["dc"] + "source",
}  # fmt: skip


def _content(page: Page, name: str, *, strict: bool = False) -> str:
    """Embedded Metadata.js `getContentText` (line 171): the first head meta whose name ends
    with `name` (equals it when strict)."""
    for meta_name, content in page.metas:
        if (meta_name == name) if strict else meta_name.endswith(name):
            return content
    return ""


def _contents(page: Page, name: str) -> list[str]:
    """`getContent` (line 180): every meta whose name ends with `name`."""
    return [c for n, c in page.metas if n.endswith(name)]


def _detect(page: Page) -> tuple[str | None, str | None, list[tuple[str, str]]]:
    """`init` (lines 242-330): the Highwire type, the Highwire guess, and the RDF statements."""
    hw_type = hw_guess = None
    statements: list[tuple[str, str]] = []
    for tags, value in page.metas:
        for tag in tags.split():
            parts = re.split(r"[.:_]", tag)
            prefix = None
            length = 0
            if len(parts) > 2:
                prefix, length = parts[1].lower(), len(parts[0]) + len(parts[1]) + 1
            if not prefix or prefix not in PREFIXES:
                prefix, length = parts[0].lower(), len(parts[0])
            if prefix in PREFIXES:
                prop = tag[length + 1 :]
                prop = prop[:1].lower() + prop[1:]
                statements.append((PREFIXES[prefix] + prop, value))
            elif tag.lower() == "generator":
                if re.search("blogger|wordpress|wooframework", value.lower()):
                    raise Unported("a blog generator")
            else:
                short = tag[tag.rfind("citation_") :] if "citation_" in tag else tag
                if short == "citation_journal_title":
                    hw_type = "journalArticle"
                elif short == "citation_technical_report_institution":
                    hw_type = "report"
                elif short in ("citation_conference_title", "citation_conference"):
                    hw_type = "conferencePaper"
                elif short in ("citation_book_title", "citation_inbook_title"):
                    hw_type = "bookSection"
                elif short == "citation_dissertation_institution":
                    hw_type = "thesis"
                elif short in ("citation_title", "citation_series_title"):
                    hw_guess = hw_guess or "journalArticle"
                elif short == "citation_isbn":
                    hw_guess = "book"
    return hw_type, hw_guess, statements


def _rdf_type(props: dict[str, list[str]], default: str | None) -> str | None:
    """RDF.js `detectType` (lines 277-860), for dc:type and og:type (the only type properties
    the port follows): an explicit type wins over the default, a guess does not (line 815)."""
    t: dict[str, str] = {}
    dc_type = props.get(PREFIXES["dc"] + "type", [None])[0]
    if dc_type:
        if dc_type in FIELDS:
            t["dc"] = dc_type
        else:
            key = dc_type.lower().replace(" ", "")
            mapped = {"book": "book", "report": "report", "bookitem": "bookSection", "article": "journalArticle",
                      "journalarticle": "journalArticle", "workingpaper": "report"}.get(key)  # fmt: skip
            if mapped:
                t["dc"] = mapped
            elif key not in ("text",):
                raise Unported(f"dc:type {dc_type}")
    og_type = props.get(PREFIXES["og"] + "type", [None])[0]
    if og_type == "website":
        t["og"] = "webpage"
    elif og_type == "book":
        t["og"] = "book"
    elif og_type == "article":
        t["ogGuess"] = "journalArticle"
    elif og_type:
        raise Unported(f"og:type {og_type}")
    return t.get("og") or t.get("dc") or default or t.get("ogGuess")


def embedded_metadata(page: Page) -> dict[str, Any]:
    """What Zotero's Embedded Metadata translator saves from a page (API JSON + attachments)."""
    hw_type, hw_guess, statements = _detect(page)
    item: dict[str, Any] = {"creators": [], "attachments": []}
    props: dict[str, list[str]] = {}
    for prop, value in statements:
        if prop not in RDF_PORTED:
            raise Unported(f"RDF property {prop}")
        props.setdefault(prop, []).append(value)
    if statements:
        # lines 345-365: RDF runs, with the Highwire guess, else "webpage", as its default type;
        # its importItem detects the type (RDF.js line 865), completeItem puts hwType in its place.
        rdf_type = _rdf_type(props, hw_guess or "webpage")
        item["itemType"] = rdf_type
        og, dc = PREFIXES["og"], PREFIXES["dc"]

        def first(*names: str) -> str | None:
            for name in names:
                if props.get(name):
                    return props[name][0]
            return None

        item["title"] = first(dc + "title", og + "title")
        for creator in props.get(dc + "creator", []):  # RDF.js handleCreators, line 138
            item["creators"].append(clean_author(creator, "author", "," in creator))
        item["publicationTitle"] = first(dc + "source")
        site_name = first(og + "site_name")
        if site_name and not item["publicationTitle"] and rdf_type in ("blogPost", "webpage", "newspaperArticle"):
            item["publicationTitle"] = site_name  # RDF.js line 977
        item["rights"] = first(dc + "rights")
        item["date"] = first(dc + "date")
        item["url"] = first(og + "url")
        item["abstractNote"] = first(og + "description")
        item["language"] = first(dc + "language")
    else:
        item_type = hw_type or hw_guess
        if item_type is None:
            raise Unported("a page with neither Highwire nor RDF metadata")
        item["itemType"] = item_type
    # completeItem -> addHighwireMetadata (lines 383-570)
    for meta_name, zotero_field in HIGHWIRE_MAPPINGS.items():
        value = _content(page, meta_name)
        if value.strip():
            item[zotero_field] = " ".join(value.split())
    unknown = (
        {n for n, _ in page.metas if n.startswith("citation_")} - set(HIGHWIRE_MAPPINGS) - HIGHWIRE_HANDLED_ELSEWHERE
    )
    if unknown:
        raise Unported(f"Highwire tags {sorted(unknown)}")
    nodes = _contents(page, "citation_author") or _contents(page, "citation_authors")
    if _contents(page, "citation_editor") or _contents(page, "citation_editors"):
        raise Unported("citation_editor")
    rdf_creators = item["creators"]
    item["creators"] = highwire_creators(nodes, "author", page)
    if not item["creators"]:
        item["creators"] = rdf_creators
    if hw_type and hw_type != item["itemType"]:
        item["itemType"] = hw_type  # line 494
    if not item.get("date"):
        online, year = _content(page, "citation_online_date"), _content(page, "citation_year")
        item["date"] = online or year
    pdf = _contents(page, "citation_pdf_url")
    if pdf:
        item["attachments"].append({"title": "Full Text PDF", "url": pdf[0], "mimeType": "application/pdf"})
    else:
        item["attachments"].append({"title": "Snapshot", "url": page.url, "mimeType": "text/html"})
    if not item.get("url"):
        item["url"] = _content(page, "citation_abstract_html_url") or _content(page, "citation_fulltext_html_url")
    # addLowQualityMetadata (lines 664-737)
    if not item.get("title"):
        item["title"] = page.title
    if not item["creators"] and (any(n.lower() == "author" for n, _ in page.metas) or page.bylines):
        raise Unported("authors from <meta name=author> or a byline")
    if not item.get("url"):
        item["url"] = page.url
    if not item.get("language"):
        item["language"] = page.lang
    if not item.get("date") and page.first_time:
        item["date"] = str_to_iso(page.first_time)
    item["libraryCatalog"] = urlsplit(page.url).netloc
    item["accessDate"] = "CURRENT_TIMESTAMP"
    return item_to_api_json(item)


def highwire_creators(nodes: list[str], role: str, page: Page) -> list[dict[str, Any]]:
    """Embedded Metadata.js `processHighwireCreators` (lines 572-625): one tag may hold several
    names split by ';' (or by ',' when there is one tag); each goes through cleanAuthor with a
    comma meaning "Last, First"; a person's name written in one case is re-cased."""
    out: list[dict[str, Any]] = []
    last = None
    for node in nodes:
        creators = re.split(r"\s*;\s*", node)
        if len(creators) == 1 and len(nodes) == 1:
            by_comma = re.split(r"\s*,\s*", creators[0])
            if len(by_comma) > 1 and " " in by_comma[0] and " " in by_comma[1]:
                if _content(page, "citation_language") in ("es", "spa", "Spanish", "español"):
                    raise Unported("Spanish name heuristics")
                creators = by_comma
        for raw in creators:
            creator = raw.strip()
            if not creator or not re.search(r"[^\s,\-.;]", creator) or creator == last:
                continue
            last = creator
            cleaned = clean_author(creator, role, "," in creator)
            if cleaned["firstName"]:
                cleaned["firstName"] = fix_case(cleaned["firstName"])
                cleaned["lastName"] = fix_case(cleaned["lastName"])
            out.append(cleaned)
    return out


# --- COinS.js and openurl.js ---------------------------------------------------------------------------


def parse_context_object(co: str) -> dict[str, Any] | None:
    """openurl.js `parseContextObject` (lines 203-395), for the keys our COinS spans write."""
    parts = co.split("&")
    formats = {
        "info:ofi/fmt:kev:mtx:journal": "journalArticle",
        "info:ofi/fmt:kev:mtx:dissertation": "thesis",
        "info:ofi/fmt:kev:mtx:patent": "patent",
        "info:ofi/fmt:kev:mtx:dc": "webpage",
    }
    item: dict[str, Any] = {"creators": [], "attachments": []}
    for part in parts:
        if part.startswith("rft_val_fmt="):
            fmt = unquote_plus(part[12:])
            if fmt == "info:ofi/fmt:kev:mtx:book":
                genres = {"rft.genre=bookitem": "bookSection", "rft.genre=conference": "conferencePaper",
                          "rft.genre=proceeding": "conferencePaper", "rft.genre=report": "report",
                          "rft.genre=document": "document"}  # fmt: skip
                item["itemType"] = next((t for g, t in genres.items() if g in parts), "book")
            else:
                item["itemType"] = formats.get(fmt)
            break
    if not item.get("itemType"):
        return None
    t = item["itemType"]
    for part in parts:
        key, _, raw = part.partition("=")
        value = unquote_plus(raw)
        if not value or key in ("ctx_ver", "rft_val_fmt", "rft.genre"):
            continue
        if key == "rft_id":
            if value.startswith("info:doi"):
                item["DOI"] = value[9:]
            elif re.match(r"https?://", value):
                item["url"] = value
        elif key == "rft.btitle":
            if t in ("book", "report"):
                item["title"] = value
            elif t in ("bookSection", "conferencePaper"):
                item["publicationTitle"] = value
        elif key == "rft.atitle" and t in ("journalArticle", "bookSection", "conferencePaper"):
            item["title"] = value
        elif key == "rft.jtitle" and t == "journalArticle":
            item["publicationTitle"] = value
        elif key == "rft.title":
            if t in ("journalArticle", "bookSection", "conferencePaper"):
                item["publicationTitle"] = value
            else:
                item["title"] = value
        elif key == "rft.date":
            item["date"] = value
        elif key in ("rft.volume", "rft.issue", "rft.pages"):
            item[key[4:]] = value
        elif key == "rft.au":
            item["creators"].append(clean_author(value, "author", "," in value))
        elif key in ("rft.pub", "rft.publisher"):
            item["publisher"] = value
        elif key == "rft.place":
            item["place"] = value
        elif key == "rft.language":
            item["language"] = value
        elif key == "rft.source":
            item["publicationTitle"] = value
        else:
            raise Unported(f"COinS key {key}")
    return item


def coins_items(page: Page) -> list[dict[str, Any]]:
    """COinS.js `doWeb` (lines 245-280): an item per span with a type; each gets the page as a
    snapshot (`completeItems`)."""
    items = []
    for co in page.coins:
        item = parse_context_object(co)
        if item is None or not item.get("title"):
            continue
        item["attachments"].append({"title": "Snapshot", "url": page.url, "mimeType": "text/html"})
        items.append(item_to_api_json(item))
    return items


def zotero_save(html_text: str, url: str) -> tuple[str, list[dict[str, Any]]]:
    """What Zotero's "Save" button does on a page: the translator with the best (lowest)
    priority that finds something, COinS (310) before Embedded Metadata (320)
    (the translators' headers), and the items it saves."""
    page = read_page(html_text, url)
    typed = [co for co in page.coins if parse_context_object(co) is not None]
    if typed:
        return ("COinS", coins_items(page))
    return ("Embedded Metadata", [embedded_metadata(page)])


# --- RIS.js --------------------------------------------------------------------------------------------


RIS_TYPES = {"RPRT": "report", "ELEC": "webpage", "JOUR": "journalArticle", "CHAP": "bookSection", "BOOK": "book"}


def ris_items(text: str) -> list[dict[str, Any]]:
    """RIS.js import, for the tags our exports write: the type (exportTypeMap, lines 95-111),
    AU (a name without a comma is a corporate, single-field creator: line 1411), TI, T2 (the
    website's title for a web page, line 244; a report's series), PB (a report's institution),
    DA (the date), PY (the year, used when there is no DA), ET (edition), DO, UR, LA."""
    items = []
    item: dict[str, Any] = {}
    for line in text.splitlines():
        match = re.match(r"^([A-Z][A-Z0-9])  - ?(.*)$", line)
        if not match:
            if line.strip():
                raise Unported(f"RIS line {line!r}")
            continue
        tag, value = match.group(1), match.group(2).strip()
        if tag == "TY":
            item = {"itemType": RIS_TYPES.get(value) or "", "creators": [], "attachments": []}
            if not item["itemType"]:
                raise Unported(f"TY {value}")
        elif tag == "ER":
            if not item.get("date") and item.get("_year"):
                item["date"] = item["_year"]
            item.pop("_year", None)
            items.append(item_to_api_json(item))
        elif tag == "AU":
            last = value.split(",")[0].strip()
            first = re.sub(r"^\s*,\s*", "", value[len(value.split(",")[0]) :])
            creator: dict[str, Any] = {"lastName": last, "firstName": first, "creatorType": "author"}
            if not first:
                del creator["firstName"]
                creator["fieldMode"] = 1
            item["creators"].append(creator)
        elif tag == "TI":
            item["title"] = value
        elif tag == "T2":
            item["websiteTitle" if item["itemType"] == "webpage" else "seriesTitle"] = value
        elif tag == "PB":
            item["publisher"] = value
        elif tag == "DA":  # dateRIStoZotero: YYYY/MM/DD, leading zeros dropped, then padded
            date = re.fullmatch(r"(\d+)(?:/(\d{0,2})(?:/(\d{0,2}))?)?", value)
            if not date:
                raise Unported(f"DA {value}")
            parts = [p.lstrip("0") for p in date.groups() if p is not None]
            kept = parts[: parts.index("")] if "" in parts else parts
            item["date"] = "-".join([kept[0].zfill(4), *(p.zfill(2) for p in kept[1:])])
        elif tag == "PY":
            item["_year"] = value
        elif tag == "ET":
            item["edition"] = value
        elif tag == "DO":  # fieldMap DO -> DOI (RIS.js line 213)
            item["DOI"] = value
        elif tag == "UR":
            item["url"] = value
        elif tag == "LA":
            item["language"] = value
        else:
            raise Unported(f"RIS tag {tag}")
    return items
