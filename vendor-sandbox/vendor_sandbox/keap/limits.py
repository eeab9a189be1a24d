"""Keap's call limits per credential: a rolling one-minute throttle and a daily quota (00:00 UTC).

Both are checked and charged under one lock, so a call refused by either (HTTP 429) is
charged to neither, as Keap documents. The throttle is a rolling 60 s window, as Keap
announced when it moved its gateway to Apigee ("This will be a rolling window":
https://community.keap.com/t/apigee-migration-update/74173): a call frees its place 60 s
after it was made, counted per whole second. Its size follows the credential type (240 a
minute per API key, 1,500 per OAuth client: `KeapSettings.minute_throttle`). The
tenant-wide window (all credentials, 10,000 a minute) is reported in the headers but not
enforced.
"""

from __future__ import annotations

import math
import threading
import typing as t
from collections import deque
from dataclasses import dataclass
from datetime import datetime, time, timedelta

if t.TYPE_CHECKING:
    from vendor_sandbox.clock import Clock

WINDOW_SECONDS = 60
# Keap's "Throttles and Quotas" page: per application instance, all tokens, 10,000 a minute.
TENANT_THROTTLE_LIMIT = 10_000
TENANT = "tenant"
THROTTLE = "throttle"
QUOTA = "quota"


@dataclass(frozen=True)
class Usage:
    """Where a credential stands, for the `x-keap-*` headers and `Retry-After`.

    Attributes:
        refused: None when the call was admitted, else `throttle` or `quota`.
        throttle_used: Calls charged in the last 60 s.
        throttle_frees_in: Seconds until the oldest of those calls leaves the window.
        quota_used: Calls charged today (UTC).
        day_ends: The next 00:00 UTC.
        day_left: Seconds until then.
        tenant_used: Calls of every credential in the last 60 s.
    """

    refused: str | None
    throttle_used: int
    throttle_frees_in: float
    quota_used: int
    day_ends: datetime
    day_left: float
    tenant_used: int

    @property
    def retry_after(self) -> int:
        """Whole seconds (at least 1) until the limit that refused the call lets one through."""
        left = self.day_left if self.refused == QUOTA else self.throttle_frees_in
        return max(1, math.ceil(left))


class RollingWindow:
    """Calls of the last 60 s, counted per whole second (at most 60 counters)."""

    def __init__(self) -> None:
        self._seconds: deque[list[int]] = deque()  # [second, calls], oldest first
        self.used = 0

    def advance(self, now: float) -> None:
        """Forget the calls made 60 s or more before `now`."""
        while self._seconds and self._seconds[0][0] + WINDOW_SECONDS <= now:
            self.used -= self._seconds.popleft()[1]

    def charge(self, now: float) -> None:
        """Count one call made at `now`."""
        second = math.floor(now)
        if self._seconds and self._seconds[-1][0] == second:
            self._seconds[-1][1] += 1
        else:
            self._seconds.append([second, 1])
        self.used += 1

    def frees_in(self, now: float) -> float:
        """Seconds until the oldest counted call leaves the window (0 when empty)."""
        if not self._seconds:
            return 0.0
        return self._seconds[0][0] + WINDOW_SECONDS - now


class Limits:
    """Throttle windows and daily counters of every credential of one account."""

    def __init__(self, clock: Clock) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._windows: dict[str, RollingWindow] = {}
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
                window.charge(now)
                tenant.charge(now)
                used_today += 1
                self._quota[credential] = used_today
            return self._usage(refused, window, tenant, used_today, now)

    def _window(self, key: str, now: float) -> RollingWindow:
        window = self._windows.get(key)
        if window is None:
            window = self._windows[key] = RollingWindow()
        window.advance(now)
        return window

    def _roll_day(self) -> None:
        today = self._clock.utc_now().date()
        if today != self._day:
            self._day, self._quota_baseline, self._quota = today, 0, {}

    def _usage(
        self,
        refused: str | None,
        window: RollingWindow,
        tenant: RollingWindow,
        used_today: int,
        now: float,
    ) -> Usage:
        wall = self._clock.utc_now()
        day_ends = datetime.combine(wall.date() + timedelta(days=1), time(), tzinfo=wall.tzinfo)
        return Usage(
            refused=refused,
            throttle_used=window.used,
            throttle_frees_in=window.frees_in(now),
            quota_used=used_today,
            day_ends=day_ends,
            day_left=(day_ends - wall).total_seconds(),
            tenant_used=tenant.used,
        )
