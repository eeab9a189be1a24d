"""Keap control: deleting records as a user would, and creating contacts without email."""

from __future__ import annotations

import pytest

from vendor_sandbox.client.base import SandboxControlError


def listed_ids(keap_api, path: str = "/contacts", **params) -> list[int]:
    return [contact["id"] for contact in keap_api.get(path, **params)["contacts"]]


def test_a_deleted_contact_is_gone_from_lists_and_its_own_endpoints(keap_api, keap):
    assert keap.delete("contacts", [3, 25]) == [3, 25]

    expected = [i for i in range(1, 26) if i not in {3, 25}]
    assert listed_ids(keap_api) == expected
    assert keap_api.get("/contacts")["count"] == 23
    assert listed_ids(keap_api, order="id", order_direction="DESCENDING") == expected[::-1]
    assert listed_ids(keap_api, order="last_updated") == expected
    assert listed_ids(keap_api, limit=2, offset=2) == [4, 5]
    for path in ("/contacts/3", "/contacts/3/tags", "/contacts/25"):
        assert keap_api.call(path).status_code == 404, path
    tagged = [entry["contact"]["id"] for entry in keap_api.get("/tags/3/contacts")["contacts"]]
    assert 3 not in tagged
    assert [record["id"] for record in keap.records("contacts")] == expected


def test_ids_of_deleted_records_are_never_reused(keap_api, keap):
    keap.delete("contacts", [25])

    (created,) = keap.create("contacts", 1)

    assert created["id"] == 26
    assert listed_ids(keap_api)[-2:] == [24, 26]


def test_a_touched_record_can_be_deleted_and_then_not_touched(keap_api, keap):
    keap.touch("contacts", [4])
    keap.delete("contacts", [4])

    assert 4 not in listed_ids(keap_api, order="last_updated")
    with pytest.raises(SandboxControlError, match="id 4"):
        keap.touch("contacts", [4])


def test_other_resources_can_be_deleted_too(keap_api, keap):
    keap.delete("transactions", [3])

    assert keap_api.get("/orders/3/transactions")["transactions"] == []
    assert keap_api.call("/transactions/3").status_code == 404
    assert keap_api.get("/transactions")["count"] == 9


def test_a_refused_delete_deletes_nothing(keap_api, keap):
    with pytest.raises(SandboxControlError, match="999"):
        keap.delete("contacts", [2, 999])
    keap.delete("contacts", [2])
    with pytest.raises(SandboxControlError, match="id 2"):
        keap.delete("contacts", [2])

    assert keap_api.get("/contacts")["count"] == 24


def test_a_contact_can_be_created_without_email(keap_api, keap):
    (created,) = keap.create("contacts", 1, fields={"email_addresses": []})

    assert created["email_addresses"] == []
    assert keap_api.get("/contacts/26")["email_addresses"] == []
    assert keap_api.get("/contacts/25")["email_addresses"]


@pytest.mark.parametrize(
    ("body", "word"),
    [
        ({"resource": "widgets", "ids": [1]}, "resource"),
        ({"resource": "contacts", "ids": 3}, "ids"),
        ({"resource": "contacts"}, "ids"),
    ],
)
def test_bad_deletes_are_400(keap, body, word):
    with pytest.raises(SandboxControlError, match=word):
        keap._call("POST", "delete", body)


@pytest.mark.parametrize(("fields", "word"), [({"colour": "blue"}, "colour"), ("blue", "fields")])
def test_bad_create_fields_are_400(keap, fields, word):
    with pytest.raises(SandboxControlError, match=word):
        keap._call("POST", "create", {"resource": "contacts", "fields": fields})
