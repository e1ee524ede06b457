"""Validation of a whole brief: schema, ids, references and text rules, with exact messages."""

from __future__ import annotations

import pytest

from briefgen.base.errors import BriefError
from briefgen.base.project import Project
from briefgen.check.run import build_context


def edit(project: Project, rel: str, old: str, new: str) -> None:
    path = project.root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {rel}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def errors_of(project: Project) -> list[str]:
    with pytest.raises(BriefError) as caught:
        build_context(project)
    return [str(p) for p in caught.value.problems if p.severity == "error"]


def test_sample_brief_is_valid(sample: Project) -> None:
    ctx = build_context(sample)
    assert ctx.claim_numbers == {"route-shorter": "1.1", "ice-risk": "1.2", "slow-growth": "2.1"}
    assert [p for p in ctx.warnings if p.severity == "error"] == []
    assert ctx.event_claims["season-2017"] == ["ice-risk"]
    assert [u.target.id for u in ctx.cited_in["li-park-2022"]] == ["route-shorter"]


@pytest.mark.parametrize(
    ("rel", "old", "new", "expected"),
    [
        (
            "content/article.yml",
            "key: li-park-2022",
            "key: li-park-2O22",
            "content/article.yml:19: articles[0].parts[0].claims[0].cites[0].key: no entry 'li-park-2O22' in bibliography.bib (did you mean 'li-park-2022'?)",
        ),
        (
            "content/priorities.yml",
            "claim: ice-risk",
            "claim: ice-risks",
            "content/priorities.yml:23: hierarchies[0].tiers[0].priorities[0].claims[0].claim: no claim with id 'ice-risks' (did you mean 'ice-risk'?)",
        ),
        (
            "content/article.yml",
            "events: [season-2017]",
            "events: [nsr]",
            "content/article.yml:27: articles[0].parts[0].claims[1].events[0]: 'nsr' is a term, not an event (use the id of an event)",
        ),
        (
            "content/article.yml",
            "- id: slow-growth",
            "- id: Route-Shorter",
            "content/article.yml:35: articles[0].parts[1].claims[0].id: 'Route-Shorter' is not a valid id: use lowercase a-z, digits and '-', starting with a letter or digit, at most 64 characters (for example 'route-shorter')",
        ),
        (
            "content/article.yml",
            "- id: slow-growth",
            "- id: route-shorter",
            "content/article.yml:35: articles[0].parts[1].claims[0].id: duplicate id 'route-shorter': already used by a claim at content/article.yml:15 (choose another id)",
        ),
        (
            "content/article.yml",
            "- id: slow-growth",
            "- id: ../../etc",
            "content/article.yml:35: articles[0].parts[1].claims[0].id: '../../etc' is not a valid id: use lowercase a-z, digits and '-', starting with a letter or digit, at most 64 characters (for example 'etc')",
        ),
        (
            "content/article.yml",
            'locator: {pages: "12", inferred: true}\n        summary',
            'locater: {pages: "12"}\n        summary',
            "content/article.yml:31: articles[0].parts[1].locater: unknown field 'locater' (did you mean 'locator'?)",
        ),
        (
            "content/article.yml",
            'locator: {pages: "12", inferred: true}\n        summary',
            'locator: {pages: "12", inferred: end}\n        summary',
            'content/article.yml:31: articles[0].parts[1].locator.inferred: \'end\' needs pages to be one range such as "66–67", not "12" (give the range, or write true if every page given is inferred)',
        ),
        (
            "content/article.yml",
            'locator: {pages: "12", inferred: true}\n        summary',
            'locator: {pages: "12, 14", inferred: start}\n        summary',
            'content/article.yml:31: articles[0].parts[1].locator.inferred: \'start\' needs pages to be one range such as "66–67", not "12, 14" (give the range, or write true if every page given is inferred)',
        ),
        (
            "content/article.yml",
            'locator: {pages: "12", inferred: true}\n        summary',
            'locator: {pages: "12–13", inferred: both}\n        summary',
            "content/article.yml:31: articles[0].parts[1].locator.inferred: 'both' is not allowed (use one of: true, false, start or end; start or end marks one end of a range)",
        ),
        (
            "content/article.yml",
            'locator: {pages: "12", inferred: true}\n        summary',
            'locator: {pages: "12", inferred: 1}\n        summary',
            "content/article.yml:31: articles[0].parts[1].locator.inferred: 1 is not allowed (use one of: true, false, start or end; start or end marks one end of a range)",
        ),
        (
            "content/brief.yml",
            'version: "0.1"',
            "version: 0.1",
            "content/brief.yml:6: version: '0.1' would be read as a number (quote it: \"0.1\")",
        ),
        (
            "content/timeline.yml",
            'date: "2019-06-07"',
            'date: "2019-02-30"',
            "content/timeline.yml:14: events[1].date: '2019-02-30' is not a real calendar date (check month and day)",
        ),
        (
            "content/priorities.yml",
            "assessment: partly",
            "assessment: half",
            "content/priorities.yml:17: hierarchies[0].tiers[0].priorities[0].assessment: 'half' is not allowed (use one of: 'attained', 'mostly', 'partly', 'not-attained' or 'not-assessed')",
        ),
        (
            "content/priorities.yml",
            "rank: 2",
            "rank: 3",
            "content/priorities.yml:10: hierarchies[0].tiers: tier ranks are [1, 3]; they must be 1..2 without gaps or repeats (renumber them)",
        ),
        (
            "content/article.yml",
            "[Northern Sea Route](term:nsr)",
            "[Northern Sea Route](term:nrs)",
            "content/article.yml:13:15: articles[0].parts[0].summary: link to unknown term 'nrs' (did you mean 'nsr'?)",
        ),
        (
            "content/article.yml",
            "[Northern Sea Route](term:nsr)",
            "[Northern Sea Route](javascript:alert(1))",
            "content/article.yml:13:15: articles[0].parts[0].summary: link target 'javascript:alert(1' is not allowed (use https://…, mailto:… or KIND:id, e.g. claim:some-claim)",
        ),
        (
            "content/article.yml",
            "[Northern Sea Route](term:nsr)",
            "[Northern Sea Route](jav&#x61;script:x)",
            "content/article.yml:13:15: articles[0].parts[0].summary: link target 'jav&#x61;script:x' contains entities or control characters (write the URL plainly)",
        ),
        (
            "content/article.yml",
            "The author expects",
            "The <script>alert(1)</script> author expects",
            "content/article.yml:33:15: articles[0].parts[1].summary: raw HTML is not allowed in text (write Markdown; for a literal '<' write &lt;)",
        ),
        (
            "content/article.yml",
            "The author expects",
            "The author{: onclick=x} expects",
            "content/article.yml:33:21: articles[0].parts[1].summary: attribute lists '{: …}' are not allowed in text (remove it)",
        ),
        (
            "content/article.yml",
            "[@ivanov-2021, p. 12]",
            "[@ivanov-2012, p. 12]",
            "content/article.yml:33:72: articles[0].parts[1].summary: citation [@ivanov-2012, p. 12]: no entry 'ivanov-2012' in bibliography.bib (did you mean 'ivanov-2021'?)",
        ),
        (
            "content/glossary.yml",
            'definition: "The shipping lane along Russia\'s Arctic coast."',
            "see: nsr",
            "content/glossary.yml:7: terms[0].see: 'see' links form a cycle: nsr -> nsr (point one of them at a term without 'see')",
        ),
        (
            "docs/about.md",
            "[@ivanov-2021, p. 10]",
            "[@ivanov2021, p. 10]",
            "docs/about.md:4: [@ivanov2021, p. 10]: no entry 'ivanov2021' in bibliography.bib (did you mean 'ivanov-2021'?)",
        ),
    ],
)
def test_error_message(sample: Project, rel: str, old: str, new: str, expected: str) -> None:
    edit(sample, rel, old, new)
    assert expected in errors_of(sample)


