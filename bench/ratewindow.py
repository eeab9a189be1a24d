"""Calls per rate-limit window, seen from the vendor's side while a plugin runs.

A thread reads the emulator's call counter every `interval` seconds during the run. From
those samples, the calls admitted in each full window (the first starting at the first call
the emulator saw) give the utilisation of a "N calls per W seconds" limit: the mean of the
full windows over N. The last, partial window is left out: the run ended inside it.
"""

from __future__ import annotations

import bisect
import threading
import time
import typing as t

if t.TYPE_CHECKING:
    from collections.abc import Callable


class CallSampler:
    """Samples `read()` (calls admitted so far) in the background while it is entered."""

    def __init__(self, read: Callable[[], int], interval: float = 0.05) -> None:
        """Create a sampler; nothing is read before it is entered."""
        self._read = read
        self._interval = interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self.times: list[float] = []
        self.calls: list[int] = []

    def __enter__(self) -> CallSampler:
        """Take the first sample (the baseline) and start sampling."""
        self._take()
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        """Stop sampling, with one last sample."""
        self._stop.set()
        self._thread.join()
        self._take()

    def _take(self) -> None:
        calls = self._read()
        self.times.append(time.monotonic())
        self.calls.append(calls)

    def _sample(self) -> None:
        while not self._stop.wait(self._interval):
            self._take()

    def _calls_at(self, moment: float) -> int:
        """Calls counted by the last sample at or before `moment`."""
        index = bisect.bisect_right(self.times, moment) - 1
        return self.calls[max(index, 0)]

    def windows(self, window_seconds: float) -> list[int]:
        """Calls admitted in each full window, from the first call on."""
        baseline = self.calls[0]
        first = next((index for index, calls in enumerate(self.calls) if calls > baseline), None)
        if first is None:
            return []
        # The first call happened between the sample before it and this one.
        start = self.times[max(first - 1, 0)]
        counts = []
        while start + window_seconds <= self.times[-1]:
            end = start + window_seconds
            counts.append(self._calls_at(end) - self._calls_at(start))
            start = end
        return counts


def utilisation(windows: list[int], limit: int) -> float:
    """The mean of the full windows' calls over the limit (0 without a full window)."""
    return sum(windows) / len(windows) / limit if windows else 0.0
