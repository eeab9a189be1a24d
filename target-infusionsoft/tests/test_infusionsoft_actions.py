"""Every action at the HTTP level: the call each record makes, pinned to Keap's REST v1 contract.

Each case is one row of the README's "Actions" table: a record of the stream (with the
operation `stream_operations` gives it, if not the default), Keap's answer, and the exact
method, path and JSON body the target sends. The sources of each shape are the README's
"Vendor contract" (Keap's REST v1 OpenAPI, the line of each operation in `resources.py`).
"""

from __future__ import annotations

import uuid

import pytest
import requests_mock
from keap_target import calls, config, messages, rejects, run, writes

from keap_client.testing import BASE
from singer_commons.write_journal import record_digest

DELETED = {"_sdc_deleted_at": "2026-02-01T00:00:00Z"}
CONTACT = {
    "email_addresses": [{"email": "ann@example.com", "field": "EMAIL1"}],
    "given_name": "Ann",
}

# (stream, stream operation or None, record, the call sent, its body, Keap's answer)
CASES = [
    (
        "affiliates",
        None,
        {"code": "AFF1", "contact_id": 3, "password": "s3cret", "status": "active"},
        ("POST", "/affiliates"),
        {"code": "AFF1", "contact_id": 3, "password": "s3cret", "status": "active"},
        (201, {"id": 11}),
    ),
    (
        "appointments",
        None,
        {
            "title": "Call",
            "start_date": "2026-03-01T10:00:00Z",
            "end_date": "2026-03-01T10:30:00Z",
            "contact_id": 3,
            "remind_time": 15,
        },
        ("POST", "/appointments"),
        {
            "title": "Call",
            "start_date": "2026-03-01T10:00:00Z",
            "end_date": "2026-03-01T10:30:00Z",
            "contact_id": 3,
            "remind_time": 15,
        },
        (201, {"id": 21}),
    ),
    (
        "appointments",
        None,
        {"id": 21, "title": "Moved"},
        ("PATCH", "/appointments/21"),
        {"title": "Moved"},
        (200, {"id": 21}),
    ),
    (
        "appointments",
        None,
        {"id": 21, **DELETED},
        ("DELETE", "/appointments/21"),
        None,
        (204, None),
    ),
    (
        "campaign_sequence_contacts",
        None,
        {"campaign_id": 1, "sequence_id": 2, "contact_id": 3},
        ("POST", "/campaigns/1/sequences/2/contacts/3"),
        None,
        (204, None),
    ),
    (
        "campaign_sequence_contacts",
        None,
        {"campaign_id": 1, "sequence_id": 2, "contact_id": 3, **DELETED},
        ("DELETE", "/campaigns/1/sequences/2/contacts/3"),
        None,
        (204, None),
    ),
    (
        "companies",
        None,
        {
            "company_name": "ACME",
            "email_address": "info@acme.example",
            "address": {"line1": "1 Main St", "region": "US-AZ", "country_code": "USA"},
        },
        ("POST", "/companies"),
        {
            "company_name": "ACME",
            "email_address": "info@acme.example",
            "address": {"line1": "1 Main St", "region": "US-AZ", "country_code": "USA"},
        },
        (201, {"id": 31}),
    ),
    (
        "companies",
        None,
        {"id": 31, "notes": "Key account"},
        ("PATCH", "/companies/31"),
        {"notes": "Key account"},
        (200, {"id": 31}),
    ),
    ("contacts", "create", CONTACT, ("POST", "/contacts"), CONTACT, (201, {"id": 41})),
    (
        "contacts",
        None,
        {"id": 41, "job_title": "CTO"},
        ("PATCH", "/contacts/41"),
        {"job_title": "CTO"},
        (200, {"id": 41}),
    ),
    ("contacts", None, {"id": 41, **DELETED}, ("DELETE", "/contacts/41"), None, (204, None)),
    (
        "contacts",
        None,
        CONTACT,
        ("PUT", "/contacts"),
        {**CONTACT, "duplicate_option": "Email"},
        (200, {"id": 41}),
    ),
    (
        "contact_tags",
        None,
        {"contact_id": 41, "tag_id": 5},
        ("POST", "/contacts/41/tags"),
        {"tagIds": [5]},
        (200, {"5": "SUCCESS"}),
    ),
    (
        "contact_tags",
        None,
        {"contact_id": 41, "tag_id": 5, **DELETED},
        ("DELETE", "/contacts/41/tags/5"),
        None,
        (204, None),
    ),
    (
        "orders",
        None,
        {
            "contact_id": 41,
            "order_date": "2026-03-01T00:00:00.000Z",
            "order_title": "Web order",
            "order_type": "Online",
            "order_items": [{"product_id": 2, "quantity": 1, "price": "9.99"}],
        },
        ("POST", "/orders"),
        {
            "contact_id": 41,
            "order_date": "2026-03-01T00:00:00.000Z",
            "order_title": "Web order",
            "order_type": "Online",
            "order_items": [{"product_id": 2, "quantity": 1, "price": "9.99"}],
        },
        (201, {"id": 51}),
    ),
    ("orders", None, {"id": 51, **DELETED}, ("DELETE", "/orders/51"), None, (204, None)),
    (
        "order_items",
        None,
        {"order_id": 51, "product_id": 2, "quantity": 3},
        ("POST", "/orders/51/items"),
        {"product_id": 2, "quantity": 3},
        (201, {"id": 511}),
    ),
    (
        "order_items",
        None,
        {"order_id": 51, "id": 511, **DELETED},
        ("DELETE", "/orders/51/items/511"),
        None,
        (204, None),
    ),
    (
        "order_payments",
        None,
        {
            "order_id": 51,
            "payment_amount": "9.99",
            "payment_method_type": "CASH",
            "date": "2026-03-02T00:00:00Z",
            "charge_now": False,
        },
        ("POST", "/orders/51/payments"),
        {
            "payment_amount": "9.99",
            "payment_method_type": "CASH",
            "date": "2026-03-02T00:00:00Z",
            "charge_now": False,
        },
        (201, {"id": 61, "invoice_id": 51}),
    ),
    (
        "subscriptions",
        None,
        {"contact_id": 41, "subscription_plan_id": 7, "quantity": 1},
        ("POST", "/subscriptions"),
        {"contact_id": 41, "subscription_plan_id": 7, "quantity": 1},
        (201, {"id": 71}),
    ),
    (
        "emails",
        None,
        {"id": 81, "sent_to_address": "ann@example.com", "subject": "Re: hello"},
        ("PUT", "/emails/81"),
        {"sent_to_address": "ann@example.com", "subject": "Re: hello"},
        (200, {"id": 81}),
    ),
    ("emails", None, {"id": 81, **DELETED}, ("DELETE", "/emails/81"), None, (204, None)),
    (
        "files",
        None,
        {
            "file_name": "a.txt",
            "file_data": "aGVsbG8=",
            "is_public": False,
            "file_association": "CONTACT",
            "contact_id": 41,
        },
        ("POST", "/files"),
        {
            "file_name": "a.txt",
            "file_data": "aGVsbG8=",
            "is_public": False,
            "file_association": "CONTACT",
            "contact_id": 41,
        },
        (200, {"file_descriptor": {"id": 91, "file_name": "a.txt"}, "file_data": "aGVsbG8="}),
    ),
    (
        "files",
        None,
        {
            "id": 91,
            "file_name": "a.txt",
            "file_data": "aGk=",
            "is_public": True,
            "file_association": "USER",
        },
        ("PUT", "/files/91"),
        {"file_name": "a.txt", "file_data": "aGk=", "is_public": True, "file_association": "USER"},
        (200, {"file_descriptor": {"id": 91}}),
    ),
    ("files", None, {"id": 91, **DELETED}, ("DELETE", "/files/91"), None, (204, None)),
    (
        "notes",
        None,
        {"contact_id": 41, "title": "Called", "type": "Call"},
        ("POST", "/notes"),
        {"contact_id": 41, "title": "Called", "type": "Call"},
        (201, {"id": 101}),
    ),
    (
        "notes",
        None,
        {"id": 101, "body": "Left a message"},
        ("PATCH", "/notes/101"),
        {"body": "Left a message"},
        (200, {"id": 101}),
    ),
    ("notes", None, {"id": 101, **DELETED}, ("DELETE", "/notes/101"), None, (204, None)),
    (
        "opportunities",
        None,
        {
            "opportunity_title": "Renewal",
            "contact": {"id": 41},
            "stage": {"id": 2},
            "projected_revenue_high": 5000,
        },
        ("POST", "/opportunities"),
        {
            "opportunity_title": "Renewal",
            "contact": {"id": 41},
            "stage": {"id": 2},
            "projected_revenue_high": 5000,
        },
        (200, {"id": 111}),
    ),
    (
        "opportunities",
        None,
        {"id": 111, "stage": {"id": 3}},
        ("PATCH", "/opportunities/111"),
        {"stage": {"id": 3}},
        (200, {"id": 111}),
    ),
    (
        "products",
        None,
        {"product_name": "Widget", "sku": "W-1", "product_price": 9.99},
        ("POST", "/products"),
        {"product_name": "Widget", "sku": "W-1", "product_price": 9.99},
        (201, {"id": 121}),
    ),
    (
        "products",
        None,
        {"id": 121, "active": False},
        ("PATCH", "/products/121"),
        {"active": False},
        (200, {"id": 121}),
    ),
    ("products", None, {"id": 121, **DELETED}, ("DELETE", "/products/121"), None, (204, None)),
    (
        "product_subscriptions",
        None,
        {"product_id": 121, "cycle_type": "MONTH", "frequency": 1, "plan_price": 9.99},
        ("POST", "/products/121/subscriptions"),
        {"cycle_type": "MONTH", "frequency": 1, "plan_price": 9.99},
        (201, {"id": 131}),
    ),
    (
        "product_subscriptions",
        None,
        {"product_id": 121, "id": 131, **DELETED},
        ("DELETE", "/products/121/subscriptions/131"),
        None,
        (204, None),
    ),
    (
        "hooks",
        None,
        {"eventKey": "contact.add", "hookUrl": "https://example.com/hook"},
        ("POST", "/hooks"),
        {"eventKey": "contact.add", "hookUrl": "https://example.com/hook"},
        (200, {"key": "h1", "eventKey": "contact.add", "status": "Unverified"}),
    ),
    (
        "hooks",
        None,
        {"key": "h1", "eventKey": "contact.edit", "hookUrl": "https://example.com/hook"},
        ("PUT", "/hooks/h1"),
        {"eventKey": "contact.edit", "hookUrl": "https://example.com/hook"},
        (200, {"key": "h1"}),
    ),
    ("hooks", None, {"key": "h1", **DELETED}, ("DELETE", "/hooks/h1"), None, (204, None)),
    (
        "tags",
        None,
        {"name": "VIP", "description": "Top customers", "category": {"id": 3}},
        ("POST", "/tags"),
        {"name": "VIP", "description": "Top customers", "category": {"id": 3}},
        (200, {"id": 141, "name": "VIP"}),
    ),
    (
        "tasks",
        None,
        {"title": "Follow up", "due_date": "2026-03-05T09:00:00Z", "contact": {"id": 41}},
        ("POST", "/tasks"),
        {"title": "Follow up", "due_date": "2026-03-05T09:00:00Z", "contact": {"id": 41}},
        (200, {"id": 151}),
    ),
    (
        "tasks",
        None,
        {"id": 151, "completed": True},
        ("PATCH", "/tasks/151"),
        {"completed": True},
        (200, {"id": 151}),
    ),
    ("tasks", None, {"id": 151, **DELETED}, ("DELETE", "/tasks/151"), None, (204, None)),
    (
        "users",
        None,
        {"email": "new.user@example.com", "given_name": "New", "admin": False},
        ("POST", "/users"),
        {"email": "new.user@example.com", "given_name": "New", "admin": False},
        (201, {"id": 161}),
    ),
]