def test_all_errors_are_reported_at_once(sample: Project) -> None:
    edit(sample, "content/article.yml", "key: li-park-2022", "key: nope")
    edit(sample, "content/priorities.yml", "claim: ice-risk", "claim: nope")
    edit(sample, "content/timeline.yml", 'date: "2017"', "date: 2017-13")
    edit(sample, "bibliography.bib", "@report{li-park-2022,", "@report{Ivanov-2021,")
    found = errors_of(sample)
    assert found == [
        "bibliography.bib:15: Ivanov-2021: duplicate key: already used as 'ivanov-2021' at line 3, keys are compared ignoring case (rename or remove one)",
        "content/article.yml:19: articles[0].parts[0].claims[0].cites[0].key: no entry 'nope' in bibliography.bib (add the entry to bibliography.bib)",
        "content/brief.yml:20: sources[1].key: no entry 'li-park-2022' in bibliography.bib (add the entry to bibliography.bib)",
        "content/priorities.yml:3: hierarchies[0].source: no entry 'li-park-2022' in bibliography.bib (add the entry to bibliography.bib)",
        "content/priorities.yml:23: hierarchies[0].tiers[0].priorities[0].claims[0].claim: no claim with id 'nope' (define it, or use one of the claim ids)",
        "content/timeline.yml:8: events[0].date: '2017-13' is not a real calendar date (check month and day)",
    ]


