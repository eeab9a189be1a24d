"""How a target waits for a vendor's asynchronous job: a first wait, doubling to a cap, a limit.

Why shared: 配配メール's CSV imports and SATORI's bulk upserts both answer with a job to ask
about until it is done, and each question costs a call. Both targets wait the same way (a
first wait from `poll_interval_seconds`, doubling so a long job costs few calls, up to a cap,
within a time limit after which the run stops with exit 75); only the cap, the states and
what a stop means differ, and those stay with each target.
"""

from __future__ import annotations

import typing as t
from dataclasses import dataclass

if t.TYPE_CHECKING:
    from collections.abc import Iterator


@dataclass(frozen=True)
class PollSchedule:
    """The waits between a job's status questions, and the most time to spend waiting.

    Attributes:
        first_wait: Seconds before the second question; each later wait doubles.
        max_wait: The longest single wait (the doubling stops there).
        timeout_seconds: The most time to wait in total.
    """

    first_wait: float
    max_wait: float
    timeout_seconds: float

    def waits(self) -> Iterator[float]:
        """`first_wait`, then doubling up to `max_wait`, without end."""
        wait = self.first_wait
        while True:
            yield wait
            wait = min(wait * 2, self.max_wait)
