"""HaihaiTargetSettings: the record rules, the upload settings and the rejects, checked at start."""

from __future__ import annotations

import pytest
from singer_sdk.exceptions import ConfigValidationError

from singer_commons.csvcodec import FormulaCells
from singer_commons.polling import PollSchedule
from singer_commons.sdk.settings import RejectSettings
from target_haihai_mail.operations import Operation, UploadOptions
from target_haihai_mail.settings import HaihaiTargetSettings

CONNECTION = {"base_url": "https://example.hm-f.jp", "api_token": "token"}


def test_defaults_register_every_stream_and_wait_three_hours_for_each_import() -> None:
    settings = HaihaiTargetSettings.from_config(CONNECTION)

    records = settings.records
    assert records.operation is Operation.REGISTER
    assert dict(records.stream_operations) == {}
    assert dict(records.field_map) == {}
    assert records.email_field == "メールアドレス"
    assert records.formula_cells is FormulaCells.NEUTRALISE
    uploads = settings.uploads
    assert uploads.options == UploadOptions(overwrite=True, group_id=None, step_plan_id=None)
    assert uploads.max_rows_per_upload == 100_000
    assert uploads.poll == PollSchedule(max_wait=300.0, first_wait=5.0, timeout_seconds=180 * 60.0)
    assert settings.rejects == RejectSettings(reject_file="rejects.jsonl", fail_on_reject=True)
    assert settings.connection.base_url == "https://example.hm-f.jp"


@pytest.mark.parametrize(
    "unset", [{}, {"import_timeout_minutes": None}, {"poll_interval_seconds": None}]
)
def test_unset_or_null_waits_are_the_declared_ones(unset) -> None:
    settings = HaihaiTargetSettings.from_config({**CONNECTION, **unset})

    assert settings.uploads.poll == PollSchedule(
        max_wait=300.0, first_wait=5.0, timeout_seconds=10_800.0
    )


def test_a_blank_email_field_is_the_declared_one() -> None:
    settings = HaihaiTargetSettings.from_config({**CONNECTION, "email_field": ""})

    assert settings.records.email_field == "メールアドレス"


def test_each_stream_has_its_operation_and_the_others_the_default() -> None:
    settings = HaihaiTargetSettings.from_config(
        {**CONNECTION, "operation": "stop", "stream_operations": {"contacts": "register"}}
    )

    assert settings.records.operation_of("contacts") is Operation.REGISTER
    assert settings.records.operation_of("unsubscribes") is Operation.STOP


def test_configured_upload_options_and_waits_are_read() -> None:
    settings = HaihaiTargetSettings.from_config(
        {
            **CONNECTION,
            "overwrite": False,
            "group_id": "2",
            "step_plan_id": " ",
            "max_rows_per_upload": 2,
            "poll_interval_seconds": 0.5,
            "import_timeout_minutes": 1,
            "formula_cells": "reject",
            "reject_file": "haihai-rejects.jsonl",
            "fail_on_reject": False,
        }
    )

    uploads = settings.uploads
    assert uploads.options == UploadOptions(overwrite=False, group_id="2", step_plan_id=None)
    assert uploads.max_rows_per_upload == 2
    assert uploads.poll == PollSchedule(max_wait=300.0, first_wait=0.5, timeout_seconds=60.0)
    assert settings.records.formula_cells is FormulaCells.REJECT
    assert settings.rejects == RejectSettings(
        reject_file="haihai-rejects.jsonl", fail_on_reject=False
    )


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        (
            {"stream_operations": {"unsubscribes": "unsubscribe"}},
            "stream_operations.unsubscribes is 'unsubscribe'; use one of register, allow, stop, "
            "forbid, delete.",
        ),
        ({"max_rows_per_upload": 0}, "max_rows_per_upload must be at least 1, got 0."),
        ({"poll_interval_seconds": 0}, "poll_interval_seconds must be greater than 0, got 0."),
        ({"import_timeout_minutes": 0}, "import_timeout_minutes must be at least 1, got 0."),
        ({"reject_file": " "}, "reject_file must not be empty."),
        ({"csv_line_ending": "cr"}, "unknown CSV line ending 'cr'; use crlf or lf"),
    ],
)
def test_a_value_that_cannot_work_is_refused_naming_the_setting(overrides, message) -> None:
    with pytest.raises(ConfigValidationError) as caught:
        HaihaiTargetSettings.from_config({**CONNECTION, **overrides})

    assert caught.value.errors == [message]
