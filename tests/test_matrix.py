"""The comparison matrix and the hierarchy picture: renderers with exact output, and the built pages."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from briefgen.base.errors import BriefError
from briefgen.base.project import Project
from briefgen.check.run import build_context
from briefgen.index.context import BriefContext
from briefgen.pipeline.build import build
from briefgen.render.generate import generate
from briefgen.render.hierarchy import hierarchy_page
from briefgen.render.matrix import (
    cell_links,
    legend_html,
    matrix_columns,
    matrix_page_md,
    matrix_table,
    relation_html,
    row_groups,
    tier_rows,
)
from briefgen.render.picture import hierarchy_picture

MATRIX = "brief/li-park-goals/matrix.md"
HIERARCHY = "brief/li-park-goals.md"

# A second article, whose one claim an item of the first tier links: the matrix then has two
# article column groups, and a linked item row.
SECOND_ARTICLE = """
  - id: fleet-report
    source: li-park-2022
    title: {en: "Fleet report"}
    parts:
      - id: findings
        title: {en: "Findings"}
        locator: {pages: "5"}
        summary: |
          What the report found.
        claims:
          - id: escort-demand
            text: "Demand for escorts grows each season."
            locator: {pages: "5"}
"""
ITEM_LINK = """                assessment: attained
                claims:
                  - claim: escort-demand
                    relation: continuity
                    note: "Escorts are what the item asks for."
