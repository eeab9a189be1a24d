"""Progress of a long load, logged at least every 30 seconds.

Keap takes one record per call at a few calls a second (an API key: 240 a minute), so ten
thousand contacts take most of an hour; a run that logs nothing meanwhile looks hung. Each
line says how many records were written (and of those, found already written: journaled or
looked up after a lost answer), rejected, and how many are accepted but not yet written.
"""

from __future__ import annotations

import logging
import threading
import time
import typing as t

if t.TYPE_CHECKING:
    from collections.abc import Callable

PROGRESS_INTERVAL_SECONDS = 30.0


class Progress:
    """Counts of a run's records, shared by the reading and the writing thread.

    `rejected` counts the run's rejects (the reject file's, whenever they were refused).
    """

    def __init__(
        self,
        logger: logging.Logger,
        rejected: Callable[[], int],
        *,
        interval: float = PROGRESS_INTERVAL_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._logger = logger
        self._rejected = rejected
        self._interval = interval
        self._clock = clock
        self._lock = threading.Lock()
        self._last_log = clock()
        self.accepted = 0
        self.written = 0
        self.already = 0
        self.refused_after_accepting = 0

    def accept(self) -> None:
        """A record passed its checks and waits to be written."""
        with self._lock:
            self.accepted += 1

    def wrote(self, *, already: bool = False) -> None:
        """A record was written (`already`: Keap held it from an earlier attempt)."""
        with self._lock:
            self.written += 1
            self.already += already
        self.tick()

    def refused(self) -> None:
        """A record accepted earlier was rejected when written."""
        with self._lock:
            self.refused_after_accepting += 1
        self.tick()

    @property
    def pending(self) -> int:
        """Records accepted and not yet written or rejected."""
        with self._lock:
            return self.accepted - self.written - self.refused_after_accepting

    def tick(self) -> None:
        """Log the counts when the interval has passed since the last line."""
        now = self._clock()
        with self._lock:
            if now - self._last_log < self._interval:
                return
            self._last_log = now
        self.log()

    def log(self) -> None:
        """Log the counts now (rejects: every record of the run's reject file so far)."""
        self._logger.info(
            "Keap progress: %d record(s) written (%d of them already in Keap), %d rejected, "
            "%d pending",
            self.written,
            self.already,
            self._rejected(),
            self.pending,
        )
