"""Japan time as SATORI shows it, and the times the search API and control calls take.

The company's clock is a shared `AdjustableClock` (a test advances it past a bulk job's
7-day retention); this module turns its UTC readings into the ISO 8601 JST stamps the
customer dumps carry. Stamps are kept to the second, so what a plugin reads back as
`updated_at` is exactly what the `updated_from` filter compares. Japan has kept no
daylight saving time since 1951, so a fixed +09:00 is exact.
"""

from __future__ import annotations

import typing as t
from datetime import datetime, timedelta, timezone

if t.TYPE_CHECKING:
    from vendor_sandbox.clock import Clock

JST = timezone(timedelta(hours=9), "JST")


def stamp(clock: Clock) -> datetime:
    """The clock's now, to the second (what a record is stamped with)."""
    return clock.utc_now().replace(microsecond=0)


def iso_jst(moment: datetime) -> str:
    """A time as SATORI prints it: ISO 8601 in JST, e.g. `2026-03-10T12:00:00+09:00`."""
    return moment.astimezone(JST).isoformat(timespec="seconds")


def parse_iso(value: str) -> datetime | None:
    """An ISO 8601 time (read as JST without an offset); None when malformed."""
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=JST)
