"""`claims-VERSION.jsonld`: the claims as data, read back as JSON-LD by pyld, offline."""

from __future__ import annotations

import json
import socket
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pyld import jsonld
from pyld.documentloader.frozen import FrozenDocumentLoader

from briefgen.base.project import Project
from briefgen.check.run import build_context
from briefgen.pipeline.build import build, release
from briefgen.render.claimgraph import CITO, CONTEXT, SDO, claims_graph

from .conftest import REPO, real_copy_of

NO_REMOTE = FrozenDocumentLoader({})
"""Every remote document (a context) is an error, never a fetch."""
KNOWN = {v if isinstance(v, str) else v["@id"] for k, v in CONTEXT.items() if not k.startswith("@")}


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("JSON-LD processing tried to use the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)


def problems(doc: dict[str, Any]) -> list[str]:
    """Keys pyld drops, types and properties outside the context, relative IRIs."""
    dropped: list[str] = []
    expanded = jsonld.expand(doc, {"documentLoader": NO_REMOTE}, on_property_dropped=lambda p: dropped.append(str(p)))
    out = [f"dropped: {d}" for d in dropped]

    def walk(node: Any) -> Iterator[str]:
        if isinstance(node, list):
            for item in node:
                yield from walk(item)
        elif isinstance(node, dict):
            for key, value in node.items():
                if key == "@type":
                    types = value if isinstance(value, list) else [value]
                    yield from (f"unknown type: {t}" for t in types if t not in KNOWN and t != SDO + "Date")
                elif not key.startswith("@") and key not in KNOWN:
                    yield f"unknown property: {key}"
                if key == "@id" and (
                    value.startswith(jsonld.DEFAULT_BASE_IRI) or not value.startswith(("http://", "https://", "_:"))
                ):
                    yield f"relative @id: {value}"
                yield from walk(value)

    return out + list(walk(expanded))


def graph_of(project: Project) -> dict[str, Any]:
    return claims_graph(build_context(project))


def node(doc: dict[str, Any], identifier: str) -> dict[str, Any]:
    found = [n for n in doc["@graph"] if n.get("identifier") == identifier]
    assert len(found) == 1, identifier
    return found[0]


@pytest.mark.usefixtures("no_network")
@pytest.mark.parametrize("which", ["sample", "real"])
def test_claims_jsonld_is_json_ld_with_nothing_dropped(which: str, sample: Project, tmp_path: Path) -> None:
    project = sample if which == "sample" else real_copy_of(REPO, tmp_path / "real")
    doc = graph_of(project)
    assert problems(doc) == []
    quads = jsonld.to_rdf(doc, {"documentLoader": NO_REMOTE, "format": "application/n-quads"})
    claims = len(build_context(project).claim_numbers)
    assert quads.count(f"<http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{SDO}Claim>") == claims
    # Compacted with its own context, it is the same document.
    compacted = jsonld.compact(doc, {"@context": CONTEXT}, {"documentLoader": NO_REMOTE})
    assert len(compacted["@graph"]) == len(doc["@graph"])


@pytest.mark.usefixtures("no_network")
def test_the_check_catches_what_it_is_for(sample: Project) -> None:
    doc = graph_of(sample)
    claim = node(doc, "route-shorter")
    claim["txt"] = "a misspelt key"
    claim["@type"] = "Claimm"
    claim["isPartOf"] = "brief/ivanov/introduction.html"
    assert problems(doc) == [
        "dropped: txt",
        "unknown type: http://example.org/base/Claimm",
        "relative @id: http://example.org/base/brief/ivanov/introduction.html",
    ]
    with pytest.raises(jsonld.JsonLdError):
        jsonld.expand({"@context": "https://schema.org", "name": "x"}, {"documentLoader": NO_REMOTE})


def test_a_claim_says_whose_words_are_whose(sample: Project) -> None:
    """Our claim cites the article as its source document, based on the passage at its page;
    the works the article cites there are cited by that passage, with their pages."""
    doc = graph_of(sample)
    base = "https://example.org/sample-brief/v/0.1/"
    claim = node(doc, "route-shorter")
    assert claim["@id"] == f"{base}brief/ivanov/introduction.html#route-shorter"
    assert claim["@type"] == "Claim"
    assert claim["text"].startswith("The route shortens voyages")
    assert (claim["inLanguage"], claim["version"], claim["position"]) == ("en", "0.1", "1.1")
    assert claim["citesAsSourceDocument"] == f"{base}brief/works.html#ref-ivanov-2021"
    assert claim["isBasedOn"] == {
        "@type": "CreativeWork",
        "isPartOf": f"{base}brief/works.html#ref-ivanov-2021",
        "pagination": "10",
        "citesAsEvidence": [
            {"@type": "CreativeWork", "isPartOf": f"{base}brief/works.html#ref-li-park-2022", "pagination": "4–6"}
        ],
    }
    [role] = claim["about"]
    assert role["@type"] == "Role"
    assert role["about"] == f"{base}brief/li-park-goals.html#transit-volume"
    assert role["roleName"]["termCode"] == "change"
    assert role["description"]  # our note, in the Role, never in the claim's text
    assert node(doc, "ice-risk")["isBasedOn"]["pagination"] == "[11]"  # inferred, marked
    expanded = jsonld.expand(doc, {"documentLoader": NO_REMOTE})
    flat = json.dumps(expanded)
    assert f"{CITO}citesAsEvidence" in flat and f"{CITO}citesAsSourceDocument" in flat


def test_versions_dates_and_withdrawn_claims(sample: Project) -> None:
    release(sample)
    brief = sample.content_dir / "brief.yml"
    text = brief.read_text(encoding="utf-8").replace('version: "0.1"', 'version: "0.2"')
    text = text.replace('published: "2026-01-15"', 'published: "2026-02-01"')
    text += (
        'changes:\n  - {version: "0.2", date: "2026-02-01", kind: minor, ids: [slow-growth], note: "Wording."}\n'
        'withdrawn:\n  - {id: ice-risk, reason: "Not what the article says."}\n'
    )
    brief.write_text(text, encoding="utf-8")
    article = sample.content_dir / "article.yml"
    a = article.read_text(encoding="utf-8")
    start = a.index("          - id: ice-risk\n")
    a = a[:start] + a[a.index("      - id: conclusion") :]
    article.write_text(
        a.replace("because insurance costs stay high.", "because insurance stays costly."), encoding="utf-8"
    )
    pri = sample.content_dir / "priorities.yml"
    p = pri.read_text(encoding="utf-8")
    cut = p.index("            claims:\n              - claim: ice-risk")
    pri.write_text(p[:cut] + p[p.index("      - id: tier-commerce") :], encoding="utf-8")
    doc = graph_of(sample)
    assert problems(doc) == []
    old = "https://example.org/sample-brief/v/0.1/"
    changed = node(doc, "slow-growth")
    assert (changed["datePublished"], changed["dateModified"]) == ("2026-01-15", "2026-02-01")
    assert (
        changed["firstAppearance"] == "https://example.org/sample-brief/v/0.2/brief/ivanov/conclusion.html#slow-growth"
    )
    same = node(doc, "route-shorter")
    assert same["datePublished"] == "2026-01-15" and "dateModified" not in same
    assert same["firstAppearance"] == f"{old}brief/ivanov/introduction.html#route-shorter"
    gone = node(doc, "ice-risk")
    assert gone["@id"] == f"{old}brief/ivanov/introduction.html#ice-risk"
    assert gone["creativeWorkStatus"] == "Withdrawn"
    assert gone["description"] == "Withdrawn in version 0.2: Not what the article says."


@pytest.mark.pdf
def test_the_file_is_on_the_site_and_in_the_research_pack(sample: Project) -> None:
    build(sample, pdf=True)
    site = sample.site_dir
    published = json.loads((site / "brief/claims-0.1.jsonld").read_text(encoding="utf-8"))
    assert published == graph_of(sample)
    changes = (site / "brief/changelog.html").read_text(encoding="utf-8")
    assert '<a href="claims-0.1.jsonld" download="">claims-0.1.jsonld</a>' in changes
    with zipfile.ZipFile(site / "brief/research-pack-0.1.zip") as pack:
        names = pack.namelist()
        assert "research-pack-0.1/claims-0.1.jsonld" in names
        assert "research-pack-0.1/site/brief/claims-0.1.jsonld" in names
        assert json.loads(pack.read("research-pack-0.1/claims-0.1.jsonld")) == published
