"""KeapTapSettings: what the tap reads and how, read and checked once at start."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from singer_sdk.exceptions import ConfigValidationError

from keap_client.settings import AuthMode
from keap_client.testing import BASE
from tap_infusionsoft.settings import KeapTapSettings
from tap_infusionsoft.tap import TapInfusionsoft

API_KEY = {"api_key": "pat-1"}
WEBFORMS = {"name": "forms", "report": "webform_ids"}


def test_defaults_come_from_the_declared_settings() -> None:
    settings = KeapTapSettings.from_config(API_KEY)

    assert settings.connection.mode is AuthMode.API_KEY
    assert settings.xmlrpc_url == "https://api.infusionsoft.com/crm/xmlrpc/v1"
    assert settings.start_date is None
    assert settings.page_size == 1000
    assert settings.custom_fields is True
    assert settings.opportunity_custom_fields is False
    assert settings.reports == ()
    assert settings.app_timezone.key == "America/New_York"


def test_settings_given_as_null_get_the_schema_default() -> None:
    """Null `custom_fields` used to turn custom fields off; the schema's default (on) wins."""
    settings = KeapTapSettings.from_config(
        {**API_KEY, "custom_fields": None, "page_size": None, "app_timezone": None}
    )

    assert settings.custom_fields is True
    assert settings.page_size == 1000
    assert settings.app_timezone.key == "America/New_York"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2025-01-01T00:00:00Z", datetime(2025, 1, 1, tzinfo=UTC)),
        ("2025-01-01T09:00:00+09:00", datetime(2025, 1, 1, tzinfo=UTC)),
        ("2025-01-01T00:00:00", datetime(2025, 1, 1, tzinfo=UTC)),
    ],
)
def test_start_date_is_read_as_a_moment_utc_without_an_offset(value, expected) -> None:
    assert KeapTapSettings.from_config({**API_KEY, "start_date": value}).start_date == expected


def test_reports_are_read_from_a_list_or_its_json_text() -> None:
    for reports in ([WEBFORMS], json.dumps([WEBFORMS])):
        settings = KeapTapSettings.from_config({**API_KEY, "reports": reports})

        assert [(r.name, r.kind.key) for r in settings.reports] == [("forms", "webform_ids")]


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"page_size": 0}, "page_size must be between 1 and 1000, got 0."),
        ({"page_size": 1001}, "page_size must be between 1 and 1000, got 1001."),
        (
            {"app_timezone": "Mars/Base"},
            "app_timezone must be an IANA time zone such as America/New_York, got 'Mars/Base'.",
        ),
        (
            {"start_date": "yesterday"},
            "start_date must be an ISO 8601 date-time such as 2025-01-01T00:00:00Z, "
            "got 'yesterday'.",
        ),
        (
            {"reports": [WEBFORMS, WEBFORMS]},
            "report 'forms': the stream name is already taken; rename it",
        ),
        ({"api_key": None}, "No Keap credentials"),
    ],
)
def test_settings_that_cannot_work_are_refused_naming_the_setting(overrides, message) -> None:
    with pytest.raises(ConfigValidationError) as caught:
        KeapTapSettings.from_config({**API_KEY, **overrides})

    (error,) = caught.value.errors
    assert error.startswith(message)


def test_the_tap_refuses_a_report_named_like_a_rest_stream(tmp_path) -> None:
    config = {
        **API_KEY,
        "base_url": BASE,
        "state_dir": str(tmp_path),
        "reports": [{**WEBFORMS, "name": "contacts"}],
    }
    with pytest.raises(ConfigValidationError) as caught:
        TapInfusionsoft(config=config)

    assert caught.value.errors == ["report 'contacts': the stream name is already taken; rename it"]
