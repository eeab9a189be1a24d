"""HaihaiTapSettings: the first day, the measurement types and the view-URL addresses."""

from __future__ import annotations

from datetime import date

import pytest
from singer_sdk.exceptions import ConfigValidationError

from tap_haihai_mail.settings import HaihaiTapSettings

CONNECTION = {"base_url": "https://example.hm-f.jp", "api_token": "token"}


def test_defaults_read_yesterday_every_measurement_type_and_no_view_urls() -> None:
    settings = HaihaiTapSettings.from_config(CONNECTION)

    assert settings.start_date is None
    assert settings.measurement_types == ("open", "click", "conversion")
    assert settings.customer_view_emails == ()
    assert settings.connection.plan == "standard"


def test_configured_values_are_read() -> None:
    settings = HaihaiTapSettings.from_config(
        {
            **CONNECTION,
            "start_date": "2026-11-20",
            "measurement_types": ["click"],
            "customer_view_emails": ["a@example.jp"],
        }
    )

    assert settings.start_date == date(2026, 11, 20)
    assert settings.measurement_types == ("click",)
    assert settings.customer_view_emails == ("a@example.jp",)


@pytest.mark.parametrize("types", [None, []])
def test_no_measurement_types_read_the_declared_ones(types) -> None:
    settings = HaihaiTapSettings.from_config({**CONNECTION, "measurement_types": types})

    assert settings.measurement_types == ("open", "click", "conversion")


def test_a_start_date_that_is_not_a_date_is_refused() -> None:
    with pytest.raises(ConfigValidationError) as caught:
        HaihaiTapSettings.from_config({**CONNECTION, "start_date": "20 November"})

    assert caught.value.errors == [
        "start_date must be a date such as 2026-11-01, got '20 November'."
    ]


def test_a_connection_setting_that_cannot_work_is_refused_by_the_tap() -> None:
    with pytest.raises(ConfigValidationError) as caught:
        HaihaiTapSettings.from_config({**CONNECTION, "daily_call_budget": 241})

    assert caught.value.errors == [
        "daily_call_budget must be between 1 and the standard plan's quota of 240 calls a "
        "day per API, got 241."
    ]
