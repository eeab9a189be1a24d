"""Marketo's call limits: 100 calls / 20 s (606), 10 in flight (615), a daily quota (607).

Each limit is a separate small object with its own lock, so the limits never wait on the
data store's lock. Limits of 0 are disabled (see `MarketoSettings`).
"""

from __future__ import annotations

import threading
import time
from collections import deque
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta, timezone
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

# Marketo's quota resets at 00:00 US Central. A fixed UTC-6 (CST) offset keeps the sandbox
# standard-library only; daylight saving time is not modelled.
QUOTA_TIMEZONE = timezone(timedelta(hours=-6), "CST")


class RateWindow:
    """Sliding-window rate limit: admitted calls in the last `window` seconds."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._admitted: deque[float] = deque()

    def admit(self, calls: int, window: float) -> bool:
        """Admit one call unless `calls` were already admitted within `window` seconds.

        Refused calls are not recorded, so a client that backs off for one window always
        gets through again.
        """
        if calls <= 0:
            return True
        now = self._clock()
        with self._lock:
            while self._admitted and self._admitted[0] <= now - window:
                self._admitted.popleft()
            if len(self._admitted) >= calls:
                return False
            self._admitted.append(now)
            return True


class Concurrency:
    """Calls in flight right now, and the most ever seen at once."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._in_flight = 0
        self.peak = 0

    @contextmanager
    def slot(self) -> Iterator[int]:
        """Hold a slot for the duration of a call; yields the calls in flight, this one included."""
        with self._lock:
            self._in_flight += 1
            self.peak = max(self.peak, self._in_flight)
            current = self._in_flight
        try:
            yield current
        finally:
            with self._lock:
                self._in_flight -= 1


class DailyQuota:
    """Calls charged today (US Central), reset when the day changes."""

    def __init__(self, clock: Callable[[], datetime] = lambda: datetime.now(UTC)) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._day = self._today()
        self._used = 0

    def _today(self) -> date:
        return self._clock().astimezone(QUOTA_TIMEZONE).date()

    def _roll(self) -> None:
        today = self._today()
        if today != self._day:
            self._day, self._used = today, 0

    @property
    def used(self) -> int:
        """Calls charged today."""
        with self._lock:
            self._roll()
            return self._used

    def exhausted(self, limit: int) -> bool:
        """Whether today's `limit` is spent (never, when the limit is 0)."""
        return limit > 0 and self.used >= limit

    def charge(self) -> None:
        """Charge one call to today."""
        with self._lock:
            self._roll()
            self._used += 1
