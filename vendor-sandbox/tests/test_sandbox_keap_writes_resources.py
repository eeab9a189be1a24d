"""Keap writes of every resource but contacts: status, id, read-back, 400 and 404 answers."""

from __future__ import annotations

import base64
import typing as t
from dataclasses import dataclass

import pytest
from test_sandbox_keap_writes import CONVERT, message, send

from vendor_sandbox.client.base import SandboxControlError

WHEN = "2026-05-01T09:00:00.000Z"
LATER = "2026-05-01T10:00:00.000Z"


@dataclass(frozen=True)
class Create:
    """One create: its call, the status and id Keap answers, and where the record reads back."""

    resource: str
    path: str
    body: dict[str, t.Any]
    status: int
    new_id: t.Any
    read: str
    check: t.Callable[[t.Any], bool]

    def id_of(self, answer: dict[str, t.Any]) -> t.Any:
        if self.resource == "files":
            return answer["file_descriptor"]["id"]
        return answer["key"] if self.resource == "hooks" else answer["id"]


CREATES = [
    Create(
        "companies",
        "/companies",
        {
            "company_name": "Written Co",
            "email_address": "co@shop.example",
            "address": {"line1": "1 Way", "region": "UT", "country_code": "USA"},
            "phone_number": {"number": "555-1", "type": "Work"},
        },
        201,
        11,
        "/companies/11",
        lambda r: r["company_name"] == "Written Co" and r["address"]["region"] == "UT",
    ),
    Create(
        "users",
        "/users",
        {"email": "new.user@shop.example", "given_name": "Nao", "admin": True},
        201,
        4,
        "/users/4",
        lambda r: r["status"] == "Invited" and r["email_address"] == "new.user@shop.example",
    ),
    Create(
        "notes",
        "/notes",
        {"contact_id": 2, "title": "Called", "type": "Call", "user_id": 1},
        201,
        11,
        "/notes/11",
        lambda r: r["contact_id"] == 2 and r["last_updated_by"]["user_id"] == 1,
    ),
    Create(
        "tasks",
        "/tasks",
        {"title": "Follow up", "due_date": WHEN, "contact": {"id": 3}, "remind_time": 15},
        200,
        11,
        "/tasks/11",
        lambda r: r["contact"]["email"] == "contact3@example.com" and r["due_date"] == WHEN,
    ),
    Create(
        "appointments",
        "/appointments",
        {"title": "Demo", "start_date": WHEN, "end_date": LATER, "contact_id": 1, "user": 2},
        201,
        11,
        "/appointments/11",
        lambda r: (r["start_date"], r["end_date"], r["user"]) == (WHEN, LATER, 2),
    ),
    Create(
        "emails",
        "/emails",
        {
            "sent_to_address": "contact1@example.com",
            "contact_id": 1,
            "subject": "Hi",
            "html_content": base64.b64encode(b"<p>Hi</p>").decode(),
            "original_provider": "GOOGLE",
            "original_provider_id": "msg-1",
            "sent_date": WHEN,
        },
        201,
        11,
        "/emails/11",
        lambda r: r["subject"] == "Hi" and r["original_provider_id"] == "msg-1",
    ),
    Create(
        "files",
        "/files",
        {
            "file_name": "note.txt",
            "file_data": base64.b64encode(b"hello").decode(),
            "is_public": False,
            "file_association": "CONTACT",
            "contact_id": 4,
        },
        200,
        11,
        "/files/11",
        lambda r: r["file_descriptor"]["file_size"] == 5 and "file_data" not in r,
    ),
    Create(
        "hooks",
        "/hooks",
        {"eventKey": "contactGroup.applied", "hookUrl": "https://h.example/k"},
        200,
        "3",
        "/hooks/3",
        lambda r: (
            r
            == {
                "key": "3",
                "eventKey": "contactGroup.applied",
                "hookUrl": "https://h.example/k",
                "status": "Unverified",
            }
        ),
    ),
    Create(
        "tags",
        "/tags",
        {"name": "VIP", "description": "Big spenders", "category": {"id": 3}},
        200,
        11,
        "/tags/11",
        lambda r: r["category"]["name"] == "Status",
    ),
    Create(
        "opportunities",
        "/opportunities",
        {
            "opportunity_title": "Deal",
            "contact": {"id": 2},
            "stage": {"id": 4},
            "user": {"id": 1},
            "projected_revenue_high": 5000,
        },
        200,
        11,
        "/opportunities/11",
        lambda r: r["stage"]["name"] == "Won" and r["contact"]["id"] == 2,
    ),
    Create(
        "products",
        "/products",
        {"product_name": "Widget", "product_price": 12.5, "sku": "W-1", "active": True},
        201,
        11,
        "/products/11",
        lambda r: (r["sku"], r["product_price"], r["subscription_plans"]) == ("W-1", 12.5, []),
    ),
    Create(
        "subscriptions",
        "/subscriptions",
        {"contact_id": 4, "subscription_plan_id": 1},
        201,
        11,
        "/subscriptions/11",
        lambda r: (r["product_id"], r["billing_cycle"], r["quantity"]) == (1, "MONTH", 1),
    ),
    Create(
        "affiliates",
        "/affiliates",
        {"code": "NEWAFF", "contact_id": 5, "password": "s3cret", "status": "inactive"},
        201,
        11,
        "/affiliates/11",
        lambda r: (r["code"], r["status"]) == ("NEWAFF", "inactive") and "password" not in r,
    ),
    Create(
        "orders",
        "/orders",
        {
            "contact_id": 2,
            "order_date": WHEN,
            "order_title": "First order",
            "order_type": "Online",
            "order_items": [{"product_id": 2, "quantity": 3, "price": "10.00"}],
        },
        201,
        11,
        "/orders/11",
        lambda r: (
            (r["title"], r["total"], r["total_due"], r["contact"]["id"])
            == (
                "First order",
                30.0,
                30.0,
                2,
            )
        ),
    ),
]


