"""SettingValues: a setting's default comes from its schema, and each check names the setting."""

from __future__ import annotations

import typing as t
from pathlib import Path

import pytest
from singer_sdk import typing as th
from singer_sdk.exceptions import ConfigValidationError

from singer_commons.sdk.settings import (
    STATE_DIR_NAME,
    RejectSettings,
    SettingValues,
    state_backend,
)
from singer_commons.state_store import FileStateStore

SCHEMA = th.PropertiesList(
    th.Property("name", th.StringType, default="fallback"),
    th.Property("note", th.StringType),
    th.Property("count", th.IntegerType, default=3),
    th.Property("limit", th.IntegerType),
    th.Property("wait", th.NumberType, default=1.5),
    th.Property("enabled", th.BooleanType, default=True),
    th.Property("items", th.ArrayType(th.StringType), default=["a"]),
    th.Property("table", th.ObjectType(), default={"k": "v"}),
    th.Property("zone", th.StringType, default="Asia/Tokyo"),
    th.Property("state_dir", th.StringType),
    state_backend(),
).to_dict()


def values(**config: object) -> SettingValues:
    return SettingValues(config, SCHEMA)


def refusal(read: t.Callable[[], object]) -> list[str]:
    """The errors of the settings check `read` fails, as the SDK's CLI prints them."""
    with pytest.raises(ConfigValidationError) as caught:
        read()
    return caught.value.errors


def test_an_unset_or_null_setting_gets_its_schema_default() -> None:
    assert values().text("name") == "fallback"
    assert values(name=None).text("name") == "fallback"
    assert values(count=None).integer("count") == 3
    assert values().positive_number("wait") == 1.5
    assert values().flag("enabled") is True
    assert values().strings("items") == ("a",)
    assert values().mapping("table") == {"k": "v"}


def test_a_configured_value_wins_over_the_default() -> None:
    assert values(name="given").text("name") == "given"
    assert values(count=0).integer("count") == 0
    assert values(enabled=False).flag("enabled") is False
    assert values(items=[]).strings("items") == ()


def test_a_default_handed_out_is_a_copy_the_caller_cannot_change_for_the_next_reader() -> None:
    first = values().value("table")
    first["k"] = "changed"
    assert values().value("table") == {"k": "v"}


def test_blank_text_is_no_value() -> None:
    assert values(note="  ").optional_text("note") is None
    assert refusal(lambda: values(note=" ").text("note")) == ["note must not be empty."]


def test_integer_bounds_name_the_setting_and_the_value() -> None:
    assert refusal(lambda: values().integer("count", minimum=1, maximum=2)) == [
        "count must be between 1 and 2, got 3."
    ]
    assert refusal(lambda: values().integer("count", minimum=5)) == [
        "count must be at least 5, got 3."
    ]
    assert refusal(lambda: values().integer("limit")) == ["limit must be set."]
    assert values().optional_integer("limit") is None


def test_a_duration_must_be_above_zero() -> None:
    assert refusal(lambda: values(wait=0).positive_number("wait")) == [
        "wait must be greater than 0, got 0."
    ]


def test_an_unknown_time_zone_is_refused_with_the_default_as_example() -> None:
    assert values().time_zone("zone").key == "Asia/Tokyo"
    assert refusal(lambda: values(zone="Mars/Base").time_zone("zone")) == [
        "zone must be an IANA time zone such as Asia/Tokyo, got 'Mars/Base'."
    ]


def test_reading_an_undeclared_setting_is_a_programming_error() -> None:
    with pytest.raises(KeyError):
        values().value("undeclared")


def test_state_dir_is_the_configured_one_else_the_shared_per_user_default(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert values(state_dir=str(tmp_path)).state_dir() == tmp_path
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "xdg"))
    assert values().state_dir() == tmp_path / "xdg" / STATE_DIR_NAME


def test_the_state_backend_defaults_to_files_under_state_dir(tmp_path: Path) -> None:
    assert values(state_dir=str(tmp_path)).state_store() == FileStateStore(tmp_path)
    assert SCHEMA["properties"]["state_backend"]["secret"] is True


def test_a_state_backend_neither_file_nor_postgresql_is_refused_without_quoting_it() -> None:
    (error,) = refusal(values(state_backend="mysql://u:pw-42@db/x").state_store)

    assert error.startswith("state_backend must be 'file' or a PostgreSQL URI")
    assert "pw-42" not in error


def test_reject_settings_default_to_a_file_that_fails_the_run() -> None:
    settings = RejectSettings.from_config({})
    assert settings == RejectSettings(reject_file="rejects.jsonl", fail_on_reject=True)
    assert RejectSettings.from_config({"fail_on_reject": False}).fail_on_reject is False
