"""KeapConnectionSettings: the connection settings every Keap plugin reads at start."""

from __future__ import annotations

import pytest
from singer_sdk.exceptions import ConfigValidationError

from keap_client.settings import AuthMode, KeapConnectionSettings, KeapOAuthClient
from singer_commons.state_store import FileStateStore

API_KEY = {"api_key": "pat-1"}
OAUTH = {"client_id": "client", "client_secret": "secret", "refresh_token": "refresh-0"}


def test_api_key_mode_defaults_come_from_the_declared_settings(tmp_path) -> None:
    settings = KeapConnectionSettings.from_config({**API_KEY, "state_dir": str(tmp_path)})

    assert settings.mode is AuthMode.API_KEY
    assert settings.api_key == "pat-1"
    assert settings.oauth is None
    assert settings.base_url == "https://api.infusionsoft.com/crm/rest/v1"
    assert settings.calls_per_second == 4
    assert settings.daily_call_budget == 25_000
    assert settings.request_timeout == 60.0
    assert settings.state == FileStateStore(tmp_path)


def test_oauth_mode_reads_the_client_with_the_default_token_endpoint() -> None:
    settings = KeapConnectionSettings.from_config(OAUTH)

    assert settings.mode is AuthMode.OAUTH
    assert settings.api_key is None
    assert settings.oauth == KeapOAuthClient(
        token_url="https://api.infusionsoft.com/token",
        client_id="client",
        client_secret="secret",
        refresh_token="refresh-0",
    )
    assert settings.calls_per_second == 23


def test_a_configured_pace_and_base_url_win_and_null_settings_get_their_defaults() -> None:
    settings = KeapConnectionSettings.from_config(
        {
            **API_KEY,
            "base_url": "http://127.0.0.1:8080/keap/crm/rest/v1/",
            "max_calls_per_second": 7,
            "daily_call_budget": None,
            "request_timeout": None,
        }
    )

    assert settings.base_url == "http://127.0.0.1:8080/keap/crm/rest/v1"
    assert settings.calls_per_second == 7
    assert settings.daily_call_budget == 25_000
    assert settings.request_timeout == 60.0


@pytest.mark.parametrize(
    ("config", "message"),
    [
        (
            {},
            "No Keap credentials: set api_key (a Personal Access Token or Service Account Key) "
            "or client_id + client_secret + refresh_token (OAuth2).",
        ),
        (
            {"api_key": " ", "client_id": ""},
            "No Keap credentials: set api_key (a Personal Access Token or Service Account Key) "
            "or client_id + client_secret + refresh_token (OAuth2).",
        ),
        (
            {**API_KEY, "client_id": "client"},
            "Set either api_key or client_id + client_secret + refresh_token, not both "
            "(found api_key and client_id).",
        ),
        (
            {"client_id": "client", "client_secret": "secret"},
            "OAuth needs client_id, client_secret and refresh_token; missing: refresh_token.",
        ),
        (
            {**API_KEY, "max_calls_per_second": 0},
            "max_calls_per_second must be at least 1, got 0.",
        ),
        ({**API_KEY, "request_timeout": 0}, "request_timeout must be greater than 0, got 0."),
    ],
)
def test_settings_that_cannot_work_are_refused_naming_the_setting(config, message) -> None:
    with pytest.raises(ConfigValidationError) as caught:
        KeapConnectionSettings.from_config(config)

    assert caught.value.errors == [message]
