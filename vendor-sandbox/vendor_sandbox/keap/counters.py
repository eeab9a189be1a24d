"""Call counters of one Keap account, so tests assert on what a plugin really sent."""

from __future__ import annotations

import threading
import typing as t
from collections import Counter


class Counters:
    """API calls: in total, per path, per XML-RPC method, per status; token calls; faults."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._calls = 0
        self._by_path: Counter[str] = Counter()
        self._by_method: Counter[str] = Counter()
        self._by_status: Counter[str] = Counter()
        self._token_calls = 0
        self._refresh_rejected = 0
        self._throttled = 0
        self._faults = 0

    def call(self, template: str) -> None:
        """Count one API call, keyed `METHOD /path/{id}` (the route's template)."""
        with self._lock:
            self._calls += 1
            self._by_path[template] += 1

    def method(self, name: str) -> None:
        """Count one XML-RPC call by its method name (`DataService.query`)."""
        with self._lock:
            self._by_method[name] += 1

    def status(self, status: int) -> None:
        """Count the status an API call was answered with."""
        with self._lock:
            self._by_status[str(status)] += 1
            if status == 429:
                self._throttled += 1

    def token_call(self) -> None:
        """Count one request to the token endpoint."""
        with self._lock:
            self._token_calls += 1

    def refresh_rejected(self) -> None:
        """Count a refresh token refused as unknown or already used."""
        with self._lock:
            self._refresh_rejected += 1

    def fault(self) -> None:
        """Count a call broken on purpose."""
        with self._lock:
            self._faults += 1

    def snapshot(self) -> dict[str, t.Any]:
        """The counters as the control endpoint reports them."""
        with self._lock:
            return {
                "calls": self._calls,
                "by_path": dict(self._by_path),
                "by_method": dict(self._by_method),
                "by_status": dict(self._by_status),
                "token_calls": self._token_calls,
                "refresh_tokens_rejected": self._refresh_rejected,
                "throttled": self._throttled,
                "faults_injected": self._faults,
            }