@pytest.mark.parametrize("create", CREATES, ids=lambda create: create.resource)
def test_every_create_answers_keaps_status_and_id_and_reads_back(keap_api, keap, create):
    answer = send(keap_api, "POST", create.path, create.body)

    assert answer.status_code == create.status, answer.text
    assert create.id_of(answer.json()) == create.new_id
    assert create.check(keap_api.get(create.read))
    (entry,) = keap.written(create.resource)
    assert (entry["operation"], entry["id"], entry["ignored_fields"]) == (
        "create",
        create.new_id,
        [],
    )


UPDATES = [
    ("companies", "PATCH", "/companies/2", {"notes": "Patched"}, "/companies/2", "notes"),
    (
        "companies",
        "PATCH",
        "/company/3",
        {"website": "https://w.example"},
        "/companies/3",
        "website",
    ),
    ("notes", "PATCH", "/notes/2", {"body": "Rewritten"}, "/notes/2", "body"),
    ("tasks", "PATCH", "/tasks/2", {"completed": True}, "/tasks/2", "completed"),
    ("tasks", "PUT", "/tasks/3", {"title": "Replaced", "due_date": WHEN}, "/tasks/3", "title"),
    (
        "appointments",
        "PATCH",
        "/appointments/2",
        {"location": "Moon"},
        "/appointments/2",
        "location",
    ),
    (
        "appointments",
        "PUT",
        "/appointments/3",
        {"title": "Again", "start_date": WHEN, "end_date": LATER},
        "/appointments/3",
        "title",
    ),
    (
        "emails",
        "PUT",
        "/emails/2",
        {"sent_to_address": "x@shop.example"},
        "/emails/2",
        "sent_to_address",
    ),
    (
        "opportunities",
        "PATCH",
        "/opportunities/2",
        {"next_action_notes": "Call"},
        "/opportunities/2",
        "next_action_notes",
    ),
    (
        "products",
        "PATCH",
        "/products/2",
        {"product_short_desc": "Short"},
        "/products/2",
        "product_short_desc",
    ),
    (
        "hooks",
        "PUT",
        "/hooks/1",
        {"eventKey": "contact.edit", "hookUrl": "https://example.com/hooks/contact-add"},
        "/hooks/1",
        "eventKey",
    ),
]


