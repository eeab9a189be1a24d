"""Bulk upserts: one UTF-8 CSV of at most 10,000 rows, then waiting for SATORI to finish it.

Vendor notes: `bulk_customers/upsert.json` takes a multipart upload (`identity_type`,
`customer_csv_file`: UTF-8, English headers, about 10,000 rows a request, blank cells do not
overwrite) and answers a `process_code`; `bulk_customers/status.json` answers
`process_status` until `finished`, then `failed_rows: [{row_number, message}]`.

SATORI's documents do not say whether `row_number` counts the header line. Mapping a failed
row to the wrong record would reject a good record and lose a bad one, so the numbering is
worked out from the answer itself (`auto`): row 1 can only be a data row; the row after the
last data row can only be a file line; a message quoting one candidate's email or hashcode
decides it. Only when nothing decides does the `failed_row_numbering` fallback apply.
"""

from __future__ import annotations

import contextlib
import enum
import time
import typing as t
from dataclasses import dataclass

from singer_commons.csvcodec import CsvFileWriter, CsvFormat
from singer_commons.sdk.plugins import TryAgainLater
from target_satori_bridge.customers import APPEND_TAGS, DELETE_TAGS, DELIVERY_PERMISSION
from target_satori_bridge.mappings import TAG_SEPARATOR

if t.TYPE_CHECKING:
    import logging
    from collections.abc import Callable, Iterator, Sequence
    from pathlib import Path

    from target_satori_bridge.connection import SatoriConnection
    from target_satori_bridge.customers import CustomerChange

MAX_ROWS_PER_BULK = 10_000  # SATORI's bulk API documentation: up to 10,000 rows a request
FINISHED = "finished"
# Not documented; a job that ends in one of these applied none of its rows.
FAILED_STATES = frozenset({"failed", "error", "aborted", "canceled", "cancelled"})
UTF8_CSV = CsvFormat(encoding="utf-8", line_ending="\r\n")
FIRST_POLL_WAIT = 5.0
MAX_POLL_WAIT = 60.0


class RowNumbering(enum.Enum):
    """What `failed_rows[].row_number` counts."""

    AUTO = "auto"
    DATA_ROW = "data_row"  # 1 = the first customer row after the header
    FILE_LINE = "file_line"  # 1 = the header line, 2 = the first customer row


class BulkRefused(Exception):
    """SATORI ended a bulk job without applying it; the message is SATORI's."""


@dataclass(frozen=True)
class PollSettings:
    """How long to wait for `finished`: the first wait (doubling to a minute) and the limit."""

    first_wait: float = FIRST_POLL_WAIT
    timeout_seconds: float = 3600.0


def bulk_cells(change: CustomerChange, header: Sequence[str], identity_type: str) -> list[str]:
    """One CSV row: blank cells where the record said nothing (SATORI leaves those alone)."""
    extras = {
        identity_type: change.identity,
        DELIVERY_PERMISSION: change.delivery_permission or "",
        APPEND_TAGS: TAG_SEPARATOR.join(change.append_tags),
        DELETE_TAGS: TAG_SEPARATOR.join(change.delete_tags),
    }
    return [extras[name] if name in extras else change.cells.get(name, "") for name in header]


def write_bulk_csv(
    path: Path, header: Sequence[str], identity_type: str, changes: Sequence[CustomerChange]
) -> None:
    """Write the UTF-8 CSV of one bulk request."""
    with contextlib.closing(CsvFileWriter(path, header, UTF8_CSV)) as writer:
        for change in changes:
            writer.write(bulk_cells(change, header, identity_type))


def wait_until_finished(
    connection: SatoriConnection,
    process_code: str,
    *,
    poll: PollSettings,
    sleep: Callable[[float], None],
    logger: logging.Logger,
    monotonic: Callable[[], float] = time.monotonic,
) -> dict[str, t.Any]:
    """Poll a bulk job until `finished`; its final status answer.

    Raises:
        BulkRefused: the job ended in a failed state.
        TryAgainLater: not finished after `poll.timeout_seconds`; nothing was confirmed, so
            no STATE moved, and a re-run sends the same upserts again (they are idempotent).
    """
    deadline = monotonic() + poll.timeout_seconds
    for wait in _waits(poll.first_wait):
        answer = connection.bulk_status(process_code)
        status = str(answer.get("process_status") or answer.get("status") or "")
        if status == FINISHED:
            return answer
        if status in FAILED_STATES:
            msg = f"SATORI ended bulk job {process_code} as {status!r}: {answer}"
            raise BulkRefused(msg)
        if monotonic() + wait > deadline:
            msg = (
                f"SATORI has not finished bulk job {process_code} (status {status!r}) within "
                f"{poll.timeout_seconds / 60:g} minutes; nothing after it was confirmed. Re-run "
                "later: the same upserts are sent again."
            )
            raise TryAgainLater(msg)
        logger.info("SATORI bulk job %s is %s; asking again in %gs", process_code, status, wait)
        sleep(wait)
    raise AssertionError  # pragma: no cover - _waits never ends


def _waits(first: float) -> Iterator[float]:
    wait = first
    while True:
        yield wait
        wait = min(wait * 2, MAX_POLL_WAIT)


def failed_row_indexes(
    failed_rows: t.Any,
    identities: Sequence[str],
    numbering: RowNumbering,
    logger: logging.Logger,
) -> dict[int, str]:
    """Map SATORI's failed rows to positions in the file's data rows: index → message."""
    reported: list[tuple[int, str]] = []
    for row in failed_rows or []:
        try:
            number = int(row["row_number"])
        except (KeyError, TypeError, ValueError):
            logger.error("SATORI reported a failed row without a row number: %r", row)
            continue
        reported.append((number, str(row.get("message") or "refused by SATORI")))
    if not reported:
        return {}
    offset = _offset(reported, identities, numbering, logger)
    indexes: dict[int, str] = {}
    for number, message in reported:
        index = number - offset
        if 0 <= index < len(identities):
            indexes[index] = message
        else:
            logger.error("SATORI reported failed row %d of a %d-row file", number, len(identities))
    return indexes


def _offset(
    reported: list[tuple[int, str]],
    identities: Sequence[str],
    numbering: RowNumbering,
    logger: logging.Logger,
) -> int:
    """1 when row numbers count data rows, 2 when they count file lines (header = 1)."""
    if numbering is RowNumbering.DATA_ROW:
        return 1
    if numbering is RowNumbering.FILE_LINE:
        return 2
    numbers = {number for number, _ in reported}
    if 1 in numbers:
        return 1
    if len(identities) + 1 in numbers:
        return 2
    votes = {1: 0, 2: 0}
    for number, message in reported:
        for offset in votes:
            index = number - offset
            if 0 <= index < len(identities) and identities[index].lower() in message.lower():
                votes[offset] += 1
    if votes[1] != votes[2]:
        return 1 if votes[1] > votes[2] else 2
    logger.warning(
        "SATORI's failed row numbers %s do not show whether they count the header line; "
        "reading them as data rows (set failed_row_numbering to be explicit)",
        sorted(numbers),
    )
    return 1
