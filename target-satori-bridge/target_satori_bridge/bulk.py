"""Bulk upserts: one UTF-8 CSV of at most 10,000 rows, then waiting for SATORI to finish it.

Vendor notes: `bulk_customers/upsert.json` takes a multipart upload (`identity_type`,
`customer_csv_file`: UTF-8, English headers, about 10,000 rows a request, blank cells do not
overwrite) and answers a `process_code`; `bulk_customers/status.json` answers
`process_status` until `finished`, then `failed_rows: [{row_number, message}]`.

How failed rows are mapped back to records is `rows.py`'s job. The endpoints, the row limit
and the upload and status calls are SATORI's protocol and live in satori-client; what goes
into the CSV and how long to wait for `finished` are this target's choices, so they stay here.
"""

from __future__ import annotations

import contextlib
import time
import typing as t
from operator import itemgetter

from singer_commons.csvcodec import CsvFileWriter, CsvFormat
from singer_commons.errors import TryAgainLater
from target_satori_bridge.customers import APPEND_TAGS, DELETE_TAGS, DELIVERY_PERMISSION
from target_satori_bridge.mappings import TAG_SEPARATOR
from target_satori_bridge.rows import PROBE_IDENTITIES

if t.TYPE_CHECKING:
    import logging
    from collections.abc import Callable, Sequence
    from pathlib import Path

    from satori_client.connection import SatoriConnection
    from singer_commons.polling import PollSchedule
    from target_satori_bridge.customers import CustomerChange

FINISHED = "finished"
# Not documented; a job that ends in one of these applied none of its rows.
FAILED_STATES = frozenset({"failed", "error", "aborted", "canceled", "cancelled"})
UTF8_CSV = CsvFormat(encoding="utf-8", line_ending="\r\n")
# Our choice: waits double up to a minute between status checks.
MAX_POLL_WAIT = 60.0


class BulkRefused(Exception):
    """SATORI ended a bulk job without applying it; the message is SATORI's."""


def bulk_cells(change: CustomerChange, header: Sequence[str], identity_type: str) -> list[str]:
    """One CSV row: blank cells where the record said nothing (SATORI leaves those alone)."""
    return list(_row_maker(header, identity_type)(change))


def _row_maker(header: Sequence[str], identity_type: str) -> Callable[[CustomerChange], tuple]:
    """`bulk_cells` of a change as a tuple, with what depends on the header worked out once.

    A row is the blank row, overlaid by the change's cells, then by the identity, permission
    and tags, picked in header order at C speed: a bulk CSV has 10,000 rows.
    """
    blank = dict.fromkeys(header, "")
    pick = itemgetter(*header)
    single = len(header) == 1  # itemgetter of one name answers the cell, not a tuple

    def row(change: CustomerChange) -> tuple:
        cells = {**blank, **change.cells}
        cells[identity_type] = change.identity
        cells[DELIVERY_PERMISSION] = change.delivery_permission or ""
        cells[APPEND_TAGS] = TAG_SEPARATOR.join(change.append_tags)
        cells[DELETE_TAGS] = TAG_SEPARATOR.join(change.delete_tags)
        picked = pick(cells)
        return (picked,) if single else picked

    return row


def write_bulk_csv(
    path: Path, header: Sequence[str], identity_type: str, changes: Sequence[CustomerChange]
) -> None:
    """Write the UTF-8 CSV of one bulk request."""
    with contextlib.closing(CsvFileWriter(path, header, UTF8_CSV)) as writer:
        writer.write_rows(map(_row_maker(header, identity_type), changes))


def write_probe_csv(path: Path, identity_type: str) -> None:
    """Write the one-row CSV SATORI is sure to refuse (see rows.py)."""
    with contextlib.closing(CsvFileWriter(path, [identity_type], UTF8_CSV)) as writer:
        writer.write([PROBE_IDENTITIES[identity_type]])


def wait_until_finished(
    connection: SatoriConnection,
    process_code: str,
    *,
    poll: PollSchedule,
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
    for wait in poll.waits():
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
    raise AssertionError  # pragma: no cover - the waits never end
