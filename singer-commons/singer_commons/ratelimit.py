"""A client-side rate limiter shared by every stream and sink of one process.

Why client-side: vendors count calls per account, not per connection (Marketo: 100 calls per
20 s and 10 concurrent calls per instance, shared by every integration), so a plugin that
fires as fast as it can gets 606/615/429 errors, wastes retries and can starve other
integrations. Every caller of one vendor account must therefore share ONE limiter, hence the
process-wide registry `shared_rate_limiter`.
"""

from __future__ import annotations

import collections
import contextlib
import threading
import time
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator


class RateLimiter:
    """Admits a call when a sliding-window limit, a spacing and a concurrency limit allow it.

    At most `max_calls` calls may start within any `window_seconds`, and at most
    `max_concurrency` may be in flight. A call holds its place in the window from its start
    until `window_seconds` after it FINISHED: the vendor counts a call when the request
    arrives, some time between our start and the answer, so counting from the start lets
    the next window's first call reach the vendor early whenever the call it waits for took
    longer to arrive (Marketo then answers 606 and the retry waits seconds). Counting from
    the answer can never run ahead of the vendor's window; it costs one call's duration per
    window. Thread-safe: waiting for the window happens outside the lock (with the
    injectable `sleep`), waiting for a concurrency slot (or for calls in flight to finish
    when they alone fill the window) on a condition. Slots are not re-entrant: code holding
    one must not ask for another (with a concurrency of 1 it would wait for itself forever).

    `min_interval` spaces starts out: a gateway that smooths its per-second rate (Apigee's
    SpikeArrest admits one call per 1/rate seconds unless configured to count a window)
    refuses two calls closer than that, however few the window holds.
    """

    def __init__(
        self,
        max_calls: int,
        window_seconds: float,
        max_concurrency: int,
        *,
        min_interval: float = 0.0,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        """Create a limiter.

        Args:
            max_calls: Starts allowed per window; 0 or less means no window limit.
            window_seconds: Length of the sliding window.
            max_concurrency: Calls allowed in flight at once (at least 1).
            min_interval: Least seconds between two starts (0: no spacing).
            clock: Monotonic seconds; tests pass a fake clock.
            sleep: Waits for the window to slide; tests pass the fake clock's sleep.

        Raises:
            ValueError: for a concurrency below 1 or a non-positive window with a call limit.
        """
        if max_concurrency < 1:
            msg = f"max_concurrency must be at least 1, got {max_concurrency}"
            raise ValueError(msg)
        if max_calls > 0 and window_seconds <= 0:
            msg = f"window_seconds must be positive, got {window_seconds}"
            raise ValueError(msg)
        self.max_calls = max_calls
        self.window_seconds = window_seconds
        self.max_concurrency = max_concurrency
        self.min_interval = min_interval
        self._clock = clock
        self._sleep = sleep
        self._condition = threading.Condition()
        # When each call of the window finished, oldest first; calls in flight count too.
        self._finishes: collections.deque[float] = collections.deque()
        self._in_flight = 0
        self._last_start: float | None = None

    @property
    def in_flight(self) -> int:
        """Calls currently holding a slot."""
        with self._condition:
            return self._in_flight

    @contextlib.contextmanager
    def slot(self) -> Iterator[None]:
        """Block until a call may start, hold a concurrency slot for the `with` block."""
        self._acquire()
        try:
            yield
        finally:
            with self._condition:
                self._in_flight -= 1
                if self.max_calls > 0:
                    self._finishes.append(self._clock())
                self._condition.notify_all()

    def _acquire(self) -> None:
        """Wait for a free concurrency slot and room in the window, then take both."""
        while True:
            with self._condition:
                while self._in_flight >= self.max_concurrency:
                    self._condition.wait()
                wait = self._window_wait()
                if wait is None:
                    self._condition.wait()  # the window is full of calls still in flight
                    continue
                wait = max(wait, self._spacing_wait())
                if wait <= 0:
                    self._in_flight += 1
                    self._last_start = self._clock()
                    return
            # Sleep without the lock so finishing calls can release their slots meanwhile;
            # the loop re-checks everything afterwards.
            self._sleep(wait)

    def _spacing_wait(self) -> float:
        """Seconds until `min_interval` has passed since the last start; lock held."""
        if self._last_start is None or self.min_interval <= 0:
            return 0.0
        return self._last_start + self.min_interval - self._clock()

    def _window_wait(self) -> float | None:
        """Seconds until the window admits another start (0 when it does now); lock held.

        None when calls still in flight fill the window: their places free up only
        `window_seconds` after they finish, so there is nothing to time yet.
        """
        if self.max_calls <= 0:
            return 0.0
        now = self._clock()
        # `finish + window <= now` is the same expression as the wait below, so a call is
        # dropped exactly when its wait reaches zero (no float drift into a busy loop).
        while self._finishes and self._finishes[0] + self.window_seconds <= now:
            self._finishes.popleft()
        if len(self._finishes) + self._in_flight < self.max_calls:
            return 0.0
        if not self._finishes:
            return None
        return self._finishes[0] + self.window_seconds - now


_registry: dict[str, RateLimiter] = {}
_registry_lock = threading.Lock()


def shared_rate_limiter(
    key: str,
    max_calls: int,
    window_seconds: float,
    max_concurrency: int,
    *,
    min_interval: float = 0.0,
) -> RateLimiter:
    """The process-wide limiter for `key` (e.g. "marketo:<host>"), created on first use.

    The first caller's parameters win: every stream and sink of one vendor account must
    share one budget of calls, whatever each of them asks for.
    """
    with _registry_lock:
        limiter = _registry.get(key)
        if limiter is None:
            limiter = RateLimiter(
                max_calls, window_seconds, max_concurrency, min_interval=min_interval
            )
            _registry[key] = limiter
        return limiter


def reset_shared_rate_limiters() -> None:
    """Forget every shared limiter (tests create fresh ones per case)."""
    with _registry_lock:
        _registry.clear()
