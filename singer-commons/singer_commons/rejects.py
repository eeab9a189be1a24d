r"""The dead-letter file of a target: every record the vendor refused, one JSON line each.

Why: a target must not stop a whole load for one bad record, nor drop it silently. Each
reject is appended with its stream, the record, the reason and the vendor's answer, and
fsynced at once, so the file is complete even if the run crashes right after; the operator
fixes the records and replays them. The file is always valid UTF-8: a record read from bytes
that were not UTF-8, or from a `"\ud800"` escape, holds lone surrogates, which are spelled
out (`\xe9`, `\ud800`, see `singer_commons.text.spelled_out`) instead of making the write
that reports them fail and end the run.
"""

from __future__ import annotations

import json
import logging
import os
import threading
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import IO, TYPE_CHECKING, Any

from singer_commons.redaction import redact
from singer_commons.text import spelled_out

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

REJECT_FILE_MODE = 0o600  # rejected records carry customer data: owner only
SDC_PREFIX = "_sdc_"
# Reasons a run summary (e.g. the notification mail) quotes; the reject file holds them all.
KEPT_REASONS = 20


def as_sent(record: Mapping[str, Any]) -> dict[str, Any]:
    """The record as the user sent it, minus the SDK's `_sdc_` bookkeeping.

    A set `_sdc_deleted_at` stays: it says the record was a delete.
    """
    return {
        key: value
        for key, value in record.items()
        if not key.startswith(SDC_PREFIX) or (key == "_sdc_deleted_at" and value is not None)
    }


def _utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class Refusal:
    """A record refused by a per-record check, held back to keep the reject file in order.

    Why: a target that judges part of a record per batch (a second record of an identity)
    writes that batch's rejects when it judges the batch; a record of the batch refused
    earlier, by a per-record check, waits in it as a Refusal, so the reject file lists the
    batch's records in input order.
    """

    stream: str
    record: Mapping[str, Any]
    reason: str


class RejectWriter:
    """Appends rejected records to a JSON-lines file and counts them (thread-safe)."""

    def __init__(
        self,
        path: Path | str | None,
        *,
        logger: logging.Logger | None = None,
        clock: Callable[[], datetime] = _utc_now,
    ) -> None:
        """Create a writer; the file is only created when the first record is rejected.

        Args:
            path: The JSON-lines file (appended to); None only counts and logs the rejects.
            logger: Receives one line per reject.
            clock: Timestamps `rejected_at`; tests pass a fixed clock.
        """
        self.path = Path(path) if path is not None else None
        self._logger = logger or logging.getLogger(__name__)
        self._clock = clock
        self._lock = threading.Lock()
        self._file: IO[str] | None = None
        self._count = 0
        self._first_reasons: list[str] = []

    @property
    def count(self) -> int:
        """Records rejected through this writer."""
        with self._lock:
            return self._count

    @property
    def first_reasons(self) -> list[str]:
        """The first rejects as "stream: reason" (at most `KEPT_REASONS`), for run summaries."""
        with self._lock:
            return list(self._first_reasons)

    def write(
        self,
        stream: str,
        record: Mapping[str, Any],
        reason: str,
        vendor_response: Any = None,
    ) -> None:
        """Append one rejected record, durably, and log the reason (lone surrogates spelled out)."""
        stream = spelled_out(stream)
        reason = spelled_out(redact(reason))
        line = json.dumps(
            {
                "stream": stream,
                "record": spelled_out(record),
                "reason": reason,
                "vendor_response": spelled_out(vendor_response),
                "rejected_at": self._clock().isoformat(),
            },
            ensure_ascii=False,
            default=str,
        )
        with self._lock:
            self._count += 1
            if len(self._first_reasons) < KEPT_REASONS:
                self._first_reasons.append(f"{stream}: {reason}")
            if self.path is None:
                self._logger.error(
                    "Rejected a record of stream '%s' (no reject file configured): %s",
                    stream,
                    reason,
                )
                return
            handle = self._open(self.path)
            handle.write(line + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        self._logger.warning("Rejected a record of stream '%s': %s", stream, reason)

    def write_refusal(self, refusal: Refusal) -> None:
        """`write` a held-back refusal."""
        self.write(refusal.stream, refusal.record, refusal.reason)

    def close(self) -> None:
        """Close the file (a later `write` reopens it for appending)."""
        with self._lock:
            if self._file is not None:
                self._file.close()
                self._file = None

    def __enter__(self) -> RejectWriter:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def _open(self, path: Path) -> IO[str]:
        """The append handle, created with its parent directories on first use; lock held."""
        if self._file is None:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, REJECT_FILE_MODE)
            self._file = os.fdopen(fd, "a", encoding="utf-8")
        return self._file