def case_id(case) -> str:
    stream, _, _, (method, path), _, _ = case
    return f"{stream}:{method} {path}"


@pytest.mark.parametrize("case", CASES, ids=[case_id(case) for case in CASES])
def test_each_action_sends_keaps_call(mocked_keap, tmp_path, case):
    stream, operation, record, (method, path), body, (status, answer) = case
    mocked_keap.register_uri(
        method, BASE + path, status_code=status, **({} if answer is None else {"json": answer})
    )
    operations = {stream: operation} if operation else {}

    run(config(tmp_path, stream_operations=operations), *messages(stream, record))

    assert rejects(tmp_path) == []
    assert writes(mocked_keap) == [(method, path, body)]
    assert calls(mocked_keap, "GET") == []  # no look-up, no model: nothing but the write


@pytest.mark.parametrize(
    ("key", "path"),
    [
        ("../contacts/5", "/hooks/..%2Fcontacts%2F5"),
        ("1?x=y", "/hooks/1%3Fx%3Dy"),
        ("a b#c", "/hooks/a%20b%23c"),
    ],
)
def test_a_hook_key_names_a_hook_whatever_it_holds(mocked_keap, tmp_path, key, path):
    """A key is sent as one encoded segment: unencoded, `../contacts/5` deleted contact 5."""
    mocked_keap.register_uri(
        requests_mock.ANY, requests_mock.ANY, status_code=404, json={"message": "Not Found"}
    )

    run(config(tmp_path), *messages("hooks", {"key": key, **DELETED}))

    assert calls(mocked_keap) == [("DELETE", path, None)]
    (reject,) = rejects(tmp_path)
    assert reject["reason"] == (
        f"input line 2: hooks record key={key!r}: Keap refused it (HTTP 404): Not Found"
    )


