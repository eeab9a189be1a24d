"""The settings of tap-infusionsoft, declared once and read into one object at start.

The connection's settings (endpoints, credentials, pace, daily budget, `state_dir`) are
shared with every Keap plugin and live in `keap_client.settings`; here are what only the tap
reads: where and what to read, custom fields, and the reports.
"""

from __future__ import annotations

import typing as t
from dataclasses import dataclass
from datetime import UTC, datetime

from singer_sdk import typing as th

from keap_client.settings import CONNECTION_PROPERTIES, MAX_PAGE_SIZE, KeapConnectionSettings
from keap_client.xmlrpc import DEFAULT_XMLRPC_URL
from singer_commons.errors import config_error
from singer_commons.sdk.settings import SettingValues
from tap_infusionsoft.reports.instances import ReportInstance, report_instances

if t.TYPE_CHECKING:
    from collections.abc import Mapping
    from zoneinfo import ZoneInfo

# Keap's XML-RPC datetimes carry no zone; most applications run on US Eastern time.
DEFAULT_APP_TIMEZONE = "America/New_York"

SETTINGS_SCHEMA = th.PropertiesList(
    *CONNECTION_PROPERTIES,
    th.Property(
        "xmlrpc_url",
        th.URIType,
        default=DEFAULT_XMLRPC_URL,
        description="Keap XML-RPC endpoint, used by the reports (same credentials and quota).",
    ),
    th.Property(
        "start_date",
        th.DateTimeType,
        description=(
            "Read records changed at or after this time on the first run of each "
            "incremental stream (default: everything)."
        ),
    ),
    th.Property(
        "page_size",
        th.IntegerType,
        default=MAX_PAGE_SIZE,
        description="Records per list call (Keap's `limit`, at most 1000).",
    ),
    th.Property(
        "custom_fields",
        th.BooleanType,
        default=True,
        description=(
            "Discover custom fields of contacts, companies and orders (and of opportunities "
            "with opportunity_custom_fields) from their /model endpoints and emit them as "
            "typed properties (custom_<name>)."
        ),
    ),
    th.Property(
        "opportunity_custom_fields",
        th.BooleanType,
        default=False,
        description=(
            "Read the custom fields of opportunities. Keap's opportunity list does not "
            "return them, so this costs one extra call (GET /opportunities/{id}) per "
            "opportunity emitted: every opportunity on a first run, the changed ones after. "
            "Off by default: the opportunities stream then has no custom_ properties."
        ),
    ),
    th.Property(
        "file_data",
        th.BooleanType,
        default=False,
        description=(
            "Read the content of every file into the files stream's file_data property "
            "(base64, as Keap sends it). Keap's file list does not return content, so this "
            "costs one extra call (GET /files/{id}?optional_properties=file_data) per file on "
            "every run (the stream is full table), and each record is as large as its file "
            "and a third more. Off by default: the files stream then has no file_data property."
        ),
    ),
    th.Property(
        "reports",
        th.ArrayType(
            th.ObjectType(
                th.Property("name", th.StringType, required=True),
                th.Property("report", th.StringType, required=True),
                th.Property("params", th.ObjectType(additional_properties=True)),
                additional_properties=True,
            )
        ),
        description=(
            "XML-RPC reports of Domo's Infusionsoft connector, each {name, report, params} and "
            "read as a stream called name, e.g. {name: ogden_contacts, report: data_query, "
            "params: {table: Contact, query: {City: Ogden, LastUpdated: "
            "'~>=~LastSuccessfulRun'}, fields: [Id, Email]}}. See the README for every report "
            "and its params."
        ),
    ),
    th.Property(
        "app_timezone",
        th.StringType,
        default=DEFAULT_APP_TIMEZONE,
        description=(
            "Time zone of the Keap application (Keap > Settings > Application). XML-RPC "
            "dates carry no zone: report dates and LastSuccessfulRun are read and written "
            "in it, and emitted with its offset."
        ),
    ),
).to_dict()


@dataclass(frozen=True)
class KeapTapSettings:
    """Every setting of tap-infusionsoft, read and checked once at start.

    `start_date` is declared above and read by the SDK itself for the REST streams' first
    bookmark; the reports read it here, as the first `LastSuccessfulRun` (UTC when the
    value names no offset). `reports` are checked on their own; that none takes a REST
    stream's name is checked by the tap, which knows its streams.
    """

    connection: KeapConnectionSettings
    xmlrpc_url: str
    start_date: datetime | None
    page_size: int
    custom_fields: bool
    opportunity_custom_fields: bool
    file_data: bool
    reports: tuple[ReportInstance, ...]
    app_timezone: ZoneInfo

    @classmethod
    def from_config(cls, config: Mapping[str, t.Any]) -> KeapTapSettings:
        """Read the tap's validated config.

        Raises:
            ConfigValidationError: naming the setting (or the report) whose value cannot work.
        """
        values = SettingValues(config, SETTINGS_SCHEMA)
        return cls(
            connection=KeapConnectionSettings.from_config(config),
            xmlrpc_url=values.text("xmlrpc_url"),
            start_date=_moment(values, "start_date"),
            page_size=values.integer("page_size", minimum=1, maximum=MAX_PAGE_SIZE),
            custom_fields=values.flag("custom_fields"),
            opportunity_custom_fields=values.flag("opportunity_custom_fields"),
            file_data=values.flag("file_data"),
            reports=report_instances(values.value("reports")),
            app_timezone=values.time_zone("app_timezone"),
        )


def _moment(values: SettingValues, name: str) -> datetime | None:
    """An ISO 8601 date-time setting (UTC when it names no offset), or None when unset.

    Raises:
        ConfigValidationError: naming the setting and the value that is not a date-time.
    """
    text = values.optional_text(name)
    if text is None:
        return None
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        msg = f"{name} must be an ISO 8601 date-time such as 2025-01-01T00:00:00Z, got {text!r}."
        raise config_error(msg) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
