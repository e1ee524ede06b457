"""Bytes of a text file to text: UTF-8, a byte order mark dropped; the one place that says where
a file is not UTF-8."""

from __future__ import annotations

from briefgen.base.errors import Problem


def decode_utf8(raw: bytes, file: str) -> tuple[str | None, Problem | None]:
    """The text of `raw` (named `file` in messages), or the problem at the first byte that is
    not UTF-8, with its line and column."""
    raw = raw.removeprefix(b"\xef\xbb\xbf")
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = exc.start - (before.rfind(b"\n") + 1) + 1
        message = f"file is not UTF-8: byte 0x{raw[exc.start]:02X} at column {col} (save the file as UTF-8)"
        return None, Problem(file, line, "(file)", message)
