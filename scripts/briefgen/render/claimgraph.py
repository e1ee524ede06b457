"""`claims-VERSION.jsonld`: every claim of a version as data (schema.org and CiTO, JSON-LD).

Each claim is a schema.org `Claim` at its versioned URL (`…/v/1.1/brief/feng/background.html#id`)
with its text, language, § number, version and page. Who says what is kept apart:

- the claim `cito:citesAsSourceDocument` the article it summarises, and `isBasedOn` a passage of
  that article (a `CreativeWork` that `isPartOf` it, with the page as `pagination`);
- the works the article itself cites at that point are cited by that passage
  (`cito:citesAsEvidence`), not by our claim;
- the links to the priorities of a hierarchy are our reading: each is a schema.org `Role` on
  `about`, whose `roleName` is the relation (continuity, change, tension) and whose
  `description` is our note.

`firstAppearance` is the claim at the version from which it reads as now (index/editions.py): the
edition to cite for the earliest matching text. Withdrawn claims are listed with
`creativeWorkStatus: Withdrawn` and the reason.

The `@context` is inline and lists every term (no remote context, which a consumer would have to
fetch, and whose `@vocab` would turn a misspelt key into a property instead of dropping it).
Terms map to `http://schema.org/`, the IRIs schema.org's own context gives, so these triples
merge with everyone else's.
"""

from __future__ import annotations

import json
import re
from typing import Any

from briefgen.base import routes
from briefgen.base.doi import doi_url, json_ld_identifier
from briefgen.base.routes import edition_url, page_url
from briefgen.index.context import BriefContext
from briefgen.index.snapshots import ClaimState
from briefgen.model.articles import Article, Claim
from briefgen.model.common import Locator
from briefgen.model.walk import walk_priorities
from briefgen.render.editions import reader_text

SDO = "http://schema.org/"
CITO = "http://purl.org/spar/cito/"
TYPES = (
    "Claim",
    "CreativeWork",
    "Dataset",
    "DefinedTerm",
    "DefinedTermSet",
    "Organization",
    "Person",
    "PropertyValue",
    "Report",
    "Role",
)
TEXT_PROPERTIES = (
    "creativeWorkStatus",
    "description",
    "familyName",
    "givenName",
    "identifier",
    "inLanguage",
    "name",
    "pagination",
    "position",
    "propertyID",
    "termCode",
    "text",
    "value",
    "version",
)
LINK_PROPERTIES = (
    "about",
    "author",
    "exampleOfWork",
    "firstAppearance",
    "hasDefinedTerm",
    "hasPart",
    "inDefinedTermSet",
    "isBasedOn",
    "isPartOf",
    "license",
    "roleName",
    "sameAs",
    "url",
)
CITO_PROPERTIES = ("citesAsEvidence", "citesAsSourceDocument")
CONTEXT: dict[str, Any] = {
    "@version": 1.1,
    "@protected": True,
    **{name: SDO + name for name in (*TYPES, *TEXT_PROPERTIES)},
    **{name: {"@id": SDO + name, "@type": SDO + "Date"} for name in ("datePublished", "dateModified")},
    **{name: {"@id": SDO + name, "@type": "@id"} for name in LINK_PROPERTIES},
    **{name: {"@id": CITO + name, "@type": "@id"} for name in CITO_PROPERTIES},
}
"""Every term the file uses, and nothing else."""
RELATION_NAMES = {
    "continuity": "continuity: the claim continues the priority",
    "change": "change: the claim departs from the priority",
    "tension": "tension: the claim sits uneasily with the priority",
}


def _passage(work: str, pagination: str, **more: Any) -> dict[str, Any]:
    """A place in a work: a `CreativeWork` that is part of it, at `pagination`."""
    node: dict[str, Any] = {"@type": "CreativeWork", "isPartOf": work}
    if pagination:
        node["pagination"] = pagination
    node.update(more)
    return node


_PAGES = re.compile(r"(?:pp?\.|с\.)\s*(?P<pages>\S.*)\Z")


def _cited_place(work: str, locator: str) -> dict[str, Any] | str:
    """A work the source cites, at its locator: `p. 12` becomes `pagination` 12; any other
    locator is described; without one, the work itself."""
    if not locator:
        return work
    pages = _PAGES.match(locator)
    if pages:
        return _passage(work, pages["pages"])
    return _passage(work, "", description=locator)