@pytest.mark.parametrize(("resource", "method", "path", "body", "read", "field"), UPDATES)
def test_every_update_answers_200_and_changes_only_what_it_sends(
    keap_api, keap, resource, method, path, body, read, field
):
    before = keap_api.get(read)

    answer = send(keap_api, method, path, body)

    assert answer.status_code == 200, answer.text
    after = keap_api.get(read)
    assert after[field] == body[field]
    assert after != before
    assert keap.written(resource)[0]["operation"] == "update"


def test_patch_keeps_unsent_fields_and_put_replaces(keap_api):
    task = keap_api.get("/tasks/2")

    send(keap_api, "PATCH", "/tasks/2", {"priority": 3})
    send(keap_api, "PUT", "/tasks/3", {"title": "Only this", "due_date": WHEN})

    patched = keap_api.get("/tasks/2")
    assert (patched["title"], patched["priority"]) == (task["title"], 3)
    assert patched["modification_date"] > task["modification_date"]
    replaced = keap_api.get("/tasks/3")
    assert (replaced["title"], replaced["description"], replaced["id"]) == ("Only this", None, 3)
    assert replaced["creation_date"] == keap_api.get("/tasks")["tasks"][2]["creation_date"]


def test_a_hook_whose_url_changes_needs_verifying_again(keap_api):
    body = {"eventKey": "contact.add", "hookUrl": "https://elsewhere.example/h"}

    assert send(keap_api, "PUT", "/hooks/1", body).json()["status"] == "Unverified"
    assert keap_api.get("/hooks")[0]["hookUrl"] == "https://elsewhere.example/h"


DELETES = [
    ("notes", "/notes/3", "/notes/3"),
    ("tasks", "/tasks/3", "/tasks/3"),
    ("appointments", "/appointments/3", "/appointments/3"),
    ("emails", "/emails/3", "/emails/3"),
    ("products", "/products/3", "/products/3"),
    ("files", "/files/3", "/files/3"),
    ("hooks", "/hooks/2", "/hooks/2"),
]


@pytest.mark.parametrize(("resource", "path", "read"), DELETES)
def test_every_delete_answers_204_then_404(keap_api, keap, resource, path, read):
    answer = send(keap_api, "DELETE", path)

    assert (answer.status_code, answer.content) == (204, b"")
    assert keap_api.call(read).status_code == 404
    assert send(keap_api, "DELETE", path).status_code == 404
    assert [entry["operation"] for entry in keap.written(resource)] == ["delete"]


def test_account_profile_takes_only_put_and_keeps_what_it_is_not_sent(keap_api, keap):
    answer = send(keap_api, "PUT", "/account/profile", {"name": "Renamed Inc.", "phone": "555"})

    assert answer.status_code == 200
    profile = keap_api.get("/account/profile")
    assert (profile["name"], profile["phone"], profile["currency_code"]) == (
        "Renamed Inc.",
        "555",
        "USD",
    )
    assert keap.records("account_profile") == [profile]
    assert send(keap_api, "PATCH", "/account/profile", {"name": "x"}).status_code == 405
    assert "email" in message(send(keap_api, "PUT", "/account/profile", {"email": "nope"}))


def test_order_items_and_payments_follow_the_order(keap_api, keap):
    order = {
        "contact_id": 1, "order_date": WHEN, "order_title": "Kit", "order_type": "Offline",
        "order_items": [{"product_id": 1, "quantity": 1, "price": "20"}],
    }  # fmt: skip
    send(keap_api, "POST", "/orders", order)

    item = send(
        keap_api, "POST", "/orders/11/items", {"product_id": 3, "quantity": 2, "price": "5"}
    )
    payment = send(
        keap_api,
        "POST",
        "/orders/11/payments",
        {"payment_amount": "30.00", "payment_method_type": "CASH"},
    )

    assert item.status_code == payment.status_code == 201
    assert item.json()["product"]["id"] == 3
    assert set(payment.json()) == {
        "id", "invoice_id", "payment_amount", "payment_status", "transaction_id",
    }  # fmt: skip
    read = keap_api.get("/orders/11")
    assert [entry["product"]["id"] for entry in read["order_items"]] == [1, 3]
    assert (read["total"], read["total_paid"], read["total_due"], read["status"]) == (
        30.0, 30.0, 0.0, "PAID",
    )  # fmt: skip
    (listed,) = keap_api.get("/orders/11/payments")
    assert (listed["id"], listed["amount"]) == (payment.json()["id"], 30.0)
    removed = send(keap_api, "DELETE", f"/orders/11/items/{item.json()['id']}")
    assert removed.status_code == 204
    assert len(keap_api.get("/orders/11")["order_items"]) == 1
    assert send(keap_api, "DELETE", f"/orders/11/items/{item.json()['id']}").status_code == 404
    assert [e["resource"] for e in keap.written()] == [
        "orders", "order_items", "order_payments", "order_items",
    ]  # fmt: skip
    assert keap.written("order_payments")[0]["order_id"] == 11


