"""Keap's throttle and quota headers: slow down before a 429, stop at the daily quota.

Every Keap response reports the caller's allowances (Keap's "Throttles and Quotas" page,
https://developer.infusionsoft.com/api-token-quota-and-usage-measurements/): the per-minute
throttle (`x-keap-product-throttle-*`, per client or key; `x-keap-tenant-throttle-*`, per
application) and the daily quota (`x-keap-product-quota-*`), each with `-limit`,
`-time-unit`, `-interval`, `-available` and `-used`. Only the quota says when it renews:
`x-keap-product-quota-expiry-time`, in epoch milliseconds (public clients divide it by
1000, e.g. toddstoker/keap-sdk `src/KeapResponse.php`). A throttle carries no expiry, and
Keap's throttle is a rolling window (https://community.keap.com/t/apigee-migration-update/74173),
so a plugin paces from the counts alone: when a window is nearly spent it waits the time the
window needs to give back the calls under the reserve, at the rate the limit allows, then
reads the next answer's counts. The day's quota ends the run cleanly (state kept) instead of
burning retries on 429s until tomorrow.
"""

from __future__ import annotations

import logging
import threading
import time
import typing as t
from dataclasses import dataclass
from datetime import UTC, datetime

from singer_commons.errors import VendorQuotaExhausted

if t.TYPE_CHECKING:
    from collections.abc import Callable, Mapping

logger = logging.getLogger(__name__)

QUOTA_PREFIX = "x-keap-product-quota"
QUOTA_EXPIRY_HEADER = f"{QUOTA_PREFIX}-expiry-time"
THROTTLE_PREFIXES = ("x-keap-product-throttle", "x-keap-tenant-throttle")
# Pause when this share of a throttle window's allowance (at least one call) is left.
THROTTLE_RESERVE_SHARE = 0.05
# Keap's throttles are "minute" windows of interval 1 for all consumers (Keap's header table).
DEFAULT_WINDOW_SECONDS = 60.0
_UNIT_SECONDS = {"second": 1.0, "minute": 60.0, "hour": 3600.0, "day": 86400.0}


@dataclass(frozen=True)
class Allowance:
    """One allowance from the headers: calls left, the limit, and the window they count in."""

    available: int
    limit: int | None
    window_seconds: float = DEFAULT_WINDOW_SECONDS

    @classmethod
    def from_headers(cls, headers: Mapping[str, str], prefix: str) -> Allowance | None:
        """Read `<prefix>-available/-limit/-time-unit/-interval`; None when Keap sent none."""
        available = _integer(_first_window(headers.get(f"{prefix}-available")))
        if available is None:
            return None
        return cls(
            available=available,
            limit=_integer(_first_window(headers.get(f"{prefix}-limit"))),
            window_seconds=window_seconds(
                _first_window(headers.get(f"{prefix}-time-unit")),
                _integer(_first_window(headers.get(f"{prefix}-interval"))),
            ),
        )

    def reserve(self) -> int:
        """Calls kept back: 5 % of the limit, at least one."""
        return max(1, int((self.limit or 0) * THROTTLE_RESERVE_SHARE))

    def nearly_spent(self) -> bool:
        """Whether the next calls would run into the limit."""
        return self.available <= self.reserve()

    def pause_seconds(self) -> float:
        """How long to wait so the window can give back the calls under the reserve.

        A rolling window frees calls at the rate its limit allows (window / limit seconds
        a call); without a known limit, one whole window. Never more than one window.
        """
        if not self.nearly_spent():
            return 0.0
        if not self.limit:
            return self.window_seconds
        missing = self.reserve() + 1 - self.available
        return min(self.window_seconds, self.window_seconds / self.limit * missing)


def window_seconds(unit: str | None, interval: int | None) -> float:
    """The length of a throttle window from its `time-unit` and `interval` headers."""
    seconds = _UNIT_SECONDS.get((unit or "").strip().lower(), DEFAULT_WINDOW_SECONDS)
    return seconds * (interval if interval and interval > 0 else 1)


def _first_window(value: str | None) -> str | None:
    """The first window of a header: Keap may send `minute|day` pairs, e.g. `9999|249999`."""
    return value.split("|", 1)[0].strip() if value is not None else None


def _integer(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


def parse_quota_expiry(value: str | None) -> float | None:
    """Epoch seconds of `x-keap-product-quota-expiry-time` (epoch milliseconds), or None."""
    millis = _integer(value.strip() if value else None)
    return millis / 1000 if millis is not None and millis > 0 else None


class KeapThrottle:
    """Remembers the last reported allowances and paces calls by them."""

    def __init__(
        self,
        *,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.time,
    ) -> None:
        """Create a throttle.

        Args:
            sleep: Waits for a throttle window to give calls back (tests pass a fake).
            clock: Wall-clock epoch seconds (Keap's quota expiry is wall-clock).
        """
        self._sleep = sleep
        self._clock = clock
        self._lock = threading.Lock()
        self._quota: Allowance | None = None
        self._quota_renews_at: float | None = None
        self._throttles: dict[str, Allowance] = {}

    def observe(self, headers: Mapping[str, str]) -> None:
        """Record the allowances a response reported."""
        with self._lock:
            quota = Allowance.from_headers(headers, QUOTA_PREFIX)
            if quota is not None:
                self._quota = quota
                self._quota_renews_at = parse_quota_expiry(headers.get(QUOTA_EXPIRY_HEADER))
            for prefix in THROTTLE_PREFIXES:
                throttle = Allowance.from_headers(headers, prefix)
                if throttle is not None:
                    self._throttles[prefix] = throttle

    def quota_spent(self) -> bool:
        """Whether the last response said the daily quota has no call left."""
        with self._lock:
            return self._quota is not None and self._quota.available <= 0

    def quota_message(self) -> str:
        """Why the run stops at the quota, and when it can resume."""
        with self._lock:
            renews_at = self._quota_renews_at
        when = (
            datetime.fromtimestamp(renews_at, UTC).isoformat()
            if renews_at
            else "00:00 UTC (Keap's daily reset)"
        )
        return f"Keap's daily API quota for these credentials is spent; re-run after {when}."

    def pace(self) -> None:
        """Stop at a spent daily quota; wait while a throttle window is nearly spent.

        Raises:
            VendorQuotaExhausted: when the last response reported no quota left and its
                renewal time has not passed.
        """
        now = self._clock()
        with self._lock:
            quota, renews_at = self._quota, self._quota_renews_at
            pauses = {
                prefix: allowance.pause_seconds()
                for prefix, allowance in self._throttles.items()
                if allowance.nearly_spent()
            }
            # Each report is acted on once: the next answer tells what the window gave back.
            for prefix in pauses:
                del self._throttles[prefix]
        if quota is not None and quota.available <= 0 and (renews_at is None or renews_at > now):
            raise VendorQuotaExhausted(self.quota_message())
        if pauses:
            prefix, pause = max(pauses.items(), key=lambda item: item[1])
            logger.info("Keap's %s is nearly spent; pausing %.2f s", prefix, pause)
            self._sleep(pause)
