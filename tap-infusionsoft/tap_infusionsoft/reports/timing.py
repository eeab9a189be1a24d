"""Dates of a report run: Keap's local time, LastSuccessfulRun, and Domo's date parameters.

Keap's XML-RPC API reads and writes datetimes without a zone, in the application's time
zone (`app_timezone`, America/New_York for most accounts). Everything the tap emits is
ISO 8601 with the offset, so a warehouse never has to guess.

Date parameters follow Domo's connector: one day (`date`, or `days_back` from today) or a
range whose ends are a date (`start_date` / `end_date`), relative (`start_days_back` /
`end_days_back`, counted back from today), or, for the start, `LastSuccessfulRun`. Without
any, a range runs from the last successful run to now: the report is incremental.
"""

from __future__ import annotations

import base64
import typing as t
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from tap_infusionsoft.reports.params import LAST_SUCCESSFUL_RUN, ReportParams

if t.TYPE_CHECKING:
    from zoneinfo import ZoneInfo

# How a datetime is written into a Data Query value (Keap's `2015-12-15 08:15:00`).
QUERY_DATETIME_FORMAT = "%Y-%m-%d %H:%M:%S"
_END_OF_DAY = time(23, 59, 59)


@dataclass(frozen=True)
class RunClock:
    """The instants a report run resolves its dates against.

    Attributes:
        started_at: When this stream's run started (UTC); saved as LastSuccessfulRun when
            the run succeeds.
        last_successful_run: The start of the last successful run of the stream, or the
            configured start_date on its first run (None: everything).
        zone: Keap's application time zone.
    """

    started_at: datetime
    last_successful_run: datetime | None
    zone: ZoneInfo

    def local(self, moment: datetime) -> datetime:
        """A UTC instant as Keap's naive local time."""
        return moment.astimezone(self.zone).replace(tzinfo=None)

    def today(self) -> date:
        """Today in Keap's time zone."""
        return self.started_at.astimezone(self.zone).date()

    def last_run_local(self) -> datetime:
        """LastSuccessfulRun as Keap's local time (the epoch when there is none)."""
        return self.local(self.last_successful_run or datetime(1970, 1, 1, tzinfo=UTC))


@dataclass(frozen=True)
class DateWindow:
    """The [start, end] a dated report covers, in Keap's local time."""

    start: datetime
    end: datetime


def date_window(params: ReportParams, clock: RunClock) -> DateWindow:
    """The window of a dated report, from Domo's date parameters (see module doc)."""
    if params.has("date") or params.has("days_back"):
        day = (
            params.date("date")
            if params.has("date")
            else clock.today() - timedelta(days=params.integer("days_back"))
        )
        return DateWindow(datetime.combine(day, time.min), datetime.combine(day, _END_OF_DAY))
    start = _range_start(params, clock)
    end = _range_end(params, clock)
    if start > end:
        msg = f"report '{params.instance}': the date range starts ({start}) after it ends ({end})"
        raise params.error(msg)
    return DateWindow(start, end)


def _range_start(params: ReportParams, clock: RunClock) -> datetime:
    if params.has("start_days_back"):
        day = clock.today() - timedelta(days=params.integer("start_days_back"))
        return datetime.combine(day, time.min)
    if params.has("start_date") and params.text("start_date") != LAST_SUCCESSFUL_RUN:
        return params.moment("start_date")
    return clock.last_run_local()


def _range_end(params: ReportParams, clock: RunClock) -> datetime:
    if params.has("end_days_back"):
        day = clock.today() - timedelta(days=params.integer("end_days_back"))
        return datetime.combine(day, _END_OF_DAY)
    if params.has("end_date"):
        end = params.moment("end_date")
        return end if end.time() != time.min else datetime.combine(end.date(), _END_OF_DAY)
    return clock.local(clock.started_at)


def json_value(value: t.Any, zone: ZoneInfo) -> t.Any:
    """An XML-RPC value as JSON: local datetimes with their offset, files as base64."""
    if isinstance(value, datetime):
        aware = value if value.tzinfo else value.replace(tzinfo=zone)
        return aware.isoformat()
    if isinstance(value, bytes | bytearray):
        return base64.b64encode(value).decode("ascii")
    if isinstance(value, dict):
        return {key: json_value(item, zone) for key, item in value.items()}
    if isinstance(value, list):
        return [json_value(item, zone) for item in value]
    return value
