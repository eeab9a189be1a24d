"""CSV files for vendors' bulk APIs: encoding, line endings and the formula-injection guard.

Why shared: 配配メール takes and returns CSV in CP932 or UTF-8 with CRLF or LF line endings,
SATORI's bulk upserts take UTF-8 CSV; both end up opened in a spreadsheet by marketing staff,
where a cell starting with `=`, `+`, `-` or `@` runs as a formula (OWASP "CSV injection").
Each cell is checked once, here, before it is written, so a target can reject or neutralise
it with a reason naming the field instead of sending something the vendor (or a user's
spreadsheet) would misread. Writers stream row by row, so a million-row file costs one row of
memory.
"""

from __future__ import annotations

import csv
import enum
import io
import typing as t
from dataclasses import dataclass
from itertools import repeat
from pathlib import Path

from singer_commons.text import surrogate_problem

if t.TYPE_CHECKING:
    from collections.abc import Iterable, Iterator, Sequence

LINE_ENDINGS = {"crlf": "\r\n", "lf": "\n"}
# Names users write for the two encodings Japanese vendors use. Shift_JIS proper lacks the
# Windows extensions (①, ㈱, 髙…) that every Japanese PC and these vendors' "Shift_JIS"
# actually produce, so every Shift_JIS spelling means Microsoft's superset, CP932.
ENCODINGS = {
    "utf-8": "utf-8",
    "utf8": "utf-8",
    "utf-8-sig": "utf-8-sig",
    "cp932": "cp932",
    "ms932": "cp932",
    "windows-31j": "cp932",
    "shift_jis": "cp932",
    "shift-jis": "cp932",
    "sjis": "cp932",
}
_HTTP_CHARSETS = {"utf-8": "UTF-8", "utf-8-sig": "UTF-8", "cp932": "Shift_JIS"}
# OWASP's list of characters that make a spreadsheet evaluate a cell.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
NEUTRALISING_PREFIX = "'"


@dataclass(frozen=True)
class CsvFormat:
    """How a vendor's CSV files are encoded.

    Attributes:
        encoding: The Python codec (`utf-8`, `utf-8-sig` or `cp932`).
        line_ending: The row separator written (CRLF or LF); readers accept both.
    """

    encoding: str = "utf-8"
    line_ending: str = "\r\n"

    @classmethod
    def from_settings(cls, encoding: str, line_ending: str) -> CsvFormat:
        """The format named by settings such as `cp932` and `crlf`.

        Raises:
            ValueError: naming the unknown encoding or line ending and the accepted ones.
        """
        codec = ENCODINGS.get(encoding.strip().lower())
        if codec is None:
            msg = f"unknown CSV encoding {encoding!r}; use one of {', '.join(sorted(ENCODINGS))}"
            raise ValueError(msg)
        separator = LINE_ENDINGS.get(line_ending.strip().lower())
        if separator is None:
            msg = f"unknown CSV line ending {line_ending!r}; use crlf or lf"
            raise ValueError(msg)
        return cls(encoding=codec, line_ending=separator)

    @property
    def row_encoding(self) -> str:
        """The codec of rows written after a header: a byte-order mark goes once, first."""
        return "utf-8" if self.encoding == "utf-8-sig" else self.encoding

    @property
    def http_charset(self) -> str:
        """The charset name to declare in a Content-Type header."""
        return _HTTP_CHARSETS.get(self.encoding, self.encoding)


class FormulaCells(enum.Enum):
    """What to do with a cell a spreadsheet would run as a formula."""

    REJECT = "reject"
    NEUTRALISE = "neutralise"


class CellRejected(ValueError):
    """A cell that cannot be written; the message names the field and the reason."""

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(f"field '{field}': {reason}")
        self.field = field
        self.reason = reason


def unencodable(value: str, encoding: str) -> str | None:
    """Why `value` cannot be written in `encoding`, or None when it can.

    A lone surrogate (a byte the input had that was not UTF-8, or a bad JSON escape) is
    named as such: no encoding can hold it, whatever the CSV's.
    """
    if value.isascii():
        return None
    try:
        value.encode(encoding)  # a lone surrogate fails too: no strict codec takes one
    except UnicodeEncodeError as exc:
        if problem := surrogate_problem(value):
            return f"{problem}, which no text encoding can hold"
        character = value[exc.start]
        return (
            f"character {character!r} (U+{ord(character):04X}) at position {exc.start + 1} "
            f"cannot be written in {encoding}"
        )
    return None