def test_the_account_profile_is_read_and_sent_back_merged(mocked_keap, tmp_path):
    mocked_keap.get(
        f"{BASE}/account/profile",
        json={
            "name": "Old name",
            "website": "https://old.example",
            "email": "a@example.com",
            "business_goals": None,
        },
    )
    mocked_keap.put(f"{BASE}/account/profile", json={"name": "New name"})

    run(config(tmp_path), *messages("account_profile", {"name": "New name"}))

    assert writes(mocked_keap) == [
        (
            "PUT",
            "/account/profile",
            {"name": "New name", "website": "https://old.example", "email": "a@example.com"},
        )
    ]


def test_a_new_email_record_carries_a_provider_id_made_from_its_digest(mocked_keap, tmp_path):
    mocked_keap.post(f"{BASE}/emails", status_code=201, json={"id": 81})
    record = {"sent_to_address": "ann@example.com", "subject": "Hello", "contact_id": 41}

    run(config(tmp_path), *messages("emails", record))

    ((_, _, body),) = writes(mocked_keap)
    digest = record_digest("emails", "create", {}, record)
    assert body == {**record, "original_provider_id": str(uuid.UUID(digest[:32]))}


def test_a_provider_id_given_by_the_record_is_kept(mocked_keap, tmp_path):
    mocked_keap.post(f"{BASE}/emails", status_code=201, json={"id": 81})
    record = {"sent_to_address": "ann@example.com", "original_provider_id": "msg-1"}

    run(config(tmp_path), *messages("emails", record))

    assert writes(mocked_keap) == [("POST", "/emails", record)]


