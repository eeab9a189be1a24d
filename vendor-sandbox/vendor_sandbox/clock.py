"""Time as the emulators see it, injectable so tests never wait on the wall clock.

Two readings are needed: a monotonic one for durations (token life, throttle windows) and
UTC wall time for what a vendor shows and for its daily quotas. Tests substitute a clock
that moves both together: a manual one passed to an emulator, or an `AdjustableClock` a
vendor's control endpoint sets and advances over HTTP.
"""

from __future__ import annotations

import threading
import time
import typing as t
from datetime import UTC, datetime, timedelta


class Clock(t.Protocol):
    """A source of monotonic seconds and UTC wall time."""

    def monotonic(self) -> float:
        """Seconds from an arbitrary origin that never go backwards."""
        ...

    def utc_now(self) -> datetime:
        """The current UTC time (timezone-aware)."""
        ...


class SystemClock:
    """The real clock: `time.monotonic` and `datetime.now(UTC)`."""

    def monotonic(self) -> float:
        """Seconds from `time.monotonic`."""
        return time.monotonic()

    def utc_now(self) -> datetime:
        """The current UTC time."""
        return datetime.now(UTC)


class AdjustableClock:
    """A clock that follows another until a test sets or advances it.

    Advancing a running clock shifts it and lets it run on; setting it freezes it at that
    instant (so a test at 23:59:59 is not overtaken by midnight while it works), and
    advancing a frozen clock moves the frozen instant. Monotonic time only moves forward:
    setting the wall time back does not move it, advancing moves both.
    """

    def __init__(self, base: Clock | None = None) -> None:
        self._base = base or SystemClock()
        self._lock = threading.Lock()
        self._shift = 0.0
        self._frozen_wall: datetime | None = None
        self._frozen_monotonic = 0.0

    @property
    def frozen(self) -> bool:
        """Whether the clock was set and stands still until advanced."""
        with self._lock:
            return self._frozen_wall is not None

    def monotonic(self) -> float:
        """The base clock's seconds plus every advance (frozen once set)."""
        with self._lock:
            return self._monotonic()

    def utc_now(self) -> datetime:
        """The set (and advanced) instant, or the base clock's time plus every advance."""
        with self._lock:
            if self._frozen_wall is not None:
                return self._frozen_wall
            return self._base.utc_now() + timedelta(seconds=self._shift)

    def set(self, moment: datetime) -> None:
        """Freeze the wall time at an aware `moment`."""
        with self._lock:
            self._frozen_monotonic = self._monotonic()
            self._frozen_wall = moment.astimezone(UTC)

    def advance(self, seconds: float) -> None:
        """Move time forward by `seconds` (>= 0)."""
        with self._lock:
            if self._frozen_wall is None:
                self._shift += seconds
            else:
                self._frozen_wall += timedelta(seconds=seconds)
                self._frozen_monotonic += seconds

    def _monotonic(self) -> float:
        if self._frozen_wall is not None:
            return self._frozen_monotonic
        return self._base.monotonic() + self._shift