"""


def edit(project: Project, rel: str, old: str, new: str) -> None:
    path = project.root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {rel}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def with_second_article(project: Project) -> BriefContext:
    path = project.content_dir / "article.yml"
    path.write_text(path.read_text(encoding="utf-8") + SECOND_ARTICLE, encoding="utf-8")
    edit(project, "content/priorities.yml", "                assessment: attained\n", ITEM_LINK)
    return build_context(project)


# --- renderers -------------------------------------------------------------------------------


def test_relation_is_a_symbol_and_a_word() -> None:
    assert relation_html("tension") == (
        '<span class="bg-matrix-rel bg-matrix-rel-tension"><span aria-hidden="true">×</span> tension</span>'
    )
    legend = legend_html()
    for word in ("continuity", "change", "tension"):
        assert f"</span> {word}</span>: the claim" in legend


def test_rows_are_ranked_tiers_with_items_under_their_priority(sample: Project) -> None:
    ctx = build_context(sample)
    hierarchy = ctx.hierarchies[0]
    rows = [(r.priority.id, r.depth, r.parent.id if r.parent else None) for t in hierarchy.tiers for r in tier_rows(t)]
    assert rows == [
        ("ice-navigation", 0, None),
        ("icebreaker-escort", 1, "ice-navigation"),
        ("transit-volume", 0, None),
    ]


def test_columns_and_cells_span_every_linked_article_in_order(sample: Project) -> None:
    ctx = with_second_article(sample)
    hierarchy = ctx.hierarchies[0]
    columns = matrix_columns(ctx, hierarchy)
    assert [(c.article.id, c.number, c.part.id) for c in columns] == [
        ("ivanov", 1, "introduction"),
        ("ivanov", 2, "conclusion"),
        ("fleet-report", 1, "findings"),
    ]
    cells = cell_links(ctx, hierarchy, columns)
    # Numbered in reading order: row by row, then column by column, then by claim number.
    assert {key: [(lk.number, lk.link.claim) for lk in links] for key, links in cells.items()} == {
        ("ice-navigation", 0): [(1, "ice-risk")],
        ("icebreaker-escort", 2): [(2, "escort-demand")],
        ("transit-volume", 0): [(3, "route-shorter")],
        ("transit-volume", 1): [(4, "slow-growth")],
    }
    table = matrix_table(ctx, hierarchy, MATRIX)
    assert (
        '<thead>\n<tr><th scope="col" rowspan="2" class="bg-matrix-corner">Priority</th>'
        '<th scope="colgroup" colspan="2" class="bg-matrix-article">'
        '<a href="../ivanov/index.html">The Northern Sea Route and Asian partners</a></th>'
        '<th scope="colgroup" colspan="1" class="bg-matrix-article">'
        '<a href="../fleet-report/index.html">Fleet report</a></th></tr>\n'
        '<tr><th scope="col" class="bg-matrix-part"><a href="../ivanov/introduction.html">1. Introduction</a></th>'
        '<th scope="col" class="bg-matrix-part"><a href="../ivanov/conclusion.html">2. Conclusion</a></th>'
        '<th scope="col" class="bg-matrix-part"><a href="../fleet-report/findings.html">1. Findings</a></th></tr>\n'
        "</thead>\n"
    ) in table
    assert "<colgroup><col></colgroup>\n<colgroup><col><col></colgroup>\n<colgroup><col></colgroup>\n" in table
    empty = '<td class="bg-matrix-empty"><span aria-hidden="true">—</span><span class="bg-sr-only">none</span></td>'
    assert (
        '<tr class="bg-matrix-depth-1"><th scope="row"><span class="bg-matrix-item-mark" aria-hidden="true">↳</span>'
        '<span class="bg-sr-only">Item of Safe navigation in ice: </span>'
        '<a href="../li-park-goals.html#icebreaker-escort">Icebreaker escort</a> '
        '<span class="bg-assessment bg-assessment-attained"><strong>Attained</strong></span></th>'
        f"{empty}{empty}"
        '<td><ul class="bg-matrix-links"><li class="bg-matrix-link bg-matrix-link-continuity">'
        '<a href="../fleet-report/findings.html#escort-demand" title="continuity: Escorts are what the item asks for.">'
        # Two articles: numbers start with the article's, so that §1.1 is not two claims.
        "§2.1.1</a> "
        '<span class="bg-matrix-rel bg-matrix-rel-continuity"><span aria-hidden="true">=</span> continuity</span>'
        '&nbsp;<sup><a class="bg-matrix-noteref" id="matrix-ref-2" href="#matrix-note-2" aria-label="note 2">2</a>'
        "</sup></li></ul></td></tr>\n"
    ) in table
    page = matrix_page_md(ctx, hierarchy)
    assert (
        "each column is a part of [The Northern Sea Route and Asian partners](../ivanov/index.md) and "
        "[Fleet report](../fleet-report/index.md)."
    ) in page
    assert (
        '<li id="matrix-note-2"><a href="../fleet-report/findings.html#escort-demand">§2.1.1</a> and '
        '<a href="../li-park-goals.html#icebreaker-escort">Icebreaker escort</a>, '
        '<span class="bg-matrix-rel bg-matrix-rel-continuity"><span aria-hidden="true">=</span> continuity</span>: '
        "Escorts are what the item asks for. "
        '<a class="bg-matrix-back" href="#matrix-ref-2" aria-label="back to the table, note 2">↩\ufe0e</a></li>\n'
    ) in page


def test_hierarchy_without_links_has_no_table(sample: Project) -> None:
    for claim in ("ice-risk", "slow-growth", "route-shorter"):
        edit(sample, "content/priorities.yml", f"              - claim: {claim}\n", "              - claim: DROP\n")
    path = sample.content_dir / "priorities.yml"
    text = re.sub(
        r"            claims:\n(              - claim: DROP\n.*\n.*\n)+", "", path.read_text(encoding="utf-8")
    )
    path.write_text(text, encoding="utf-8")
    ctx = build_context(sample)
    hierarchy = ctx.hierarchies[0]
    assert matrix_columns(ctx, hierarchy) == []
    assert matrix_table(ctx, hierarchy, MATRIX) == ""
    page = matrix_page_md(ctx, hierarchy)
    assert "no priority is linked to a claim yet, so there is nothing to compare." in page
    assert "<table" not in page and "matrix-note" not in page


def test_picture_is_ranked_tiers_with_assessments_in_words(sample: Project) -> None:
    # Ranks decide the order, not the order in the file.
    edit(sample, "content/priorities.yml", "rank: 1", "rank: 9")
    edit(sample, "content/priorities.yml", "rank: 2", "rank: 1")
    edit(sample, "content/priorities.yml", "rank: 9", "rank: 2")
    ctx = build_context(sample)
    picture = hierarchy_picture(ctx, ctx.hierarchies[0], HIERARCHY)
    assert picture == (
        '<figure class="bg-hpic">\n'
        "<figcaption>Goals of shipping cooperation: the tiers in rank order, highest first, with the source's "
        "assessment of each priority and item.</figcaption>\n"
        '<ol class="bg-hpic-tiers">\n'
        '<li class="bg-hpic-tier"><p class="bg-hpic-tier-title"><span class="bg-hpic-rank">Tier 1</span> '
        '<a href="#tier-commerce">Commerce</a></p><ul class="bg-hpic-priorities">'
        '<li class="bg-hpic-priority"><a href="#transit-volume">Higher transit volume</a> '
        '<span class="bg-assessment bg-assessment-not-attained"><strong>Not attained</strong></span></li></ul></li>\n'
        '<li class="bg-hpic-tier"><p class="bg-hpic-tier-title"><span class="bg-hpic-rank">Tier 2</span> '
        '<a href="#tier-safety">Safety</a></p><ul class="bg-hpic-priorities">'
        '<li class="bg-hpic-priority"><a href="#ice-navigation">Safe navigation in ice</a> '
        '<span class="bg-assessment bg-assessment-partly"><strong>Partly attained</strong></span>'
        '<ul class="bg-hpic-items"><li class="bg-hpic-priority"><a href="#icebreaker-escort">Icebreaker escort</a> '
        '<span class="bg-assessment bg-assessment-attained"><strong>Attained</strong></span></li></ul></li></ul></li>\n'
        "</ol>\n</figure>\n\n"
        "The [comparison matrix](li-park-goals/matrix.md) sets each priority against the parts of the "
        "summarised articles, with the claims linked to it.\n\n"
    )


# An overall goal outside the ranked tiers, our note on the hierarchy, and our reading of a
# priority that the source does not assess.
GOALS = """    note: |
      Our remark on how the tiers were read.
    goals:
      - id: open-arctic
        title: {en: "An open Arctic route (strategic goal)"}
        assessment: not-attained
        claims:
          - claim: slow-growth
            relation: tension
            note: "Slow growth keeps the route from opening."
    tiers:
