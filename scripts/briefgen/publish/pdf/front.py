"""The PDF's front matter: its head (metadata), the cover, the single page's header, the contents
and the part kickers."""

from __future__ import annotations

import html
from xml.etree.ElementTree import Element, SubElement

from briefgen.base import routes
from briefgen.base.doi import doi_url
from briefgen.cite.styles import STYLES
from briefgen.publish.pdf.parts import HOME, _Chapter, _State
from briefgen.publish.pdf.tree import _add_class, _fragment
from briefgen.publish.pdfmeta import html_head_meta
from briefgen.render.markup import format_date


class _FrontMatter(_State):
    """The cover, the contents and the head of the document."""

    def _head(self) -> str:
        brief = self.ctx.brief
        lang = brief.languages[0] if brief.languages else "en"
        meta = html_head_meta(
            self.metadata, brief.subtitle.best() if brief.subtitle else "", self.generator, self.modified
        )
        return (
            f'<!DOCTYPE html>\n<html lang="{html.escape(lang)}">\n<head>\n<meta charset="utf-8">\n'
            + "\n".join(meta)
            + "\n</head>\n"
        )

    def _cover(self) -> Element:
        brief = self.ctx.brief
        cover = Element("section", {"class": "cover", "id": "cover"})
        top = SubElement(cover, "div", {"class": "cover-top"})
        SubElement(top, "p", {"class": "cover-kicker"}).text = "Research brief"
        SubElement(top, "h1", {"class": "doc-title cover-title"}).text = brief.title.best()
        if brief.subtitle:
            SubElement(top, "p", {"class": "cover-subtitle"}).text = brief.subtitle.best()
        if brief.title.ru and brief.title.ru != brief.title.best():
            SubElement(top, "p", {"class": "cover-original", "lang": "ru"}).text = brief.russian_title()
        bottom = SubElement(cover, "div", {"class": "cover-bottom"})
        SubElement(bottom, "p", {"class": "cover-authors"}).text = ", ".join(self.metadata.authors)
        facts = SubElement(bottom, "p", {"class": "cover-facts"})
        facts.text = f"Version {brief.version} · Published {format_date(brief.published)} · Licence {brief.licence}"
        site = SubElement(bottom, "p", {"class": "cover-url"})
        link = SubElement(site, "a", {"href": self.metadata.url, "class": "external bare"})
        link.text = self.metadata.url
        if self.metadata.doi:  # this version's DOI, as a link (Crossref's display rule)
            site.set("class", "cover-url cover-url-then-doi")
            doi = SubElement(bottom, "p", {"class": "cover-url"})
            doi.text = "DOI "
            SubElement(doi, "a", {"href": doi_url(self.metadata.doi), "class": "external bare"}).text = doi_url(
                self.metadata.doi
            )
        cite = SubElement(bottom, "div", {"class": "cover-cite"})
        SubElement(cite, "p", {"class": "cover-cite-label"}).text = "Cite as"
        for style, label, markup in self.cover_citations():
            entry = SubElement(cite, "p", {"class": "cover-cite-entry", "data-style": style})
            SubElement(entry, "span", {"class": "cover-cite-style"}).text = f"{label}: "
            text = _fragment(markup)
            text.set("class", "cover-cite-text")
            entry.append(text)
        return cover

    def cover_citations(self) -> list[tuple[str, str, str]]:
        """(style, label, HTML) of the brief's references on the cover: the home page's "Cite
        this page" in every style, the default first, the GOST access date left blank."""
        citations = self.generated.page_citations[routes.HOME].by_style
        return [(s, STYLES[s].label, citations[s]) for s in self.generated.works.styles()]

    def _page_header(self) -> Element:
        """Single-page PDF: a short header naming the brief and the page's address."""
        brief = self.ctx.brief
        head = Element("header", {"class": "page-header"})
        SubElement(head, "p", {"class": "doc-title page-header-title"}).text = brief.title.best()
        facts = SubElement(head, "p", {"class": "page-header-facts"})
        facts.text = f"Version {brief.version} · {format_date(brief.published)} · "
        url = self.site_url + (self.chapters[0].path if self.chapters[0].path != HOME else "")
        link = SubElement(facts, "a", {"href": url, "class": "external bare"})
        link.text = url
        return head

    def _contents(self) -> Element:
        nav = Element("nav", {"class": "toc", "id": "contents"})
        SubElement(nav, "h1", {"class": "toc-title"}).text = "Contents"
        top = SubElement(nav, "ol", {"class": "toc-list"})
        stack: list[tuple[str, Element]] = []
        for chapter in self.chapters:
            while stack and [title for title, _ in stack] != chapter.sections[: len(stack)]:
                stack.pop()
            while len(stack) < len(chapter.sections):
                parent = stack[-1][1] if stack else top
                item = SubElement(parent, "li", {"class": "toc-part"})
                SubElement(item, "span", {"class": "toc-part-title"}).text = chapter.sections[len(stack)]
                stack.append((chapter.sections[len(stack)], SubElement(item, "ol")))
            parent = stack[-1][1] if stack else top
            item = SubElement(parent, "li", {"class": "toc-chapter"})
            SubElement(item, "a", {"href": f"#{chapter.key}"}).text = chapter.title
            if chapter.toc:
                sub = SubElement(item, "ol")
                for ident, text in chapter.toc:
                    SubElement(SubElement(sub, "li", {"class": "toc-section"}), "a", {"href": f"#{ident}"}).text = text
        return nav

    def _mark_parts(self, chapter: _Chapter, previous: list[str]) -> None:
        """A kicker above the chapter title names its nav section; the first chapter of a
        section carries the section's bookmark."""
        if not chapter.sections:
            return
        _add_class(chapter.section, f"in-part-{min(len(chapter.sections), 3)}")
        kickers = Element("div", {"class": "part-kicker"})
        for depth, title in enumerate(chapter.sections):
            new = previous[: depth + 1] != chapter.sections[: depth + 1]
            cls = f"part-title part-level-{depth + 1}" + (" part-start" if new else "")
            SubElement(kickers, "p", {"class": cls}).text = title
        chapter.section.insert(0, kickers)

    # -- one chapter --
