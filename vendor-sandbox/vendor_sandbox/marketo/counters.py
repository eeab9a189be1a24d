"""Call counters of one instance, so tests assert on what a plugin really sent."""

from __future__ import annotations

import threading
import typing as t
from collections import Counter


class Counters:
    """Totals of API calls, per endpoint, per error code, and injected faults."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._calls = 0
        self._identity_calls = 0
        self._faults = 0
        self._by_endpoint: Counter[str] = Counter()
        self._errors: Counter[str] = Counter()

    def call(self, endpoint: str) -> None:
        """Count one /rest call, keyed `METHOD /rest/...` (POST ?_method=GET counts as GET)."""
        with self._lock:
            self._calls += 1
            self._by_endpoint[endpoint] += 1

    def identity_call(self) -> None:
        """Count one token request (not a /rest call: never rate limited nor charged)."""
        with self._lock:
            self._identity_calls += 1

    def error(self, code: str) -> None:
        """Count a call answered with an error (Marketo code, or `http_<status>`)."""
        with self._lock:
            self._errors[code] += 1

    def fault(self) -> None:
        """Count a call broken on purpose."""
        with self._lock:
            self._faults += 1

    def snapshot(self, *, max_concurrency_seen: int, quota_used: int) -> dict[str, t.Any]:
        """The counters as the control endpoint reports them."""
        with self._lock:
            return {
                "calls": self._calls,
                "identity_calls": self._identity_calls,
                "by_endpoint": dict(self._by_endpoint),
                "errors": dict(self._errors),
                "faults_injected": self._faults,
                "max_concurrency_seen": max_concurrency_seen,
                "quota_used": quota_used,
            }