class _Graph:
    """What the nodes of one version's graph share: its URLs, and the works cited so far."""

    def __init__(self, ctx: BriefContext) -> None:
        self.ctx = ctx
        self.version = ctx.brief.version
        self.relations = self.here(f"{routes.claims_data(self.version)}#relations")
        self.cited: dict[str, None] = {}  # keys of the works the graph names, in order (each gets a node)

    def here(self, url: str) -> str:
        """A URL of this version's copy of the site."""
        return edition_url(self.ctx.brief.site_url, self.version, url)

    def work(self, key: str) -> str:
        """A work's entry on this version's works-cited page."""
        return self.here(f"{page_url(routes.WORKS)}#{routes.work_anchor(key)}")


def claims_graph(ctx: BriefContext) -> dict[str, Any]:
    """The JSON-LD document of this version's claims."""
    graph = _Graph(ctx)
    edition = graph.here(page_url(routes.HOME))
    nodes: list[dict[str, Any]] = []
    claim_ids: list[str] = []
    for article in ctx.articles:
        graph.cited[article.source] = None
        for part in article.parts:
            for claim in part.claims:
                node = _claim_node(graph, article, claim)
                if node is not None:
                    claim_ids.append(node["@id"])
                    nodes.append(node)
    nodes += _priority_nodes(graph)
    nodes += _withdrawn_nodes(ctx)
    nodes.append(
        {
            "@id": graph.relations,
            "@type": "DefinedTermSet",
            "name": "How a claim bears on a priority (our reading, not the sources')",
            "hasDefinedTerm": [
                {"@type": "DefinedTerm", "termCode": code, "name": code, "description": text}
                for code, text in RELATION_NAMES.items()
            ],
        }
    )
    nodes += [_work_node(ctx, key, graph.work(key)) for key in graph.cited if key in ctx.bibliography.entries]
    head = [_dataset(ctx, graph.here(routes.claims_data(graph.version)), edition, claim_ids), _edition(ctx, edition)]
    return {"@context": CONTEXT, "@graph": head + nodes}


def _claim_node(graph: _Graph, article: Article, claim: Claim) -> dict[str, Any] | None:
    """A claim of this version as a schema.org `Claim` (None for one the index does not hold)."""
    ctx = graph.ctx
    target = ctx.xref.get(claim.id, "claim")
    if target is None:
        return None
    url = graph.here(f"{page_url(target.page)}#{claim.id}")
    node: dict[str, Any] = {
        "@id": url,
        "@type": "Claim",
        "identifier": claim.id,
        "name": f"§{ctx.claim_numbers[claim.id]}",
        "position": ctx.claim_numbers[claim.id],
        "text": " ".join(reader_text(claim.text).split()),
        "inLanguage": ctx.brief.languages[0],
        "version": graph.version,
        "url": url,
        "isPartOf": graph.here(page_url(target.page)),
        "creativeWorkStatus": "Published",
        "citesAsSourceDocument": graph.work(article.source),
        "isBasedOn": _based_on(graph.work(article.source), claim.locator, claim.cites, graph.work, graph.cited),
    }
    node.update(_dates(ctx, claim.id))
    roles = [
        {
            "@type": "Role",
            "about": graph.here(_priority_url(ctx, priority.id)),
            "roleName": {
                "@type": "DefinedTerm",
                "termCode": relation,
                "name": relation,
                "inDefinedTermSet": graph.relations,
            },
            "description": note,
        }
        for priority, relation, note in ctx.claim_priorities.get(claim.id, [])
    ]
    if roles:
        node["about"] = roles
    return node


def _priority_nodes(graph: _Graph) -> list[dict[str, Any]]:
    """Every priority of every hierarchy, as a part of the passage of its source it reads."""
    nodes = []
    for hierarchy in graph.ctx.hierarchies:
        graph.cited[hierarchy.source] = None
        for priorities, path in hierarchy.priority_lists():
            for priority, _ in walk_priorities(priorities, path):
                nodes.append(
                    {
                        "@id": graph.here(_priority_url(graph.ctx, priority.id)),
                        "@type": "CreativeWork",
                        "identifier": priority.id,
                        "name": priority.title.best(),
                        "isPartOf": graph.here(page_url(routes.hierarchy_page(hierarchy.id))),
                        "isBasedOn": _passage(graph.work(hierarchy.source), hierarchy.locator.marked()),
                    }
                )
    return nodes