def test_an_order_with_payments_cannot_be_deleted(keap_api):
    order = {
        "contact_id": 1, "order_date": WHEN, "order_title": "Kit", "order_type": "Online",
        "order_items": [{"product_id": 1, "quantity": 1}],
    }  # fmt: skip
    send(keap_api, "POST", "/orders", order)
    send(keap_api, "POST", "/orders", order)
    send(keap_api, "POST", "/orders/12/payments", {"payment_amount": "1"})

    assert send(keap_api, "DELETE", "/orders/11").status_code == 204
    assert keap_api.call("/orders/11").status_code == 404
    assert "payments" in message(send(keap_api, "DELETE", "/orders/12"))
    assert "payments" in message(send(keap_api, "DELETE", "/orders/1"))


def test_product_subscription_plans_are_listed_on_the_product(keap_api, keap):
    plan = send(
        keap_api, "POST", "/products/2/subscriptions", {"cycle_type": "YEAR", "plan_price": 99}
    )

    assert plan.status_code == 201
    plan_id = plan.json()["id"]
    assert plan.json()["cycle_type"] == "YEAR"
    assert [p["id"] for p in keap_api.get("/products/2")["subscription_plans"]] == [plan_id]
    assert keap_api.get(f"/products/2/subscriptions/{plan_id}")["plan_price"] == 99
    subscription = send(
        keap_api, "POST", "/subscriptions", {"contact_id": 3, "subscription_plan_id": plan_id}
    )
    assert subscription.json()["product_id"] == 2
    assert send(keap_api, "DELETE", f"/products/2/subscriptions/{plan_id}").status_code == 204
    assert keap_api.get("/products/2")["subscription_plans"] == []
    assert send(keap_api, "DELETE", f"/products/2/subscriptions/{plan_id}").status_code == 404
    assert [e["operation"] for e in keap.written("product_subscriptions")] == ["create", "delete"]


# Keap's ProductSubscription (v1 OpenAPI, ballerina-platform/openapi-connectors
# `openapi/keap/openapi.yml` @81158a45a86f line 10049), which Product.subscription_plans holds.
PRODUCT_SUBSCRIPTION = {
    "id", "active", "cycle_type", "frequency", "number_of_cycles", "plan_price",
    "subscription_plan_index", "subscription_plan_name", "url",
}  # fmt: skip


def test_product_subscription_plans_have_keaps_field_names(keap_api):
    body = {"cycle_type": "WEEK", "frequency": 2, "number_of_cycles": 6, "plan_price": 5.5}

    created = send(keap_api, "POST", "/products/2/subscriptions", body).json()

    read = keap_api.get(f"/products/2/subscriptions/{created['id']}")
    (listed,) = keap_api.get("/products/2")["subscription_plans"]
    seeded = keap_api.get("/products/1")["subscription_plans"][0]
    for plan in (created, read, listed, seeded):
        assert set(plan) == PRODUCT_SUBSCRIPTION
    assert created == read == listed
    assert {name: created[name] for name in body} == body
    assert (created["active"], created["subscription_plan_index"]) == (True, 0)
    assert created["subscription_plan_name"] == "Weekly 2"
    assert seeded["cycle_type"] == "MONTH"


