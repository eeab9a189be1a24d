"""A fake clock for tests of anything that waits, so no test depends on wall-clock time.

Every waiting component of this package (and of the plugins) takes `clock`/`sleep`
callables; tests pass a `FakeClock`'s methods, and sleeping advances the fake time at once.
"""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

DEFAULT_START = datetime(2026, 1, 1, tzinfo=UTC)


class FakeClock:
    """Monotonic seconds and an aware wall-clock that only move when told (thread-safe)."""

    def __init__(self, start: datetime = DEFAULT_START) -> None:
        """Start the wall-clock at `start` (aware) and the monotonic clock at 0."""
        if start.tzinfo is None:
            msg = "FakeClock needs an aware start datetime"
            raise ValueError(msg)
        self._lock = threading.Lock()
        self._start = start
        self._elapsed = 0.0
        self.sleeps: list[float] = []

    def monotonic(self) -> float:
        """Seconds since the clock was created (the `clock` of limiters and providers)."""
        with self._lock:
            return self._elapsed

    def now(self) -> datetime:
        """The current aware datetime (the `clock` of the ledger and the reject writer)."""
        with self._lock:
            return self._start + timedelta(seconds=self._elapsed)

    def sleep(self, seconds: float) -> None:
        """Record the wait and advance time by it instead of waiting."""
        with self._lock:
            self.sleeps.append(seconds)
            self._elapsed += max(0.0, seconds)

    def advance(self, seconds: float) -> None:
        """Move time forward without recording a sleep."""
        with self._lock:
            self._elapsed += seconds
