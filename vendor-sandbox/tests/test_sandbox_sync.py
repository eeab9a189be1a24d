"""Opportunity sync and delete: per-record statuses, every skip reason, what is stored."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from sandbox_helpers import OPPORTUNITIES, error_of, reasons_of

from vendor_sandbox.marketo.seeded import guid

DELETE = "/rest/v1/opportunities/delete.json"
EXTERNAL_ID = "externalOpportunityId"
ISO_Z = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z")


def stored(marketo) -> dict[str, dict]:
    return {r[EXTERNAL_ID]: r for r in marketo.records("opportunities")}


def test_create_or_update_is_the_default(api, marketo):
    marketo.seed(opportunities=2)
    before = datetime.now(UTC).replace(microsecond=0)

    body = api.post(
        OPPORTUNITIES,
        {
            "input": [
                {EXTERNAL_ID: "OPP-00000001", "stage": "Closed Won"},
                {EXTERNAL_ID: "NEW-1", "name": "Chairs", "amount": "1604.47", "isWon": False},
            ]
        },
    )

    assert body["success"] is True
    assert body["result"] == [
        {"seq": 0, "status": "updated", "marketoGUID": guid(1, "8000")},
        {"seq": 1, "status": "created", "marketoGUID": guid(2, "8000")},
    ]
    held = stored(marketo)
    assert held["OPP-00000001"]["stage"] == "Closed Won"
    assert held["OPP-00000001"]["name"] == "Opportunity 1"  # untouched fields stay
    assert held["OPP-00000001"]["createdAt"] == "2024-01-01T00:00:01Z"
    created = held["NEW-1"]
    assert created["amount"] == 1604.47
    assert created["marketoGUID"] == guid(2, "8000")
    assert ISO_Z.fullmatch(created["createdAt"])
    assert created["createdAt"] == created["updatedAt"]
    for record in (held["OPP-00000001"], created):
        updated = datetime.fromisoformat(record["updatedAt"])
        assert updated >= before


def test_create_only_skips_existing_with_1005(api, marketo):
    marketo.seed(opportunities=1)

    body = api.post(
        OPPORTUNITIES,
        {
            "action": "createOnly",
            "input": [{EXTERNAL_ID: "OPP-00000000", "name": "x"}, {EXTERNAL_ID: "N", "name": "y"}],
        },
    )

    assert reasons_of(body["result"][0]) == ("1005", "Opportunity already exists")
    assert body["result"][1]["status"] == "created"
    assert stored(marketo)["OPP-00000000"]["name"] == "Opportunity 0"


def test_update_only_skips_missing_with_1013(api, marketo):
    marketo.seed(opportunities=1)

    body = api.post(
        OPPORTUNITIES,
        {
            "action": "updateOnly",
            "input": [{EXTERNAL_ID: "OPP-00000000", "name": "renamed"}, {EXTERNAL_ID: "N"}],
        },
    )

    assert body["result"][0]["status"] == "updated"
    assert reasons_of(body["result"][1]) == ("1013", "Opportunity not found")
    assert set(stored(marketo)) == {"OPP-00000000"}


def test_update_only_by_id_field(api, marketo):
    marketo.seed(opportunities=3)

    body = api.post(
        OPPORTUNITIES,
        {
            "action": "updateOnly",
            "dedupeBy": "idField",
            "input": [
                {"marketoGUID": guid(2, "8000"), "name": "by guid"},
                {"marketoGUID": "00000000-0000-0000-0000-000000000000", "name": "nobody"},
                {EXTERNAL_ID: "OPP-00000001", "name": "no guid"},
            ],
        },
    )

    assert body["result"][0] == {"seq": 0, "status": "updated", "marketoGUID": guid(2, "8000")}
    assert reasons_of(body["result"][1])[0] == "1013"
    assert reasons_of(body["result"][2]) == ("1003", "marketoGUID is required")
    assert stored(marketo)["OPP-00000002"]["name"] == "by guid"


@pytest.mark.parametrize("action", ["createOnly", "createOrUpdate"])
def test_id_field_is_only_valid_with_update_only(api, action):
    body = api.post(
        OPPORTUNITIES, {"action": action, "dedupeBy": "idField", "input": [{"name": "x"}]}
    )
    assert error_of(body)[0] == "1003"


@pytest.mark.parametrize(
    "payload",
    [
        {},
        {"input": []},
        {"input": "x"},
        {"action": "upsert", "input": [{EXTERNAL_ID: "A", "name": "a"}]},
        {"dedupeBy": "name", "input": [{EXTERNAL_ID: "A", "name": "a"}]},
        {"input": [{EXTERNAL_ID: f"A{i}", "name": "a"} for i in range(301)]},
    ],
    ids=["no-input", "empty-input", "input-not-a-list", "bad-action", "bad-dedupe", "301-records"],
)
def test_bad_calls_are_1003_and_write_nothing(api, marketo, payload):
    assert error_of(api.post(OPPORTUNITIES, payload))[0] == "1003"
    assert marketo.records("opportunities") == []


def test_300_records_is_the_maximum_accepted(api, marketo):
    rows = [{EXTERNAL_ID: f"A{i:03d}", "name": "a"} for i in range(300)]
    body = api.post(OPPORTUNITIES, {"input": rows})
    assert len(body["result"]) == 300
    assert len(marketo.records("opportunities")) == 300


def test_create_needs_the_external_id(api):
    body = api.post(OPPORTUNITIES, {"input": [{"name": "keyless"}]})
    assert reasons_of(body["result"][0]) == ("1003", "externalOpportunityId is required")


@pytest.mark.parametrize("name", [None, "", "missing"])
def test_create_needs_a_name(api, marketo, name):
    row = {EXTERNAL_ID: "A"} if name == "missing" else {EXTERNAL_ID: "A", "name": name}
    body = api.post(OPPORTUNITIES, {"input": [row]})
    assert reasons_of(body["result"][0]) == (
        "1003",
        "Value for required field 'name' not specified",
    )
    assert marketo.records("opportunities") == []


def test_update_cannot_null_the_name_but_may_leave_it_out(api, marketo):
    marketo.seed(opportunities=1)

    body = api.post(
        OPPORTUNITIES,
        {"input": [{EXTERNAL_ID: "OPP-00000000", "name": None}]},
    )
    assert reasons_of(body["result"][0])[0] == "1003"

    body = api.post(OPPORTUNITIES, {"input": [{EXTERNAL_ID: "OPP-00000000", "stage": None}]})
    assert body["result"][0]["status"] == "updated"
    held = stored(marketo)["OPP-00000000"]
    assert held["name"] == "Opportunity 0"
    assert "stage" not in held  # null clears a field


def test_unknown_fields_are_1006(api, marketo):
    body = api.post(OPPORTUNITIES, {"input": [{EXTERNAL_ID: "A", "name": "a", "colour": "red"}]})
    assert reasons_of(body["result"][0]) == ("1006", "Field 'colour' not found")
    assert marketo.records("opportunities") == []


def test_system_fields_in_input_are_ignored(api, marketo):
    body = api.post(
        OPPORTUNITIES,
        {
            "input": [
                {
                    EXTERNAL_ID: "A",
                    "name": "a",
                    "marketoGUID": "mine",
                    "createdAt": "2000-01-01T00:00:00Z",
                    "updatedAt": "2000-01-01T00:00:00Z",
                }
            ]
        },
    )
    assert body["result"][0]["status"] == "created"
    held = stored(marketo)["A"]
    assert held["marketoGUID"] == body["result"][0]["marketoGUID"]
    assert held["createdAt"] != "2000-01-01T00:00:00Z"
    assert held["updatedAt"] != "2000-01-01T00:00:00Z"


def test_a_key_repeated_in_one_call_skips_the_later_ones_with_1036(api, marketo):
    body = api.post(
        OPPORTUNITIES,
        {
            "input": [
                {EXTERNAL_ID: "A", "name": "first"},
                {EXTERNAL_ID: "A", "name": "second"},
                {EXTERNAL_ID: "A", "name": "third"},
            ]
        },
    )
    assert body["result"][0]["status"] == "created"
    for result in body["result"][1:]:
        assert reasons_of(result) == ("1036", "Duplicate externalOpportunityId in input")
    assert stored(marketo)["A"]["name"] == "first"


@pytest.mark.parametrize(
    ("field", "bad", "good"),
    [
        ("probability", "high", "75"),
        ("probability", 1.5, 10),
        ("isWon", "maybe", "true"),
        ("isWon", 1, True),
        ("amount", "twelve", "12.50"),
        ("amount", True, 12),
        ("closeDate", "2026/12/01", "2026-12-01"),
        ("closeDate", "2026-02-30", "2026-02-28"),
        ("externalCreatedDate", "yesterday", "2026-11-23T10:00:00Z"),
        ("externalCreatedDate", "2026-11-23", "2026-11-23T10:00:00+09:00"),
        ("name", {"a": 1}, "ok"),
    ],
)
def test_values_of_the_wrong_type_are_1003(api, marketo, field, bad, good):
    body = api.post(
        OPPORTUNITIES,
        {
            "input": [
                {EXTERNAL_ID: "BAD", "name": "n", field: bad},
                {EXTERNAL_ID: "OK", "name": "n", field: good},
            ]
        },
    )
    assert reasons_of(body["result"][0]) == ("1003", f"Invalid value for field '{field}'")
    assert body["result"][1]["status"] == "created"
    assert list(stored(marketo)) == ["OK"]


def test_values_are_stored_as_their_data_type(api, marketo):
    api.post(
        OPPORTUNITIES,
        {
            "input": [
                {
                    EXTERNAL_ID: "A",
                    "name": "a",
                    "probability": "75",
                    "isWon": "TRUE",
                    "amount": "10.5",
                    "fiscalYear": 2026,
                }
            ]
        },
    )
    held = stored(marketo)["A"]
    assert (held["probability"], held["isWon"], held["amount"], held["fiscalYear"]) == (
        75,
        True,
        10.5,
        2026,
    )


def test_custom_fields_can_be_written(api, marketo):
    marketo.configure(custom_fields={"seats": "integer"})
    body = api.post(OPPORTUNITIES, {"input": [{EXTERNAL_ID: "A", "name": "a", "seats": "12"}]})
    assert body["result"][0]["status"] == "created"
    assert stored(marketo)["A"]["seats"] == 12


def test_crm_sync_blocks_every_record_with_1018(api, marketo):
    marketo.seed(opportunities=1)
    marketo.configure(crm_sync=True)

    synced = api.post(OPPORTUNITIES, {"input": [{EXTERNAL_ID: "A", "name": "a"}] * 2})
    deleted = api.post(DELETE, {"input": [{EXTERNAL_ID: "OPP-00000000"}]})

    for result in synced["result"] + deleted["result"]:
        assert reasons_of(result) == ("1018", "Operation blocked due to CRM sync")
    assert list(stored(marketo)) == ["OPP-00000000"]
    reads = api.get(OPPORTUNITIES, filterType=EXTERNAL_ID, filterValues="OPP-00000000")
    assert len(reads["result"]) == 1  # reading stays allowed


def test_delete_by_dedupe_fields_and_by_id_field(api, marketo):
    marketo.seed(opportunities=5)

    by_key = api.post(
        DELETE, {"input": [{EXTERNAL_ID: "OPP-00000001"}, {EXTERNAL_ID: "OPP-00000001"}]}
    )
    by_guid = api.post(DELETE, {"deleteBy": "idField", "input": [{"marketoGUID": guid(3, "8000")}]})

    assert by_key["result"][0] == {"seq": 0, "marketoGUID": guid(1, "8000"), "status": "deleted"}
    assert reasons_of(by_key["result"][1]) == ("1013", "Opportunity not found")
    assert by_guid["result"] == [{"seq": 0, "marketoGUID": guid(3, "8000"), "status": "deleted"}]
    assert list(stored(marketo)) == ["OPP-00000000", "OPP-00000002", "OPP-00000004"]
    gone = api.get(OPPORTUNITIES, filterType=EXTERNAL_ID, filterValues="OPP-00000001")
    assert gone["result"] == []


def test_delete_validation(api):
    assert error_of(api.post(DELETE, {"deleteBy": "name", "input": [{}]}))[0] == "1003"
    assert error_of(api.post(DELETE, {"input": []}))[0] == "1003"
    assert error_of(api.post(DELETE, {"input": [{EXTERNAL_ID: "A"}] * 301}))[0] == "1003"
    body = api.post(DELETE, {"input": [{"name": "keyless"}]})
    assert reasons_of(body["result"][0]) == ("1003", "externalOpportunityId is required")


def test_a_deleted_key_can_be_created_again_with_a_new_guid(api, marketo):
    marketo.seed(opportunities=2)
    api.post(DELETE, {"input": [{EXTERNAL_ID: "OPP-00000001"}]})

    body = api.post(OPPORTUNITIES, {"input": [{EXTERNAL_ID: "OPP-00000001", "name": "again"}]})

    assert body["result"][0]["status"] == "created"
    assert body["result"][0]["marketoGUID"] != guid(1, "8000")
    found = api.get(OPPORTUNITIES, filterType=EXTERNAL_ID, filterValues="OPP-00000001")
    assert [r["name"] for r in found["result"]] == ["again"]


def test_bodies_must_be_json_objects(api):
    not_json = api.request(
        "POST", OPPORTUNITIES, data="{oops", headers={"Content-Type": "application/json"}
    ).json()
    form = api.request("POST", OPPORTUNITIES, data={"input": "x"}).json()
    array = api.request("POST", OPPORTUNITIES, json=[1, 2]).json()

    assert error_of(not_json)[0] == "609"
    assert error_of(form)[0] == "612"
    assert error_of(array)[0] == "609"


def test_wrong_method_is_605_and_unknown_path_is_610(api):
    assert error_of(api.request("DELETE", OPPORTUNITIES).json())[0] == "605"
    assert error_of(api.request("POST", "/rest/v1/opportunities/describe.json").json())[0] == "605"
    assert error_of(api.get("/rest/v1/leads.json"))[0] == "610"