def test_an_identical_subscription_is_refused_unless_duplicates_are_allowed(keap_api):
    body = {"contact_id": 4, "subscription_plan_id": 1}

    send(keap_api, "POST", "/subscriptions", body)
    refused = send(keap_api, "POST", "/subscriptions", body)
    allowed = send(keap_api, "POST", "/subscriptions", {**body, "allow_duplicate": True})

    assert "identical subscription" in message(refused)
    assert allowed.status_code == 201


def test_campaign_sequence_members_are_added_and_removed(keap_api, keap):
    added = send(keap_api, "POST", "/campaigns/2/sequences/12/contacts/5")
    twice = send(keap_api, "POST", "/campaigns/2/sequences/12/contacts/5")

    assert added.status_code == twice.status_code == 204
    assert keap.records("campaign_sequence_contacts")[0]["contact_id"] == 5
    assert send(keap_api, "DELETE", "/campaigns/2/sequences/12/contacts/5").status_code == 204
    assert keap.records("campaign_sequence_contacts") == []
    assert [e["operation"] for e in keap.written("campaign_sequence_contacts")] == [
        "create", "create", "delete",
    ]  # fmt: skip


@pytest.mark.parametrize(
    "path",
    [
        "/campaigns/99/sequences/12/contacts/5",
        "/campaigns/2/sequences/13/contacts/5",
        "/campaigns/2/sequences/12/contacts/99",
    ],
)
def test_campaign_sequence_unknown_ids_are_404(keap_api, path):
    assert message(send(keap_api, "POST", path), 404)


