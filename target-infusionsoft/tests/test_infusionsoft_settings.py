"""The target's settings: the tap's connection settings, operations per stream, duplicate_option."""

from __future__ import annotations

from pathlib import Path

import pytest
from singer_sdk.exceptions import ConfigValidationError

from keap_client.auth import OAuthCredentials, token_store_name
from keap_client.connection import KeapConnection
from keap_client.settings import CONNECTION_PROPERTIES
from keap_client.testing import api_key_config, oauth_config
from target_infusionsoft.resources import RESOURCES, Operation
from target_infusionsoft.settings import SETTINGS_SCHEMA, KeapTargetSettings
from target_infusionsoft.target import TargetInfusionsoft


def test_every_connection_setting_is_the_taps():
    for prop in CONNECTION_PROPERTIES:
        assert SETTINGS_SCHEMA["properties"][prop.name] == prop.to_dict()[prop.name]


def test_defaults_per_stream(tmp_path):
    settings = KeapTargetSettings.from_config(api_key_config(tmp_path))

    assert settings.operations["contacts"] is Operation.UPSERT
    assert settings.operations["account_profile"] is Operation.UPDATE
    assert {settings.operations[r.stream] for r in RESOURCES} == {
        Operation.CREATE,
        Operation.UPDATE,
        Operation.UPSERT,
    }
    assert settings.duplicate_option == "Email"
    assert settings.rejects.reject_file == "rejects.jsonl"
    assert settings.rejects.fail_on_reject is True


def test_a_configured_operation_replaces_the_default(tmp_path):
    config = {**api_key_config(tmp_path), "stream_operations": {"contacts": "create"}}
    assert KeapTargetSettings.from_config(config).operations["contacts"] is Operation.CREATE


@pytest.mark.parametrize(
    ("operations", "message"),
    [
        ({"people": "create"}, "stream_operations names stream 'people', which this target"),
        (
            {"tags": "delete"},
            "stream_operations: Keap cannot delete tags records; the stream's operations: create.",
        ),
        ({"notes": "upsert"}, "Keap cannot upsert notes records"),
    ],
)
def test_an_operation_keap_lacks_is_a_config_error(tmp_path, operations, message):
    config = {**api_key_config(tmp_path), "stream_operations": operations}
    with pytest.raises(ConfigValidationError) as raised:
        KeapTargetSettings.from_config(config)
    assert message in raised.value.errors[0]


def test_the_target_refuses_a_bad_setting_before_any_call(tmp_path):
    config = {**api_key_config(tmp_path), "stream_operations": {"tags": "update"}}
    with pytest.raises(ConfigValidationError):
        TargetInfusionsoft(config=config)


def test_oauth_uses_the_taps_token_store(tmp_path):
    target = TargetInfusionsoft(config=oauth_config(tmp_path))
    connection = target.connection
    assert isinstance(connection, KeapConnection)
    credentials = connection.credentials
    assert isinstance(credentials, OAuthCredentials)
    assert credentials.tokens.store.where == str(
        Path(tmp_path) / f"{token_store_name('client-abc')}.json"
    )
