"""Connection settings shared by tap-marketo-opportunities and target-marketo-opportunities.

Both plugins declare `CONNECTION_PROPERTIES` and read them into one
`MarketoConnectionSettings` at start, the object `MarketoConnection` is built from.
"""

from __future__ import annotations

import typing as t
from dataclasses import dataclass

from singer_sdk import typing as th

from singer_commons.sdk import settings as common

if t.TYPE_CHECKING:
    from collections.abc import Mapping

    from singer_commons.state_store import StateStore

# Adobe: 100 calls per 20 s per instance, shared by every integration; third parties are asked
# to stay near 50. At most 10 concurrent calls; Adobe suggests 5 or fewer.
MARKETO_WINDOW_SECONDS = 20
MARKETO_MAX_CALLS_PER_WINDOW = 100
DEFAULT_CALLS_PER_WINDOW = 50
MARKETO_MAX_CONCURRENCY = 10
DEFAULT_CONCURRENCY = 5
# A subscription's quota is usually 50,000 calls a day; leave room for other integrations.
DEFAULT_DAILY_CALL_BUDGET = 40_000

CONNECTION_PROPERTIES: list[th.Property] = [
    common.base_url(
        "Marketo REST base URL of the instance, e.g. https://123-ABC-456.mktorest.com "
        "(Admin > Web Services > REST API Endpoint, without /rest)."
    ),
    th.Property(
        "client_id",
        th.StringType,
        required=True,
        secret=True,
        description="Client ID of the LaunchPoint custom service (Admin > LaunchPoint).",
    ),
    th.Property(
        "client_secret",
        th.StringType,
        required=True,
        secret=True,
        description="Client secret of the LaunchPoint custom service.",
    ),
    common.daily_call_budget(
        DEFAULT_DAILY_CALL_BUDGET, "Marketo's quota is usually 50,000 a day, reset 00:00 US Central"
    ),
    th.Property(
        "max_calls_per_20s",
        th.IntegerType,
        default=DEFAULT_CALLS_PER_WINDOW,
        description=(
            "Client-side limit of calls started in any 20-second window (Marketo rejects more "
            "than 100 with error 606, across all integrations). 0 disables the limit."
        ),
    ),
    th.Property(
        "max_concurrent_calls",
        th.IntegerType,
        default=DEFAULT_CONCURRENCY,
        description="Calls in flight at once (Marketo rejects more than 10 with error 615).",
    ),
    # Marketo answers queries within 30 s and syncs/deletes within 60 s (Opportunity API).
    common.request_timeout(60.0),
    common.state_dir(),
    common.state_backend(),
]

_SCHEMA = th.PropertiesList(*CONNECTION_PROPERTIES).to_dict()


@dataclass(frozen=True)
class MarketoConnectionSettings:
    """The connection settings of a Marketo plugin, read and checked once at start.

    `base_url` has no trailing slash; `max_calls_per_20s` 0 means no client-side limit.
    """

    base_url: str
    client_id: str
    client_secret: str
    daily_call_budget: int
    max_calls_per_20s: int
    max_concurrent_calls: int
    request_timeout: float
    state: StateStore

    @classmethod
    def from_config(cls, config: Mapping[str, t.Any]) -> MarketoConnectionSettings:
        """Read the connection settings of a plugin's validated config.

        Raises:
            ConfigValidationError: naming the setting whose value cannot work.
        """
        values = common.SettingValues(config, _SCHEMA)
        return cls(
            base_url=values.text("base_url").rstrip("/"),
            client_id=values.text("client_id"),
            client_secret=values.text("client_secret"),
            daily_call_budget=values.integer("daily_call_budget"),
            max_calls_per_20s=values.integer("max_calls_per_20s"),
            max_concurrent_calls=values.integer("max_concurrent_calls", minimum=1),
            request_timeout=values.positive_number("request_timeout"),
            state=values.state_store(),
        )
