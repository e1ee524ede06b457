"""What generated pages say to a reader: short forms, the glossary's headwords and letters,
non-breaking spaces, the home page's edition, the matrix's columns. Exact output."""

from __future__ import annotations

from pathlib import Path

from briefgen.base.project import Project
from briefgen.base.typography import NBSP, nbsp, nbsp_html
from briefgen.check.run import build_context
from briefgen.load.bibtex import sort_key
from briefgen.pipeline.build import build
from briefgen.render.generate import generate, generated_markdown
from briefgen.render.glossary import LETTER_INDEX_MIN, glossary_page, initial, letter_index, script_lang
from briefgen.render.home import home_header
from briefgen.render.matrix import matrix_columns, matrix_page_md, unlinked_parts

from .test_matrix import SECOND_ARTICLE, edit


def test_no_line_breaks_after_the_number_sign_or_around_initials() -> None:
    assert nbsp("№ 4") == f"№{NBSP}4"
    assert nbsp("К. Асмолов и Л. Захарова") == f"К.{NBSP}Асмолов и Л.{NBSP}Захарова"
    assert nbsp("В. В. Путин") == f"В.{NBSP}В.{NBSP}Путин"
    assert nbsp("Asmolov K., Zakharova L. Title") == f"Asmolov{NBSP}K., Zakharova{NBSP}L. Title"
    assert nbsp("Захарова Л. В. Отношения") == f"Захарова{NBSP}Л.{NBSP}В. Отношения"
    assert nbsp("Иванов И. Северный путь") == f"Иванов{NBSP}И. Северный путь"
    # Sentences and abbreviations are left alone.
    assert nbsp("Russia signed. A treaty followed in 2024.") == "Russia signed. A treaty followed in 2024."
    assert nbsp("the U.S. and the DPRK") == "the U.S. and the DPRK"
    # In HTML only text changes, never a tag or an attribute.
    assert nbsp_html('<a title="№ 4 K. Lee" href="x">Т. 20. № 4</a>') == (
        f'<a title="№ 4 K. Lee" href="x">Т. 20. №{NBSP}4</a>'
    )


def test_references_and_pages_keep_initials_with_their_names(sample: Project) -> None:
    generated = generate(sample)
    assert generated.works.entry("ivanov-2021").startswith(f"Иванов{NBSP}И. Северный морской")
    assert generated.works.entry("li-park-2022").startswith(f"Li{NBSP}M., Park{NBSP}J.")


def test_a_part_names_its_article_as_the_citations_do(sample: Project) -> None:
    generated = generate(sample)
    files = generated_markdown(generated.ctx, generated.works)  # before previews mark the citations
    assert (
        '<p class="bg-meta">Part 1 of 2 of <a href="index.html">The Northern Sea Route and Asian partners</a> '
        '<span class="bg-cite" data-cites="ivanov-2021">[<a href="../works.html#ref-ivanov-2021" '
        'role="doc-biblioref">Иванов, 2021</a>]</span> · <span class="bg-loc">p. 10</span></p>'
    ) in str(files["brief/ivanov/introduction.md"])
    # The hierarchy names its source with both authors, as [@li-park-2022] does everywhere.
    assert (
        '<p class="bg-meta">Set out in <span class="bg-cite" data-cites="li-park-2022">[<a '
        'href="works.html#ref-li-park-2022" role="doc-biblioref">Li, Park, 2022</a>]</span> · '
    ) in str(files["brief/li-park-goals.md"])


def test_an_untitled_article_is_the_article_by_its_author(sample: Project) -> None:
    edit(
        sample,
        "content/article.yml",
        '    title: {original: "Северный морской путь и азиатские партнёры", en: "The Northern Sea Route and Asian partners"}\n',
        "",
    )
    files = generate(sample).files
    assert '<p class="bg-meta">Part 2 of 2 of <a href="index.html">the article by Иванов Иван</a> <span' in str(
        files["brief/ivanov/conclusion.md"]
    )


def test_with_two_articles_a_part_says_which_article(sample: Project) -> None:
    path = sample.content_dir / "article.yml"
    path.write_text(path.read_text(encoding="utf-8") + SECOND_ARTICLE, encoding="utf-8")
    files = generate(sample).files
    assert '<p class="bg-meta">Part 1 of 1 of article 2, <a href="index.html">Fleet report</a> ' in str(
        files["brief/fleet-report/findings.md"]
    )
    assert "Article 2 of 2 in this brief: its claims are numbered §2.1.1, §2.1.2, … (article, part, claim)." in str(
        files["brief/fleet-report/index.md"]
    )
    assert ">§1.1.2</a>" in str(files["brief/ivanov/introduction.md"])
    home = home_header(generate(sample).ctx)
    assert (
        "- Article 1: [The Northern Sea Route and Asian partners](brief/ivanov/index.md): 2 parts, 3 claims\n" in home
    )
    assert "- Article 2: [Fleet report](brief/fleet-report/index.md): 1 part, 1 claim\n" in home


def test_headwords_carry_the_language_of_their_script() -> None:
    assert [script_lang(w) for w in ("КНДР", "李明", "박지훈", "THAAD", "«новое мышление»")] == [
        "ru",
        "zh",
        "ko",
        "",
        "ru",
    ]
    assert [initial(w) for w in ("«новое мышление»", "Ёж", "thaad")] == ["Н", "Е", "T"]


