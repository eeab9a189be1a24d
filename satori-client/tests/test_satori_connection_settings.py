"""The SATORI connection settings: defaults as applied, and each check naming its setting."""

from __future__ import annotations

import pytest
from singer_sdk.exceptions import ConfigValidationError

from satori_client.api import DEFAULT_BASE_URL
from satori_client.settings import KEY_SETTINGS, SatoriConnectionSettings

KEYS = {name: f"{name}-value" for name in KEY_SETTINGS}


def refused(config):
    """The errors the SDK's CLI would print for `config`."""
    with pytest.raises(ConfigValidationError) as caught:
        SatoriConnectionSettings.from_config(config)
    return caught.value.errors


@pytest.mark.parametrize("unset", [{}, {"base_url": None, "request_timeout": None}])
def test_unset_or_null_settings_get_the_schema_defaults(unset):
    settings = SatoriConnectionSettings.from_config({**KEYS, **unset})

    assert settings.base_url == DEFAULT_BASE_URL
    assert settings.request_timeout == 120.0
    assert settings.keys == KEYS
    assert list(settings.keys) == list(KEY_SETTINGS)


def test_the_base_url_loses_its_trailing_slash():
    config = {**KEYS, "base_url": "http://127.0.0.1:8000/satori/api/v4/public/"}

    settings = SatoriConnectionSettings.from_config(config)

    assert settings.base_url == "http://127.0.0.1:8000/satori/api/v4/public"


@pytest.mark.parametrize("key", KEY_SETTINGS)
@pytest.mark.parametrize("value", [None, "", "  "])
def test_each_key_must_have_a_value(key, value):
    assert refused({**KEYS, key: value}) == [f"{key} must not be empty."]


@pytest.mark.parametrize("timeout", [0, -1])
def test_a_timeout_must_be_above_zero(timeout):
    assert refused({**KEYS, "request_timeout": timeout}) == [
        f"request_timeout must be greater than 0, got {timeout}."
    ]
