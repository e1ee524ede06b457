"""Glossary terms on first use and hover previews (previews.py): renderers, the form matcher,
the page marker, validation of `forms`, and hostile content that must stay text."""

from __future__ import annotations

import re

import pytest

from briefgen.base.errors import BriefError
from briefgen.base.project import Project
from briefgen.check.run import build_context
from briefgen.model.common import Locator
from briefgen.model.glossary import Term
from briefgen.model.timeline import Event
from briefgen.pipeline.build import build
from briefgen.render.generate import generate
from briefgen.render.previews import FormMatcher, PreviewIndex, mark_page
from briefgen.render.tooltips import (
    claim_preview_html,
    event_preview_html,
    preview_text,
    term_tip_html,
    work_preview_html,
)

PART = "brief/ivanov/introduction.md"


def edit(project: Project, rel: str, old: str, new: str) -> None:
    path = project.root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {rel}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def add_forms(project: Project, forms: str) -> None:
    edit(project, "content/glossary.yml", '    en: "NSR"\n', f'    en: "NSR"\n    forms: {forms}\n')


def term(**fields: object) -> Term:
    return Term.model_validate({"id": "t", "kind": "abbreviation", "original": "T", **fields})


# --------------------------------------------------------------------------- pure renderers


def test_preview_text_is_one_plain_line() -> None:
    value = "See [the 1961 treaty](event:treaty-1961),\n*really* \\*not\\* [@ivanov-2021, p. 12]. &lt;b&gt; «q»"
    assert preview_text(value) == "See the 1961 treaty, really *not*. <b> «q»"


def test_term_tip() -> None:
    kndr = term(
        original="КНДР",
        en="DPRK",
        expansion={"original": "Корейская Народно-Демократическая Республика", "en": "Democratic People's Republic"},
    )
    assert term_tip_html(kndr, "ru", "../glossary.html#kndr", "North Korea <b>.", "ПРО") == (
        '<span class="bg-tip-line"><strong class="bg-tip-head" lang="ru">КНДР</strong> — DPRK</span>'
        '<span class="bg-tip-line"><span lang="ru">Корейская Народно-Демократическая Республика</span> · '
        "<em>Democratic People&#x27;s Republic</em></span>"
        '<span class="bg-tip-line bg-tip-text">North Korea &lt;b&gt;.</span>'
        '<span class="bg-tip-line">See ПРО.</span>'
        '<span class="bg-tip-line"><a class="bg-tip-link" href="../glossary.html#kndr">Glossary entry</a></span>'
    )
    # No English, no expansion, no definition: the original and the link only.
    assert term_tip_html(term(original="X&Y"), "", "g.html#t", "") == (
        '<span class="bg-tip-line"><strong class="bg-tip-head">X&amp;Y</strong></span>'
        '<span class="bg-tip-line"><a class="bg-tip-link" href="g.html#t">Glossary entry</a></span>'
    )


def test_claim_event_and_work_previews() -> None:
    assert claim_preview_html("2.3", "Background", "A claim.", Locator(pages="63–64", inferred=True)) == (
        '<span class="bg-tip-line"><strong>§2.3</strong> · Background</span>'
        '<span class="bg-tip-line bg-tip-text">A claim. <span class="bg-tip-loc">pp. [63–64]</span></span>'
    )
    assert claim_preview_html("1.1", "Intro", "B", Locator(pages="5")).endswith(
        '<span class="bg-tip-loc">p. 5</span></span>'
    )
    event = Event.model_validate({"id": "e", "date": "2024-06-19", "title": {"en": "Signed <here>"}})
    assert event_preview_html(event) == (
        '<span class="bg-tip-line"><time datetime="2024-06-19">19 June 2024</time></span>'
        '<span class="bg-tip-line bg-tip-text">Signed &lt;here&gt;</span>'
    )
    assert work_preview_html({"gost": "A <em>B</em>.", "apa": "A (2020)."}, "gost", "ru") == (
        '<span class="bg-tip-entry" data-style="gost" lang="ru">A <em>B</em>.</span>'
        '<span class="bg-tip-entry" data-style="apa" lang="ru" hidden>A (2020).</span>'
    )


