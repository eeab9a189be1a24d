"""Keap contact writes over HTTP: create, update, delete, upsert, tags, custom fields, 400s.

`send` is the write call every Keap write test uses (JSON body, API key or Bearer token).
"""

from __future__ import annotations

import typing as t

import pytest
import requests

from vendor_sandbox.client.base import SandboxControlError

API_KEY = "sandbox-keap-api-key"
CONVERT = "Input could not be converted to a valid request"


def send(
    keap_api,
    method: str,
    path: str,
    body: t.Any = None,
    *,
    token: str | None = None,
    timeout: float = 10,
    **params: t.Any,
) -> requests.Response:
    """One write call as a plugin makes it: JSON body, `X-Keap-API-Key` (or a Bearer token)."""
    headers = {"Authorization": f"Bearer {token}"} if token else {"X-Keap-API-Key": API_KEY}
    return keap_api.session.request(
        method,
        f"{keap_api.api_url}{path}",
        json=body,
        params=params,
        headers=headers,
        timeout=timeout,
    )


def message(response: requests.Response, status: int = 400) -> str:
    """Keap's `{"message": ...}` of a refused call, after checking its status."""
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"message"}, body
    return str(body["message"])


def email_body(address: str, **fields: t.Any) -> dict[str, t.Any]:
    return {"email_addresses": [{"email": address, "field": "EMAIL1"}], **fields}


def listed(keap_api, **params: t.Any) -> list[int]:
    return [contact["id"] for contact in keap_api.get("/contacts", **params)["contacts"]]


def test_create_answers_201_with_the_new_id_and_the_contact_reads_back(keap_api, keap):
    created = send(keap_api, "POST", "/contacts", email_body("ann@shop.example", given_name="Ann"))

    assert created.status_code == 201
    contact = created.json()
    assert contact["id"] == 26
    read = keap_api.get("/contacts/26")
    assert read["given_name"] == "Ann"
    assert read["email_addresses"] == [{"email": "ann@shop.example", "field": "EMAIL1"}]
    assert read["date_created"] == read["last_updated"]
    assert set(read) == set(keap_api.get("/contacts/1"))
    assert listed(keap_api)[-1] == 26
    assert listed(keap_api, email="ANN@shop.example") == [26]
    assert listed(keap_api, order="last_updated", since=read["last_updated"]) == [26]
    (entry,) = keap.written("contacts")
    assert (entry["operation"], entry["status"], entry["id"]) == ("create", 201, 26)
    assert entry["request"] == email_body("ann@shop.example", given_name="Ann")
    assert entry["answer_lost"] is None


def test_a_duplicate_email_creates_a_second_contact_as_keap_does(keap_api):
    body = email_body("twice@shop.example")

    first = send(keap_api, "POST", "/contacts", body).json()["id"]
    second = send(keap_api, "POST", "/contacts", body).json()["id"]

    assert (first, second) == (26, 27)
    assert listed(keap_api, email="twice@shop.example") == [26, 27]


def test_a_409_for_a_duplicate_email_only_when_switched_on(keap_api, keap):
    keap.configure(duplicate_email_conflict=True)

    refused = send(keap_api, "POST", "/contacts", email_body("contact3@example.com"))

    assert "contact3@example.com" in message(refused, 409)
    assert keap.written("contacts") == []
    assert send(keap_api, "POST", "/contacts", email_body("new@shop.example")).status_code == 201


def test_create_needs_an_email_or_a_phone(keap_api):
    refused = send(keap_api, "POST", "/contacts", {"given_name": "Nobody"})
    by_phone = send(
        keap_api, "POST", "/contacts", {"phone_numbers": [{"field": "PHONE1", "number": "555"}]}
    )

    assert "email_addresses or phone_numbers" in message(refused)
    assert by_phone.status_code == 201
    assert by_phone.json()["phone_numbers"][0]["number"] == "555"


