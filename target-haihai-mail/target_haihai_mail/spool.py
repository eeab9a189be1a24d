"""Rows waiting to be uploaded, kept on disk so memory stays flat at millions of records.

Each part of an operation (at most `max_rows_per_upload` rows: one upload) has two files:
the CSV body, rows written as they are accepted, and a JSON-lines file of each row's
stream, input line, address and record, read back only to turn a row 配配メール refused (失敗,
by its line) into a reject naming the record as it was on input (its label is built then,
labels.py). The CSV header is written at upload (`csvfile.write_part_csv`): it lists every
field of the part's rows, and a later stream may bring fields an earlier one lacked. Rows
written before the part's fields grew are shorter than the header (`SpoolPart.ragged`) and
are padded then.

Row files are written with msgspec, a batch of lines per call. A record holding a lone
surrogate (in a property that is not sent), which msgspec refuses to encode, is written by
the json module with ASCII escapes instead, and read back by it.
"""

from __future__ import annotations

import json
import typing as t
from dataclasses import dataclass, field
from itertools import repeat
from pathlib import Path

import msgspec

from singer_commons.csvcodec import CsvFileWriter
from target_haihai_mail.labels import row_label

if t.TYPE_CHECKING:
    from collections.abc import Iterator, Mapping, Sequence

    from singer_commons.csvcodec import CsvFormat
    from target_haihai_mail.operations import Operation

_encoder = msgspec.json.Encoder()
_decoder = msgspec.json.Decoder()


class SpooledRow(t.NamedTuple):
    """What a part keeps of a row besides its cells, to reject it if 配配メール refuses it.

    Attributes:
        stream: The stream it came from.
        line: Its input line (0 when unknown).
        address: Its email address.
        record: The record as sent.
    """

    stream: str
    line: int
    address: str
    record: Mapping[str, t.Any]

    @property
    def label(self) -> str:
        """How a reject names the row (input line, stream, address)."""
        return row_label(self.stream, self.line, self.address)


class SpoolRows(t.NamedTuple):
    """Checked rows of one stream, in input order, to append to an operation's spool.

    Attributes:
        stream: The stream they came from.
        fields: The database field of each cell of a row, in order.
        cells: Each row's cells.
        lines: Each row's input line (0 when unknown).
        addresses: Each row's email address.
        records: Each row's record, as sent.
    """

    stream: str
    fields: Sequence[str]
    cells: Sequence[Sequence[str]]
    lines: Sequence[int]
    addresses: Sequence[str]
    records: Sequence[Mapping[str, t.Any]]

    def entries(self, start: int, end: int) -> bytes:
        """Row-file lines (each ending in a newline) of rows `start`…`end`: `SpooledRow`s."""
        lines = self.lines[start:end]
        rows = list(
            zip(
                repeat(self.stream, len(lines)),
                lines,
                self.addresses[start:end],
                self.records[start:end],
                strict=True,
            )
        )
        try:
            return _encoder.encode_lines(rows)
        except UnicodeEncodeError:  # a lone surrogate: JSON's \udxxx escape keeps it
            return b"".join(json.dumps(row).encode("ascii") + b"\n" for row in rows)


def _decoded(line: bytes) -> SpooledRow:
    try:
        stream, row_line, address, record = _decoder.decode(line)
    except msgspec.DecodeError:  # a line `SpoolRows.entries` wrote with the json module
        stream, row_line, address, record = json.loads(line)
    return SpooledRow(stream, row_line, address, record)


@dataclass
class SpoolPart:
    """One future upload: rows of one operation, in arrival order.

    Attributes:
        operation: The bulk operation of every row.
        number: 1-based part number within the operation.
        path: The JSON-lines file of each row's stream, input line, address and record.
        body: The CSV rows, without header.
        rows: Rows written so far.
        fields: The CSV header: every field of the part's rows, email first.
        widths: The cell counts rows were written with (one, `len(fields)`, unless ragged).
    """

    operation: Operation
    number: int
    path: Path
    body: Path
    rows: int = 0
    fields: list[str] = field(default_factory=list)
    widths: set[int] = field(default_factory=set)

    @property
    def label(self) -> str:
        """How logs name the part, e.g. "register part 2"."""
        return f"{self.operation.setting} part {self.number}"

    @property
    def ragged(self) -> bool:
        """Whether some rows have fewer cells than the header (padded at upload)."""
        return bool(self.widths - {len(self.fields)})

    def entries(self) -> Iterator[tuple[int, SpooledRow]]:
        """(1-based line, row) of each row, read back from disk."""
        with self.path.open("rb") as handle:
            for line, text in enumerate(handle, start=1):
                yield line, _decoded(text)

    def placing(self, fields: Sequence[str]) -> list[int] | None:
        """Add `fields` the header lacks; where each goes, or None if they lead it in order."""
        for name in fields:
            if name not in self.fields:
                self.fields.append(name)
        positions = [self.fields.index(name) for name in fields]
        return None if positions == list(range(len(fields))) else positions


class OperationSpool:
    """The spooled rows of one operation, split into parts of at most `max_rows` rows."""

    def __init__(
        self,
        directory: Path,
        operation: Operation,
        *,
        max_rows: int,
        email_field: str,
        csv_format: CsvFormat,
    ) -> None:
        """Create an empty spool; files are created with the first row."""
        self.directory = directory
        self.operation = operation
        self.max_rows = max_rows
        self.email_field = email_field
        self.csv_format = csv_format
        self.parts: list[SpoolPart] = []
        self._rows: t.BinaryIO | None = None
        self._body: CsvFileWriter | None = None

    def add(self, rows: SpoolRows) -> None:
        """Append checked rows of one stream, in order; a new part starts when one is full.

        Each row's input line and address are kept with it, so a row 配配メール refuses is
        named in the reject as its record was on input.
        """
        start = 0
        while start < len(rows.cells):
            if self._body is None or self.parts[-1].rows >= self.max_rows:
                self._start_part()
            part = self.parts[-1]
            end = start + self.max_rows - part.rows
            cells = rows.cells[start:end]
            positions = part.placing(rows.fields)
            if positions is None:
                part.widths.add(len(rows.fields))
            else:
                cells = [_placed(row, positions, len(part.fields)) for row in cells]
                part.widths.add(len(part.fields))
            t.cast("CsvFileWriter", self._body).write_rows(cells)
            t.cast("t.BinaryIO", self._rows).write(rows.entries(start, end))
            part.rows += len(cells)
            start += len(cells)

    def close(self) -> list[SpoolPart]:
        """Finish writing; the parts, ready to upload."""
        if self._body is not None:
            self._body.close()
            self._body = None
        if self._rows is not None:
            self._rows.close()
            self._rows = None
        return self.parts

    def _start_part(self) -> None:
        self.close()
        number = len(self.parts) + 1
        stem = f"{self.operation.setting}-{number:04d}"
        part = SpoolPart(
            self.operation,
            number,
            self.directory / f"{stem}.jsonl",
            self.directory / f"{stem}.body.csv",
            fields=[self.email_field],
        )
        self.parts.append(part)
        self._rows = part.path.open("wb")
        self._body = CsvFileWriter(part.body, None, self.csv_format)


def _placed(cells: Sequence[str], positions: Sequence[int], width: int) -> list[str]:
    """`cells` moved to `positions` of a row of `width` cells (the rest empty)."""
    row = [""] * width
    for position, cell in zip(positions, cells, strict=True):
        row[position] = cell
    return row
