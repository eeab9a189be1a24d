"""Validation before any call: every reason names the record and the field."""

from __future__ import annotations

import pytest

from tap_marketo_opportunities.describe import ObjectDescription
from target_marketo_opportunities.records import (
    DELETE,
    UPSERT,
    RecordRejected,
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
    ],
)
def test_bad_records_are_rejected_naming_record_and_field(record, field, why) -> None:
    with pytest.raises(RecordRejected) as rejected:
        prepare(record, DESCRIPTION, UPSERT_MODE)

    message = str(rejected.value)
    assert message.startswith("record externalOpportunityId=")
    assert f"'{field}'" in message
    assert why in message


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
