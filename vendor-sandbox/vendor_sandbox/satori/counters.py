"""Call counters of one SATORI company, so tests assert on what a plugin really sent.

Every call that reached the company is counted by endpoint name (unknown paths only in
`calls`) and by the status it was answered with (the body's status, which differs from
the HTTP one when errors are sent with HTTP 200); key failures and injected faults are
counted apart.
"""

from __future__ import annotations

import threading
import typing as t
from collections import Counter

ENDPOINT_NAMES = (
    "registration",
    "upsert",
    "delete",
    "bulk_upsert",
    "bulk_registration",
    "bulk_status",
    "search",
)


class Counters:
    """Calls in total, per endpoint and per status; 401s; injected faults."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._calls = 0
        self._by_endpoint: Counter[str] = Counter()
        self._by_status: Counter[str] = Counter()
        self._auth_failures = 0
        self._faults = 0

    def call(self, endpoint: str | None) -> None:
        """Count one API call by its endpoint name (None for an unknown path)."""
        with self._lock:
            self._calls += 1
            if endpoint is not None:
                self._by_endpoint[endpoint] += 1

    def status(self, status: int) -> None:
        """Count the status a call was answered with."""
        with self._lock:
            self._by_status[str(status)] += 1

    def auth_failure(self) -> None:
        """Count a call refused for its keys."""
        with self._lock:
            self._auth_failures += 1

    def fault(self) -> None:
        """Count a call broken on purpose."""
        with self._lock:
            self._faults += 1

    def snapshot(self) -> dict[str, t.Any]:
        """The counters as the control endpoint reports them (every endpoint listed)."""
        with self._lock:
            return {
                "calls": self._calls,
                "by_endpoint": {name: self._by_endpoint[name] for name in ENDPOINT_NAMES},
                "by_status": dict(self._by_status),
                "auth_failures": self._auth_failures,
                "faults_injected": self._faults,
            }