REFUSALS = [
    ("/companies", {"notes": "no name"}, ["'company_name' is required"]),
    ("/companies", {"company_name": "C", "email_address": "x"}, ["email_address", "valid email"]),
    (
        "/companies",
        {"company_name": "C", "custom_fields": [{"id": 10, "content": 1}]},
        ["custom_fields[0].id", "10"],
    ),
    ("/users", {"given_name": "No mail"}, ["'email' is required"]),
    ("/notes", {"contact_id": 1}, ["title or body"]),
    ("/notes", {"contact_id": 999, "title": "x"}, ["contact_id", "999"]),
    ("/notes", {"contact_id": 1, "title": "x", "type": "Memo"}, [CONVERT, "type"]),
    ("/tasks", {"title": "No due date"}, ["'due_date' is required"]),
    ("/tasks", {"title": "t", "due_date": WHEN, "remind_time": 7}, [CONVERT, "remind_time"]),
    ("/tasks", {"title": "t", "due_date": {"date": WHEN}}, [CONVERT, "due_date"]),
    ("/appointments", {"title": "t", "start_date": WHEN}, ["'end_date' is required"]),
    ("/emails", {"subject": "x"}, ["'sent_to_address' is required"]),
    (
        "/emails",
        {"sent_to_address": "a@b.example", "plain_content": "<not base64>"},
        [CONVERT, "plain_content"],
    ),
    (
        "/emails",
        {"sent_to_address": "a@b.example", "original_provider": "YAHOO"},
        [CONVERT, "original_provider"],
    ),
    (
        "/files",
        {"file_name": "f", "file_data": "aGk=", "is_public": True, "file_association": "CONTACT"},
        ["contact_id"],
    ),
    (
        "/files",
        {"file_name": "f", "file_data": "aGk=", "is_public": True, "file_association": "TEAM"},
        [CONVERT, "file_association"],
    ),
    (
        "/files",
        {"file_name": "f", "file_association": "USER", "is_public": True},
        ["'file_data' is required"],
    ),
    ("/hooks", {"eventKey": "contact.explode", "hookUrl": "https://h.example"}, ["eventKey"]),
    ("/hooks", {"eventKey": "contact.add", "hookUrl": "ftp://h.example"}, ["hookUrl"]),
    ("/hooks", {"hookUrl": "https://h.example"}, ["'eventKey' is required"]),
    ("/tags", {"description": "no name"}, ["'name' is required"]),
    ("/tags", {"name": "x", "category": {"id": 9}}, ["category.id", "9"]),
    ("/opportunities", {"opportunity_title": "o", "contact": {"id": 1}}, ["'stage' is required"]),
    (
        "/opportunities",
        {"opportunity_title": "o", "contact": {"id": 1}, "stage": {"id": 9}},
        ["stage.id"],
    ),
    (
        "/opportunities",
        {
            "opportunity_title": "o",
            "contact": {"id": 1},
            "stage": {"id": 1},
            "custom_fields": [{"id": 10}],
        },
        ["custom_fields[0].id"],
    ),
    ("/products", {"product_price": 1}, ["'product_name' is required"]),
    ("/products", {"product_name": "p", "product_price": "cheap"}, [CONVERT, "product_price"]),
    ("/subscriptions", {"subscription_plan_id": 1}, ["'contact_id' is required"]),
    (
        "/subscriptions",
        {"contact_id": 1, "subscription_plan_id": 77},
        ["subscription_plan_id", "77"],
    ),
    ("/subscriptions", {"contact_id": 1, "quantity": 0}, ["quantity"]),
    (
        "/subscriptions",
        {"contact_id": 1, "first_bill_date": "2001-01-01"},
        ["first_bill_date", "past"],
    ),
    ("/affiliates", {"code": "A", "contact_id": 1}, ["'password' is required"]),
    (
        "/affiliates",
        {"code": "A", "contact_id": 1, "password": "p", "status": "Active"},
        [CONVERT, "status"],
    ),
    (
        "/orders",
        {"contact_id": 1, "order_date": WHEN, "order_title": "o", "order_items": []},
        ["'order_type' is required"],
    ),
    (
        "/orders",
        {
            "contact_id": 1,
            "order_date": WHEN,
            "order_title": "o",
            "order_type": "Online",
            "order_items": [{"product_id": 1, "quantity": 0}],
        },
        ["order_items[0].quantity"],
    ),
    (
        "/orders",
        {
            "contact_id": 1,
            "order_date": WHEN,
            "order_title": "o",
            "order_type": "Online",
            "order_items": [{"product_id": 1, "quantity": 1, "price": "-1"}],
        },
        ["order_items[0].price"],
    ),
    (
        "/orders",
        {
            "contact_id": 1,
            "order_date": WHEN,
            "order_title": "o",
            "order_type": "Online",
            "order_items": [{"product_id": 99, "quantity": 1}],
        },
        ["order_items[0].product_id", "99"],
    ),
    ("/orders/1/items", {"product_id": 1}, ["'quantity' is required"]),
    ("/orders/1/payments", {"payment_amount": "lots"}, [CONVERT, "payment_amount"]),
    (
        "/products/1/subscriptions",
        {"cycle_type": "FORTNIGHT", "plan_price": 1},
        [CONVERT, "cycle_type"],
    ),
]


@pytest.mark.parametrize(("path", "body", "words"), REFUSALS)
def test_refused_creates_are_400_naming_the_problem_and_change_nothing(
    keap_api, keap, path, body, words
):
    text = message(send(keap_api, "POST", path, body))

    for word in words:
        assert word in text, text
    assert keap.written() == []


NOT_FOUND = [
    ("PATCH", "/companies/99", {"notes": "x"}),
    ("PATCH", "/notes/99", {"title": "x"}),
    ("DELETE", "/notes/99", None),
    ("PATCH", "/tasks/99", {"title": "x"}),
    ("PUT", "/tasks/99", {"title": "x", "due_date": WHEN}),
    ("DELETE", "/appointments/99", None),
    ("PUT", "/emails/99", {"sent_to_address": "a@b.example"}),
    (
        "PUT",
        "/files/99",
        {"file_name": "f", "file_data": "aGk=", "is_public": True, "file_association": "USER"},
    ),
    ("PUT", "/hooks/99", {"eventKey": "contact.add", "hookUrl": "https://h.example"}),
    ("DELETE", "/hooks/abc", None),
    ("PATCH", "/opportunities/99", {"opportunity_title": "x"}),
    ("PATCH", "/products/99", {"sku": "x"}),
    ("DELETE", "/products/99", None),
    ("DELETE", "/orders/99", None),
    ("POST", "/orders/99/items", {"product_id": 1, "quantity": 1}),
    ("DELETE", "/orders/1/items/999", None),
    ("POST", "/orders/99/payments", {"payment_amount": "1"}),
    ("POST", "/products/99/subscriptions", {"cycle_type": "MONTH", "plan_price": 1}),
    ("DELETE", "/products/1/subscriptions/999", None),
]


