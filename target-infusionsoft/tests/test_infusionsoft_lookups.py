"""lookups.py: finding a sent record among Keap's, page by page, compared client-side."""

from __future__ import annotations

import pytest
from keap_target import calls

from keap_client.connection import KeapConnection
from keap_client.settings import KeapConnectionSettings
from keap_client.testing import BASE, api_key_config
from target_infusionsoft.lookups import Lookup, all_of, dig, same, same_email, same_moment


@pytest.fixture
def connection(mocked_keap, tmp_path) -> KeapConnection:
    return KeapConnection(KeapConnectionSettings.from_config(api_key_config(tmp_path)))


def test_dig_reads_dotted_paths_through_objects_and_lists():
    record = {"contact": {"id": 3}, "email_addresses": [{"email": "a@b.example"}]}
    assert dig(record, "contact.id") == 3
    assert dig(record, "email_addresses.0.email") == "a@b.example"
    assert dig(record, "email_addresses.1.email") is None
    assert dig(record, "stage.id") is None


def test_comparisons():
    sent = {"title": "Call", "start_date": "2026-03-01T10:00:00Z", "email": "Ann@Example.com"}
    assert same("title")(sent, {"title": "Call"})
    assert not same("title")(sent, {"title": "call"})
    assert same("missing")(sent, {})  # a field the body lacks is not compared
    assert same_moment("start_date")(sent, {"start_date": "2026-03-01T10:00:00.000+00:00"})
    assert not same_moment("start_date")(sent, {"start_date": "2026-03-01T11:00:00Z"})
    assert same_email("email", "email_address")(sent, {"email_address": "ann@example.com"})
    assert same_email("email", "addresses[].email")(
        sent, {"addresses": [{"email": "x@example.com"}, {"email": "ANN@example.com"}]}
    )


def test_a_list_is_read_until_a_short_page_with_the_records_filters(mocked_keap, connection):
    page = [{"id": i, "name": f"tag {i}"} for i in range(1000)]
    mocked_keap.get(
        f"{BASE}/tags",
        [
            {"json": {"tags": page, "count": 1500}},
            {"json": {"tags": [{"id": 1000, "name": "VIP"}], "count": 1500}},
        ],
    )
    lookup = Lookup("/tags", "tags", all_of(same("name")), {"name": "name"}, needs=("name",))

    assert lookup.find(connection, {"name": "VIP"}, {}) == {"id": 1000, "name": "VIP"}
    assert [path for _, path, _ in calls(mocked_keap)] == [
        "/tags?limit=1000&name=VIP&offset=0",
        "/tags?limit=1000&name=VIP&offset=1000",
    ]


def test_reading_stops_at_the_count(mocked_keap, connection):
    mocked_keap.get(f"{BASE}/tags", json={"tags": [{"id": 1, "name": "x"}] * 1000, "count": 1000})
    lookup = Lookup("/tags", "tags", all_of(same("name")), {"name": "name"})

    assert lookup.find(connection, {"name": "VIP"}, {}) is None
    assert mocked_keap.call_count == 1


def test_a_bare_array_and_a_nested_list_are_one_call(mocked_keap, connection):
    mocked_keap.get(f"{BASE}/hooks", json=[{"key": "7", "eventKey": "contact.add", "hookUrl": "u"}])
    mocked_keap.get(
        f"{BASE}/orders/5",
        json={"id": 5, "order_items": [{"id": 51, "product": {"id": 2}, "quantity": 3}]},
    )
    hooks = Lookup("/hooks", None, all_of(same("eventKey"), same("hookUrl")))
    items = Lookup(
        "/orders/{order_id}", None, all_of(same("product_id", "product.id")), nested="order_items"
    )

    assert hooks.find(connection, {"eventKey": "contact.add", "hookUrl": "u"}, {})["key"] == "7"
    assert items.find(connection, {"product_id": 2}, {"order_id": "5"})["id"] == 51
    assert mocked_keap.call_count == 2


def test_a_look_up_needs_what_it_compares():
    lookup = Lookup("/tags", "tags", all_of(same("name")), needs=("name",))
    assert lookup.possible({"name": "VIP"})
    assert not lookup.possible({"name": ""})
    assert not lookup.possible({})