"""
READING = """            assessment: not-attained
            editorial_note: |
              We read the slow growth as a partial failure.
"""


def with_goals(project: Project) -> BriefContext:
    edit(project, "content/priorities.yml", "    tiers:\n", GOALS)
    edit(project, "content/priorities.yml", "            assessment: not-attained\n", READING)
    return build_context(project)


def test_overall_goals_come_first_apart_from_the_tiers(sample: Project) -> None:
    ctx = with_goals(sample)
    hierarchy = ctx.hierarchies[0]
    groups = [(g.tier.id if g.tier else None, [r.priority.id for r in g.rows]) for g in row_groups(hierarchy)]
    assert groups == [
        (None, ["open-arctic"]),
        ("tier-safety", ["ice-navigation", "icebreaker-escort"]),
        ("tier-commerce", ["transit-volume"]),
    ]
    # The goal's link is note 1: the matrix reads from the top.
    cells = cell_links(ctx, hierarchy, matrix_columns(ctx, hierarchy))
    assert [(lk.number, lk.link.claim) for lk in cells[("open-arctic", 1)]] == [(1, "slow-growth")]
    assert [(lk.number, lk.link.claim) for lk in cells[("transit-volume", 1)]] == [(4, "slow-growth")]
    table = matrix_table(ctx, hierarchy, MATRIX)
    assert "<caption>Rows: overall goal, then priorities, by tier. Columns: parts.</caption>" in table
    assert (
        '<tbody>\n<tr class="bg-matrix-tier bg-matrix-goals"><th scope="rowgroup" colspan="3"><span>'
        '<a href="../li-park-goals.html#goals">Overall goal</a> <span class="bg-matrix-goal-note">outside the tiers</span>'
        "</span></th></tr>\n"
    ) in table
    assert table.index("open-arctic") < table.index("tier-safety")
    picture = hierarchy_picture(ctx, hierarchy, HIERARCHY)
    assert (
        "<figcaption>Goals of shipping cooperation: the overall goal outside the tiers, then the tiers in rank order, "
        "highest first, with the source's assessment of each priority and item.</figcaption>\n"
        '<div class="bg-hpic-goals"><p class="bg-hpic-tier-title"><span class="bg-hpic-rank">Not ranked</span> '
        '<a href="#goals">Overall goal</a></p><ul class="bg-hpic-priorities">'
        '<li class="bg-hpic-priority"><a href="#open-arctic">An open Arctic route &#40;strategic goal&#41;</a> '
        '<span class="bg-assessment bg-assessment-not-attained"><strong>Not attained</strong></span></li></ul></div>\n'
        '<ol class="bg-hpic-tiers">\n'
    ) in picture
    page = hierarchy_page(ctx, generate(sample).works, hierarchy)
    assert page.index("## Overall goal {#goals}") < page.index("## Tier 1. Safety {#tier-safety}")
    assert "### An open Arctic route &#40;strategic goal&#41; {#open-arctic}" in page


def test_our_readings_are_labelled_as_ours_everywhere(sample: Project) -> None:
    ctx = with_goals(sample)
    hierarchy = ctx.hierarchies[0]
    page = hierarchy_page(ctx, generate(sample).works, hierarchy)
    label = '<p class="bg-editorial-label"><strong>{}</strong> · editorial: ours, not the source\'s</p>'
    assert (
        '<div class="bg-editorial" markdown>\n' + label.format("Our note on this summary") + "\n\n"
        "Our remark on how the tiers were read.\n\n</div>"
    ) in page
    assert (
        '<div class="bg-editorial" markdown>\n' + label.format("Our reading") + "\n\n"
        "We read the slow growth as a partial failure.\n\n</div>"
    ) in page
    mark = (
        '<span class="bg-assessment bg-assessment-not-attained"><strong>Not attained</strong></span> '
        '<a class="bg-editorial-mark" href="{}" title="Our own reading of this priority, not the source\'s">'
        "see our reading</a>"
    )
    assert mark.format("#transit-volume") in hierarchy_picture(ctx, hierarchy, HIERARCHY)
    assert mark.format("../li-park-goals.html#transit-volume") in matrix_table(ctx, hierarchy, MATRIX)
    # A goal or priority without a reading of ours has no mark.
    assert hierarchy_picture(ctx, hierarchy, HIERARCHY).count("bg-editorial-mark") == 1


def test_goals_is_a_reserved_id(sample: Project) -> None:
    # It is the anchor of the overall goals on the hierarchy page.
    edit(sample, "content/priorities.yml", "- id: transit-volume", "- id: goals")
    with pytest.raises(BriefError) as caught:
        build_context(sample)
    assert [str(p) for p in caught.value.problems] == [
        "content/priorities.yml:30: hierarchies[0].tiers[1].priorities[0].id: 'goals' is reserved for the "
        "generator's own pages and anchors (choose another id, e.g. 'goals-1')"
    ]


def test_built_hierarchy_with_goals_links_and_audits(sample: Project) -> None:
    with_goals(sample)
    build(sample, pdf=False)  # the site audit checks every anchor the goals add
    hierarchy = scan(sample.site_dir / "brief/li-park-goals.html")
    assert {"goals", "open-arctic"} <= hierarchy.ids
    matrix = scan(sample.site_dir / "brief/li-park-goals/matrix.html")
    assert "../li-park-goals.html#goals" in matrix.cell_links


def test_matrix_sits_next_to_its_hierarchy_in_the_nav(sample: Project) -> None:
    generated = generate(sample)
    assert {"Goals of shipping cooperation": [{"Overview": HIERARCHY}, {"Comparison matrix": MATRIX}]} in (
        generated.nav
    )
    # A page is cited by its heading.
    assert generated.records[MATRIX].title == "Comparison matrix: Goals of shipping cooperation"
    assert generated.records[MATRIX].kind == "page"
    assert str(generated.files[HIERARCHY]).count('href="li-park-goals/matrix.html"') == 1


# --- built pages ------------------------------------------------------------------------------


class _Anchors(HTMLParser):
    """Ids of a page, and the links inside the matrix table."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.cell_links: list[str] = []
        self.handlers: list[str] = []
        self._in_table = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(values["id"] or "")
        if tag == "table" and "bg-matrix-table" in (values.get("class") or ""):
            self._in_table += 1
        if tag == "a" and self._in_table and values.get("href"):
            self.cell_links.append(values["href"] or "")
        self.handlers += [name for name, _ in attrs if name.startswith("on")]

    def handle_endtag(self, tag: str) -> None:
        if tag == "table" and self._in_table:
            self._in_table -= 1