def test_form_matcher_whole_words_case_and_first_only() -> None:
    matcher = FormMatcher.of(
        [
            term(id="kndr", original="КНДР", forms=["DPRK", "КНДР"]),
            Term.model_validate({"id": "cw", "kind": "term", "original": "холодная война", "forms": ["Cold War"]}),
            term(id="wide", original="W", forms=["DPRK–Russia treaty"]),
        ]
    )
    text = "DPRKs and dprk; the cold war, (КНДР) and DPRK-led; the DPRK–Russia treaty. КНДРовский"
    assert [(text[s:e], t) for s, e, t in matcher.find(text)] == [
        ("cold war", "cw"),  # a term: any case
        ("КНДР", "kndr"),  # an abbreviation: exact case, whole word ("DPRKs", "dprk" are not)
        ("DPRK–Russia treaty", "wide"),  # the longest form wins
    ]
    assert [t for _s, _e, t in matcher.find(text, skip={"cw"})] == ["kndr", "wide"]
    assert list(FormMatcher.of([]).find(text)) == []


# --------------------------------------------------------------------------- the page marker


@pytest.fixture
def index(sample: Project) -> PreviewIndex:
    add_forms(sample, '["NSR", "Northern Sea Route"]')
    generated = generate(sample)
    return PreviewIndex.of(generated.ctx, generated.works)


def test_mark_page_marks_first_use_and_previewed_links(index: PreviewIndex) -> None:
    content = (
        '<h2 id="x">NSR</h2>'
        '<p>The NSR and <a href="../glossary.html#nsr">the route</a>, NSR again. <code>NSR</code> '
        '<span class="bg-cite" data-cites="li-park-2022">[<a href="../works.html#ref-li-park-2022" '
        'role="doc-biblioref">Li, Park, 2022</a>]</span> <a class="x" href="conclusion.html#slow-growth">§2.1</a> '
        '<a href="#route-shorter">§1.1</a> <a href="https://example.org/#a">web</a></p>'
        '<section class="bg-cite-page"><a href="conclusion.html#slow-growth">§2.1</a> NSR</section>'
    )
    marked = mark_page(content, PART, index)
    assert marked.html == (
        '<h2 id="x">NSR</h2>'
        '<p>The <span class="bg-term-first bg-term-auto" role="button" tabindex="0" '
        'aria-describedby="bg_tip_1" data-bg-tip="bg_tip_1">NSR</span> and '
        '<a href="../glossary.html#nsr">the route</a>, NSR again. <code>NSR</code> '
        '<span class="bg-cite" data-cites="li-park-2022">[<a href="../works.html#ref-li-park-2022" '
        'role="doc-biblioref" class="bg-has-preview" aria-describedby="bg_tip_2" data-bg-tip="bg_tip_2">'
        "Li, Park, 2022</a>]</span> "
        '<a class="bg-has-preview x" href="conclusion.html#slow-growth" aria-describedby="bg_tip_3" '
        'data-bg-tip="bg_tip_3">§2.1</a> '
        '<a href="#route-shorter">§1.1</a> <a href="https://example.org/#a">web</a></p>'
        '<section class="bg-cite-page"><a href="conclusion.html#slow-growth">§2.1</a> NSR</section>'
    )
    tips = re.findall(r'<span class="bg-tip bg-tip-(\w+)" role="tooltip" id="(bg_tip_\d)" hidden="">', marked.tips)
    assert tips == [("term", "bg_tip_1"), ("work", "bg_tip_2"), ("claim", "bg_tip_3")]
    assert marked.tips.startswith('<div class="bg-tips" hidden="">')
    assert '<a class="bg-tip-link" href="../glossary.html#nsr">Glossary entry</a>' in marked.tips
    assert (
        '<strong>§2.1</strong> · Conclusion</span><span class="bg-tip-line bg-tip-text">'
        'Traffic will grow slowly because insurance costs stay high. <span class="bg-tip-loc">p. [12]</span>'
    ) in marked.tips