@pytest.mark.parametrize(
    ("body", "words"),
    [
        (email_body("not-an-email"), ["email_addresses[0].email", "not a valid email"]),
        (
            {"email_addresses": [{"email": "a@shop.example", "field": "EMAIL9"}]},
            [CONVERT, "email_addresses[0].field", "EMAIL1"],
        ),
        ({"email_addresses": [{"email": "a@shop.example"}]}, ["email_addresses[0].field"]),
        (email_body("a@shop.example", source_type="SPAM"), [CONVERT, "source_type"]),
        (email_body("a@shop.example", owner_id="three"), [CONVERT, "owner_id", "integer"]),
        (email_body("a@shop.example", given_name={"first": "A"}), [CONVERT, "given_name"]),
        (email_body("a@shop.example", birthday="yesterday"), [CONVERT, "birthday", "date-time"]),
        (email_body("a@shop.example", email_addresses="a@shop.example"), [CONVERT, "list"]),
        (email_body("a@shop.example", company={"id": 999}), ["company.id", "999"]),
        (
            email_body("a@shop.example", addresses=[{"field": "BILLING", "region": "UT"}]),
            ["COUNTRY CODE needed if Region Exists"],
        ),
        (
            email_body(
                "a@shop.example",
                addresses=[{"field": "SHIPPING", "region": "Narnia", "country_code": "USA"}],
            ),
            ["SHIPPING Region is invalid"],
        ),
        ([email_body("a@shop.example")], [CONVERT, "body", "object"]),
    ],
)
def test_bad_bodies_are_400_naming_the_problem(keap_api, keap, body, words):
    text = message(send(keap_api, "POST", "/contacts", body))

    for word in words:
        assert word in text
    assert keap_api.get("/contacts")["count"] == 25
    assert keap.written() == []


def test_malformed_json_is_keaps_400(keap_api):
    response = keap_api.session.post(
        f"{keap_api.api_url}/contacts",
        data=b'{"given_name": ',
        headers={"X-Keap-API-Key": API_KEY, "Content-Type": "application/json"},
        timeout=10,
    )

    assert message(response) == CONVERT


def test_a_body_that_is_not_json_is_415(keap_api):
    response = keap_api.session.post(
        f"{keap_api.api_url}/contacts",
        data={"given_name": "Form"},
        headers={"X-Keap-API-Key": API_KEY},
        timeout=10,
    )

    assert "application/x-www-form-urlencoded" in message(response, 415)


def test_a_valid_us_region_and_a_foreign_one_are_accepted(keap_api):
    address = {"field": "BILLING", "region": "OR", "country_code": "USA", "line1": "1 Way"}
    abroad = {"field": "OTHER", "region": "Kansai", "country_code": "JPN"}

    created = send(keap_api, "POST", "/contacts", email_body("r@x.example", addresses=[address]))
    foreign = send(keap_api, "POST", "/contacts", email_body("f@x.example", addresses=[abroad]))

    assert created.status_code == foreign.status_code == 201
    assert created.json()["addresses"][0]["line1"] == "1 Way"


def test_unknown_fields_are_ignored_and_logged(keap_api, keap):
    body = email_body(
        "i@shop.example", first_name="Ann", addresses=[{"field": "BILLING", "zip": 1}]
    )

    created = send(keap_api, "POST", "/contacts", body)

    assert created.status_code == 201
    assert created.json()["given_name"] is None
    assert keap.written("contacts")[0]["ignored_fields"] == ["first_name", "addresses[0].zip"]


def test_patch_changes_only_the_fields_sent(keap_api, keap):
    before = keap_api.get("/contacts/3")
    body = {
        "family_name": "Changed",
        "email_addresses": [{"email": "second@shop.example", "field": "EMAIL2"}],
    }

    updated = send(keap_api, "PATCH", "/contacts/3", body)

    assert updated.status_code == 200
    after = keap_api.get("/contacts/3")
    assert after["family_name"] == "Changed"
    assert after["given_name"] == before["given_name"]
    assert after["email_addresses"] == [
        {"email": "contact3@example.com", "field": "EMAIL1"},
        {"email": "second@shop.example", "field": "EMAIL2"},
    ]
    assert after["last_updated"] > before["last_updated"]
    assert listed(keap_api, email="second@shop.example") == [3]
    assert keap.written("contacts")[0]["operation"] == "update"


def test_patch_with_update_mask_skips_the_other_fields(keap_api):
    body = {"family_name": "Masked", "given_name": "Skipped"}

    send(keap_api, "PATCH", "/contacts/4", body, update_mask="family_name")
    refused = send(keap_api, "PATCH", "/contacts/4", body, update_mask="family_name,colour")

    contact = keap_api.get("/contacts/4")
    assert (contact["family_name"], contact["given_name"]) == ("Masked", "Daisuke")
    assert "update_mask" in message(refused)


def test_patch_needs_no_email_and_refuses_an_unknown_contact(keap_api):
    assert send(keap_api, "PATCH", "/contacts/5", {"job_title": "CEO"}).status_code == 200
    assert "26" in message(send(keap_api, "PATCH", "/contacts/26", {"job_title": "x"}), 404)


