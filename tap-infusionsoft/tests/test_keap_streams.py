"""Streams against a mocked account: paging, since windows, custom fields, children."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from keap_mock import BASE, bookmark, calls_to, contacts, page, records_of, run_tap, singer_output
from singer_sdk.exceptions import ConfigValidationError

from tap_infusionsoft.tap import TapInfusionsoft


def sync(capsys, config: dict, *names: str, state: dict | None = None) -> list[dict]:
    """Run the tap in-process on the named streams; return its Singer messages."""
    run_tap(config, *names, state=state)
    return singer_output(capsys)


def test_custom_fields_become_typed_properties(mocked_keap, key_config):
    tap = TapInfusionsoft(config=key_config)
    contacts_schema = tap.streams["contacts"].schema["properties"]
    assert "custom_fields" not in contacts_schema
    assert contacts_schema["custom_favourite_colour"]["type"] == ["string", "null"]
    assert contacts_schema["custom_field_7"]["type"] == ["integer", "null"]
    assert "会員番号" in contacts_schema["custom_field_7"]["description"]
    assert contacts_schema["custom_vip"]["type"] == ["boolean", "null"]
    assert tap.streams["companies"].schema["properties"]["custom_rank"]["type"] == [
        "number",
        "null",
    ]


def test_custom_fields_can_be_left_out(mocked_keap, key_config):
    tap = TapInfusionsoft(config={**key_config, "custom_fields": False})
    assert "custom_fields" not in [urlsplit(r.url).path for r in mocked_keap.request_history]
    assert not any(r.url.endswith("/model") for r in mocked_keap.request_history)
    assert "custom_favourite_colour" not in tap.streams["contacts"].schema["properties"]


def test_contacts_page_by_time_so_no_record_is_skipped(mocked_keap, key_config, capsys):
    first = contacts(1, 3)
    first[2]["last_updated"] = first[1]["last_updated"]  # two records share a time
    mocked_keap.get(
        f"{BASE}/contacts",
        [
            {"json": page("contacts", first, count=5)},
            {"json": page("contacts", contacts(4, 2), count=3)},
        ],
    )
    rows = records_of(sync(capsys, {**key_config, "page_size": 3}, "contacts"), "contacts")

    assert [row["id"] for row in rows] == [1, 2, 3, 4, 5]
    first_call, second_call = calls_to(mocked_keap, "/contacts")
    assert first_call["order"] == "last_updated"
    assert first_call["order_direction"] == "ASCENDING"
    assert first_call["optional_properties"] == "custom_fields"
    assert "since" not in first_call
    assert first_call["offset"] == "0"
    assert second_call["since"] == "2026-01-01T00:00:02.000Z"
    assert second_call["offset"] == "2"  # the two records stamped :02 were read already
    assert rows[0]["custom_favourite_colour"] == "blue"
    assert rows[0]["custom_field_7"] == 1
    assert rows[0]["custom_vip"] is None


def test_offset_paging_stops_at_count_or_a_short_page(mocked_keap, key_config):
    tags = [{"id": i, "name": f"t{i}"} for i in range(5)]
    mocked_keap.get(
        f"{BASE}/tags",
        [{"json": page("tags", tags[i : i + 2], count=5)} for i in range(0, 6, 2)],
    )
    tap = TapInfusionsoft(config={**key_config, "page_size": 2})
    rows = list(tap.streams["tags"].get_records(None))
    assert [row["id"] for row in rows] == [0, 1, 2, 3, 4]
    assert [call["offset"] for call in calls_to(mocked_keap, "/tags")] == ["0", "2", "4"]
    assert {call["limit"] for call in calls_to(mocked_keap, "/tags")} == {"2"}


def test_since_comes_from_the_bookmark_and_until_closes_the_window(mocked_keap, key_config, capsys):
    mocked_keap.get(f"{BASE}/transactions", json=page("transactions", []))
    state = bookmark("transactions", "transaction_date", "2026-02-03T04:05:06.789Z")
    sync(capsys, key_config, "transactions", state=state)
    (call,) = calls_to(mocked_keap, "/transactions")
    assert call["since"] == "2026-02-03T04:05:06.789Z"
    assert call["until"] > call["since"]


def test_first_run_starts_at_start_date(mocked_keap, key_config, capsys):
    mocked_keap.get(f"{BASE}/emails", json=page("emails", []))
    sync(capsys, {**key_config, "start_date": "2025-12-31T00:00:00Z"}, "emails")
    (call,) = calls_to(mocked_keap, "/emails")
    assert call["since_sent_date"] == "2025-12-31T00:00:00.000Z"
    assert "until_sent_date" in call


def test_a_custom_value_of_the_wrong_type_is_null_and_logged(
    mocked_keap, key_config, caplog, capsys
):
    mocked_keap.get(
        f"{BASE}/contacts",
        json=page(
            "contacts",
            [{"id": 9, "custom_fields": [{"id": 7, "content": "abc"}, {"id": 99, "content": "x"}]}],
        ),
    )
    (row,) = records_of(sync(capsys, key_config, "contacts"), "contacts")
    assert row["custom_field_7"] is None
    assert "contacts record id=9: custom field custom_field_7" in caplog.text
    assert "custom field id 99 is not in the discovered schema" in caplog.text


def test_orders_hand_items_to_their_child_and_fetch_payments(mocked_keap, key_config, capsys):
    orders = [
        {
            "id": 1,
            "modification_date": "2026-01-01T00:00:00.000Z",
            "order_items": [{"id": 10, "name": "A"}, {"id": 11, "name": "B"}],
            "custom_fields": [{"id": 11, "content": "web"}],
        },
        {"id": 2, "modification_date": "2026-01-02T00:00:00.000Z", "order_items": []},
    ]
    mocked_keap.get(f"{BASE}/orders", json=page("orders", orders))
    mocked_keap.get(f"{BASE}/orders/1/payments", json=[{"id": 100, "amount": 5.0}])
    mocked_keap.get(f"{BASE}/orders/2/payments", json=[])
    mocked_keap.get(f"{BASE}/orders/1/transactions", json=page("transactions", [{"id": 7}]))
    mocked_keap.get(f"{BASE}/orders/2/transactions", json=page("transactions", []))
    output = sync(
        capsys, key_config, "orders", "order_items", "order_payments", "order_transactions"
    )

    assert [r["custom_channel"] for r in records_of(output, "orders")] == ["web", None]
    assert records_of(output, "order_items") == [
        {"order_id": 1, "id": 10, "name": "A"},
        {"order_id": 1, "id": 11, "name": "B"},
    ]
    assert records_of(output, "order_payments") == [{"order_id": 1, "id": 100, "amount": 5.0}]
    assert records_of(output, "order_transactions") == [{"order_id": 1, "id": 7}]
    assert not any("/items" in r.url for r in mocked_keap.request_history)
    final = [m for m in output if m["type"] == "STATE"][-1]["value"]["bookmarks"]
    assert final["orders"]["replication_key_value"] == "2026-01-02T00:00:00.000Z"
    assert "partitions" not in final.get("order_payments", {})


def test_tagged_contacts_are_flattened_with_their_tag(mocked_keap, key_config, capsys):
    mocked_keap.get(f"{BASE}/tags", json=page("tags", [{"id": 5, "name": "vip"}]))
    mocked_keap.get(
        f"{BASE}/tags/5/contacts",
        json=page(
            "contacts",
            [
                {
                    "contact": {"id": 3, "email": "a@example.com"},
                    "date_applied": "2026-01-01T00:00:00.000Z",
                }
            ],
        ),
    )
    (row,) = records_of(sync(capsys, key_config, "tags", "tagged_contacts"), "tagged_contacts")
    assert row == {
        "tag_id": 5,
        "contact_id": 3,
        "email": "a@example.com",
        "first_name": None,
        "last_name": None,
        "date_applied": "2026-01-01T00:00:00.000Z",
    }


def test_streams_without_a_time_filter_skip_records_older_than_the_bookmark(
    mocked_keap, key_config, capsys
):
    notes = [
        {"id": 1, "last_updated": "2026-01-01T00:00:00.000+0000"},
        {"id": 2, "last_updated": "2026-03-01T00:00:00.000+0000"},
        {"id": 3, "last_updated": None},
    ]
    mocked_keap.get(f"{BASE}/notes", json=page("notes", notes))
    state = bookmark("notes", "last_updated", "2026-02-01T00:00:00Z")
    output = sync(capsys, key_config, "notes", state=state)
    assert [row["id"] for row in records_of(output, "notes")] == [2, 3]
    (call,) = calls_to(mocked_keap, "/notes")
    assert "since" not in call


def test_a_contact_a_shifting_page_missed_is_not_taken_for_deleted(mocked_keap, key_config, capsys):
    # Contact 2 is absent from the list (a deletion mid-read shifted the offsets) but still
    # exists; contact 4 is really gone.
    listing = [{"id": 1, "email_addresses": [{"email": "a@example.jp"}]}, {"id": 3}]
    mocked_keap.get(f"{BASE}/contacts", json=page("contacts", listing))
    mocked_keap.get(
        f"{BASE}/contacts/2", json={"id": 2, "email_addresses": [{"email": "b2@example.jp"}]}
    )
    mocked_keap.get(f"{BASE}/contacts/4", status_code=404, json={"message": "Contact not found"})
    known = [[1, "a@example.jp"], [2, "b@example.jp"], [3, "c@example.jp"], [4, "d@example.jp"]]
    state = {"bookmarks": {"deleted_contacts": {"known_contacts": known}}}

    output = sync(capsys, {**key_config, "page_size": 3}, "deleted_contacts", state=state)

    assert [(r["id"], r["email"]) for r in records_of(output, "deleted_contacts")] == [
        (4, "d@example.jp")
    ]
    final = [m["value"] for m in output if m["type"] == "STATE"][-1]
    assert final["bookmarks"]["deleted_contacts"]["known_contacts"] == [
        [1, "a@example.jp"],
        [2, "b2@example.jp"],
    ]
    (call,) = calls_to(mocked_keap, "/contacts")
    assert call == {"order": "id", "order_direction": "ASCENDING", "limit": "1000", "offset": "0"}


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ({}, "No Keap credentials"),
        ({"api_key": "k", "client_id": "c"}, "not both"),
        ({"client_id": "c", "client_secret": "s"}, "missing: refresh_token"),
        ({"api_key": "k", "page_size": 5000}, "page_size must be between 1 and 1000"),
        ({"api_key": "k", "max_calls_per_second": 0}, "max_calls_per_second must be at least 1"),
    ],
)
def test_bad_config_is_a_clear_error(mocked_keap, tmp_path, config, message):
    with pytest.raises(ConfigValidationError) as raised:
        TapInfusionsoft(config={"base_url": BASE, "state_dir": str(tmp_path), **config})
    assert message in " ".join(raised.value.errors)
