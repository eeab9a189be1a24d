"""Writing a spooled part as the CSV file 配配メール receives, and naming it by its content."""

from __future__ import annotations

import hashlib
import typing as t
from contextlib import closing

from singer_commons.csvcodec import CsvFileWriter

if t.TYPE_CHECKING:
    from pathlib import Path

    from singer_commons.csvcodec import CsvFormat
    from target_haihai_mail.spool import SpoolPart

_DIGEST_CHUNK = 1 << 20


def write_part_csv(part: SpoolPart, path: Path, csv_format: CsvFormat) -> None:
    """Write the part's header (database field names) and rows, streaming from its spool."""
    with closing(CsvFileWriter(path, part.fields, csv_format)) as writer:
        fields = part.fields
        writer.write_rows(
            [entry["cells"].get(name, "") for name in fields] for _, entry in part.entries()
        )


def batch_digest(path: Path, options: t.Mapping[str, str]) -> str:
    """A digest of the CSV bytes and the upload options: equal digests, equal batches."""
    digest = hashlib.sha256()
    for name in sorted(options):
        digest.update(f"{name}={options[name]}\n".encode())
    with path.open("rb") as handle:
        while chunk := handle.read(_DIGEST_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()
