"""Japan time as 配配メール shows and counts it.

The account's clock is a shared `AdjustableClock` (a test sets it to 23:59:59 JST and
advances it past midnight); this module turns its UTC readings into what the vendor uses:
the quota day (the date in Asia/Tokyo, reset at 0:00 JST), `YYYY/MM/DD HH:MM:SS` in CSV
answers and the `YYYYMMDD` dates of the retrieval parameters. Japan has kept no daylight
saving time since 1951, so a fixed +09:00 is exact and needs no tz database.
"""

from __future__ import annotations

import re
import typing as t
from datetime import date, datetime, timedelta, timezone

if t.TYPE_CHECKING:
    from vendor_sandbox.clock import Clock

JST = timezone(timedelta(hours=9), "JST")
API_DATE = re.compile(r"\d{8}")
SLASHED = re.compile(r"(\d{4})/(\d{1,2})/(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?")


def jst_now(clock: Clock) -> datetime:
    """The clock's now in Japan time."""
    return clock.utc_now().astimezone(JST)


def jst_today(clock: Clock) -> date:
    """The date in Japan of the clock's now: the day the quota counts in."""
    return jst_now(clock).date()


def format_datetime(moment: datetime) -> str:
    """A time as the CSV answers print it: `YYYY/MM/DD HH:MM:SS` in JST."""
    return f"{moment.astimezone(JST):%Y/%m/%d %H:%M:%S}"


def parse_api_date(value: str) -> date | None:
    """The `date` parameter of a retrieval API (`YYYYMMDD`); None when malformed."""
    if not API_DATE.fullmatch(value):
        return None
    try:
        return datetime.strptime(value, "%Y%m%d").date()
    except ValueError:
        return None


def parse_moment(value: str) -> datetime | None:
    """A time given to a control endpoint: ISO 8601 or `YYYY/MM/DD HH:MM[:SS]`.

    Without an offset the time is read as JST (what the vendor's screens show). Returns
    None for anything else, so the caller can name the field in its error.
    """
    slashed = SLASHED.fullmatch(value.strip())
    try:
        if slashed:
            year, month, day, hour, minute, second = (int(part or 0) for part in slashed.groups())
            moment = datetime(year, month, day, hour, minute, second)
        else:
            moment = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=JST)


def parse_day(value: str) -> date | None:
    """A calendar date given to a control endpoint (`YYYY-MM-DD`, `YYYY/MM/DD`, ...), in JST."""
    moment = parse_moment(value)
    return None if moment is None else moment.astimezone(JST).date()
