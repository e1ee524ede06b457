"""`.zenodo.json`: the deposit metadata Zenodo's GitHub integration reads when a release of the
repository is archived. `briefgen release` writes it when brief.yml asks (`zenodo:`); what Zenodo
would misread in brief.yml is refused by the check (check/editions.py, `zenodo_problems`).

Zenodo reads it in its legacy deposit format, through a loader that drops unknown keys without a
word, so what is written here is checked strictly in the tests (tests/zenodo/, a JSON Schema made
from Zenodo's documented field table). Choices, from how that loader works:

- `upload_type: publication` with `publication_type: report`: without them the archive would be
  filed as software;
- every creator is registered as a person: an organisation is its name alone, and a name with
  exactly one comma would be split into family and given names, so such a name is refused;
- `publication_date` is always written (the loader would take today's date instead);
- no `doi`: Zenodo would take it as the record's own, externally managed DOI, while it mints
  each version's DOI itself; the previous version's DOI, when brief.yml knows it, is related as
  `isNewVersionOf` (Zenodo already links each version to the concept DOI);
- `related_identifiers` replace the link Zenodo would add to the repository's tree, so the
  versioned site, which the archived sources make, is named (`isSourceOf`).
"""

from __future__ import annotations

import html
import json
from typing import Any

from briefgen.base import routes
from briefgen.base.languages import BRIEF_LANGUAGES_ISO_639_3
from briefgen.cite.syntax import plain_text
from briefgen.index.context import BriefContext
from briefgen.index.editions import Editions


def zenodo_metadata(ctx: BriefContext, editions: Editions) -> dict[str, Any]:
    """The deposit metadata of this version, in Zenodo's legacy deposit format."""
    brief = ctx.brief
    creators: list[dict[str, str]] = []
    for author in brief.authors:
        if author.organisation is not None:
            creators.append({"name": author.organisation.best()})
        elif author.person is not None:
            person = author.person
            creator = {"name": f"{person.family}, {person.given}" if person.given else person.family}
            if person.orcid:
                creator["orcid"] = person.orcid
            creators.append(creator)
    abstract = "".join(
        f"<p>{html.escape(' '.join(plain_text(p).split()))}</p>" for p in brief.abstract.split("\n\n") if p.strip()
    )
    site = routes.versioned_url(brief.site_url, brief.version, routes.HOME)
    related = [{"identifier": site, "relation": "isSourceOf", "scheme": "url"}]
    previous = editions.version_before(brief.version) if brief.version in editions.published else None
    if previous is not None and previous in brief.version_dois:
        related.append(
            {
                "identifier": brief.version_dois[previous],
                "relation": "isNewVersionOf",
                "resource_type": "publication-report",
                "scheme": "doi",
            }
        )
    metadata: dict[str, Any] = {
        "upload_type": "publication",
        "publication_type": "report",
        "title": brief.title.best(),
        "creators": creators,
        "description": abstract,
        "access_right": "open",
        "license": brief.licence,
        "publication_date": brief.published,
        "version": brief.version,
        "language": BRIEF_LANGUAGES_ISO_639_3[brief.languages[0]],
    }
    if brief.zenodo is not None and brief.zenodo.keywords:
        metadata["keywords"] = list(brief.zenodo.keywords)
    metadata["related_identifiers"] = related
    return metadata


def zenodo_json(ctx: BriefContext, editions: Editions) -> str:
    """`.zenodo.json`'s text."""
    return json.dumps(zenodo_metadata(ctx, editions), ensure_ascii=False, indent=2) + "\n"
