"""Keap's call limits per credential: a one-minute throttle and a daily quota (00:00 UTC).

Both are checked and charged under one lock, so a call refused by either (HTTP 429) is
charged to neither, as Keap documents. The throttle is a fixed 60 s window that opens
with the first call of a credential; the tenant-wide window (all credentials, 10,000 a
minute) is reported in the headers but not enforced.
"""

from __future__ import annotations

import math
import threading
import typing as t
from dataclasses import dataclass
from datetime import datetime, time, timedelta

if t.TYPE_CHECKING:
    from vendor_sandbox.clock import Clock

WINDOW_SECONDS = 60.0
# Keap (vendor notes): per app, all tokens together, 10,000 calls a minute.
TENANT_THROTTLE_LIMIT = 10_000
TENANT = "tenant"
THROTTLE = "throttle"
QUOTA = "quota"


@dataclass(frozen=True)
class Usage:
    """Where a credential stands, for the `x-keap-*` headers and `Retry-After`.

    Attributes:
        refused: None when the call was admitted, else `throttle` or `quota`.
        throttle_used: Calls charged in the current minute window.
        window_left: Seconds until the current window ends.
        window_ends: When it ends, in UTC.
        quota_used: Calls charged today (UTC).
        day_ends: The next 00:00 UTC.
        day_left: Seconds until then.
        tenant_used: Calls of every credential in the tenant's window.
        tenant_ends: When the tenant's window ends, in UTC.
    """

    refused: str | None
    throttle_used: int
    window_left: float
    window_ends: datetime
    quota_used: int
    day_ends: datetime
    day_left: float
    tenant_used: int
    tenant_ends: datetime

    @property
    def retry_after(self) -> int:
        """Whole seconds (at least 1) until the limit that refused the call resets."""
        left = self.day_left if self.refused == QUOTA else self.window_left
        return max(1, math.ceil(left))


@dataclass
class _Window:
    started: float
    used: int = 0


class Limits:
    """Throttle windows and daily counters of every credential of one account."""

    def __init__(self, clock: Clock) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._windows: dict[str, _Window] = {}
        self._day = clock.utc_now().date()
        self._quota_baseline = 0
        self._quota: dict[str, int] = {}

    def set_quota_used(self, used: int) -> None:
        """Pretend every credential (known or not yet seen) already spent `used` calls today."""
        with self._lock:
            self._roll_day()
            self._quota_baseline = used
            self._quota = {}

    def admit(self, credential: str, throttle_limit: int, quota_limit: int) -> Usage:
        """Charge one call to `credential` unless its throttle or daily quota is spent.

        A limit of 0 is disabled. Refused calls are charged to nothing.
        """
        with self._lock:
            self._roll_day()
            now = self._clock.monotonic()
            window = self._window(credential, now)
            tenant = self._window(TENANT, now)
            used_today = self._quota.get(credential, self._quota_baseline)
            refused: str | None = None
            if throttle_limit and window.used >= throttle_limit:
                refused = THROTTLE
            elif quota_limit and used_today >= quota_limit:
                refused = QUOTA
            else:
                window.used += 1
                tenant.used += 1
                used_today += 1
                self._quota[credential] = used_today
            return self._usage(refused, window, tenant, used_today, now)

    def _window(self, key: str, now: float) -> _Window:
        window = self._windows.get(key)
        if window is None or now >= window.started + WINDOW_SECONDS:
            window = self._windows[key] = _Window(started=now)
        return window

    def _roll_day(self) -> None:
        today = self._clock.utc_now().date()
        if today != self._day:
            self._day, self._quota_baseline, self._quota = today, 0, {}

    def _usage(
        self, refused: str | None, window: _Window, tenant: _Window, used_today: int, now: float
    ) -> Usage:
        wall = self._clock.utc_now()
        day_ends = datetime.combine(wall.date() + timedelta(days=1), time(), tzinfo=wall.tzinfo)
        window_left = window.started + WINDOW_SECONDS - now
        return Usage(
            refused=refused,
            throttle_used=window.used,
            window_left=window_left,
            window_ends=wall + timedelta(seconds=window_left),
            quota_used=used_today,
            day_ends=day_ends,
            day_left=(day_ends - wall).total_seconds(),
            tenant_used=tenant.used,
            tenant_ends=wall + timedelta(seconds=tenant.started + WINDOW_SECONDS - now),
        )
