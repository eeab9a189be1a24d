"""The target's settings object: defaults as applied, each check naming its setting, rejects."""

from __future__ import annotations

import pytest
from singer_sdk.exceptions import ConfigValidationError

from satori_client.settings import KEY_SETTINGS
from singer_commons.csvcodec import FormulaCells
from target_satori_bridge.fields import Linkage
from target_satori_bridge.rows import RowNumbering
from target_satori_bridge.settings import SatoriTargetSettings
from target_satori_bridge.target import TargetSatoriBridge

KEYS = {name: f"{name}-value" for name in KEY_SETTINGS}
TIMING = "every pipeline run (schedule it after SATORI's 02:00 and 11:00 generation)"
NULLABLE = (
    "identity_type",
    "identity_property",
    "field_linkage",
    "extra_standard_fields",
    "delivery_permission",
    "single_api_refusal_value",
    "append_tags",
    "delete_tags",
    "clear_blank_values",
    "formula_cells",
    "bulk_threshold",
    "failed_row_numbering",
    "poll_interval_seconds",
    "bulk_timeout_minutes",
    "linkage_timing",
    "reject_file",
    "fail_on_reject",
    "error_notification_email",
)


def settings(**config):
    return SatoriTargetSettings.from_config({**KEYS, **config})


def refused(**config):
    """The errors the SDK's CLI would print for the config."""
    with pytest.raises(ConfigValidationError) as caught:
        settings(**config)
    return caught.value.errors


@pytest.mark.parametrize("given", ["unset", "null"])
def test_unset_or_null_settings_get_the_schema_defaults(given):
    config = dict.fromkeys(NULLABLE) if given == "null" else {}

    applied = settings(**config)

    rules = applied.rules
    assert rules.shape.identity_type == "email"
    assert rules.shape.identity_property == "email"
    assert rules.shape.links == ()
    assert (rules.shape.permission, rules.shape.append_tags, rules.shape.delete_tags) == (
        None,
        None,
        None,
    )
    assert rules.shape.clear_blank_values is False
    assert rules.shape.formulas is FormulaCells.NEUTRALISE
    assert (rules.form.identity_type, rules.form.refusal_value) == ("email", "reject")
    assert rules.bulk_threshold == 100
    assert (rules.poll.first_wait, rules.poll.timeout_seconds) == (5.0, 3600.0)
    assert applied.failed_row_numbering is RowNumbering.AUTO
    assert applied.linkage_timing == TIMING
    assert applied.rejects.reject_file == "rejects.jsonl"
    assert applied.rejects.fail_on_reject is True
    assert applied.notification is None
    assert applied.connection.keys == KEYS


def test_set_values_are_read_into_the_rules():
    applied = settings(
        identity_type="hashcode",
        identity_property="satori_hash",
        field_linkage={
            "email": {"linkage": "Writable", "property": "mail"},
            "memo": {"linkage": "Readable/Writable", "property": "note"},
        },
        delivery_permission={"value": "拒否"},
        delete_tags={"tags": ["旧"]},
        single_api_refusal_value=" refusal ",
        clear_blank_values=True,
        formula_cells="reject",
        bulk_threshold=0,
        failed_row_numbering="file_line",
        poll_interval_seconds=0.5,
        bulk_timeout_minutes=0.25,
        linkage_timing="毎日 03:00",
        reject_file="satori-rejects.jsonl",
        fail_on_reject=False,
        error_notification_email="ops@example.jp, it@example.jp",
    )

    shape = applied.rules.shape
    assert (shape.identity_type, shape.identity_property) == ("hashcode", "satori_hash")
    assert [(link.key, link.linkage) for link in shape.links] == [
        ("email", Linkage.WRITABLE),
        ("memo", Linkage.READABLE_WRITABLE),
    ]
    assert shape.permission is not None
    assert shape.permission.value == "拒否"
    assert shape.delete_tags is not None
    assert shape.delete_tags.tags == ("旧",)
    assert shape.clear_blank_values is True
    assert shape.formulas is FormulaCells.REJECT
    assert (applied.rules.form.identity_type, applied.rules.form.refusal_value) == (
        "hashcode",
        "refusal",
    )
    assert applied.rules.bulk_threshold == 0
    assert (applied.rules.poll.first_wait, applied.rules.poll.timeout_seconds) == (0.5, 15.0)
    assert applied.failed_row_numbering is RowNumbering.FILE_LINE
    assert applied.linkage_timing == "毎日 03:00"
    assert applied.rejects.reject_file == "satori-rejects.jsonl"
    assert applied.rejects.fail_on_reject is False
    assert applied.notification is not None
    assert applied.notification.recipients == ("ops@example.jp", "it@example.jp")


def test_a_blank_linkage_timing_is_the_default():
    assert settings(linkage_timing="  ").linkage_timing == TIMING


@pytest.mark.parametrize(
    ("config", "message"),
    [
        (
            {"field_linkage": {"score": {"linkage": "Writable", "property": "s"}}},
            "SATORI field 'score' (スコア) can never be Writable under SATORI's linkage rules: "
            "set its linkage to Readable or NG",
        ),
        (
            {"extra_standard_fields": {"memo": "メモ"}},
            "extra_standard_fields.memo: 'memo' is a standard field this target knows; do not "
            "declare it",
        ),
        (
            {"delivery_permission": {"value": "maybe"}},
            "delivery_permission.value must be 許可 or 拒否, got 'maybe'",
        ),
        (
            {"append_tags": {"tags": ["a,b"]}},
            "append_tags.tags: tag name 'a,b' contains a comma, which separates tags in SATORI",
        ),
        (
            {"delete_tags": {"colour": "red"}},
            "delete_tags: unknown keys ['colour'] (use property, tags)",
        ),
        (
            {"field_linkage": {"email": {"linkage": "Writable", "property": "mail"}}},
            "field_linkage.email cannot be Writable with identity_type email: the email is the "
            "identity (set identity_property to the property holding it).",
        ),
        ({"bulk_threshold": -1}, "bulk_threshold must be 0 or more."),
        (
            {"single_api_refusal_value": "approval"},
            "single_api_refusal_value must be the word that refuses delivery, not 'approval' "
            "(default 'reject').",
        ),
        (
            {"single_api_refusal_value": " "},
            "single_api_refusal_value must be the word that refuses delivery, not '' "
            "(default 'reject').",
        ),
        ({"poll_interval_seconds": 0}, "poll_interval_seconds must be greater than 0, got 0."),
        ({"bulk_timeout_minutes": 0}, "bulk_timeout_minutes must be greater than 0, got 0."),
        ({"reject_file": " "}, "reject_file must not be empty."),
        ({"smtp_port": 0, "error_notification_email": "ops@example.jp"}, "smtp_port must be"),
        ({"user_key": ""}, "user_key must not be empty."),
    ],
)
def test_each_check_names_its_setting(config, message):
    (error,) = refused(**config)
    assert error.startswith(message)


def test_the_email_may_be_written_when_the_hashcode_finds_the_customer():
    applied = settings(
        identity_type="hashcode",
        field_linkage={"email": {"linkage": "Writable", "property": "mail"}},
    )

    assert applied.rules.shape.email_property == "mail"
    assert applied.rules.shape.header == ("hashcode", "email")


def test_the_target_checks_its_settings_where_the_sdk_validates_the_config():
    with pytest.raises(ConfigValidationError) as caught:
        TargetSatoriBridge(config={**KEYS, "bulk_threshold": -1})

    assert caught.value.errors == ["bulk_threshold must be 0 or more."]
