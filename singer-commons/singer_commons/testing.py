"""Test helpers: a fake clock, and processes spending one call ledger at once.

Every waiting component of this package (and of the plugins) takes `clock`/`sleep`
callables; tests pass a `FakeClock`'s methods, and sleeping advances the fake time at once.
"""

from __future__ import annotations

import multiprocessing
import threading
import typing as t
from datetime import UTC, datetime, timedelta
from pathlib import Path

from singer_commons.errors import DailyBudgetExhausted
from singer_commons.ledger import CallLedger
from singer_commons.state_store import open_state_store

if t.TYPE_CHECKING:
    from multiprocessing.queues import Queue

SHARED_ACCOUNT = "shared.example"  # the account whose ledger the spending processes share
SHARED_API = "rest"

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


def spend_from_processes(
    backend: str, state_dir: Path, *, budget: int, processes: int, spends: int, now: datetime
) -> tuple[list[int | None], int]:
    """Spawn `processes` processes that each spend `spends` calls of one shared ledger.

    Each opens its own store of `backend` (`file` in `state_dir`, or a PostgreSQL URI), as
    separate plugin runs do; the budget of SHARED_API is `budget` and the day is `now`'s, so
    no midnight passes mid-test. Spawned, not forked: nothing is shared but the store.

    Returns:
        The processes' exit codes, and how many spends were refused in all.
    """
    context = multiprocessing.get_context("spawn")
    results: Queue[int] = context.Queue()
    workers = [
        context.Process(
            target=_spend_in_process,
            kwargs={
                "backend": backend,
                "state_dir": str(state_dir),
                "budget": budget,
                "spends": spends,
                "now": now,
                "results": results,
            },
        )
        for _ in range(processes)
    ]
    for worker in workers:
        worker.start()
    refused = sum(results.get(timeout=120) for _ in workers)
    for worker in workers:
        worker.join(60)
    return [worker.exitcode for worker in workers], refused


def _spend_in_process(
    *, backend: str, state_dir: str, budget: int, spends: int, now: datetime, results: Queue[int]
) -> None:
    """One process of `spend_from_processes`: its spends, then its refusals on `results`."""
    ledger = CallLedger(
        open_state_store(backend, Path(state_dir)),
        SHARED_ACCOUNT,
        budgets={SHARED_API: budget},
        clock=lambda: now,
    )
    refused = 0
    for _ in range(spends):
        try:
            ledger.spend(SHARED_API)
        except DailyBudgetExhausted:
            refused += 1
    results.put(refused)