def is_formula(value: str) -> bool:
    """Whether a spreadsheet would evaluate `value` (it starts with = + - @ tab or CR)."""
    return value.startswith(FORMULA_PREFIXES)


def any_formula(cells: Iterable[str]) -> bool:
    """Whether any cell is formula-like (`is_formula`), judged in one C-speed pass."""
    return any(map(str.startswith, cells, repeat(FORMULA_PREFIXES)))


def all_plain(cells: Sequence[str], encoding: str) -> bool:
    """Whether `checked_cell` would pass every cell unchanged, judged in C-speed passes.

    For a target checking a batch's cells at once, and each cell only when the batch
    fails: False says only that some cell needs `checked_cell`'s own verdict.
    """
    if any_formula(cells):
        return False
    text = "".join(cells)
    if text.isascii():
        return True
    try:
        text.encode(encoding)  # a stateless codec: the whole encodes iff every cell does
    except UnicodeEncodeError:
        return False
    return True


def checked_cell(field: str, value: str, csv_format: CsvFormat, formulas: FormulaCells) -> str:
    """The cell as it may be written: unchanged, or neutralised with a leading quote.

    Raises:
        CellRejected: the encoding cannot hold a character, or the cell is a formula and
            `formulas` says reject.
    """
    if problem := unencodable(value, csv_format.encoding):
        raise CellRejected(field, problem)
    if is_formula(value):
        if formulas is FormulaCells.REJECT:
            msg = (
                f"value starts with {value[0]!r}, which a spreadsheet runs as a formula "
                "(CSV injection); set formula_cells to neutralise to send it quoted"
            )
            raise CellRejected(field, msg)
        return NEUTRALISING_PREFIX + value
    return value


class CsvFileWriter:
    """Writes a header and rows to a file in a `CsvFormat`, one row in memory at a time."""

    def __init__(
        self, path: Path | str, header: Sequence[str] | None, csv_format: CsvFormat
    ) -> None:
        """Create (or truncate) `path` and write the header row.

        A `header` of None writes rows only (no byte-order mark either): a body to append
        to a file holding the header, once the header is known.

        Raises:
            CellRejected: a header name the encoding cannot hold.
        """
        for name in header or ():
            if problem := unencodable(name, csv_format.encoding):
                raise CellRejected(name, problem)
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        encoding = csv_format.encoding if header is not None else csv_format.row_encoding
        self._handle = self.path.open("w", encoding=encoding, newline="")
        self._writer = csv.writer(self._handle, lineterminator=csv_format.line_ending)
        if header is not None:
            self._writer.writerow(header)

    def write(self, row: Sequence[str]) -> None:
        """Append one row (cells already checked with `checked_cell`)."""
        self._writer.writerow(row)

    def write_rows(self, rows: Iterable[Sequence[str]]) -> None:
        """Append rows (cells already checked), streamed from `rows`, in one call."""
        self._writer.writerows(rows)

    def close(self) -> None:
        """Flush and close the file (use the writer with `contextlib.closing`)."""
        self._handle.close()


def charset_of(content_type: str | None) -> str | None:
    """The `charset` parameter of a Content-Type header, if any."""
    for parameter in (content_type or "").split(";")[1:]:
        name, _, value = parameter.partition("=")
        if name.strip().lower() == "charset" and value.strip():
            return value.strip().strip('"')
    return None


def decode_csv(data: bytes, csv_format: CsvFormat, *, charset: str | None = None) -> str:
    """The text of a CSV answer: in the declared charset if any, else the configured one.

    A UTF-8 byte-order mark is dropped; Shift_JIS spellings decode as CP932.

    Raises:
        UnicodeDecodeError: the bytes are not in that encoding.
    """
    codec = ENCODINGS.get(charset.strip().lower(), charset) if charset else csv_format.encoding
    text = data.decode(codec)
    return text.removeprefix("\ufeff")


def read_csv_rows(text: str) -> Iterator[dict[str, str]]:
    """Each data row of a CSV text as {column name: cell}; either line ending is accepted.

    Raises:
        ValueError: a row with more cells than the header (the message gives its line).
    """
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, None)
    if header is None:
        return
    for row in reader:
        if not row:
            continue
        if len(row) > len(header):
            msg = (
                f"CSV line {reader.line_num} has {len(row)} cells but the header names "
                f"{len(header)} columns"
            )
            raise ValueError(msg)
        yield dict(zip(header, row + [""] * (len(header) - len(row)), strict=True))
