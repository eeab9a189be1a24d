"""Records Keap could only refuse are rejected before any call, naming the record and field;
records Keap refuses are rejected with Keap's message; the run goes on either way."""

from __future__ import annotations

import pytest
from keap_target import config, messages, rejects, run, writes

from keap_client.testing import BASE

EMAIL1 = {"email": "ann@example.com", "field": "EMAIL1"}

# (stream, stream operation or None, record, what the reason says)
REFUSED_BEFORE_ANY_CALL = [
    (
        "affiliates",
        None,
        {"code": "A", "contact_id": 3},
        "property 'password' is required by Keap to create affiliates (POST /affiliates)",
    ),
    (
        "appointments",
        None,
        {"title": "x", "start_date": "2026-03-01", "end_date": "2026-03-01T10:00:00Z"},
        "property 'start_date': must be an ISO 8601 date-time",
    ),
    (
        "appointments",
        None,
        {
            "title": "x",
            "start_date": "2026-03-01T09:00:00Z",
            "end_date": "2026-03-01T10:00:00Z",
            "remind_time": 7,
        },
        "property 'remind_time': 7 is not one of Keap's values (5, 10, 15, 30, 60, 120, 240, "
        "480, 1440, 2880)",
    ),
    (
        "contacts",
        None,
        {"given_name": "Ann"},
        "an upsert matches contacts by email address: email_addresses[0].email is required",
    ),
    (
        "contacts",
        "create",
        {"given_name": "Ann"},
        "a new Keap contact needs at least one of email_addresses or phone_numbers",
    ),
    (
        "contacts",
        None,
        {"email_addresses": [{"email": "not-an-address", "field": "EMAIL1"}]},
        "property 'email_addresses'[0]['email']: 'not-an-address' is not a valid email address",
    ),
    (
        "contacts",
        None,
        {"email_addresses": [{"email": "ann@example.com", "field": "EMAIL9"}]},
        "property 'email_addresses'[0]['field']: 'EMAIL9' is not one of Keap's values "
        "(EMAIL1, EMAIL2, EMAIL3)",
    ),
    (
        "contacts",
        None,
        {"email_addresses": [{"email": "ann@example.com"}]},
        "property 'email_addresses'[0]: member 'field' is required by Keap",
    ),
    (
        "contacts",
        None,
        {"email_addresses": [EMAIL1], "addresses": [{"field": "BILLING", "region": "US-AZ"}]},
        "property 'addresses'[0]: country_code is required when region is set",
    ),
    (
        "contacts",
        None,
        {"email_addresses": [EMAIL1], "owner_id": "seven"},
        "property 'owner_id': must be a whole number, got str 'seven'",
    ),
    (
        "contacts",
        None,
        {"email_addresses": [EMAIL1], "given_name": "A\x00nn"},
        "property 'given_name': contains the control character U+0000 (NUL)",
    ),
    (
        "contacts",
        None,
        {"id": "abc", "job_title": "CTO"},
        "property 'id': must be a whole number, got str 'abc'",
    ),
    (
        "companies",
        None,
        {"notes": "no name"},
        "property 'company_name' is required by Keap to create companies",
    ),
    ("notes", None, {"contact_id": 3}, "a Keap note needs a title or a body"),
    (
        "notes",
        "update",
        {"title": "no id"},
        "property 'id' is required: it names the Keap record in /notes/{id}",
    ),
    (
        "order_items",
        None,
        {"product_id": 2, "quantity": 1},
        "property 'order_id' is required: it names the Keap record in /orders/{order_id}/items",
    ),
    (
        "order_items",
        None,
        {"order_id": 5, "product_id": 2, "quantity": 0},
        "property 'quantity': quantity must be at least 1, got 0",
    ),
    (
        "orders",
        None,
        {
            "contact_id": 1,
            "order_date": "2026-03-01T00:00:00Z",
            "order_title": "t",
            "order_type": "Retail",
            "order_items": [{"product_id": 1, "quantity": 1}],
        },
        "property 'order_type': 'Retail' is not one of Keap's values (Online, Offline)",
    ),
    (
        "files",
        None,
        {"file_name": "a", "file_data": "aGk=", "is_public": "yes", "file_association": "USER"},
        "property 'is_public': must be a boolean (true or false), got str 'yes'",
    ),
    (
        "files",
        None,
        {"file_name": "a", "file_data": "aGk=", "is_public": True, "file_association": "CONTACT"},
        "property 'contact_id' is required when file_association is CONTACT",
    ),
    (
        "subscriptions",
        None,
        {"contact_id": 1, "first_bill_date": "2026-13-01"},
        "property 'first_bill_date': must be a date (YYYY-MM-DD)",
    ),
    (
        "tags",
        None,
        {"description": "nameless"},
        "property 'name' is required by Keap to create tags",
    ),
    (
        "tags",
        None,
        {"name": "VIP", **{"_sdc_deleted_at": "2026-01-01T00:00:00Z"}},
        "_sdc_deleted_at is set, but Keap cannot delete tags (this stream can: create)",
    ),
    (
        "users",
        None,
        {"email": "new@", "given_name": "N"},
        "property 'email': 'new@' is not a valid email address",
    ),
    ("contact_tags", None, {"contact_id": 3}, "one of 'tag_id' or 'tag_name' is required"),
    ("contact_tags", None, {"tag_id": 3}, "one of 'contact_id' or 'contact_email' is required"),
    (
        "opportunities",
        None,
        {"opportunity_title": "t", "contact": {"id": 1}, "stage": {}},
        "property 'stage': member 'id' is required by Keap",
    ),
    (
        "orders",
        None,
        {
            "contact_id": 1,
            "order_date": "2026-03-01T00:00:00Z",
            "order_title": "t",
            "order_type": "Online",
            "order_items": [{"product_id": 1, "quantity": 1}],
            "custom_channel": "web",
        },
        "property 'custom_channel': Keap's REST v1 writes no custom fields of orders",
    ),
]


