"""Streams of the date-based APIs: one call per API (and measurement type) per day.

Why per day: seed 001 (https://support.haihaimail.jp/manual/setting/api/) says 来訪回数,
メール一覧 and 反応者一覧 answer for a given date; 開封メール and クリックメール are ASSUMED to
as well. The bookmark is the last COMPLETE day read, written as a STATE message right after
that day's records, so a daily schedule spends exactly one call per API for the new day, and
a run stopped by the quota resumes at the first day it did not finish. Today is read only
once it is over (the data of a day still running would be incomplete).
"""

from __future__ import annotations

import typing as t
from datetime import date, timedelta

from singer_sdk import typing as th

from haihai_mail_client import apis
from singer_commons.clock import utc_now
from singer_commons.sdk.compat import advance_bookmark, write_stream_state
from tap_haihai_mail.columns import Column, Kind
from tap_haihai_mail.streams.base import HaihaiStream

if t.TYPE_CHECKING:
    from collections.abc import Iterator

    from singer_sdk.helpers.types import Context

DATE = "date"
# ASSUMED: the retrieval APIs take the day as YYYYMMDD.
REQUEST_DATE_FORMAT = "%Y%m%d"

MAIL_ID = Column("メールID", "mail_id", description="ID of the mail.")
SUBJECT = Column("件名", "subject", description="Subject of the mail.")
EMAIL = Column("メールアドレス", "email", description="Email address of the customer.")


class DailyStream(HaihaiStream):
    """A stream read one day per call, bookmarked by the last complete day."""

    replication_key = DATE
    is_sorted = True
    # The SDK would write STATE every 10,000 records, mid-day; only whole days may be
    # bookmarked, so STATE is written after each day instead (see `read`).
    STATE_MSG_FREQUENCY = 10**12
    extra_properties: t.ClassVar[tuple[th.Property, ...]] = (
        th.Property(DATE, th.DateType, required=True, description="The day the API was asked for."),
    )

    def days_to_read(self, context: Context | None) -> list[date]:
        """From the day after the bookmark (or `start_date`, or yesterday) to yesterday."""
        zone = self.owner.settings.connection.time_zone
        yesterday = utc_now().astimezone(zone).date() - timedelta(days=1)
        bookmark = self.get_context_state(context).get("replication_key_value")
        if bookmark:
            first = date.fromisoformat(str(bookmark)) + timedelta(days=1)
        else:
            first = self.owner.settings.start_date or yesterday
        return [first + timedelta(days=offset) for offset in range((yesterday - first).days + 1)]

    def request_fields(self, day: date, context: Context | None) -> dict[str, str]:
        """The form fields of one day's call."""
        del context
        return {DATE: day.strftime(REQUEST_DATE_FORMAT)}

    def measurement_type(self, context: Context | None) -> str | None:
        """The measurement type a call counts against (反応者一覧 only)."""
        del context
        return None

    def read_for(self, day: date, context: Context | None) -> dict[str, t.Any]:
        """What each record says about the call that read it: the day."""
        del context
        return {DATE: day.isoformat()}

    def read(self, context: Context | None) -> Iterator[dict[str, t.Any]]:
        """Each missing day in order; the bookmark moves after each complete day."""
        days = self.days_to_read(context)
        label = self.name + "".join(f" [{value}]" for value in (context or {}).values())
        if not days:
            self.logger.info("%s: up to date (every complete day is read).", label)
            return
        for day in days:
            rows = self.connection.fetch_rows(
                self.api,
                self.request_fields(day, context),
                measurement_type=self.measurement_type(context),
            )
            count = 0
            for record in self.records_of(rows):
                count += 1
                yield {**record, **self.read_for(day, context)}
            advance_bookmark(self, {DATE: day.isoformat()}, context)
            write_stream_state(self)
            self.logger.info("%s: %s read, %d rows.", label, day.isoformat(), count)


class OpensStream(DailyStream):
    """開封メール: who opened which HTML mail, per day."""

    name = "opens"
    api = apis.OPENS
    summary = "opens of HTML mails on a day (one row per open)."
    columns = (
        MAIL_ID,
        SUBJECT,
        EMAIL,
        Column("開封日時", "opened_at", Kind.DATETIME, "When the mail was opened."),
    )
    primary_keys = (DATE, "mail_id", "email", "opened_at")


class ClicksStream(DailyStream):
    """クリックメール: who clicked which URL of which mail, per day."""

    name = "clicks"
    api = apis.CLICKS
    summary = "clicks on URLs in mails on a day (one row per click)."
    columns = (
        MAIL_ID,
        SUBJECT,
        EMAIL,
        Column("URL", "url", description="The URL clicked."),
        Column("クリック日時", "clicked_at", Kind.DATETIME, "When the URL was clicked."),
    )
    primary_keys = (DATE, "mail_id", "email", "url", "clicked_at")


class VisitsStream(DailyStream):
    """来訪回数: site visits per customer on a day (Bridge plan)."""

    name = "visits"
    api = apis.VISITS
    summary = "number of site visits per customer on a day."
    columns = (
        EMAIL,
        Column("来訪回数", "visit_count", Kind.INTEGER, "Visits on the day."),
    )
    primary_keys = (DATE, "email")


class MailsStream(DailyStream):
    """メール一覧: the mails delivered on a day."""

    name = "mails"
    api = apis.MAILS
    summary = "mails delivered on a day."
    columns = (
        MAIL_ID,
        SUBJECT,
        Column("配信日時", "delivered_at", Kind.DATETIME, "When the delivery started."),
        Column(
            "配信種別",
            "delivery_type",
            description="Kind of delivery",
            english_values={"一斉配信": "broadcast", "ステップメール": "step_mail"},
        ),
        Column("配信数", "delivered_count", Kind.INTEGER, "Addresses the mail was sent to."),
    )
    primary_keys = (DATE, "mail_id")


class RespondersStream(DailyStream):
    """反応者一覧: responders of a day per measurement type (効果測定種別), each its own quota."""

    name = "responders"
    api = apis.RESPONDERS
    summary = "responders of a day per measurement type (効果測定種別)."
    columns = (
        MAIL_ID,
        EMAIL,
        Column("反応日時", "reacted_at", Kind.DATETIME, "When the customer responded."),
    )
    extra_properties = (
        *DailyStream.extra_properties,
        th.Property(
            "measurement_type",
            th.StringType,
            required=True,
            description="効果測定種別 asked for (the measurement_types setting).",
        ),
    )
    primary_keys = ("measurement_type", DATE, "mail_id", "email", "reacted_at")
    # No state_partitioning_keys: the SDK would then treat the stream as unsorted and keep
    # only progress markers mid-run. The partition context is the measurement type alone.

    @property
    def partitions(self) -> list[dict[str, t.Any]]:
        """One partition (and bookmark) per configured measurement type."""
        return [{"measurement_type": kind} for kind in self.owner.settings.measurement_types]

    def request_fields(self, day: date, context: Context | None) -> dict[str, str]:
        """The day and the measurement type (`type`)."""
        return {**super().request_fields(day, context), "type": self.measurement_type(context)}

    def measurement_type(self, context: Context | None) -> str:
        """The partition's measurement type."""
        return str((context or {})["measurement_type"])

    def read_for(self, day: date, context: Context | None) -> dict[str, t.Any]:
        """The day and the measurement type."""
        return {
            **super().read_for(day, context),
            "measurement_type": self.measurement_type(context),
        }
