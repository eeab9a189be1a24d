"""Control of the XML-RPC data: seed, touch, create, rows, reset, and bad input."""

from __future__ import annotations

import pytest
from sandbox_xmlrpc_helpers import KEY, iso_to_wire, proxy, wire

from vendor_sandbox.client.base import SandboxControlError


def test_the_url_property(keap):
    assert keap.xmlrpc.url == f"{keap.base_url}/keap/crm/xmlrpc/v1"


def test_seed_replaces_the_data_with_defaults_for_the_rest(keap):
    counts = keap.xmlrpc.seed(Contact=40, Invoice=2)
    rpc = proxy(keap.xmlrpc.url)

    assert counts["Contact"] == 40
    assert counts["Invoice"] == 2
    assert counts["Company"] == 5
    assert rpc.DataService.count(KEY, "Contact", {}) == 40
    assert rpc.DataService.count(KEY, "Invoice", {}) == 2
    assert len(keap.xmlrpc.rows("Contact")) == 40


def test_reset_restores_the_default_seed(keap, sandbox):
    keap.xmlrpc.seed(Contact=3)
    sandbox.reset()

    assert len(keap.xmlrpc.rows("Contact")) == 25


def test_seeded_last_updated_is_before_now(clocked_keap):
    rows = clocked_keap.keap.xmlrpc.rows("Contact")

    # The manual clock's now is 2026-11-23 07:00:00 in America/New_York.
    assert max(row["LastUpdated"] for row in rows) < "2026-11-23T07:00:00"
    assert len({row["LastUpdated"][:10] for row in rows}) > 10


def test_touch_stamps_now_in_the_app_zone_for_incremental_queries(clocked_keap):
    keap = clocked_keap.keap
    rpc = proxy(keap.xmlrpc.url)
    bookmark = max(row["LastUpdated"] for row in keap.xmlrpc.rows("Contact"))
    clocked_keap.clock.advance(90)

    touched = keap.xmlrpc.touch("Contact", [3, 5])

    assert [row["Id"] for row in touched] == [3, 5]
    assert touched[0]["LastUpdated"] == "2026-11-23T07:01:30"
    assert touched[1]["LastUpdated"] == "2026-11-23T07:01:31"  # a second past the first
    assert touched[0]["JobTitle"].endswith("(edited)")
    since = bookmark.replace("T", " ")
    changed = rpc.DataService.query(
        KEY, "Contact", 1000, 0, {"LastUpdated": f"~>~{since}"}, ["Id", "LastUpdated"]
    )
    assert [row["Id"] for row in changed] == [3, 5]
    assert wire(changed[0]["LastUpdated"]) == iso_to_wire(touched[0]["LastUpdated"])


def test_create_adds_rows_stamped_now(clocked_keap):
    keap = clocked_keap.keap
    rpc = proxy(keap.xmlrpc.url)

    created = keap.xmlrpc.create("Contact", 2)

    assert [row["Id"] for row in created] == [26, 27]
    assert created[0]["DateCreated"] == created[0]["LastUpdated"] == "2026-11-23T07:00:00"
    assert rpc.DataService.count(KEY, "Contact", {"DateCreated": "~>=~2026-11-23"}) == 2
    row = rpc.DataService.load(KEY, "Contact", 27, ["Id", "Email"])
    assert row == {"Id": 27, "Email": "contact27@example.com"}


def test_touch_and_create_work_on_other_stamped_tables(keap):
    assert keap.xmlrpc.touch("Company", [1])[0]["Company"].endswith("(edited)")
    assert keap.xmlrpc.touch("Invoice", [1])[0]["Id"] == 1
    assert keap.xmlrpc.create("Lead", 1)[0]["Id"] == 6


def test_rows_hold_every_field_with_null_for_empty(keap):
    row = keap.xmlrpc.rows("Contact")[3]

    assert row["Id"] == 4
    assert row["City"] is None
    assert set(row) >= {"Email", "EmailAddress2", "Groups", "_Region", "_Score", "_SignupDate"}
    assert len(keap.xmlrpc.rows("ContactGroupAssign")) > 0


@pytest.mark.parametrize(
    ("path", "body", "word"),
    [
        ("xmlrpc_seed", {"Widget": 3}, "Widget"),
        ("xmlrpc_seed", {"Contact": -1}, "Contact"),
        ("xmlrpc_seed", {"saved_search_rows": "many"}, "saved_search_rows"),
        ("xmlrpc_touch", {"table": "Contact", "ids": "1"}, "ids"),
        ("xmlrpc_touch", {"table": "Contact", "ids": [999]}, "999"),
        ("xmlrpc_touch", {"table": "Product", "ids": [1]}, "table"),
        ("xmlrpc_touch", {"ids": [1]}, "table"),
        ("xmlrpc_create", {"table": "Contact", "count": -2}, "count"),
        ("xmlrpc_create", {"table": "Nope"}, "table"),
    ],
)
def test_bad_control_input_is_400_naming_the_field(keap, path, body, word):
    with pytest.raises(SandboxControlError, match=word) as raised:
        keap._call("POST", path, body)

    assert "HTTP 400" in str(raised.value)


def test_unknown_table_rows_is_400_and_post_is_405(keap):
    with pytest.raises(SandboxControlError, match="Nope"):
        keap.xmlrpc.rows("Nope")
    with pytest.raises(SandboxControlError, match="405"):
        keap._call("POST", "xmlrpc_rows/Contact", {})