@pytest.mark.parametrize(("method", "path", "body"), NOT_FOUND)
def test_unknown_ids_in_paths_are_404(keap_api, keap, method, path, body):
    assert message(send(keap_api, method, path, body), 404)
    assert keap.written() == []


def test_the_write_log_lists_every_resource_and_refuses_unknown_ones(keap, keap_api):
    send(keap_api, "POST", "/tags", {"name": "Logged"})

    assert [entry["resource"] for entry in keap.written()] == ["tags"]
    assert keap.written("notes") == []
    with pytest.raises(SandboxControlError, match="widgets"):
        keap.written("widgets")


LOOKUPS = [
    ("/contacts", {"given_name": "aiko"}, "contacts", [1, 10, 19]),
    ("/contacts", {"family_name": "Smith", "given_name": "Ben"}, "contacts", [2]),
    ("/contacts", {"email": "Contact7@Example.com"}, "contacts", [7]),
    ("/contacts", {"email": "contact07@example.com"}, "contacts", []),
    ("/companies", {"company_name": "acme 8"}, "companies", [8]),
    ("/tags", {"name": "Tag 4"}, "tags", [4]),
    ("/tags", {"category": "2"}, "tags", [2, 5, 8]),
    ("/notes", {"contact_id": "3"}, "notes", [3]),
    ("/notes", {"user_id": "2"}, "notes", [2, 5, 8]),
    ("/tasks", {"contact_id": "4"}, "tasks", [4]),
    ("/appointments", {"contact_id": "5"}, "appointments", [5]),
    ("/orders", {"contact_id": "6"}, "orders", [6]),
    ("/orders", {"product_id": "2"}, "orders", [2]),
    ("/subscriptions", {"contact_id": "7"}, "subscriptions", [7]),
    ("/affiliates", {"code": "aff0003"}, "affiliates", [3]),
    ("/affiliates", {"status": "inactive"}, "affiliates", [1, 7]),
    ("/opportunities", {"stage_id": "2"}, "opportunities", [2, 7]),
    ("/opportunities", {"user_id": "1"}, "opportunities", [1, 4, 7, 10]),
    ("/opportunities", {"search_term": "contact9@"}, "opportunities", [9]),
    ("/emails", {"email": "contact2@example.com"}, "emails", [2]),
]


@pytest.mark.parametrize(("path", "params", "key", "expected"), LOOKUPS)
def test_list_filters_a_writer_looks_records_up_with(keap_api, path, params, key, expected):
    assert [record["id"] for record in keap_api.get(path, **params)[key]] == expected


def test_look_ups_find_what_was_written_and_lose_what_was_changed(keap_api):
    send(
        keap_api,
        "PATCH",
        "/contacts/7",
        {"email_addresses": [{"email": "moved@shop.example", "field": "EMAIL1"}]},
    )
    send(keap_api, "POST", "/tags", {"name": "Fresh tag"})

    assert [
        c["id"] for c in keap_api.get("/contacts", email="contact7@example.com")["contacts"]
    ] == []
    assert [c["id"] for c in keap_api.get("/contacts", email="moved@shop.example")["contacts"]] == [
        7
    ]
    assert [t["id"] for t in keap_api.get("/tags", name="fresh TAG")["tags"]] == [11]


def test_a_percent_encoded_hook_key_is_decoded_and_stays_one_segment(keap_api, keap):
    hook = {"eventKey": "contact.add", "hookUrl": "https://h.example"}
    # "%31" is "1": the seeded hook of key 1.
    assert send(keap_api, "PUT", "/hooks/%31", hook).json()["key"] == "1"
    answer = send(keap_api, "DELETE", "/hooks/1%2F..", None)
    assert message(answer, 404) == "hook with key '1/..' not found"
    assert [entry["method"] for entry in keap.written()] == ["PUT"]
