"""Time as Keap's XML-RPC API shows it: naive, in the application's timezone.

XML-RPC datetimes carry no zone; Keap writes them in the app's zone (America/New_York for
the sandbox's account), and a date-only field (Birthday) is that day at 00:00:00. "Now"
comes from the instance clock, so tests control what a touch or a created row is stamped.
"""

from __future__ import annotations

import typing as t
import xmlrpc.client
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

if t.TYPE_CHECKING:
    from vendor_sandbox.clock import Clock

APP_TIMEZONE = ZoneInfo("America/New_York")
TEXT_FORMAT = "%Y-%m-%d %H:%M:%S"
WIRE_FORMAT = "%Y%m%dT%H:%M:%S"
_ACCEPTED = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d", WIRE_FORMAT)


def app_now(clock: Clock) -> datetime:
    """The clock's now in the app's zone, naive and to the second (XML-RPC's precision)."""
    local = clock.utc_now().astimezone(APP_TIMEZONE).replace(tzinfo=None)
    return local.replace(microsecond=0)


def parse_text(value: str) -> datetime | None:
    """`YYYY-MM-DD[ HH:MM:SS]` (or the wire form) as a naive datetime; None if not a date."""
    text = value.strip()
    for pattern in _ACCEPTED:
        try:
            return datetime.strptime(text, pattern)
        except ValueError:
            continue
    return None


def from_argument(value: t.Any) -> datetime | None:
    """A date argument sent as `<dateTime.iso8601>` or as a string; None otherwise."""
    if isinstance(value, xmlrpc.client.DateTime):
        return parse_text(value.value)
    if isinstance(value, datetime):
        return value.replace(tzinfo=None)
    if isinstance(value, str):
        return parse_text(value)
    return None


def as_text(moment: datetime) -> str:
    """The `YYYY-MM-DD HH:MM:SS` text a LIKE pattern such as `2016-01-20%` matches."""
    return moment.strftime(TEXT_FORMAT)


def to_wire(moment: datetime) -> xmlrpc.client.DateTime:
    """An XML-RPC `dateTime.iso8601` value (`20260101T08:15:00`)."""
    return xmlrpc.client.DateTime(moment.strftime(WIRE_FORMAT))


def days_before(now: datetime, days: float) -> datetime:
    """`now` minus a number of days, to the second: seeded history is spread into the past."""
    return (now - timedelta(days=days)).replace(microsecond=0)