def test_deleting_a_cited_entry_is_reported_where_it_is_cited(sample: Project) -> None:
    bib = sample.bibliography.read_text(encoding="utf-8")
    sample.bibliography.write_text(bib[: bib.index("@report{li-park-2022")], encoding="utf-8")
    found = errors_of(sample)
    assert (
        "content/article.yml:19: articles[0].parts[0].claims[0].cites[0].key: no entry 'li-park-2022' in bibliography.bib (add the entry to bibliography.bib)"
        in found
    )
    assert (
        "content/brief.yml:20: sources[1].key: no entry 'li-park-2022' in bibliography.bib (add the entry to bibliography.bib)"
        in found
    )


def test_unexpected_file_in_content_is_an_error(sample: Project) -> None:
    (sample.content_dir / "works.yaml").write_text("a: b\n", encoding="utf-8")
    assert (
        "content/works.yaml:0: (file): unexpected file in content/ (briefgen reads only brief.yml, article.yml, priorities.yml, timeline.yml, glossary.yml, articles/*.yml, released.txt and released/; move or rename it)"
        in errors_of(sample)
    )


def test_orphans_are_warnings(sample: Project) -> None:
    edit(sample, "content/article.yml", "            actors: [park-jihoon]\n", "")
    ctx = build_context(sample)
    assert [str(w) for w in ctx.warnings] == [
        "content/glossary.yml:13: actors[1]: warning: actor 'park-jihoon' is linked from no claim (link it from a claim's actors, or remove it)"
    ]


def test_a_claim_citing_its_own_article_is_a_warning(sample: Project) -> None:
    """`cites:` lists what the article itself cites at that point; the article is the claim's
    source already (by its locator), so citing it there is a slip that would mislead readers."""
    edit(sample, "content/article.yml", "key: li-park-2022", "key: ivanov-2021")
    ctx = build_context(sample)
    assert (
        "content/article.yml:19: articles[0].parts[0].claims[0].cites[0].key: warning: the claim cites "
        "'ivanov-2021', the work this article summarises (cites: lists what the article itself cites at "
        "this point; where the claim is in the article is its locator: remove this entry)"
    ) in [str(w) for w in ctx.warnings]