def test_a_long_glossary_has_letters_cyrillic_then_latin(sample: Project) -> None:
    ctx = build_context(sample)
    assert "bg-letters" not in glossary_page(ctx)  # a short glossary needs no index
    terms = "".join(
        f'  - id: t{i}\n    kind: term\n    original: "{word}"\n    en: "term {i}"\n'
        for i, word in enumerate(
            f"{stem}{n}"
            for n in range(3)
            for stem in ("абака", "Аргумент", "ёмкость", "Европа", "яхта", "Zeta", "alpha")
        )
    )
    edit(sample, "content/glossary.yml", "terms:\n", "terms:\n" + terms)
    ctx = build_context(sample)
    assert len(ctx.glossary.terms) >= LETTER_INDEX_MIN
    page = glossary_page(ctx)
    index = letter_index(
        {"terms": [t.original for t in sorted(ctx.glossary.terms, key=lambda t: sort_key(t.original))]}
    )
    assert index == (
        '<div class="bg-letters" role="navigation" aria-label="Glossary by first letter" data-search-exclude>'
        '<p><span class="bg-letters-label">Terms and abbreviations:</span> <a href="#terms-А">А</a> '
        # (СМП, the sample's own term, is filed under С)
        '<a href="#terms-Е">Е</a> <a href="#terms-С">С</a> <a href="#terms-Я">Я</a> '
        '<span class="bg-letters-sep" aria-hidden="true">|</span> <a href="#terms-A">A</a> '
        '<a href="#terms-Z">Z</a></p></div>\n\n'
    )
    assert page.startswith("# Glossary\n\n" + index)
    # One heading per letter, Cyrillic first (ё filed under Е), then Latin, each before its entries.
    headings = [line for line in page.splitlines() if line.startswith('<h3 class="bg-letter"')]
    assert headings == [
        f'<h3 class="bg-letter" id="terms-{letter}" data-search-exclude>{letter}</h3>'
        for letter in ("А", "Е", "С", "Я", "A", "Z")
    ]
    assert page.index('id="terms-Е"') < page.index("ёмкость") < page.index('id="terms-С"')


def test_home_page_says_its_version_once(sample: Project) -> None:
    build(sample, pdf=False)
    html = (sample.site_dir / "index.html").read_text(encoding="utf-8")
    page = html.split('<article class="md-content__inner md-typeset">')[1].split('<section class="bg-cite-page"')[0]
    assert page.count("Version 0.1") == 1
    assert 'class="bg-edition"' not in html
    assert "· last changed" in html and ">changes</a> · CC-BY-4.0</p>" in html


def test_matrix_leaves_out_parts_with_no_linked_claim_and_names_them(sample: Project) -> None:
    extra = """      - id: outlook
        title: {en: "Outlook"}
        locator: {pages: "13"}
        summary: |
          Nothing here is linked from the hierarchy.
"""
    edit(sample, "content/article.yml", "      - id: conclusion\n", extra + "      - id: conclusion\n")
    ctx = build_context(sample)
    hierarchy = ctx.hierarchies[0]
    assert [c.part.id for c in matrix_columns(ctx, hierarchy)] == ["introduction", "conclusion"]
    assert [(c.number, c.part.id) for c in unlinked_parts(ctx, hierarchy)] == [(2, "outlook")]
    page = matrix_page_md(ctx, hierarchy)
    assert (
        '<p class="bg-note" markdown>No claim of this part is linked, so it has no column: '
        "[2. Outlook](../ivanov/outlook.md).</p>"
    ) in page
    assert (
        '<p class="bg-matrix-hint" hidden><span aria-hidden="true">⇆</span> The table is wider than the '
        "screen: scroll it sideways to see all 2 parts; the priorities stay in view.</p>\n"
        '<div class="bg-matrix" role="region"'
    ) in page
    assert "3. Conclusion" in page and "2. Outlook</a></th>" not in page


def test_scaffold_ignores_what_builds_make(tmp_path: Path) -> None:
    from briefgen.pipeline.scaffold import scaffold

    written = scaffold(tmp_path / "b")
    assert ".gitignore" in written
    ignored = (tmp_path / "b" / ".gitignore").read_text(encoding="utf-8").split()
    assert {"/site", "/docs/brief/", "/.briefgen/"} <= set(ignored)


def test_search_index_has_a_result_per_claim_event_entry_and_work(sample: Project) -> None:
    import json

    build(sample, pdf=False)
    docs = json.loads((sample.site_dir / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    by_location = {doc["location"]: doc for doc in docs}
    claim = by_location["brief/ivanov/introduction.html#ice-risk"]
    assert claim["title"] == "Claim §1.2"
    assert claim["text"].startswith("<p> Ice conditions, not distance, decide whether a voyage pays")
    assert "cite §" not in claim["text"]
    # The section above the claims keeps only its own text (none), not the claims'.
    assert by_location["brief/ivanov/introduction.html#claims"]["text"] == ""
    assert by_location["brief/timeline.html#season-2017"]["title"] == "2017: A record navigation season"
    assert by_location["brief/glossary.html#nsr"]["title"] == "СМП — NSR"
    assert by_location["brief/glossary.html#li-ming"]["title"] == "Li Ming · 李明"
    assert by_location["brief/works.html#ref-li-park-2022"]["title"] == "Li, Park, 2022"
    # No snippet is the edition line ("Version … · published … · last changed …").
    assert not [d["location"] for d in docs if "last changed" in d["text"] or "Version 0.1 · published" in d["text"]]
    # The headings that made the sections are not in the published pages.
    for page in sample.site_dir.rglob("*.html"):
        assert "data-bg-search-section" not in page.read_text(encoding="utf-8"), page
