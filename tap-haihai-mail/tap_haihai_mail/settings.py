"""The settings of tap-haihai-mail, declared once and read into one object at start.

The connection's settings (account, token, plan, quota, CSV format, endpoint paths) are
shared with the target and live in `haihai_mail_client.settings`; here are what only the tap
reads: the first day, the measurement types and the view-URL addresses.
"""

from __future__ import annotations

import typing as t
from dataclasses import dataclass
from datetime import date

from singer_sdk import typing as th

from haihai_mail_client.settings import CONNECTION_PROPERTIES, HaihaiConnectionSettings
from singer_commons.errors import config_error
from singer_commons.sdk import settings as common

if t.TYPE_CHECKING:
    from collections.abc import Mapping

SETTINGS_SCHEMA = th.PropertiesList(
    *CONNECTION_PROPERTIES,
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
        default=["open", "click", "conversion"],
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
).to_dict()


@dataclass(frozen=True)
class HaihaiTapSettings:
    """Every setting of tap-haihai-mail, read and checked once at start.

    `start_date` None means yesterday (the streams know the account's day).
    """

    connection: HaihaiConnectionSettings
    start_date: date | None
    measurement_types: tuple[str, ...]
    customer_view_emails: tuple[str, ...]

    @classmethod
    def from_config(cls, config: Mapping[str, t.Any]) -> HaihaiTapSettings:
        """Read the tap's validated config.

        Raises:
            ConfigValidationError: for a start_date that is not a date, or a connection
                setting that cannot work.
        """
        values = common.SettingValues(config, SETTINGS_SCHEMA)
        return cls(
            connection=HaihaiConnectionSettings.from_config(config),
            start_date=_start_date(values),
            # The responders stream needs a type to ask for: an empty list reads the
            # declared ones, as a list left out does.
            measurement_types=values.strings("measurement_types")
            or tuple(values.default("measurement_types")),
            customer_view_emails=values.strings("customer_view_emails"),
        )


def _start_date(values: common.SettingValues) -> date | None:
    """The configured first day, if any."""
    value = values.optional_text("start_date")
    if value is None:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        msg = f"start_date must be a date such as 2026-11-01, got {value!r}."
        raise config_error(msg) from None
