"""Validation before any call: every reason names the record and the field."""

from __future__ import annotations

import pytest

from marketo_client.describe import ObjectDescription
from singer_commons.errors import RecordRejected
from target_marketo_opportunities.records import (
    DELETE,
    UPSERT,
    WriteMode,
    prepare,
)

DESCRIPTION = ObjectDescription.from_describe(
    {
        "name": "opportunity",
        "idField": "marketoGUID",
        "dedupeFields": ["externalOpportunityId"],
        "searchableFields": [["externalOpportunityId"], ["marketoGUID"]],
        "fields": [
            {"name": "marketoGUID", "dataType": "string", "length": 36, "updateable": False},
            {
                "name": "externalOpportunityId",
                "dataType": "string",
                "length": 50,
                "updateable": False,
            },
            {"name": "updatedAt", "dataType": "datetime", "updateable": False},
            {"name": "description", "dataType": "text", "length": 2000},
            {"name": "name", "dataType": "string", "length": 20},
            {"name": "amount", "dataType": "currency"},
            {"name": "probability", "dataType": "integer"},
            {"name": "isWon", "dataType": "boolean"},
            {"name": "closeDate", "dataType": "date"},
            {"name": "externalCreatedDate", "dataType": "datetime"},
        ],
    }
)
UPSERT_MODE = WriteMode(action="createOrUpdate", key_fields=("externalOpportunityId",))


def test_a_good_record_is_coerced_to_marketo_types() -> None:
    operation = prepare(
        {
            "externalOpportunityId": 42,
            "name": "Chairs",
            "amount": "1604.47",
            "probability": "20",
            "isWon": "false",
            "closeDate": "2026-12-15",
            "updatedAt": "2026-01-01T00:00:00Z",
            "marketoGUID": "ignored-on-upsert",
            "_sdc_extracted_at": "2026-01-01T00:00:00Z",
            "_sdc_deleted_at": None,
        },
        DESCRIPTION,
        UPSERT_MODE,
    )

    assert operation.kind == UPSERT
    assert operation.key == (42,)
    assert operation.payload == {
        "externalOpportunityId": "42",
        "name": "Chairs",
        "amount": 1604.47,
        "probability": 20,
        "isWon": False,
        "closeDate": "2026-12-15",
    }


def test_blank_cells_of_typed_fields_are_not_sent() -> None:
    operation = prepare(
        {"externalOpportunityId": "A", "name": "n", "amount": "", "closeDate": ""},
        DESCRIPTION,
        UPSERT_MODE,
    )
    assert operation.payload == {"externalOpportunityId": "A", "name": "n"}


def test_a_deleted_record_sends_only_its_key() -> None:
    operation = prepare(
        {"externalOpportunityId": "A", "name": "n", "_sdc_deleted_at": "2026-01-01T00:00:00Z"},
        DESCRIPTION,
        UPSERT_MODE,
    )
    assert operation.kind == DELETE
    assert operation.payload == {"externalOpportunityId": "A"}


