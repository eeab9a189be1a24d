"""A target's vendor writes, one at a time in a thread, while the main thread reads on.

Why: the SDK drains a full sink by calling `process_batch` and reads no further input until
it returns, so the target idles while the vendor answers and the vendor idles while the
target reads and checks the next batch. A sink that hands its batch's write to
`WriteBehind.submit` overlaps the two (the taps' next-page prefetch, the other way round).

What stays as it was: writes go out one at a time, in the order their batches were drained;
a STATE message is written only after every write before it has been answered (the target
waits in `VendorTarget.write_state`, or hands it to `then`), so the state never moves past
unwritten data; a write's failure is raised in the main thread, at the next submit or wait,
and ends the run as it would have.
"""

from __future__ import annotations

import threading
import typing as t
from concurrent.futures import Future, ThreadPoolExecutor

if t.TYPE_CHECKING:
    from collections.abc import Callable


class WriteBehind:
    """At most one write in flight; `wait` returns once it is answered (or raises its error)."""

    def __init__(self) -> None:
        """Start with nothing in flight; the thread starts with the first write."""
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="vendor-write")
        self._in_flight: Future[None] | None = None
        self._lock = threading.Lock()

    def submit(self, write: Callable[[], None]) -> None:
        """Wait for the write in flight, then start `write` in the writer thread."""
        with self._lock:
            self._wait_locked()
            self._in_flight = self._executor.submit(write)

    def then(self, step: Callable[[], None]) -> None:
        """Run `step` in the writer thread once the write in flight is answered, without waiting.

        Never after a failed write: the write's error is raised in `step`'s place (at the next
        submit or wait). With nothing in flight, `step` runs at once.
        """
        with self._lock:
            previous = self._in_flight
            if previous is None:
                step()
                return

            def after_previous() -> None:
                previous.result()
                step()

            self._in_flight = self._executor.submit(after_previous)

    def wait(self) -> None:
        """Return once the write in flight (if any) is answered; raise its error if it failed."""
        with self._lock:
            self._wait_locked()

    def close(self) -> None:
        """Wait for the last write and stop the thread."""
        try:
            self.wait()
        finally:
            self._executor.shutdown(wait=True)

    def _wait_locked(self) -> None:
        in_flight, self._in_flight = self._in_flight, None
        if in_flight is not None:
            in_flight.result()