def test_delete_answers_204_then_the_contact_is_gone(keap_api, keap):
    deleted = send(keap_api, "DELETE", "/contacts/7")

    assert (deleted.status_code, deleted.content) == (204, b"")
    assert keap_api.call("/contacts/7").status_code == 404
    assert 7 not in listed(keap_api)
    assert send(keap_api, "DELETE", "/contacts/7").status_code == 404
    assert [entry["id"] for entry in keap.written("contacts")] == [7]


def test_upsert_by_email_updates_the_matching_contact(keap_api, keap):
    body = email_body("CONTACT2@example.com", job_title="Upserted", duplicate_option="Email")

    answer = send(keap_api, "PUT", "/contacts", body)

    assert answer.status_code == 200
    assert answer.json()["id"] == 2
    contact = keap_api.get("/contacts/2")
    assert (contact["job_title"], contact["given_name"]) == ("Upserted", "Ben")
    assert keap_api.get("/contacts")["count"] == 25
    (entry,) = keap.written("contacts")
    assert (entry["operation"], entry["outcome"], entry["id"]) == ("upsert", "updated", 2)


def test_upsert_without_a_match_creates_with_200(keap_api, keap):
    answer = send(keap_api, "PUT", "/contacts", email_body("fresh@shop.example"))
    again = send(keap_api, "PUT", "/contacts", email_body("fresh@shop.example", job_title="x"))

    assert (answer.status_code, answer.json()["id"]) == (200, 26)
    assert again.json()["id"] == 26
    assert [entry["outcome"] for entry in keap.written("contacts")] == ["created", "updated"]
    assert "email_addresses or phone_numbers" in message(
        send(keap_api, "PUT", "/contacts", {"given_name": "No address"})
    )


def test_upsert_email_and_name_needs_the_names_to_match(keap_api):
    seeded = keap_api.get("/contacts/3")
    same = email_body(
        "contact3@example.com",
        given_name=seeded["given_name"].upper(),
        family_name=seeded["family_name"],
        duplicate_option="EmailAndName",
    )
    other = {**same, "given_name": "Someone"}

    assert send(keap_api, "PUT", "/contacts", same).json()["id"] == 3
    assert send(keap_api, "PUT", "/contacts", other).json()["id"] == 26


def test_upsert_updates_the_oldest_of_several_matches(keap_api):
    send(keap_api, "POST", "/contacts", email_body("contact5@example.com"))

    answer = send(keap_api, "PUT", "/contacts", email_body("contact5@example.com", suffix="Jr"))

    assert answer.json()["id"] == 5


def test_email_name_and_company_is_outside_v1_unless_switched_on(keap_api, keap):
    seeded = keap_api.get("/contacts/1")
    body = email_body(
        "contact1@example.com",
        given_name=seeded["given_name"],
        family_name=seeded["family_name"],
        company={"id": 1},
        duplicate_option="EmailAndNameAndCompany",
    )

    refused = message(send(keap_api, "PUT", "/contacts", body))
    keap.configure(upsert_company_option=True)
    matched = send(keap_api, "PUT", "/contacts", body).json()["id"]
    other_company = send(keap_api, "PUT", "/contacts", {**body, "company": {"id": 2}}).json()

    assert CONVERT in refused
    assert "duplicate_option" in refused
    assert matched == 1
    assert other_company["id"] == 26
    assert other_company["company"] == {"id": 2, "company_name": "Globex 2"}
    assert "duplicate_option" in message(
        send(keap_api, "PUT", "/contacts", {**body, "duplicate_option": "Phone"})
    )


def test_custom_fields_written_by_id_read_back(keap_api, keap):
    body = email_body("cf@shop.example", custom_fields=[{"id": 10, "content": "teal"}])

    created = send(keap_api, "POST", "/contacts", body).json()
    send(keap_api, "PATCH", "/contacts/2", {"custom_fields": [{"id": 11, "content": 42}]})

    assert {item["id"]: item["content"] for item in created["custom_fields"]}[10] == "teal"
    new = keap_api.get("/contacts/26", optional_properties="custom_fields")["custom_fields"]
    assert new == [
        {"id": 10, "content": "teal"}, {"id": 11, "content": None}, {"id": 12, "content": None},
        {"id": 13, "content": None}, {"id": 14, "content": None}, {"id": 15, "content": None},
    ]  # fmt: skip
    listed_two = keap_api.get("/contacts", optional_properties="custom_fields")["contacts"][1]
    values = {item["id"]: item["content"] for item in listed_two["custom_fields"]}
    assert values[11] == 42
    assert values[10] == "Favourite colour 2"
    assert "custom_fields" not in keap_api.get("/contacts/26")
    assert keap.records("contacts", offset=25)[0]["custom_fields"][0] == {
        "id": 10,
        "content": "teal",
    }


