"""HaihaiConnectionSettings: the connection settings both 配配メール plugins read at start."""

from __future__ import annotations

from zoneinfo import ZoneInfo

import pytest
from haihai_mock import BASE
from singer_sdk.exceptions import ConfigValidationError

from haihai_mail_client import apis
from haihai_mail_client.settings import HaihaiConnectionSettings
from singer_commons.csvcodec import CsvFormat
from singer_commons.state_store import FileStateStore

REQUIRED = {"base_url": BASE + "/", "api_token": "token-secret-123"}


def test_defaults_come_from_the_declared_settings_and_the_base_url_loses_its_slash(
    tmp_path,
) -> None:
    settings = HaihaiConnectionSettings.from_config({**REQUIRED, "state_dir": str(tmp_path)})

    assert settings.base_url == BASE
    assert settings.api_token == "token-secret-123"
    assert settings.plan == "standard"
    assert settings.daily_call_budget == 240
    assert settings.csv_format == CsvFormat(encoding="cp932", line_ending="\r\n")
    assert settings.time_zone == ZoneInfo("Asia/Tokyo")
    assert dict(settings.endpoint_paths) == {}
    assert settings.request_timeout == 300.0
    assert settings.state == FileStateStore(tmp_path)


def test_a_null_setting_gets_its_declared_default() -> None:
    settings = HaihaiConnectionSettings.from_config(
        {**REQUIRED, "plan": None, "csv_encoding": None, "timezone": None}
    )

    assert (settings.plan, settings.csv_format.encoding) == ("standard", "cp932")
    assert settings.time_zone == ZoneInfo("Asia/Tokyo")


@pytest.mark.parametrize(("plan", "budget"), [("bridge", 240), ("dedicated", 86_400)])
def test_the_budget_is_the_plans_quota_unless_set(plan, budget) -> None:
    assert HaihaiConnectionSettings.from_config({**REQUIRED, "plan": plan}).daily_call_budget == (
        budget
    )
    settings = HaihaiConnectionSettings.from_config(
        {**REQUIRED, "plan": plan, "daily_call_budget": 3}
    )
    assert settings.daily_call_budget == 3


def test_endpoint_paths_override_only_the_apis_they_name() -> None:
    settings = HaihaiConnectionSettings.from_config(
        {**REQUIRED, "endpoint_paths": {"opens": "/api/open"}}
    )

    assert settings.path(apis.OPENS) == "/api/open"
    assert settings.path(apis.CLICKS) == apis.CLICKS.default_path


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        (
            {"daily_call_budget": 0},
            "daily_call_budget must be between 1 and the standard plan's quota of 240 calls a "
            "day per API, got 0.",
        ),
        (
            {"plan": "dedicated", "daily_call_budget": 86_401},
            "daily_call_budget must be between 1 and the dedicated plan's quota of 86400 calls "
            "a day per API, got 86401.",
        ),
        (
            {"timezone": "Japan/Tokyo"},
            "timezone must be an IANA time zone such as Asia/Tokyo, got 'Japan/Tokyo'.",
        ),
        (
            {"endpoint_paths": {"open": "/api/open"}},
            "endpoint_paths has an unknown API 'open'; the APIs are "
            + ", ".join(sorted(apis.BY_KEY))
            + ".",
        ),
        (
            {"endpoint_paths": {"opens": "api/open"}},
            "endpoint_paths.opens must start with '/', got 'api/open'.",
        ),
        ({"request_timeout": 0}, "request_timeout must be greater than 0, got 0."),
        ({"api_token": " "}, "api_token must not be empty."),
    ],
)
def test_a_value_that_cannot_work_is_refused_naming_the_setting(overrides, message) -> None:
    with pytest.raises(ConfigValidationError) as caught:
        HaihaiConnectionSettings.from_config({**REQUIRED, **overrides})

    assert caught.value.errors == [message]


def test_the_settings_cannot_be_changed_after_start() -> None:
    settings = HaihaiConnectionSettings.from_config(
        {**REQUIRED, "endpoint_paths": {"opens": "/api/open"}}
    )

    with pytest.raises(AttributeError):
        settings.plan = "bridge"  # type: ignore[misc]
    with pytest.raises(TypeError):
        settings.endpoint_paths["clicks"] = "/api/click"  # type: ignore[index]