def test_claim_numbers_name_the_article_once_a_brief_has_two(sample: Project) -> None:
    """One article: §part.claim, as before. Two or more: §article.part.claim, so that no number
    names two claims."""
    path = sample.content_dir / "articles" / "02-fleet.yml"
    path.parent.mkdir()
    path.write_text(
        'articles:\n  - id: fleet-report\n    source: li-park-2022\n    title: {en: "Fleet report"}\n'
        '    parts:\n      - id: findings\n        title: {en: "Findings"}\n        locator: {pages: "5"}\n'
        "        summary: |\n          What the report found.\n        claims:\n"
        '          - id: escort-demand\n            text: "Demand for escorts grows each season."\n'
        '            locator: {pages: "5"}\n',
        encoding="utf-8",
    )
    ctx = build_context(sample)
    assert ctx.claim_numbers == {
        "route-shorter": "1.1.1",
        "ice-risk": "1.1.2",
        "slow-growth": "1.2.1",
        "escort-demand": "2.1.1",
    }
    assert len(set(ctx.claim_numbers.values())) == len(ctx.claim_numbers)


def test_a_change_may_name_a_handwritten_page(sample: Project) -> None:
    from briefgen.render.generate import generate

    path = sample.content_dir / "brief.yml"
    path.write_text(
        path.read_text(encoding="utf-8")
        + "changes:\n"
        + '  - {version: "0.1", date: "2026-01-15", kind: substantive, note: "First edition."}\n'
        + '  - {version: "0.2", date: "2026-03-01", kind: minor, ids: [about.md], note: "About reworded."}\n',
        encoding="utf-8",
    )
    generated = generate(sample)
    assert generated.records["about.md"].last_changed == "2026-03-01"
    assert generated.records["index.md"].last_changed == "2026-01-15"
    # The page as the engine gets it: complete HTML, links made the site's URLs.
    assert 'minor</span> · <a href="../about.html">About this brief</a>: About reworded.' in str(
        generated.files["brief/changelog.md"]
    )
    path.write_text(path.read_text(encoding="utf-8").replace("ids: [about.md]", "ids: [abuot.md]"), encoding="utf-8")
    assert errors_of(sample) == [
        "content/brief.yml:25: changes[1].ids[0]: no id 'abuot.md' in the brief (did you mean 'about.md'?)"
    ]


def test_the_changes_page_was_last_changed_by_the_newest_change(sample: Project) -> None:
    from briefgen.render.generate import generate

    path = sample.content_dir / "brief.yml"
    path.write_text(
        path.read_text(encoding="utf-8")
        + "changes:\n"
        + '  - {version: "0.1", date: "2026-01-15", kind: substantive, note: "First edition."}\n'
        + '  - {version: "0.2", date: "2026-03-01", kind: minor, ids: [ice-risk], note: "Typo."}\n',
        encoding="utf-8",
    )
    assert generate(sample).records["brief/changelog.md"].last_changed == "2026-03-01"


def test_a_change_keeps_the_id_of_its_time_after_a_rename(sample: Project) -> None:
    """The changelog is history: after `ice-risk` is renamed (with a redirect), a change that
    named it is still valid, and still marks the claim's page as changed."""
    from briefgen.render.generate import generate

    edit(sample, "content/article.yml", "- id: ice-risk", "- id: ice-hazard")
    edit(sample, "content/priorities.yml", "claim: ice-risk", "claim: ice-hazard")
    path = sample.content_dir / "brief.yml"
    path.write_text(
        path.read_text(encoding="utf-8")
        + "redirects:\n  ice-risk: ice-hazard\n"
        + "changes:\n"
        + '  - {version: "0.1", date: "2026-01-15", kind: substantive, note: "First edition."}\n'
        + '  - {version: "0.2", date: "2026-03-01", kind: minor, ids: [ice-risk], note: "Typo."}\n',
        encoding="utf-8",
    )
    generated = generate(sample)
    assert generated.records["brief/ivanov/introduction.md"].last_changed == "2026-03-01"
    changelog = str(generated.files["brief/changelog.md"])
    assert 'minor</span> · <a href="ivanov/introduction.html#ice-hazard"' in changelog
    assert "§1.2</a>: Typo." in changelog
