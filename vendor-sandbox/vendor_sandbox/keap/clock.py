"""Time as the Keap emulator sees it, injectable so tests never wait on the wall clock.

Two readings are needed: a monotonic one for durations (token life, the one-minute
throttle window) and UTC wall time for what Keap shows (timestamps of touched records,
the daily quota that turns at 00:00 UTC, the `*-expiry-time` headers). Tests substitute a
manual clock that moves both together.
"""

from __future__ import annotations

import time
import typing as t
from datetime import UTC, datetime


class Clock(t.Protocol):
    """A source of monotonic seconds and UTC wall time."""

    def monotonic(self) -> float:
        """Seconds from an arbitrary origin that never go backwards."""
        ...

    def utc_now(self) -> datetime:
        """The current UTC time (timezone-aware)."""
        ...


class SystemClock:
    """The real clock: `time.monotonic` and `datetime.now(UTC)`."""

    def monotonic(self) -> float:
        """Seconds from `time.monotonic`."""
        return time.monotonic()

    def utc_now(self) -> datetime:
        """The current UTC time."""
        return datetime.now(UTC)


def iso_millis(moment: datetime) -> str:
    """Keap's record timestamp format: UTC, millisecond precision, `Z` suffix."""
    moment = moment.astimezone(UTC)
    return f"{moment:%Y-%m-%dT%H:%M:%S}.{moment.microsecond // 1000:03d}Z"


def iso_seconds(moment: datetime) -> str:
    """The format of Keap's `*-expiry-time` headers: UTC, whole seconds, `Z` suffix."""
    return f"{moment.astimezone(UTC):%Y-%m-%dT%H:%M:%S}Z"


def epoch_millis(moment: datetime) -> int:
    """Milliseconds since 1970 of an aware time: what time filters and ordering compare."""
    return round(moment.timestamp() * 1000)


def from_millis(millis: int) -> datetime:
    """The UTC time `millis` milliseconds after 1970."""
    return datetime.fromtimestamp(millis / 1000, UTC)


def parse_iso(value: str) -> datetime | None:
    """A timestamp as Keap accepts it (`2017-01-01T22:17:59.039Z`; no zone means UTC).

    Returns None for anything else, so callers can answer 400 naming the parameter.
    """
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