def test_an_explicit_link_first_marks_the_term_and_later_forms_stay_plain(index: PreviewIndex) -> None:
    content = '<p><a href="../glossary.html#nsr">route</a> NSR <a href="../glossary.html#nsr">again</a></p>'
    assert mark_page(content, PART, index).html == (
        '<p><a href="../glossary.html#nsr" class="bg-term-first" aria-describedby="bg_tip_1" data-bg-tip="bg_tip_1">'
        'route</a> NSR <a href="../glossary.html#nsr">again</a></p>'
    )


def test_glossary_page_and_pages_without_links_get_no_tips(index: PreviewIndex) -> None:
    content = "<p>The NSR and <em>Northern Sea Route</em>.</p>"
    assert mark_page(content, "brief/glossary.md", index).tips == ""
    plain = mark_page("<p>Nothing &amp; nobody.</p>", PART, index)
    assert (plain.html, plain.tips) == ("<p>Nothing &amp; nobody.</p>", "")


# --------------------------------------------------------------------------- validation


def test_forms_are_validated_with_their_lines(sample: Project) -> None:
    add_forms(sample, '["NSR", "N", "nsr"]')
    edit(
        sample,
        "content/glossary.yml",
        "actors:\n",
        '  - id: route\n    kind: term\n    original: "путь"\n    forms: ["Nsr"]\nactors:\n',
    )
    with pytest.raises(BriefError) as caught:
        build_context(sample)
    errors = [str(p) for p in caught.value.problems if p.severity == "error"]
    assert errors == [
        "content/glossary.yml:7: terms[0].forms[1]: form 'N' is too short to find reliably "
        "(write at least 2 characters)",
        "content/glossary.yml:7: terms[0].forms[2]: form 'nsr' is twice for this term "
        "(at content/glossary.yml:7; a form names one term: remove one)",
        "content/glossary.yml:12: terms[1].forms[0]: form 'Nsr' is already a form of term 'nsr' "
        "(at content/glossary.yml:7; a form names one term: remove one)",
    ]


# --------------------------------------------------------------------------- hostile content


HOSTILE_ORIGINAL = '<img src=x onerror="alert(1)">'
HOSTILE_DEFINITION = "Harmless &lt;img src=x onerror=alert(2)&gt; &lt;/span&gt;&lt;/div&gt; text."
HOSTILE_CLAIM = "Insurance &lt;/span&gt;&lt;a href=javascript:alert(3)&gt;costs&lt;/a&gt; stay high."


def test_hostile_previews_stay_text(sample: Project) -> None:
    edit(sample, "content/glossary.yml", 'original: "СМП"', f"original: '{HOSTILE_ORIGINAL}'")
    edit(sample, "content/glossary.yml", "The shipping lane along Russia's Arctic coast.", HOSTILE_DEFINITION)
    edit(sample, "content/article.yml", "Traffic will grow slowly because insurance costs stay high.", HOSTILE_CLAIM)
    # The claim is linked from the introduction so that its preview is on another page.
    edit(sample, "content/article.yml", "after [the 2017 season]", "after [§2.1](claim:slow-growth) [the 2017 season]")
    build(sample, pdf=False)  # the audit of the built site passes
    page = (sample.site_dir / "brief/ivanov/introduction.html").read_text(encoding="utf-8")
    tips = page[page.index('<div class="bg-tips"') :]
    tips = tips[: tips.index("</div>") + len("</div>")]
    assert '&lt;img src=x onerror="alert(1)"&gt;' in tips
    assert "Harmless &lt;img src=x onerror=alert(2)&gt; &lt;/span&gt;&lt;/div&gt; text." in tips
    assert "Insurance &lt;/span&gt;&lt;a href=javascript:alert(3)&gt;costs&lt;/a&gt; stay high." in tips
    assert "<img" not in tips and "javascript:" not in re.sub(r"&lt;.*?&gt;", "", tips)
    assert not re.search(r"<a [^>]*href=\"?javascript", page)
