"""Hand-written pages under docs/: a file name that makes a URL, UTF-8, the text rules on the
prose (code is shown as written), and every citation known."""

from __future__ import annotations

import re

from briefgen.base import routes
from briefgen.base.errors import Report
from briefgen.base.pathrules import PAGE_SOURCE
from briefgen.check.refs import unknown_work
from briefgen.check.textlint import lint_text_at
from briefgen.cite.syntax import CiteGroup, find_citations
from briefgen.index.context import BriefContext, CitationUse
from briefgen.index.xref import Target
from briefgen.model.fields import slugify


def check_handwritten_pages(ctx: BriefContext, report: Report) -> None:
    """Every hand-written page under docs/ against the page rules."""
    for path in ctx.project.handwritten_pages():
        rel = ctx.project.rel(path)
        if path.is_symlink():
            report.error(rel, 0, "(file)", "symbolic links are not allowed in docs/ (replace the link with the file)")
            continue
        page = path.relative_to(ctx.project.docs_dir).as_posix()
        if not PAGE_SOURCE.match(page):
            suggestion = (
                "/".join(slugify(routes.page_stem(part)) or "page" for part in page.split("/")) + routes.SOURCE_SUFFIX
            )
            report.error(
                rel,
                0,
                "(file)",
                "the file name makes the page's URL: use letters, digits, '_', '.' and '-' "
                f"(rename it, e.g. '{suggestion}')",
            )
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            report.error(rel, 0, "(file)", "file is not UTF-8 (save it as UTF-8)")
            continue
        # The rules of text fields, on the page's prose (code is shown as written, so not checked).
        # Reported, not left to the sanitiser, which would drop a <script> without a word.
        prose = _mask_code(text)
        for offset, message in lint_text_at(prose, ctx.xref, page=page):
            line = prose.count("\n", 0, offset)
            column = offset - (prose.rfind("\n", 0, offset) + 1) + 1
            report.error(rel, line + 1, "(page)", re.sub(r" in text( fields)?\b", " on pages", message), column)
        groups: list[CiteGroup] = []
        target = Target("work", page, page, None, page, rel, 1)
        malformed: list[tuple[int, str]] = []
        found_all = list(find_citations(text, malformed=malformed))
        for line, raw in malformed:
            fix = "write [@key] or [@key, p. 5]; separate several with ';'"
            report.error(rel, line + 1, raw, f"not a citation briefgen reads ({fix})")
        for found in found_all:
            ok = True
            for item in found.group.items:
                if item.key not in ctx.bibliography.entries:
                    ok = False
                    report.error(rel, found.line + 1, found.raw, unknown_work(item.key, ctx.bibliography))
                else:
                    ctx.cited_in[item.key].append(CitationUse(item.key, item.locator, target))
            if ok:
                groups.append(found.group)
        ctx.groups.update(groups)
        ctx.pages_with_citations[page] = groups


_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(`+)(?:.+?)\1", re.S)


def _mask_code(text: str) -> str:
    """`text` with fenced code blocks and code spans blanked out (same length and lines)."""
    lines = text.split("\n")
    fence = ""
    for i, line in enumerate(lines):
        opener = _FENCE.match(line)
        if fence or opener:
            if fence and opener and opener.group(1)[0] == fence[0] and len(opener.group(1)) >= len(fence):
                fence = ""
            elif not fence and opener:
                fence = opener.group(1)
            lines[i] = " " * len(line)
    masked = "\n".join(lines)
    return _CODE_SPAN.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), masked) if "`" in masked else masked
