"""MarketoConnectionSettings: the connection settings both Marketo plugins read at start."""

from __future__ import annotations

import pytest
from singer_sdk.exceptions import ConfigValidationError

from marketo_client.settings import MarketoConnectionSettings
from singer_commons.state_store import FileStateStore

REQUIRED = {
    "base_url": "https://123-ABC-456.mktorest.com/",
    "client_id": "id",
    "client_secret": "secret",
    "daily_call_budget": 5000,
}


def test_defaults_come_from_the_declared_settings_and_the_base_url_loses_its_slash(
    tmp_path,
) -> None:
    settings = MarketoConnectionSettings.from_config({**REQUIRED, "state_dir": str(tmp_path)})

    assert settings.base_url == "https://123-ABC-456.mktorest.com"
    assert settings.daily_call_budget == 5000
    assert settings.max_calls_per_20s == 50
    assert settings.max_concurrent_calls == 5
    assert settings.request_timeout == 60.0
    assert settings.state == FileStateStore(tmp_path)


@pytest.mark.parametrize(
    ("setting", "value", "message"),
    [
        ("max_concurrent_calls", 0, "max_concurrent_calls must be at least 1, got 0."),
        ("request_timeout", 0, "request_timeout must be greater than 0, got 0."),
        ("client_id", " ", "client_id must not be empty."),
    ],
)
def test_a_value_that_cannot_work_is_refused_naming_the_setting(setting, value, message) -> None:
    with pytest.raises(ConfigValidationError) as caught:
        MarketoConnectionSettings.from_config({**REQUIRED, setting: value})

    assert caught.value.errors == [message]