def scan(path: Path) -> _Anchors:
    parser = _Anchors()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def test_every_matrix_link_lands_on_its_target(sample: Project) -> None:
    with_second_article(sample)
    build(sample, pdf=False)
    site = sample.site_dir
    page = site / "brief/li-park-goals/matrix.html"
    matrix = scan(page)
    # The cells' claims, the priorities and tiers of the row headers, the articles and parts above.
    assert sorted({link.rsplit("/", 1)[-1] for link in matrix.cell_links if "#" in link[1:]}) == [
        "conclusion.html#slow-growth",
        "findings.html#escort-demand",
        "introduction.html#ice-risk",
        "introduction.html#route-shorter",
        "li-park-goals.html#ice-navigation",
        "li-park-goals.html#icebreaker-escort",
        "li-park-goals.html#tier-commerce",
        "li-park-goals.html#tier-safety",
        "li-park-goals.html#transit-volume",
    ]
    for link in matrix.cell_links:
        path, _, anchor = link.partition("#")
        target = (page.parent / path).resolve() if path else page
        assert target.is_file(), link
        if anchor:
            assert anchor in scan(target).ids, link
    # Each note number goes to its note, and back.
    for n in range(1, 5):
        assert {f"matrix-note-{n}", f"matrix-ref-{n}"} <= matrix.ids
    hierarchy = (site / "brief/li-park-goals.html").read_text(encoding="utf-8")
    assert '<a href="li-park-goals/matrix.html">comparison matrix</a>' in hierarchy


