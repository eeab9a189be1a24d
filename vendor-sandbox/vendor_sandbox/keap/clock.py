"""Keap's time formats: record timestamps, header expiry times, filters on ISO 8601.

The clock itself (`vendor_sandbox.clock`) is shared by every emulator: Keap reads a
monotonic one for durations (token life, the one-minute throttle window) and UTC wall time
for what it shows (timestamps of touched records, the daily quota that turns at 00:00 UTC,
the quota's `expiry-time` header).
"""

from __future__ import annotations

from datetime import UTC, datetime


def iso_millis(moment: datetime) -> str:
    """Keap's record timestamp format: UTC, millisecond precision, `Z` suffix."""
    moment = moment.astimezone(UTC)
    return f"{moment:%Y-%m-%dT%H:%M:%S}.{moment.microsecond // 1000:03d}Z"


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
