"""DOIs of the brief: the pattern they are checked against, and how each surface writes them.

A brief may have a concept DOI (`doi:` in brief.yml: the brief in all its versions, resolving to
the newest) and one DOI per version (`version_dois:`). Both are written bare, `10.5281/zenodo.N`:
every consumer wants that form (CSL `DOI`, RIS `DO`, BibTeX `doi`, `citation_doi`, CFF `doi`),
and the printed references make the `https://doi.org/` link themselves.

Where a DOI goes, and why (scripts/briefgen/README.md, "Citing a brief"): a DOI names one object, and in APA and
Chicago it replaces the URL of a reference. So only the record of the brief as a whole (the home
page, its exports, `citation_doi`, the PDF, CITATION.cff) carries this version's DOI; a section
page or a claim keeps its own versioned URL and names the brief's DOI only as the identifier of
what it is part of (JSON-LD `isPartOf`). The concept DOI is never given as the DOI of a version:
it resolves to the newest one, so a citation of version 1.0 would lead to 1.1.

Pure functions; the values come from the validated brief. The schema's validator of a DOI field
is model/fields.py's, with the message `doi_problem` gives.
"""

from __future__ import annotations

import re
from typing import Any

DOI = re.compile(r"10\.\d{4,9}(?:\.\d+)?/[A-Za-z0-9:/_;\-.()\[\]\\]+\Z")
"""A bare DOI, as CITATION.cff 1.2.0 defines it (`definitions.doi`): the strictest of the forms
our outputs must pass, and within Crossref's and DataCite's suffix rules."""
RESOLVER = "https://doi.org/"
_PREFIXES = ("https://doi.org/", "http://doi.org/", "https://dx.doi.org/", "http://dx.doi.org/", "doi:")
EXAMPLE = "10.5281/zenodo.1234567"


def doi_problem(value: str) -> str | None:
    """What is wrong with `value` as a DOI in brief.yml (message and fix), or None."""
    if DOI.match(value):
        return None
    for prefix in _PREFIXES:
        if value.lower().startswith(prefix) and DOI.match(value[len(prefix) :].strip()):
            bare = value[len(prefix) :].strip()
            return f"'{value}' is not a bare DOI (write {bare}, without {value[: len(prefix)]})"
    return f"'{value}' is not a DOI (write it bare, as 10.NNNN/suffix, e.g. {EXAMPLE})"


def doi_url(doi: str) -> str:
    """The DOI as a link, the only form a printed reference shows (Crossref's display rule)."""
    return RESOLVER + doi


def same_doi(a: str, b: str) -> bool:
    """DOIs are compared ignoring case (the DOI Handbook; Crossref and DataCite alike)."""
    return a.casefold() == b.casefold()


# --- each surface ------------------------------------------------------------------------------


def csl_fields(doi: str | None) -> dict[str, str]:
    """CSL-JSON: `DOI`, bare (a prefixed value prints as https://doi.org/https://doi.org/…)."""
    return {"DOI": doi} if doi else {}


def bibtex_fields(doi: str | None) -> list[tuple[str, str]]:
    """BibTeX (biblatex) `doi`, bare."""
    return [("doi", doi)] if doi else []


def ris_lines(doi: str | None) -> list[str]:
    """RIS `DO` (Zotero's RIS.js maps it to DOI)."""
    return [f"DO  - {doi}"] if doi else []


def highwire_tags(doi: str | None) -> list[tuple[str, str]]:
    """`citation_doi`, bare, as Zenodo's own landing pages write it (Zotero reads it as DOI)."""
    return [("citation_doi", doi)] if doi else []


def json_ld_identifier(doi: str) -> dict[str, Any]:
    """schema.org's identifier of a DOI, as a PropertyValue naming the DOI registry."""
    return {
        "@type": "PropertyValue",
        "propertyID": "https://registry.identifiers.org/registry/doi",
        "value": f"doi:{doi}",
        "url": doi_url(doi),
    }


def cff_lines(version_doi: str | None, concept_doi: str | None, version: str, indent: str = "") -> list[str]:
    """CITATION.cff: `doi` (this version's when it is known, else the concept DOI, which stays
    right for the repository as a whole) and `identifiers` naming each."""
    main = version_doi or concept_doi
    if not main:
        return []
    lines = [f'{indent}doi: "{main}"', f"{indent}identifiers:"]
    if version_doi:
        lines += [
            f"{indent}  - type: doi",
            f'{indent}    value: "{version_doi}"',
            f'{indent}    description: "The DOI of version {version} of this brief."',
        ]
    if concept_doi:
        lines += [
            f"{indent}  - type: doi",
            f'{indent}    value: "{concept_doi}"',
            f'{indent}    description: "The concept DOI: the brief in all its versions (resolves to the newest)."',
        ]
    return lines
