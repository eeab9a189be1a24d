"""Rows waiting to be uploaded, kept on disk so memory stays flat at millions of records.

Why two steps (JSON lines now, CSV at upload): the CSV header must list every field of the
operation's file, and a later stream may bring fields an earlier one lacked. So each accepted
row is appended to a JSON-lines spool with its stream and record (to map a per-row 失敗 back
to the record for the reject file), and the CSV is written from the spool when the run
uploads. A spool is split into parts of at most `max_rows_per_upload` rows: one CSV each.

Lines are written and read with msgspec, several times faster than the json module (the
spool was a sixth of the target's time at 100k rows). A record holding a lone surrogate,
which msgspec refuses to encode, is written by the json module with ASCII escapes instead,
and read back by it.
"""

from __future__ import annotations

import json
import typing as t
from dataclasses import dataclass, field
from pathlib import Path

import msgspec

if t.TYPE_CHECKING:
    from collections.abc import Iterator, Mapping

    from target_haihai_mail.operations import Operation

_encoder = msgspec.json.Encoder()
_decoder = msgspec.json.Decoder()


def _encoded(entry: dict[str, t.Any]) -> bytes:
    """One spool line (without its newline)."""
    try:
        return _encoder.encode(entry)
    except UnicodeEncodeError:  # a lone surrogate: JSON's \udxxx escape keeps it
        return json.dumps(entry).encode("ascii")


def _decoded(line: bytes) -> dict[str, t.Any]:
    try:
        return _decoder.decode(line)
    except msgspec.DecodeError:  # a line `_encoded` wrote with the json module
        return json.loads(line)


@dataclass
class SpoolPart:
    """One future upload: rows of one operation, in arrival order.

    Attributes:
        operation: The bulk operation of every row.
        number: 1-based part number within the operation.
        path: The JSON-lines file of the rows.
        rows: Rows written so far.
        fields: The CSV header: every field of the part's rows, email first.
    """

    operation: Operation
    number: int
    path: Path
    rows: int = 0
    fields: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        """How logs name the part, e.g. "register part 2"."""
        return f"{self.operation.setting} part {self.number}"

    def entries(self) -> Iterator[tuple[int, dict[str, t.Any]]]:
        """(1-based line, {stream, record, cells[, label]}) of each row, read back from disk."""
        with self.path.open("rb") as handle:
            for line, text in enumerate(handle, start=1):
                yield line, _decoded(text)


class OperationSpool:
    """The spooled rows of one operation, split into parts of at most `max_rows` rows."""

    def __init__(
        self, directory: Path, operation: Operation, *, max_rows: int, email_field: str
    ) -> None:
        """Create an empty spool; files are created with the first row."""
        self.directory = directory
        self.operation = operation
        self.max_rows = max_rows
        self.email_field = email_field
        self.parts: list[SpoolPart] = []
        self._handle: t.BinaryIO | None = None
        self._known_fields: set[str] = set()

    def add(
        self,
        stream: str,
        record: Mapping[str, t.Any],
        cells: Mapping[str, str],
        *,
        label: str | None = None,
    ) -> None:
        """Append one checked row (a new part starts when the current one is full).

        `label` (e.g. "input line 12, stream 'contacts' (a@example.jp)") is kept with the
        row, so a row 配配メール refuses is named in the reject as its record was on input.
        """
        if self._handle is None or self.parts[-1].rows >= self.max_rows:
            self._start_part()
        part = self.parts[-1]
        handle = t.cast("t.BinaryIO", self._handle)
        entry: dict[str, t.Any] = {"stream": stream, "record": record, "cells": cells}
        if label is not None:
            entry["label"] = label
        handle.write(_encoded(entry) + b"\n")
        part.rows += 1
        for name in cells:
            if name not in self._known_fields:
                self._known_fields.add(name)
                part.fields.append(name)

    def close(self) -> list[SpoolPart]:
        """Finish writing; the parts, ready to upload."""
        if self._handle is not None:
            self._handle.close()
            self._handle = None
        return self.parts

    def _start_part(self) -> None:
        self.close()
        number = len(self.parts) + 1
        path = self.directory / f"{self.operation.setting}-{number:04d}.jsonl"
        self.parts.append(SpoolPart(self.operation, number, path, fields=[self.email_field]))
        self._known_fields = {self.email_field}
        self._handle = path.open("wb")
