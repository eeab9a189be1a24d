"""Call counters of one 配配メール account, so tests assert on what a plugin really sent.

Successful calls per API per day come from the quota ledger (they are exactly what the
quota charges); this keeps the rest: every call that reached the account, by action and
by answered status, and the faults injected.
"""

from __future__ import annotations

import threading
import typing as t
from collections import Counter

if t.TYPE_CHECKING:
    from collections.abc import Mapping

UPLOAD_KEY = "csv_import"
POLL_KEY = "import_status"


class Counters:
    """Calls in total, per `ac` action and per status; 429s; injected faults."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._calls = 0
        self._by_action: Counter[str] = Counter()
        self._by_status: Counter[str] = Counter()
        self._faults = 0

    def call(self, action: str) -> None:
        """Count one API call by its `ac` value (as sent, even when unknown)."""
        with self._lock:
            self._calls += 1
            self._by_action[action] += 1

    def status(self, status: int) -> None:
        """Count the status a call was answered with."""
        with self._lock:
            self._by_status[str(status)] += 1

    def fault(self) -> None:
        """Count a call broken on purpose."""
        with self._lock:
            self._faults += 1

    def snapshot(self, ledger: Mapping[str, Mapping[str, int]]) -> dict[str, t.Any]:
        """The counters as the control endpoint reports them, with the quota `ledger`."""
        with self._lock:
            by_status = dict(self._by_status)
            succeeded = sum(n for status, n in by_status.items() if status.startswith("2"))
            totals: Counter[str] = Counter()
            for used in ledger.values():
                totals.update(used)
            return {
                "calls": self._calls,
                "by_action": dict(self._by_action),
                "by_status": by_status,
                "succeeded": succeeded,
                "failed": sum(by_status.values()) - succeeded,
                "rate_limited": by_status.get("429", 0),
                "faults_injected": self._faults,
                "by_day": {day: dict(used) for day, used in ledger.items()},
                "uploads": totals[UPLOAD_KEY],
                "status_polls": totals[POLL_KEY],
            }
