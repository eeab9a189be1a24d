"""A stream's rules: a frozen value from the settings, judging records without the target."""

from __future__ import annotations

import dataclasses

import pytest

from singer_commons.rejects import Refusal
from singer_commons.sdk.record_schema import RecordSchema
from target_haihai_mail.checks import CheckedRow, CleanRows, StreamRules
from target_haihai_mail.fields import FieldMappingError
from target_haihai_mail.labels import claim_owner, owner_label, row_label, usable_address
from target_haihai_mail.operations import Operation
from target_haihai_mail.settings import HaihaiTargetSettings

ACCOUNT = frozenset({"メールアドレス", "氏名", "会社名"})
PROPERTIES = {
    "email": {"type": ["string", "null"]},
    "name": {"type": ["string", "null"]},
    "note": {"type": ["string", "null"]},
    "_sdc_deleted_at": {"type": ["null", "string"]},
}
CONFIG = {
    "base_url": "https://example.hm-f.jp",
    "api_token": "token",
    "field_map": {"email": "メールアドレス", "name": "氏名"},
    "stream_operations": {"unsubscribes": "stop"},
    "formula_cells": "reject",
}


def rules_of(stream="contacts", properties=PROPERTIES, **config) -> StreamRules:
    settings = HaihaiTargetSettings.from_config({**CONFIG, **config})
    return StreamRules.of(
        stream,
        properties,
        RecordSchema({"properties": properties}),
        check_types=True,
        rules=settings.records,
        account_fields=ACCOUNT,
        csv_format=settings.connection.csv_format,
    )


def test_the_rules_come_from_the_settings_and_the_schema() -> None:
    rules = rules_of()

    assert rules.operation is Operation.REGISTER
    assert dict(rules.sent) == {"email": "メールアドレス", "name": "氏名"}
    assert rules.columns.ignored == ("note",)
    assert rules_of("unsubscribes").operation is Operation.STOP
    assert dict(rules_of("unsubscribes").sent) == {"email": "メールアドレス"}
    with pytest.raises(dataclasses.FrozenInstanceError):
        rules.operation = Operation.DELETE  # type: ignore[misc]


def test_a_field_map_the_account_cannot_take_stops_before_any_record() -> None:
    with pytest.raises(FieldMappingError, match="部署"):
        rules_of(field_map={"email": "メールアドレス", "name": "部署"})


def test_a_clean_run_becomes_rows_with_their_lines_and_addresses_not_labels() -> None:
    records = [{"email": "a@example.jp", "name": "髙橋"}, {"email": "b@example.jp", "name": None}]

    verdict = rules_of().judged([(7, records[0]), (9, records[1])])

    assert isinstance(verdict, CleanRows)
    assert verdict.operation is Operation.REGISTER
    rows = verdict.rows
    assert (rows.stream, list(rows.fields)) == ("contacts", ["メールアドレス", "氏名"])
    assert [list(cells) for cells in rows.cells] == [["a@example.jp", "髙橋"], ["b@example.jp", ""]]
    assert list(rows.lines) == [7, 9]
    assert list(rows.addresses) == ["a@example.jp", "b@example.jp"]
    assert list(rows.records) == records


def test_any_doubt_judges_each_record_and_names_only_the_refused_one() -> None:
    deleted = {"email": "c@example.jp", "name": "x", "_sdc_deleted_at": "2026-11-23T01:00:00Z"}

    verdict = rules_of().judged(
        [
            (3, {"email": "a@example.jp", "name": "=1+1"}),
            (4, {"email": "b@example.jp"}),
            (5, deleted),
        ]
    )

    assert isinstance(verdict, list)
    refused, kept, delete = verdict
    assert refused == Refusal(
        "contacts",
        {"email": "a@example.jp", "name": "=1+1"},
        "input line 3, stream 'contacts' (a@example.jp): field 'name' (氏名): value starts with "
        "'=', which a spreadsheet runs as a formula (CSV injection); set formula_cells to "
        "neutralise to send it quoted",
    )
    assert kept == CheckedRow(
        Operation.REGISTER,
        "contacts",
        4,
        {"email": "b@example.jp"},
        {"メールアドレス": "b@example.jp", "氏名": ""},
        "b@example.jp",
        "email",
        [],
    )
    assert isinstance(delete, CheckedRow)
    assert (delete.operation, dict(delete.cells)) == (
        Operation.DELETE,
        {"メールアドレス": "c@example.jp"},
    )


def test_a_refused_record_without_a_usable_address_is_named_by_line_and_stream() -> None:
    (refused,) = rules_of().judged([(12, {"email": "not-an-address", "name": "x"})])

    assert isinstance(refused, Refusal)
    assert refused.reason.startswith("input line 12, stream 'contacts': field 'email'")


def test_labels_name_the_line_when_known_and_the_address_when_usable() -> None:
    assert row_label("contacts", 12, "a@example.jp") == (
        "input line 12, stream 'contacts' (a@example.jp)"
    )
    assert row_label("contacts", 0, None) == "stream 'contacts'"
    assert usable_address("a@example.jp") == "a@example.jp"
    assert usable_address("a@") is None
    assert usable_address(42) is None


def test_a_claims_owner_gives_back_the_label_of_the_row_that_claimed() -> None:
    owner = claim_owner("odd\tstream", 9, "m0007@example.jp")

    assert owner_label(owner) == "input line 9, stream 'odd\tstream' (m0007@example.jp)"
