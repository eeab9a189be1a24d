"""plan.py: each record's operation, call, path and body; the journal's digest."""

from __future__ import annotations

import pytest

from singer_commons.errors import RecordRejected
from target_infusionsoft.plan import operation_of, plan_action
from target_infusionsoft.resources import BY_STREAM, CREATE, DELETE, UPDATE, UPSERT


def plan(stream: str, record: dict, operation=None):
    resource = BY_STREAM[stream]
    return plan_action(
        resource,
        record,
        operation or resource.default,
        label="input line 2: test",
        custom_fields=lambda: None,
        duplicate_option="Email",
    )


@pytest.mark.parametrize(
    ("stream", "record", "configured", "expected"),
    [
        ("notes", {"title": "t"}, CREATE, CREATE),
        ("notes", {"id": 5, "title": "t"}, CREATE, UPDATE),
        ("notes", {"id": 5, "_sdc_deleted_at": "2026-01-01"}, CREATE, DELETE),
        ("notes", {"id": 5}, DELETE, DELETE),
        ("contacts", {"id": 5}, UPSERT, UPDATE),
        ("contacts", {"id": None}, UPSERT, UPSERT),
        ("tags", {"id": 5, "name": "t"}, CREATE, CREATE),  # tags cannot be updated
        ("hooks", {"key": "k1", "eventKey": "e"}, CREATE, UPDATE),
    ],
)
def test_the_operation_of_a_record(stream, record, configured, expected):
    assert operation_of(BY_STREAM[stream], record, configured) is expected


def test_path_parameters_come_from_the_record():
    action = plan("order_items", {"order_id": 5.0, "product_id": 2, "quantity": 1})
    assert action.path == "/orders/5/items"
    assert action.body == {"product_id": 2, "quantity": 1}


@pytest.mark.parametrize(
    ("key", "path"),
    [
        ("h1", "/hooks/h1"),
        ("../contacts/5", "/hooks/..%2Fcontacts%2F5"),
        ("1?x=y#z", "/hooks/1%3Fx%3Dy%23z"),
        ("a b%", "/hooks/a%20b%25"),
    ],
)
def test_a_text_id_is_one_path_segment_and_names_no_other_path(key, path):
    action = plan("hooks", {"key": key, "_sdc_deleted_at": "2026-01-01T00:00:00Z"})
    assert action.path == path
    assert action.path_values == {"key": key}


@pytest.mark.parametrize("key", [".", "..", "..."])
def test_a_text_id_of_dots_alone_is_refused(key):
    with pytest.raises(RecordRejected, match=r"cannot name a Keap record in /hooks/\{key\}"):
        plan("hooks", {"key": key, "_sdc_deleted_at": "2026-01-01T00:00:00Z"})


def test_the_digest_is_of_what_is_sent_not_of_what_is_left_out():
    first = plan("notes", {"contact_id": 3, "title": "t", "last_updated": "2026-01-01T00:00:00Z"})
    again = plan("notes", {"title": "t", "contact_id": 3, "date_created": "2025-12-01"})
    other = plan("notes", {"contact_id": 3, "title": "u"})
    assert first.digest == again.digest
    assert first.digest != other.digest


def test_only_creates_that_must_not_be_repeated_are_digested():
    assert plan("notes", {"id": 3, "title": "t"}).digest is None
    assert (
        plan("contacts", {"email_addresses": [{"email": "a@b.example", "field": "EMAIL1"}]}).digest
        is None
    )
    assert plan("contact_tags", {"contact_id": 1, "tag_id": 2}).digest is None
    assert plan("notes", {"contact_id": 3, "title": "t"}).digest is not None


def test_a_reason_starts_with_the_records_label():
    with pytest.raises(RecordRejected, match=r"^input line 2: test: a Keap note needs a title"):
        plan("notes", {"contact_id": 3})
