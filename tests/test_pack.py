"""The research pack: the site, the PDF, the bibliography and a checksum manifest in one zip."""

from __future__ import annotations

import hashlib
import io
import zipfile

from briefgen.base.project import Project
from briefgen.pipeline.build import build

from .conftest import require_tool


def test_pack_holds_site_pdf_bibliography_and_a_true_manifest(sample: Project) -> None:
    require_tool("pdftotext")  # the PDF step needs the system fonts that `make` installs
    build(sample, pdf=True)
    pack = sample.site_dir / "brief/research-pack-0.1.zip"
    assert oct(pack.stat().st_mode & 0o777) == "0o644"
    with zipfile.ZipFile(io.BytesIO(pack.read_bytes())) as archive:
        names = archive.namelist()
        root = "research-pack-0.1/"
        for member in (
            "brief.pdf",
            "bibliography.bib",
            "works.json",
            "MANIFEST.sha256",
            "site/index.html",
            "site/brief/works.html",
            "site/search/search_index.json",
            # what search needs when the pack's site is opened from a folder
            "site/search/search_index.js",
            "site/brief/assets/iframe-worker.js",
        ):
            assert root + member in names, member
        assert not [n for n in names if n.startswith(root + "site/v/") or n.endswith(".zip")]
        manifest = archive.read(root + "MANIFEST.sha256").decode().splitlines()
        assert len(manifest) == len(names) - 1
        for line in manifest:
            digest, name = line.split("  ", 1)
            assert hashlib.sha256(archive.read(root + name)).hexdigest() == digest, name
    home = (sample.site_dir / "index.html").read_text(encoding="utf-8")
    assert '<a download href="brief/research-pack-0.1.zip">Research pack</a>' in home or (
        'href="brief/research-pack-0.1.zip"' in home
    )
    assert 'href="brief/brief.pdf"' in home