@pytest.mark.parametrize(
    ("record", "field", "why"),
    [
        ({"name": "n"}, "externalOpportunityId", "missing or empty"),
        ({"externalOpportunityId": " ", "name": "n"}, "externalOpportunityId", "missing"),
        ({"externalOpportunityId": "A"}, "name", "required"),
        ({"externalOpportunityId": "A", "name": None}, "name", "must not be null"),
        ({"externalOpportunityId": "A", "name": "x" * 21}, "name", "exceed its length 20"),
        ({"externalOpportunityId": "A", "name": "n", "amount": "12,000円"}, "amount", "number"),
        (
            {"externalOpportunityId": "A", "name": "n", "probability": "1.5"},
            "probability",
            "integer",
        ),
        ({"externalOpportunityId": "A", "name": "n", "isWon": "maybe"}, "isWon", "true or false"),
        (
            {"externalOpportunityId": "A", "name": "n", "closeDate": "15/12/2026"},
            "closeDate",
            "YYYY-MM-DD",
        ),
        (
            {"externalOpportunityId": "A", "name": "n", "externalCreatedDate": "yesterday"},
            "externalCreatedDate",
            "ISO 8601",
        ),
        ({"externalOpportunityId": "A", "name": "n", "colour": "red"}, "colour", "does not exist"),
        ({"externalOpportunityId": "A", "name": ["n"]}, "name", "expected text"),
        (
            {"externalOpportunityId": "A", "name": "n", "probability": "--5"},
            "probability",
            "integer",
        ),
        ({"externalOpportunityId": "A", "name": "n", "probability": "²"}, "probability", "integer"),
        ({"externalOpportunityId": "A", "name": "n", "amount": "nan"}, "amount", "number"),
        ({"externalOpportunityId": "A", "name": "n", "amount": float("inf")}, "amount", "number"),
        ({"externalOpportunityId": "A", "name": "n", "amount": True}, "amount", "number"),
        ({"externalOpportunityId": "A", "name": "n", "isWon": 3}, "isWon", "true or false"),
        ({"externalOpportunityId": "A", "name": "n\x00"}, "name", "control character"),
        ({"externalOpportunityId": "A", "name": "n\x1b[0m"}, "name", "control character"),
        ({"externalOpportunityId": "A", "name": "n\ud800"}, "name", "lone UTF-16 surrogate"),
        ({"externalOpportunityId": "A", "name": "n\udcff"}, "name", "not UTF-8 (0xff)"),
        ({"externalOpportunityId": "A\x00", "name": "n"}, "externalOpportunityId", "control"),
        ({"externalOpportunityId": "A", "name": float("nan")}, "name", "expected text"),
        ({"externalOpportunityId": "A", "name": "n", "closeDate": 20261215}, "closeDate", "date"),
        ({"externalOpportunityId": "A", "name": "n", "closeDate": True}, "closeDate", "date"),
        (
            {"externalOpportunityId": "A", "name": "n", "externalCreatedDate": 1764547200},
            "externalCreatedDate",
            "ISO 8601",
        ),
        (
            {"externalOpportunityId": "A", "name": "n", "externalCreatedDate": "2026-12-01"},
            "externalCreatedDate",
            "ISO 8601",
        ),
        (
            {"externalOpportunityId": "A", "name": "n", "probability": 2**63},
            "probability",
            "integer range",
        ),
        (
            {"externalOpportunityId": "A", "name": "n", "probability": str(-(2**63) - 1)},
            "probability",
            "integer range",
        ),
        (
            {"externalOpportunityId": "A", "name": "n", "updatedAt": "last tuesday"},
            "updatedAt",
            "ISO 8601",
        ),
        ({"externalOpportunityId": "A", "name": "n", "marketoGUID": ["g"]}, "marketoGUID", "text"),
        ({"externalOpportunityId": "A", "name": "n", "colour\x00": "red"}, "colour\\x00", "exist"),
    ],
)
def test_bad_records_are_rejected_naming_record_and_field(record, field, why) -> None:
    with pytest.raises(RecordRejected) as rejected:
        prepare(record, DESCRIPTION, UPSERT_MODE)

    message = str(rejected.value)
    assert message.startswith("record externalOpportunityId=")
    assert f"'{field}'" in message
    assert why in message


def test_text_keeps_tabs_and_line_breaks_and_integers_their_64_bits() -> None:
    operation = prepare(
        {
            "externalOpportunityId": "A",
            "name": "n",
            "description": "line 1\r\n\tline 2",
            "probability": 2**63 - 1,
        },
        DESCRIPTION,
        UPSERT_MODE,
    )
    assert operation.payload["description"] == "line 1\r\n\tline 2"
    assert operation.payload["probability"] == 2**63 - 1


def test_a_null_in_a_field_marketo_lacks_is_left_out() -> None:
    operation = prepare(
        {"externalOpportunityId": "A", "name": "n", "colour": None}, DESCRIPTION, UPSERT_MODE
    )
    assert operation.payload == {"externalOpportunityId": "A", "name": "n"}


def test_reasons_start_with_the_position_when_given() -> None:
    with pytest.raises(RecordRejected) as rejected:
        prepare({"name": "n"}, DESCRIPTION, UPSERT_MODE, position="input line 7")
    assert str(rejected.value) == (
        "input line 7: record externalOpportunityId=None: "
        "key field 'externalOpportunityId' is missing or empty"
    )

    operation = prepare(
        {"externalOpportunityId": "A", "name": "n"},
        DESCRIPTION,
        UPSERT_MODE,
        position="input line 8",
    )
    assert operation.label == "input line 8: record externalOpportunityId='A'"


def test_unknown_fields_can_be_dropped_instead() -> None:
    mode = WriteMode("createOrUpdate", ("externalOpportunityId",), reject_unknown_fields=False)
    operation = prepare(
        {"externalOpportunityId": "A", "name": "n", "colour": "red"}, DESCRIPTION, mode
    )
    assert "colour" not in operation.payload


def test_update_only_by_id_field_needs_no_name() -> None:
    mode = WriteMode("updateOnly", ("marketoGUID",))
    operation = prepare({"marketoGUID": "g-1", "amount": 5}, DESCRIPTION, mode)
    assert operation.payload == {"marketoGUID": "g-1", "amount": 5}