def _withdrawn_nodes(ctx: BriefContext) -> list[dict[str, Any]]:
    """Each withdrawn claim as its last version released it, marked withdrawn, with the reason."""
    if ctx.editions is None:
        return []
    nodes = []
    for withdrawn in ctx.editions.withdrawn.values():
        last = withdrawn.last
        nodes.append(
            {
                "@id": edition_url(ctx.brief.site_url, withdrawn.last_version, last.url()),
                "@type": "Claim",
                "identifier": last.id,
                "name": f"§{last.number}",
                "text": " ".join(reader_text(last.text).split()),
                "inLanguage": ctx.brief.languages[0],
                "version": withdrawn.last_version,
                "creativeWorkStatus": "Withdrawn",
                "description": f"Withdrawn in version {withdrawn.withdrawn_in}: {withdrawn.reason}",
            }
        )
    return nodes


def _priority_url(ctx: BriefContext, priority_id: str) -> str:
    target = ctx.xref.require(priority_id, "priority")
    return f"{page_url(target.page)}#{target.anchor}"


def _based_on(article: str, locator: Locator, cites: list[Any], work: Any, cited: dict[str, None]) -> dict[str, Any]:
    """The passage of the article a claim summarises; what the article cites there is cited by
    that passage (the article's words, not ours)."""
    evidence = []
    for cite in cites:
        cited[cite.key] = None
        evidence.append(_cited_place(work(cite.key), cite.locator or ""))
    more = {"citesAsEvidence": evidence} if evidence else {}
    return _passage(article, locator.marked(), **more)


def _dates(ctx: BriefContext, claim_id: str) -> dict[str, Any]:
    """When the claim was first published, when it last changed, and where it first read as now."""
    editions = ctx.editions
    published = ctx.brief.published
    if editions is None or len(editions.versions) < 2:
        return {"datePublished": published}
    first = editions.first_released(claim_id) or ctx.brief.version
    out: dict[str, Any] = {"datePublished": editions.published.get(first, published)}
    status = editions.status(claim_id)
    if status is not None and status.state == "changed":
        out["dateModified"] = editions.published.get(status.version, published)
    since = editions.since(claim_id)
    if since is not None:
        version, state = since
        out["firstAppearance"] = edition_url(ctx.brief.site_url, version, ClaimState.url(state))
    return out


def _work_node(ctx: BriefContext, key: str, iri: str) -> dict[str, Any]:
    entry = ctx.bibliography.entries[key]
    node: dict[str, Any] = {"@id": iri, "@type": "CreativeWork", "identifier": key}
    title = entry.fields.get("title")
    if title:
        node["name"] = title
    same = [doi_url(entry.fields["doi"])] if entry.fields.get("doi") else []
    if entry.fields.get("url"):
        same.append(entry.fields["url"])
    if same:
        node["sameAs"] = same if len(same) > 1 else same[0]
    return node


def _edition(ctx: BriefContext, edition: str) -> dict[str, Any]:
    brief = ctx.brief
    node: dict[str, Any] = {
        "@id": edition,
        "@type": "Report",
        "name": brief.title.best(),
        "version": brief.version,
        "datePublished": brief.published,
        "inLanguage": brief.languages[0],
        "license": f"https://spdx.org/licenses/{brief.licence}.html",
        "author": [
            {"@type": "Organization", "name": a.organisation.best()}
            if a.organisation is not None
            else {"@type": "Person", "familyName": a.person.family, "givenName": a.person.given or ""}  # type: ignore[union-attr]
            for a in brief.authors
        ],
    }
    version_doi = brief.version_dois.get(brief.version)
    if version_doi:
        node["identifier"] = json_ld_identifier(version_doi)
        node["sameAs"] = doi_url(version_doi)
    if brief.doi:
        node["exampleOfWork"] = {
            "@type": "CreativeWork",
            "name": brief.title.best(),
            "identifier": json_ld_identifier(brief.doi),
            "sameAs": doi_url(brief.doi),
        }
    return node


def _dataset(ctx: BriefContext, iri: str, edition: str, claims: list[str]) -> dict[str, Any]:
    brief = ctx.brief
    return {
        "@id": iri,
        "@type": "Dataset",
        "name": f"The claims of “{brief.title.best()}”, version {brief.version}",
        "version": brief.version,
        "datePublished": brief.published,
        "license": f"https://spdx.org/licenses/{brief.licence}.html",
        "isPartOf": edition,
        "hasPart": claims,
    }


def claims_jsonld(ctx: BriefContext) -> str:
    """The claims of this version as a JSON-LD file (routes.claims_data)."""
    return json.dumps(claims_graph(ctx), ensure_ascii=False, indent=1) + "\n"
