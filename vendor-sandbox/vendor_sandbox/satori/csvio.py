"""The bulk API's CSV: UTF-8 (BOM tolerated), CRLF or LF, read row by row with its numbers.

A failed row is reported by number, and SATORI deployments number differently (from the
first data row, or by the line of the file), so each data row is read with both: its
1-based position among data rows and the file line it starts on (the header is line 1;
a quoted cell holding a newline makes a row span lines). Blank lines are skipped and are
no data row.
"""

from __future__ import annotations

import csv
import io
import typing as t

from vendor_sandbox.satori.errors import bad_request

if t.TYPE_CHECKING:
    from collections.abc import Iterator

UTF8_BOM = b"\xef\xbb\xbf"
NOT_UTF8 = "CSVファイルの文字コードはUTF-8にしてください"


def decode(raw: bytes) -> str:
    """An uploaded CSV as text, without its optional UTF-8 BOM.

    Raises:
        SatoriError: 400 when the bytes are not UTF-8.
    """
    try:
        return raw.removeprefix(UTF8_BOM).decode("utf-8")
    except UnicodeDecodeError:
        raise bad_request(NOT_UTF8) from None


def header(text: str) -> list[str]:
    """The first row (empty when the file is empty or starts with a blank line)."""
    return next(csv.reader(io.StringIO(text, newline="")), [])


def data_rows(text: str) -> Iterator[tuple[int, int, list[str]]]:
    """`(data row number, file line number, cells)` of every non-blank row after the header."""
    reader = csv.reader(io.StringIO(text, newline=""))
    next(reader, None)
    number = 0
    line = reader.line_num
    for cells in reader:
        start, line = line + 1, reader.line_num
        if not cells:
            continue
        number += 1
        yield number, start, cells