def test_an_unknown_custom_field_id_is_400(keap_api, keap):
    body = email_body("cf@shop.example", custom_fields=[{"id": 30, "content": "x"}])

    text = message(send(keap_api, "POST", "/contacts", body))

    assert "custom_fields[0].id" in text
    assert "30" in text
    assert keap_api.get("/contacts")["count"] == 25
    assert "custom_fields[0].id" in message(
        send(keap_api, "POST", "/contacts", email_body("x@y.example", custom_fields=[{"c": 1}]))
    )
    keap.custom_fields(contacts=[{"label": "Shoe size", "field_type": "WholeNumber", "id": 30}])
    assert send(keap_api, "POST", "/contacts", body).status_code == 201


def test_apply_tags_answers_a_status_per_tag(keap_api, keap):
    first = send(keap_api, "POST", "/contacts/5/tags", {"tagIds": [1, 3, 999]})
    again = send(keap_api, "POST", "/contacts/5/tags", {"tagIds": [3]})
    nobody = send(keap_api, "POST", "/contacts/999/tags", {"tagIds": [1, 2]})

    assert first.status_code == again.status_code == nobody.status_code == 200
    assert first.json() == {"1": "SUCCESS", "3": "SUCCESS", "999": "TAG_ID_NOT_FOUND"}
    assert again.json() == {"3": "DUPLICATE"}
    assert nobody.json() == {"1": "CONTACT_NOT_FOUND", "2": "CONTACT_NOT_FOUND"}
    tags = keap_api.get("/contacts/5/tags")["tags"]
    assert [entry["tag"]["id"] for entry in tags] == [5, 1, 3]
    assert keap_api.get("/contacts/5")["tag_ids"] == [5, 1, 3]
    assert 5 in [entry["contact"]["id"] for entry in keap_api.get("/tags/3/contacts")["contacts"]]
    assert [entry["tag_statuses"] for entry in keap.written("contact_tags")][1] == {
        "3": "DUPLICATE"
    }


def test_a_created_tag_applied_to_a_created_contact_reads_back(keap_api):
    tag = send(keap_api, "POST", "/tags", {"name": "Unsubscribed", "category": {"id": 2}}).json()
    contact = send(keap_api, "POST", "/contacts", email_body("u@shop.example")).json()

    send(keap_api, "POST", f"/contacts/{contact['id']}/tags", {"tagIds": [tag["id"]]})

    (entry,) = keap_api.get(f"/contacts/{contact['id']}/tags")["tags"]
    assert entry["tag"] == {"id": 11, "name": "Unsubscribed", "category": "Interest"}
    tagged = keap_api.get("/tags/11/contacts")["contacts"]
    assert [item["contact"]["email"] for item in tagged] == ["u@shop.example"]


@pytest.mark.parametrize("body", [{"tagIds": []}, {"tagIds": "1"}, {}, {"tagIds": ["one"]}])
def test_apply_tags_refuses_a_bad_body(keap_api, body):
    assert "tagIds" in message(send(keap_api, "POST", "/contacts/4/tags", body))


def test_remove_one_tag_and_several(keap_api, keap):
    send(keap_api, "POST", "/contacts/5/tags", {"tagIds": [1, 2, 3]})

    one = send(keap_api, "DELETE", "/contacts/5/tags/1")
    several = send(keap_api, "DELETE", "/contacts/5/tags", ids="2,3")
    not_applied = send(keap_api, "DELETE", "/contacts/5/tags/2")

    assert one.status_code == several.status_code == not_applied.status_code == 204
    assert keap_api.get("/contacts/5")["tag_ids"] == [5]
    assert [entry["tag_ids"] for entry in keap.written("contact_tags")[1:]] == [[1], [2, 3], [2]]


@pytest.mark.parametrize(
    ("path", "params", "status"),
    [
        ("/contacts/99/tags/1", {}, 404),
        ("/contacts/4/tags/99", {}, 404),
        ("/contacts/99/tags", {"ids": "1"}, 404),
        ("/contacts/4/tags", {}, 400),
        ("/contacts/4/tags", {"ids": "1,two"}, 400),
    ],
)
def test_remove_tags_refusals(keap_api, path, params, status):
    assert message(send(keap_api, "DELETE", path, **params), status)


def test_methods_keap_lacks_are_405(keap_api):
    assert send(keap_api, "DELETE", "/contacts").status_code == 405
    assert send(keap_api, "PATCH", "/tags/1", {"name": "x"}).status_code == 405


def test_settings_switches_are_booleans(keap):
    with pytest.raises(SandboxControlError, match="duplicate_email_conflict"):
        keap.configure(duplicate_email_conflict="yes")
