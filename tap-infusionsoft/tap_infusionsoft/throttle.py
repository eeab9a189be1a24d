"""Keap's throttle and quota headers: slow down before a 429, stop at the daily quota.

Every Keap response reports the caller's allowances (vendor notes): the per-minute throttle
(`x-keap-product-throttle-*`, per client or key; `x-keap-tenant-throttle-*`, per app) and
the daily quota (`x-keap-product-quota-*`), each with `-available` calls left and
`-expiry-time` when the allowance renews. Reading them lets the tap pause just before the
throttle is spent instead of being refused, and end the run cleanly (state kept) when the
day's quota is gone instead of burning retries on 429s until tomorrow.
"""

from __future__ import annotations

import logging
import threading
import time
import typing as t
from dataclasses import dataclass
from datetime import UTC, datetime

from singer_commons.sdk.plugins import VendorQuotaExhausted

if t.TYPE_CHECKING:
    from collections.abc import Callable, Mapping

logger = logging.getLogger(__name__)

QUOTA_PREFIX = "x-keap-product-quota"
THROTTLE_PREFIXES = ("x-keap-product-throttle", "x-keap-tenant-throttle")
# Pause when this share of a throttle window's allowance (at least one call) is left.
THROTTLE_RESERVE_SHARE = 0.05
# Never trust a reported expiry further away than one window of Keap's per-minute throttle.
MAX_THROTTLE_PAUSE_SECONDS = 60.0
# Epoch values above this are milliseconds, below are seconds.
_EPOCH_MILLIS_THRESHOLD = 10**11


@dataclass(frozen=True)
class Allowance:
    """One allowance from the headers: calls left, the limit, and when it renews."""

    available: int
    limit: int | None
    renews_at: float | None  # epoch seconds

    @classmethod
    def from_headers(cls, headers: Mapping[str, str], prefix: str) -> Allowance | None:
        """Read `<prefix>-available/-limit/-expiry-time`; None when Keap sent none."""
        available = _integer(_first_window(headers.get(f"{prefix}-available")))
        if available is None:
            return None
        return cls(
            available=available,
            limit=_integer(_first_window(headers.get(f"{prefix}-limit"))),
            renews_at=parse_expiry(_first_window(headers.get(f"{prefix}-expiry-time"))),
        )

    def nearly_spent(self) -> bool:
        """Whether the next calls would run into the limit."""
        reserve = max(1, int((self.limit or 0) * THROTTLE_RESERVE_SHARE))
        return self.available <= reserve


def _first_window(value: str | None) -> str | None:
    """The first window of a header: Keap may send `minute|day` pairs, e.g. `9999|249999`."""
    return value.split("|", 1)[0].strip() if value is not None else None


def _integer(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


def parse_expiry(value: str | None) -> float | None:
    """Epoch seconds of an expiry header: ISO-8601, or epoch seconds or milliseconds.

    Keap documents the value only as a "timecode"; its examples are epoch numbers, which
    client SDKs read as milliseconds.
    """
    if not value:
        return None
    text = value.strip()
    if text.isdigit():
        number = int(text)
        return number / 1000 if number > _EPOCH_MILLIS_THRESHOLD else float(number)
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.timestamp()


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
            sleep: Waits for a throttle window to renew (tests pass a fake).
            clock: Wall-clock epoch seconds (Keap's expiry times are wall-clock).
        """
        self._sleep = sleep
        self._clock = clock
        self._lock = threading.Lock()
        self._quota: Allowance | None = None
        self._throttles: dict[str, Allowance] = {}

    def observe(self, headers: Mapping[str, str]) -> None:
        """Record the allowances a response reported."""
        with self._lock:
            quota = Allowance.from_headers(headers, QUOTA_PREFIX)
            if quota is not None:
                self._quota = quota
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
            renews_at = self._quota.renews_at if self._quota else None
        when = (
            datetime.fromtimestamp(renews_at, UTC).isoformat()
            if renews_at
            else "00:00 UTC (Keap's daily reset)"
        )
        return f"Keap's daily API quota for these credentials is spent; re-run after {when}."

    def pace(self) -> None:
        """Stop at a spent daily quota; wait out a throttle window that is nearly spent.

        Raises:
            VendorQuotaExhausted: when the last response reported no quota left and its
                renewal time has not passed.
        """
        now = self._clock()
        with self._lock:
            quota = self._quota
            pauses = [
                (prefix, allowance.renews_at - now)
                for prefix, allowance in self._throttles.items()
                if allowance.nearly_spent() and allowance.renews_at is not None
            ]
        if (
            quota is not None
            and quota.available <= 0
            and (quota.renews_at is None or quota.renews_at > now)
        ):
            raise VendorQuotaExhausted(self.quota_message())
        for prefix, wait in pauses:
            if wait > 0:
                pause = min(wait, MAX_THROTTLE_PAUSE_SECONDS)
                logger.info("Keap's %s is nearly spent; pausing %.1f s", prefix, pause)
                self._sleep(pause)
        if pauses:
            with self._lock:
                for prefix, _ in pauses:
                    self._throttles.pop(prefix, None)