def test_the_upsert_sends_the_configured_duplicate_option(mocked_keap, tmp_path):
    mocked_keap.put(f"{BASE}/contacts", json={"id": 41})

    run(config(tmp_path, duplicate_option="EmailAndName"), *messages("contacts", CONTACT))

    assert writes(mocked_keap) == [
        ("PUT", "/contacts", {**CONTACT, "duplicate_option": "EmailAndName"})
    ]


def test_a_record_with_its_id_is_updated_on_a_creating_stream(mocked_keap, tmp_path):
    mocked_keap.patch(f"{BASE}/contacts/41", json={"id": 41})

    run(config(tmp_path), *messages("contacts", {**CONTACT, "id": 41}))

    assert writes(mocked_keap) == [("PATCH", "/contacts/41", CONTACT)]


def test_read_only_fields_a_tap_emits_are_not_sent(mocked_keap, tmp_path):
    mocked_keap.patch(f"{BASE}/notes/5", json={"id": 5})
    record = {"id": 5, "title": "t", "date_created": "2026-01-01T00:00:00Z", "last_updated_by": 1}

    run(config(tmp_path), *messages("notes", record))

    assert writes(mocked_keap) == [("PATCH", "/notes/5", {"title": "t"})]


def test_nulls_and_blank_typed_cells_are_not_sent(mocked_keap, tmp_path):
    mocked_keap.post(f"{BASE}/notes", status_code=201, json={"id": 5})
    record = {"contact_id": 3, "title": "t", "body": None, "user_id": "", "type": None}

    run(config(tmp_path), *messages("notes", record))

    assert writes(mocked_keap) == [("POST", "/notes", {"contact_id": 3, "title": "t"})]


def test_a_number_in_a_text_field_is_sent_as_text(mocked_keap, tmp_path):
    mocked_keap.post(f"{BASE}/companies", status_code=201, json={"id": 5})

    run(
        config(tmp_path),
        *messages("companies", {"company_name": "ACME", "address": {"zip_code": 85001}}),
    )

    assert writes(mocked_keap) == [
        ("POST", "/companies", {"company_name": "ACME", "address": {"zip_code": "85001"}})
    ]


def test_every_stream_operation_can_be_chosen(mocked_keap, tmp_path):
    mocked_keap.delete(f"{BASE}/notes/5", status_code=204)

    run(config(tmp_path, stream_operations={"notes": "delete"}), *messages("notes", {"id": 5}))

    assert writes(mocked_keap) == [("DELETE", "/notes/5", None)]
