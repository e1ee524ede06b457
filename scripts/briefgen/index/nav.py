"""The site's navigation, and how it names articles.

With `navigation.prune` in the theme, a sectioned navigation keeps build time linear in pages.
"""

from __future__ import annotations

from briefgen.base import routes
from briefgen.index.context import BriefContext
from briefgen.load.bibtex import ROMANISED_AUTHOR, parse_names
from briefgen.model.articles import Article


def nav(ctx: BriefContext, handwritten: list[str]) -> list[object]:
    """A sectioned navigation: home, each article and hierarchy, the reference pages, then the
    hand-written pages (source paths under docs/)."""
    items: list[object] = [{"Home": routes.HOME}]
    for article in ctx.articles:
        section: list[object] = [{"Overview": routes.article_page(article.id)}]
        for number, part in enumerate(article.parts, start=1):
            section.append({f"{number}. {part.title.best()}": routes.part_page(article.id, part.id)})
        items.append({article_label(ctx, article): section})
    for hierarchy in ctx.hierarchies:
        page = routes.hierarchy_page(hierarchy.id)
        items.append({hierarchy.title.best(): [{"Overview": page}, {"Comparison matrix": routes.matrix_page(page)}]})
    items.append(
        {
            "Reference": [
                {"Timeline": routes.TIMELINE},
                {"Glossary": routes.GLOSSARY},
                {"Works cited": routes.WORKS},
                {"Changes": routes.CHANGELOG},
            ]
        }
    )
    items.extend(extra for extra in handwritten if extra != routes.HOME)
    return items


def nav_titles(nav: list[object]) -> dict[str, str]:
    """Source path -> title, for every page listed in the navigation."""
    out: dict[str, str] = {}
    for item in nav:
        if isinstance(item, dict):
            for title, value in item.items():
                if isinstance(value, list):
                    out.update(nav_titles(value))
                else:
                    out[str(value)] = str(title)
        else:
            out[str(item)] = ""
    return out


def nav_sections(nav: list[object]) -> list[tuple[str, list[str]]]:
    """Source paths in nav order, each once, with the titles of the sections it is in."""
    out: list[tuple[str, list[str]]] = []

    def walk(items: list[object], sections: list[str]) -> None:
        for item in items:
            if isinstance(item, str):
                out.append((item, sections))
            elif isinstance(item, dict):
                for title, value in item.items():
                    if isinstance(value, str):
                        out.append((value, sections))
                    elif isinstance(value, list):
                        walk(value, [*sections, str(title)])

    walk(nav, [])
    seen: set[str] = set()
    unique: list[tuple[str, list[str]]] = []
    for path, sections in out:
        if path not in seen:
            seen.add(path)
            unique.append((path, sections))
    return unique


def article_label(ctx: BriefContext, article: Article) -> str:
    """The article's title, or "Article by <author>" when the source prints no title."""
    if article.title:
        return article.title.best()
    entry = ctx.bibliography.get(article.source)
    names = entry.persons.get("author", []) if entry else []
    # An English label names the authors as the .bib romanises them, where it does (Feng Bowei).
    romanised = parse_names(entry.fields[ROMANISED_AUTHOR]) if entry and entry.fields.get(ROMANISED_AUTHOR) else None
    if romanised and len(romanised) == len(names):
        names = romanised
    if names:
        return "Article by " + ", ".join(f"{n.family} {n.given}".strip() for n in names)
    return _short_source(ctx, article.source)


def article_phrase(ctx: BriefContext, article: Article) -> str:
    """The article as it is named inside a sentence: its title, or "the article by <author>"."""
    label = article_label(ctx, article)
    return f"the {label[0].lower()}{label[1:]}" if article.title is None and label.startswith("Article by ") else label


def _short_source(ctx: BriefContext, key: str) -> str:
    entry = ctx.bibliography.get(key)
    if entry is None:
        return key
    names = entry.persons.get("author", [])
    who = names[0].family if names else (entry.fields.get("organization") or entry.fields.get("title", key))
    year = entry.year
    return f"{who}, {year}" if year else who
