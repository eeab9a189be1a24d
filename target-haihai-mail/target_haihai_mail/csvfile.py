"""Writing a spooled part as the CSV file 配配メール receives, and naming it by its content."""

from __future__ import annotations

import csv
import hashlib
import shutil
import typing as t
from contextlib import closing

from singer_commons.csvcodec import CsvFileWriter

if t.TYPE_CHECKING:
    from pathlib import Path

    from singer_commons.csvcodec import CsvFormat
    from target_haihai_mail.spool import SpoolPart

_DIGEST_CHUNK = 1 << 20


def write_part_csv(part: SpoolPart, path: Path, csv_format: CsvFormat) -> None:
    """Write the part's header (database field names), then its spooled rows.

    The body is copied as it is, unless some rows were written before the part's fields
    grew: those are read back and padded to the header's width.
    """
    with closing(CsvFileWriter(path, part.fields, csv_format)) as writer:
        if part.ragged:
            width = len(part.fields)
            with part.body.open(encoding=csv_format.row_encoding, newline="") as body:
                writer.write_rows(row + [""] * (width - len(row)) for row in csv.reader(body))
    if not part.ragged:
        with part.body.open("rb") as body, path.open("ab") as whole:
            shutil.copyfileobj(body, whole)


def batch_digest(path: Path, options: t.Mapping[str, str]) -> str:
    """A digest of the CSV bytes and the upload options: equal digests, equal batches."""
    digest = hashlib.sha256()
    for name in sorted(options):
        digest.update(f"{name}={options[name]}\n".encode())
    with path.open("rb") as handle:
        while chunk := handle.read(_DIGEST_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()
