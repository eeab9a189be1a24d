"""Settings only tap-infusionsoft reads: where and what to read, and the reports.

The connection's settings (endpoints, credentials, pace, daily budget, `state_dir`) are
shared with every Keap plugin and live in `keap_client.settings`.
"""

from __future__ import annotations

import typing as t

from singer_sdk import typing as th

from keap_client.settings import MAX_PAGE_SIZE
from keap_client.xmlrpc import DEFAULT_XMLRPC_URL
from singer_commons.errors import config_error
from singer_commons.sdk import settings as common

if t.TYPE_CHECKING:
    from collections.abc import Mapping
    from zoneinfo import ZoneInfo

# Keap's XML-RPC datetimes carry no zone; most applications run on US Eastern time.
DEFAULT_APP_TIMEZONE = "America/New_York"

TAP_PROPERTIES = th.PropertiesList(
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
)


def page_size(config: Mapping[str, t.Any]) -> int:
    """The configured page size, checked against Keap's maximum."""
    size = int(config.get("page_size") or MAX_PAGE_SIZE)
    if not 1 <= size <= MAX_PAGE_SIZE:
        msg = f"page_size must be between 1 and {MAX_PAGE_SIZE}, got {size}."
        raise config_error(msg)
    return size


def app_timezone(config: Mapping[str, t.Any]) -> ZoneInfo:
    """The Keap application's time zone, checked."""
    return common.time_zone(config, "app_timezone", DEFAULT_APP_TIMEZONE)
