"""CSV as 配配メール exchanges it: encoded in the account's encoding, RFC 4180 quoting.

Answers are written by hand rather than with `csv.writer`, so exactly the fields holding
a comma, a double quote, CR or LF are quoted whatever the line ending, and the bytes are
what a Japanese account sends (CP932 labelled Shift_JIS, or UTF-8). Uploads are decoded
in the account's encoding after dropping an optional UTF-8 BOM.
"""

from __future__ import annotations

import csv
import io
import typing as t

from vendor_sandbox.haihai.errors import invalid_parameter
from vendor_sandbox.haihai.settings import CP932

if t.TYPE_CHECKING:
    from collections.abc import Iterable, Iterator, Sequence

    from vendor_sandbox.haihai.settings import HaihaiSettings

UTF8_BOM = b"\xef\xbb\xbf"
CHARSETS = {CP932: "Shift_JIS"}
NEEDS_QUOTES = frozenset(',"\r\n')


def content_type(encoding: str) -> str:
    """The Content-Type of a CSV answer in `encoding` (CP932 goes out as Shift_JIS)."""
    return f"text/csv; charset={CHARSETS.get(encoding, 'UTF-8')}"


def quote(value: str) -> str:
    """One field, double-quoted (quotes doubled) only when it must be."""
    if NEEDS_QUOTES.isdisjoint(value):
        return value
    return '"' + value.replace('"', '""') + '"'


def encode(header: Sequence[str], rows: Iterable[Sequence[str]], settings: HaihaiSettings) -> bytes:
    """A whole CSV answer: the header, then each row, each ended by the account's line ending.

    A character the encoding lacks (only possible for data set through the control API)
    becomes `?`, as a CP932 export does.
    """
    ending = settings.line_separator
    lines = [",".join(map(quote, header))]
    lines += (",".join(map(quote, row)) for row in rows)
    return (ending.join(lines) + ending).encode(settings.csv_encoding, errors="replace")


def decode(raw: bytes, encoding: str) -> str:
    """An uploaded CSV as text.

    Raises:
        HaihaiError: INVALID_PARAMETER when the bytes are not in the account's encoding.
    """
    try:
        return raw.removeprefix(UTF8_BOM).decode(encoding)
    except UnicodeDecodeError as exc:
        msg = f"CSVファイルを文字コード {encoding} で読み込めません(位置 {exc.start})"
        raise invalid_parameter(msg) from None


def reader(text: str) -> Iterator[list[str]]:
    """Rows of a decoded CSV, read lazily; CRLF and LF both end a row."""
    return csv.reader(io.StringIO(text, newline=""))


def line_ending(raw: bytes) -> str:
    """`crlf`, `lf` or `none`: how the first line of an upload ends (for the control dump)."""
    end = raw.find(b"\n")
    if end < 0:
        return "none"
    return "crlf" if raw[end - 1 : end] == b"\r" else "lf"
