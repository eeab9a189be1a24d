"""One report instance as a Singer stream, with Domo's LastSuccessfulRun bookmark.

The stream's state holds `LastSuccessfulRun`: when the last run of this stream that read
every row started. It is written only after the last row, so a run that fails (a fault
after its retries, a quota stop, a crash) leaves the previous value, and the next run
reads the same window again: nothing is skipped. Using the start (not the end) of the run
means a record changed while the run was reading is read again next time.
"""

from __future__ import annotations

import typing as t
from contextlib import contextmanager
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from singer_sdk.exceptions import ConfigValidationError
from singer_sdk.streams import Stream

from keap_client.errors import KeapFault
from singer_commons.clock import utc_now
from singer_commons.errors import FatalConnectorError
from tap_infusionsoft.reports.fetchers import ReportRun
from tap_infusionsoft.reports.fields import coerce_record, schema_of
from tap_infusionsoft.reports.timing import RunClock, json_value

if t.TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from singer_sdk import Tap
    from singer_sdk.helpers.types import Context

    from keap_client.xmlrpc import KeapXmlRpc
    from tap_infusionsoft.reports.instances import ReportInstance
    from tap_infusionsoft.reports.layout import ReportLayout

BOOKMARK = "LastSuccessfulRun"
PROGRESS_EVERY = 10_000


@contextmanager
def report_failures(instance: ReportInstance) -> Iterator[None]:
    """A Keap fault left after the retries, or a bad param, as one line naming the report.

    Such a fault (`[NoFieldFound]…`, a query still too slow after 5 retries) needs the user,
    not a traceback: the run stops with exit 1 and the report's bookmark stays unchanged.
    """
    try:
        yield
    except KeapFault as fault:
        kind = instance.kind
        msg = f"report '{instance.name}' ({kind.title}, {kind.method}): Keap said {fault.message}"
        raise FatalConnectorError(msg) from fault
    except ConfigValidationError as exc:
        raise FatalConnectorError("; ".join(exc.errors)) from exc


class ReportStream(Stream):
    """Reads one configured report through Keap's XML-RPC API."""

    def __init__(
        self,
        tap: Tap,
        *,
        instance: ReportInstance,
        layout: ReportLayout,
        client: KeapXmlRpc,
        zone: ZoneInfo,
        start_date: datetime | None,
    ) -> None:
        """Create the stream of one instance, with the fields resolved at discovery.

        `zone` is the application's time zone (`app_timezone`); `start_date` the tap's
        setting, where a first run starts.
        """
        self.instance = instance
        self.layout = layout
        self.client = client
        self.zone = zone
        self.start_date = start_date
        super().__init__(tap, schema=schema_of(layout.fields.values()), name=instance.name)
        keys = instance.kind.key_properties
        self.primary_keys = list(keys) if all(key in layout.fields for key in keys) else []

    def last_successful_run(self) -> datetime | None:
        """The bookmark, else the configured start_date (None: read everything)."""
        value = self.stream_state.get(BOOKMARK)
        if not value:
            return self.start_date
        moment = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
        return moment if moment.tzinfo else moment.replace(tzinfo=UTC)

    def get_records(self, context: Context | None) -> Iterable[dict[str, t.Any]]:
        """Every row of the report; then the bookmark moves to this run's start."""
        del context
        clock = RunClock(utc_now(), self.last_successful_run(), self.zone)
        kind = self.instance.kind
        self.logger.info(
            "%s: %s (%s) since %s",
            self.name,
            kind.title,
            kind.method,
            clock.last_successful_run.isoformat() if clock.last_successful_run else "the start",
        )
        run = ReportRun(self.client, self.instance.params, self.layout, clock, kind.method)
        count = 0
        with report_failures(self.instance):
            for row in kind.fetch(run):
                count += 1
                if count % PROGRESS_EVERY == 0:
                    self.logger.info("%s: %d rows so far", self.name, count)
                record = json_value(row, self.zone)
                yield coerce_record(record, self.layout.fields, stream=self.name)
        self.stream_state[BOOKMARK] = clock.started_at.isoformat()
        self.logger.info(
            "%s: %d rows; LastSuccessfulRun is now %s",
            self.name,
            count,
            clock.started_at.isoformat(),
        )