def test_yaml_text_cannot_inject_markup_through_the_matrix_or_the_picture(sample: Project) -> None:
    attack = "<script>alert(1)</script><img src=x onerror=alert(2)> [@li-park-2022] *x*"
    edit(sample, "content/priorities.yml", '{en: "Safe navigation in ice"}', f"{{en: '{attack}'}}")
    edit(sample, "content/priorities.yml", '{en: "Safety"}', f"{{en: '{attack}'}}")
    edit(
        sample,
        "content/priorities.yml",
        '"Both sources treat ice as the main constraint."',
        """'" onmouseover="alert(3)" x="<b>'""",
    )
    build(sample, pdf=False)  # the audit of the built site passes too
    for rel in ("brief/li-park-goals/matrix.html", "brief/li-park-goals.html"):
        page = sample.site_dir / rel
        found = scan(page)
        assert not found.handlers, rel
        html = page.read_text(encoding="utf-8")
        assert "<script>alert" not in html and "<img src=x" not in html, rel
        assert "&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt; [@li-park-2022] *x*" in html
    matrix = (sample.site_dir / "brief/li-park-goals/matrix.html").read_text(encoding="utf-8")
    assert 'title="continuity: &quot; onmouseover=&quot;alert(3)&quot; x=&quot;&lt;b&gt;"' in matrix


def test_matrix_was_last_changed_when_its_hierarchy_was(sample: Project) -> None:
    path = sample.content_dir / "brief.yml"
    path.write_text(
        path.read_text(encoding="utf-8")
        + "changes:\n"
        + '  - {version: "0.1", date: "2026-01-15", kind: substantive, note: "First edition."}\n'
        + '  - {version: "0.2", date: "2026-03-01", kind: minor, ids: [icebreaker-escort], note: "Item renamed."}\n'
        + '  - {version: "0.3", date: "2026-04-01", kind: minor, ids: [nsr], note: "Term reworded."}\n',
        encoding="utf-8",
    )
    records = generate(sample).records
    assert records[HIERARCHY].last_changed == "2026-03-01"
    assert records[MATRIX].last_changed == "2026-03-01"
