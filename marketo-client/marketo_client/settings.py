"""Connection settings shared by tap-marketo-opportunities and target-marketo-opportunities."""

from __future__ import annotations

from singer_sdk import typing as th

from singer_commons.sdk import settings as common

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
]
