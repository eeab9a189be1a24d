"""Settings only the tap reads: the first day, the measurement types, the view-URL addresses.

The connection's settings (account, token, plan, quota, CSV format, endpoint paths) are
shared with the target and live in `haihai_mail_client.settings`.
"""

from __future__ import annotations

import typing as t
from datetime import date

from singer_sdk import typing as th

from singer_commons.errors import config_error

if t.TYPE_CHECKING:
    from collections.abc import Mapping

DEFAULT_MEASUREMENT_TYPES = ("open", "click", "conversion")

TAP_PROPERTIES = th.PropertiesList(
    th.Property(
        "start_date",
        th.DateType,
        description=(
            "First day the date-based streams (opens, clicks, visits, mails, responders) read "
            "on their first run. Default: yesterday. Later runs continue from the day after "
            "their bookmark up to yesterday (today is read once it is complete)."
        ),
    ),
    th.Property(
        "measurement_types",
        th.ArrayType(th.StringType),
        default=list(DEFAULT_MEASUREMENT_TYPES),
        description=(
            "効果測定種別 the responders stream reads (反応者一覧取得 `type`), each with its "
            "own quota and bookmark."
        ),
    ),
    th.Property(
        "customer_view_emails",
        th.ArrayType(th.StringType),
        default=[],
        description=(
            "Email addresses the customer_view_urls stream generates 顧客閲覧URL for (one "
            "call each)."
        ),
    ),
)


def start_date(config: Mapping[str, t.Any]) -> date | None:
    """The configured first day, if any."""
    value = config.get("start_date")
    if not value:
        return None
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        msg = f"start_date must be a date such as 2026-11-01, got {value!r}."
        raise config_error(msg) from None