@pytest.mark.parametrize(
    "case", REFUSED_BEFORE_ANY_CALL, ids=[f"{c[0]}:{c[3][:40]}" for c in REFUSED_BEFORE_ANY_CALL]
)
def test_a_record_keap_would_refuse_is_rejected_before_any_call(mocked_keap, tmp_path, case):
    stream, operation, record, reason = case
    operations = {stream: operation} if operation else {}

    run(config(tmp_path, stream_operations=operations), *messages(stream, record))

    assert mocked_keap.request_history == []
    (reject,) = rejects(tmp_path)
    assert reject["stream"] == stream
    assert reject["record"] == record
    assert reject["reason"].startswith(f"input line 2: {stream} record")
    assert reason in reject["reason"]


@pytest.mark.parametrize("status", [400, 404])
def test_keaps_refusal_rejects_the_record_with_keaps_message_and_the_run_goes_on(
    mocked_keap, tmp_path, status
):
    mocked_keap.patch(
        f"{BASE}/contacts/7", status_code=status, json={"message": "BILLING Region is invalid"}
    )
    mocked_keap.patch(f"{BASE}/contacts/8", json={"id": 8})
    refused = {"id": 7, "job_title": "CTO"}

    target = run(config(tmp_path), *messages("contacts", refused, {"id": 8, "job_title": "CEO"}))

    (reject,) = rejects(tmp_path)
    assert reject["record"] == refused
    assert reject["reason"] == (
        f"input line 2: contacts record id=7: Keap refused it (HTTP {status}): "
        "BILLING Region is invalid"
    )
    assert reject["vendor_response"] == {"status": status, "message": "BILLING Region is invalid"}
    assert [call[1] for call in writes(mocked_keap)] == ["/contacts/7", "/contacts/8"]
    assert target.progress.written == 1


def test_a_refused_create_is_forgotten_by_the_journal(mocked_keap, tmp_path):
    mocked_keap.post(
        f"{BASE}/tasks",
        [
            {"status_code": 400, "json": {"message": "Input could not be converted"}},
            {"status_code": 200, "json": {"id": 9}},
        ],
    )
    task = {"title": "Call", "due_date": "2026-03-05T09:00:00Z"}

    run(config(tmp_path), *messages("tasks", task))
    run(config(tmp_path), *messages("tasks", task))  # the fixed Keap side takes it

    assert len(rejects(tmp_path)) == 1
    assert [call[0] for call in writes(mocked_keap)] == ["POST", "POST"]


def test_rejects_end_the_run_with_exit_code_1_when_asked(mocked_keap, tmp_path):
    with pytest.raises(SystemExit) as stopped:
        run(config(tmp_path, fail_on_reject=True), *messages("notes", {"contact_id": 3}))
    assert stopped.value.code == 1


def test_a_stream_without_a_keap_resource_is_rejected_with_the_fix(mocked_keap, tmp_path):
    run(config(tmp_path), *messages("people", {"name": "x"}))

    (reject,) = rejects(tmp_path)
    assert "stream 'people' names no Keap resource" in reject["reason"]
    assert '{"people": {"__alias__": "contacts"}}' in reject["reason"]
    assert mocked_keap.request_history == []


def test_unsent_properties_are_named_once_in_a_warning(mocked_keap, tmp_path, caplog):
    mocked_keap.post(f"{BASE}/notes", status_code=201, json={"id": 5})

    run(
        config(tmp_path),
        *messages(
            "notes",
            {"contact_id": 3, "title": "a", "mood": "x"},
            {"contact_id": 3, "title": "b", "mood": "y"},
        ),
    )

    warnings = [r.getMessage() for r in caplog.records if "not sent" in r.getMessage()]
    assert warnings == ["Stream 'notes': Keap's notes body has no field 'mood'; not sent."]
