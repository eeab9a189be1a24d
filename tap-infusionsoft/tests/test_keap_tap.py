"""tap-infusionsoft as a real process against the Keap sandbox."""

from __future__ import annotations

import base64
import json
import math
import re
from pathlib import Path

import pytest
import requests

from singer_commons.clock import NOW_ENV
from vendor_sandbox.keap.seedkit import BASE_TIME, STEP
from vendor_sandbox.testing.keap import (
    API_KEY,
    FIRST_REFRESH_TOKEN,
    TAP,
    bookmark,
    key_config,
    oauth_config,
)
from vendor_sandbox.testing.runner import selecting

CONTACTS = 2500


@pytest.fixture
def catalog(keap, run_plugin, tmp_path):
    """The discovered catalog of the seeded sandbox."""
    run = run_plugin(TAP, key_config(keap, str(tmp_path / "discover")), args=("--discover",))
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout)


def calls(counters: dict, endpoint: str) -> int:
    return counters["by_path"].get(endpoint, 0)


def test_full_then_incremental_reads_only_what_changed(keap, run_plugin, tmp_path):
    keap.seed(contacts=CONTACTS, default=4)
    config = key_config(keap, str(tmp_path / "state"))

    first = run_plugin(TAP, config)

    assert first.returncode == 0, first.stderr
    contacts = first.records("contacts")
    assert sorted(r["id"] for r in contacts) == list(range(1, CONTACTS + 1))
    counters = keap.counters()
    assert calls(counters, "GET /contacts") == math.ceil(CONTACTS / 1000)
    for stream in ("companies", "tags", "orders", "transactions", "products", "affiliates"):
        held = keap.records(stream)
        assert sorted(r["id"] for r in first.records(stream)) == sorted(r["id"] for r in held)
    assert first.records("order_items"), "order items come from the orders themselves"
    assert calls(counters, "GET /orders/{id}/items") == 0
    states = first.states()
    assert bookmark(states, "contacts") == max(r["last_updated"] for r in contacts)

    touched = keap.touch("contacts", [10, 2000])
    created = keap.create("contacts", 1)
    keap.touch("orders", [2])
    second = run_plugin(TAP, config, state=states[-1])

    assert second.returncode == 0, second.stderr
    read = {r["id"] for r in second.records("contacts")}
    # `since` is inclusive: the newest contact of the first run, stamped at the bookmark, again.
    assert read == {10, 2000, created[0]["id"], CONTACTS}
    assert {r["id"]: r["given_name"] for r in second.records("contacts")}[10] == touched[0][
        "given_name"
    ]
    # Order 4 is the newest of the first run, stamped at the bookmark.
    assert sorted(r["id"] for r in second.records("orders")) == [2, 4]
    assert {r["order_id"] for r in second.records("order_payments")} <= {2, 4}


def test_a_run_reads_changes_up_to_its_clock_and_no_further(keap, run_plugin, tmp_path):
    """The window closes at the plugin's clock (SINGER_CONNECTORS_NOW, like every plugin's)."""
    keap.seed(contacts=CONTACTS, default=0)
    config = key_config(keap, str(tmp_path / "state"))
    # Seeded contact i (id i + 1) is stamped 2026-01-01 + i minutes: ids 1..10 are earlier
    # than `now`, id 11 is stamped at it (`until` is exclusive).
    now = (BASE_TIME + 10 * STEP).isoformat()

    early = run_plugin(TAP, config, env={NOW_ENV: now})

    assert early.returncode == 0, early.stderr
    assert sorted(r["id"] for r in early.records("contacts")) == list(range(1, 11))
    later = run_plugin(TAP, config, state=early.states()[-1])
    assert later.returncode == 0, later.stderr
    # `since` is inclusive: the last contact of the first run comes again, then the rest.
    assert sorted(r["id"] for r in later.records("contacts")) == list(range(10, CONTACTS + 1))


def test_custom_fields_are_typed_properties(keap, catalog):
    contacts = next(s for s in catalog["streams"] if s["tap_stream_id"] == "contacts")
    properties = contacts["schema"]["properties"]
    custom = {name: spec for name, spec in properties.items() if name.startswith("custom_")}
    assert custom, "the sandbox defines contact custom fields"
    assert "custom_fields" not in properties
    types = {spec["type"][0] for spec in custom.values()}
    assert {"string", "integer", "boolean"} <= types


def test_records_carry_custom_values_in_their_types(keap, run_plugin, tmp_path, catalog):
    keap.seed(contacts=5, default=2)
    run = run_plugin(
        TAP, key_config(keap, str(tmp_path / "s")), catalog=selecting(catalog, "contacts")
    )
    assert run.returncode == 0, run.stderr
    schema = next(s for s in catalog["streams"] if s["tap_stream_id"] == "contacts")["schema"]
    for record in run.records("contacts"):
        for name, spec in schema["properties"].items():
            if name.startswith("custom_") and record.get(name) is not None:
                expected = {"string": str, "integer": int, "boolean": bool, "number": float}
                assert isinstance(record[name], expected[spec["type"][0]]), (name, record[name])


def test_oauth_rotation_survives_a_token_shorter_than_the_run(keap, run_plugin, tmp_path, catalog):
    keap.seed(contacts=40, default=2)
    keap.configure(token_ttl=1, latency=0.15)
    config = oauth_config(keap, str(tmp_path / "state"), page_size=5)
    only_contacts = selecting(catalog, "contacts")

    first = run_plugin(TAP, config, catalog=only_contacts)
    second = run_plugin(TAP, config, catalog=only_contacts)  # config still holds refresh-0

    assert first.returncode == 0, first.stderr
    assert second.returncode == 0, second.stderr
    assert len(first.records("contacts")) == len(second.records("contacts")) == 40
    counters = keap.counters()
    assert counters["token_calls"] >= 3  # refreshed mid-run, and again by the second run
    assert counters["refresh_tokens_rejected"] == 0
    store = next(Path(config["state_dir"]).glob("keap-oauth-*.json"))
    assert oct(store.stat().st_mode & 0o777) == "0o600"
    assert json.loads(store.read_text())["refresh_token"] != FIRST_REFRESH_TOKEN
    for secret in (FIRST_REFRESH_TOKEN, json.loads(store.read_text())["refresh_token"]):
        assert secret not in first.stderr + second.stderr


def test_a_spent_refresh_token_says_how_to_reauthorise(keap, run_plugin, tmp_path, catalog):
    keap.seed(contacts=3, default=1)
    only_contacts = selecting(catalog, "contacts")
    run_plugin(TAP, oauth_config(keap, str(tmp_path / "a")), catalog=only_contacts)

    # Another machine, without the first one's token store, still has the used token.
    run = run_plugin(TAP, oauth_config(keap, str(tmp_path / "b")), catalog=only_contacts)

    assert run.returncode == 1
    assert "Keap rejected the refresh token" in run.stderr
    assert "Re-authorise" in run.stderr
    assert "Traceback" not in run.stderr


@pytest.mark.parametrize(
    "fault",
    [
        {"kind": "http_error", "status": 503, "count": 2},
        {"kind": "http_error", "status": 500, "count": 1, "after": 1},
        {"kind": "drop", "count": 2, "after": 1},
        {"kind": "timeout", "seconds": 3, "count": 1, "after": 1},
        {"kind": "error_code", "code": "429", "count": 3, "seconds": 1},
    ],
)
def test_faults_lose_and_duplicate_nothing(keap, run_plugin, tmp_path, catalog, fault):
    keap.seed(contacts=CONTACTS, default=1)
    keap.fault(path="/contacts", **fault)

    run = run_plugin(
        TAP,
        key_config(keap, str(tmp_path / "s"), request_timeout=1),
        catalog=selecting(catalog, "contacts"),
    )

    assert run.returncode == 0, run.stderr
    assert sorted(r["id"] for r in run.records("contacts")) == list(range(1, CONTACTS + 1))
    assert keap.counters()["faults_injected"] >= 1
    assert "Retrying" in run.stderr


def test_an_access_token_expiring_mid_run_is_renewed(keap, run_plugin, tmp_path, catalog):
    keap.seed(contacts=CONTACTS, default=1)
    keap.fault(kind="error_code", code="401", path="/contacts", after=1)

    run = run_plugin(
        TAP, oauth_config(keap, str(tmp_path / "s")), catalog=selecting(catalog, "contacts")
    )

    assert run.returncode == 0, run.stderr
    assert len(run.records("contacts")) == CONTACTS
    assert keap.counters()["token_calls"] == 2


def test_daily_quota_stops_cleanly_and_keeps_the_old_bookmark(keap, run_plugin, tmp_path, catalog):
    keap.seed(contacts=CONTACTS, default=1)
    config = key_config(keap, str(tmp_path / "s"))
    only_contacts = selecting(catalog, "contacts")
    first = run_plugin(TAP, config, catalog=only_contacts)
    keap.touch("contacts", list(range(1, 1500)))
    keap.configure(quota_limit=keap.counters()["calls"] + 1)

    second = run_plugin(TAP, config, catalog=only_contacts, state=first.states()[-1])

    assert second.returncode == 75, second.stderr
    assert "quota" in second.stderr
    # The quota's expiry header (epoch milliseconds) read as the next 00:00 UTC.
    assert re.search(r"re-run after \d{4}-\d\d-\d\dT00:00:00\+00:00", second.stderr)
    assert "Traceback" not in second.stderr
    assert bookmark(second.states(), "contacts") in (None, bookmark(first.states(), "contacts"))


def test_daily_call_budget_stops_with_exit_75(keap, run_plugin, tmp_path, catalog):
    keap.seed(contacts=CONTACTS, default=1)
    model_calls = 3  # custom fields of contacts, companies, orders (opportunities: opt-in)
    run = run_plugin(
        TAP,
        key_config(keap, str(tmp_path / "s"), daily_call_budget=model_calls + 2),
        catalog=selecting(catalog, "contacts"),
    )
    assert run.returncode == 75
    assert "Daily call budget" in run.stderr
    assert "resets at" in run.stderr
    assert keap.counters()["by_path"]["GET /contacts"] == 2
    assert bookmark(run.states(), "contacts") is None  # a half-read stream keeps no bookmark


def test_a_rejected_api_key_is_one_clear_line(keap, run_plugin, tmp_path, catalog):
    run = run_plugin(
        TAP,
        key_config(keap, str(tmp_path / "s"), api_key="not-a-key"),
        catalog=selecting(catalog, "tags"),
    )
    assert run.returncode == 1
    assert "Keap rejected the API key" in run.stderr
    assert "Traceback" not in run.stderr
    assert "not-a-key" not in run.stderr


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"api_key": None}, "No Keap credentials"),
        ({"client_id": "x"}, "not both"),
        ({"page_size": 1001}, "page_size must be between 1 and 1000"),
    ],
)
def test_bad_config_is_refused_before_any_call(keap, run_plugin, tmp_path, overrides, message):
    config = {k: v for k, v in {**key_config(keap, str(tmp_path)), **overrides}.items() if v}
    run = run_plugin(TAP, config, args=("--discover",))
    assert run.returncode != 0
    assert message in run.stderr
    assert keap.counters()["calls"] == 0
    assert API_KEY not in run.stderr


# The shapes corrected against Keap's public record (README, "Vendor contract").


def test_a_first_emails_run_without_start_date_is_accepted_then_reads_increments(
    keap, run_plugin, tmp_path, catalog
):
    """The sandbox refuses until_sent_date without since_sent_date, as Keap's OpenAPI says."""
    keap.seed(emails=30, contacts=10, default=0)
    config = key_config(keap, str(tmp_path / "s"))
    only_emails = selecting(catalog, "emails")

    first = run_plugin(TAP, config, catalog=only_emails)

    assert first.returncode == 0, first.stderr
    assert sorted(r["id"] for r in first.records("emails")) == list(range(1, 31))
    created = keap.create("emails", 1)
    second = run_plugin(TAP, config, catalog=only_emails, state=first.states()[-1])

    assert second.returncode == 0, second.stderr
    # since_sent_date is inclusive: the newest email of the first run comes again.
    assert sorted(r["id"] for r in second.records("emails")) == [30, created[0]["id"]]
    assert "400" not in keap.counters()["by_status"]


def test_opportunities_carry_no_custom_columns_unless_asked(keap, run_plugin, tmp_path, catalog):
    keap.seed(opportunities=12, default=1)

    run = run_plugin(
        TAP, key_config(keap, str(tmp_path / "s")), catalog=selecting(catalog, "opportunities")
    )

    assert run.returncode == 0, run.stderr
    opportunities = run.records("opportunities")
    assert len(opportunities) == 12
    assert not [key for record in opportunities for key in record if key.startswith("custom")]
    schema = next(s for s in catalog["streams"] if s["tap_stream_id"] == "opportunities")
    assert not [key for key in schema["schema"]["properties"] if key.startswith("custom")]
    counters = keap.counters()
    assert calls(counters, "GET /opportunities/{id}") == 0
    assert calls(counters, "GET /opportunities/model") == 0


def test_opportunity_custom_fields_are_read_one_call_per_opportunity(keap, run_plugin, tmp_path):
    keap.seed(opportunities=12, default=1)
    # Pages of 5: the calls by id interleave with the next page read ahead.
    config = key_config(keap, str(tmp_path / "s"), opportunity_custom_fields=True, page_size=5)
    discovered = run_plugin(TAP, config, args=("--discover",))
    assert discovered.returncode == 0, discovered.stderr
    only_opportunities = selecting(json.loads(discovered.stdout), "opportunities")

    first = run_plugin(TAP, config, catalog=only_opportunities)

    assert first.returncode == 0, first.stderr
    assert sorted(r["id"] for r in first.records("opportunities")) == list(range(1, 13))
    assert calls(keap.counters(), "GET /opportunities") == 3  # pages of 5
    held = {r["id"]: r["custom_fields"] for r in keap.records("opportunities")}
    for record in first.records("opportunities"):
        values = {value["id"]: value["content"] for value in held[record["id"]]}
        assert record["custom_favourite_colour"] == values[30]
        assert record["custom_visits"] == values[31]
        assert record["custom_newsletter"] is values[34]
    assert calls(keap.counters(), "GET /opportunities/{id}") == 12

    keap.touch("opportunities", [3, 5])
    second = run_plugin(TAP, config, catalog=only_opportunities, state=first.states()[-1])

    assert second.returncode == 0, second.stderr
    # The bookmark is inclusive: the newest of the first run comes again with the two touched.
    assert sorted(r["id"] for r in second.records("opportunities")) == [3, 5, 12]
    assert calls(keap.counters(), "GET /opportunities/{id}") == 12 + 3


def test_the_tap_paces_from_throttle_counts_alone(keap, run_plugin, tmp_path, catalog):
    """Keap's throttle headers carry no expiry: the tap slows down on `available` alone."""
    keap.seed(tags=9, default=0)
    # An OAuth client starts its own window: 3 custom-field models + 9 pages of one tag.
    keap.configure(throttle_limit=12)

    run = run_plugin(
        TAP,
        oauth_config(keap, str(tmp_path / "s"), page_size=1),
        catalog=selecting(catalog, "tags"),
    )

    assert run.returncode == 0, run.stderr
    assert len(run.records("tags")) == 9
    assert "x-keap-product-throttle is nearly spent; pausing" in run.stderr
    counters = keap.counters()
    assert counters["throttled"] == 0
    assert calls(counters, "GET /tags") == 9


def test_an_api_key_is_paced_by_its_240_a_minute_throttle_without_a_429(keap, run_plugin, tmp_path):
    """Keap's default key throttle (240 a minute) slows a fast tap before it would refuse it.

    229 calls in well under a minute, 200 a second allowed client-side: the answer to call
    228 leaves 12 of 240 (the 5 % reserve), so the tap waits the quarter second one call
    is worth in a 240-a-minute window before call 229. Under OAuth's 1,500 it would not.
    """
    keap.seed(tags=229, default=0)
    # Discovered under OAuth, so the key's one-minute window holds only the run's calls.
    discovered = run_plugin(
        TAP, oauth_config(keap, str(tmp_path / "discover")), args=("--discover",)
    )
    assert discovered.returncode == 0, discovered.stderr

    run = run_plugin(
        TAP,
        key_config(keap, str(tmp_path / "key"), page_size=1, custom_fields=False),
        catalog=selecting(json.loads(discovered.stdout), "tags"),
    )

    assert run.returncode == 0, run.stderr
    assert len(run.records("tags")) == 229
    paused = re.findall(r"x-keap-product-throttle is nearly spent; pausing ([\d.]+) s", run.stderr)
    assert paused == ["0.25"]
    counters = keap.counters()
    assert counters["throttled"] == 0
    assert calls(counters, "GET /tags") == 229


def test_an_api_key_stops_at_its_30000_calls_while_oauth_goes_on(
    keap, run_plugin, tmp_path, catalog
):
    keap.seed(tags=20, default=0)
    keap.configure(quota_used=29_990)
    only_tags = selecting(catalog, "tags")

    by_key = run_plugin(TAP, key_config(keap, str(tmp_path / "k"), page_size=1), catalog=only_tags)
    by_oauth = run_plugin(
        TAP, oauth_config(keap, str(tmp_path / "o"), page_size=1), catalog=only_tags
    )

    assert by_key.returncode == 75, by_key.stderr
    assert "quota" in by_key.stderr
    assert by_oauth.returncode == 0, by_oauth.stderr
    assert len(by_oauth.records("tags")) == 20


# Files: a full table (Keap's /files has no time filter); content only when asked for.

FILE_STORE_ONLY = ("file_data", "file_association")  # kept by the sandbox, not in a descriptor


def descriptors(keap) -> dict[int, dict]:
    """The `FileDescriptor` of each file the sandbox holds, by id."""
    return {
        r["id"]: {k: v for k, v in r.items() if k not in FILE_STORE_ONLY}
        for r in keap.records("files")
    }


def test_files_are_listed_whole_every_run_without_their_content(
    keap, run_plugin, tmp_path, catalog
):
    keap.seed(files=12, contacts=3, default=0)
    config = key_config(keap, str(tmp_path / "s"), page_size=5)
    only_files = selecting(catalog, "files")
    schema = next(s for s in catalog["streams"] if s["tap_stream_id"] == "files")["schema"]
    assert "file_data" not in schema["properties"]

    first = run_plugin(TAP, config, catalog=only_files)

    assert first.returncode == 0, first.stderr
    assert {r["id"]: r for r in first.records("files")} == descriptors(keap)
    counters = keap.counters()
    assert calls(counters, "GET /files") == 3  # pages of 5
    assert calls(counters, "GET /files/{id}") == 0
    assert bookmark(first.states(), "files") is None

    keap.touch("files", [4])
    second = run_plugin(TAP, config, catalog=only_files, state=first.states()[-1])

    assert second.returncode == 0, second.stderr
    assert sorted(r["id"] for r in second.records("files")) == list(range(1, 13))
    assert calls(keap.counters(), "GET /files") == 6


def test_file_content_is_read_one_call_per_file_when_asked(keap, run_plugin, tmp_path):
    keap.seed(files=6, contacts=3, default=0)
    content = "請求書 2026-01\n".encode() + bytes(range(256))
    uploaded = requests.post(
        f"{keap.url}/files",
        headers={"X-Keap-API-Key": API_KEY},
        json={
            "file_name": "請求書.bin",
            "file_data": base64.b64encode(content).decode("ascii"),
            "is_public": False,
            "file_association": "CONTACT",
            "contact_id": 2,
        },
        timeout=30,
    )
    assert uploaded.status_code == 200, uploaded.text
    new_id = uploaded.json()["file_descriptor"]["id"]
    config = key_config(keap, str(tmp_path / "s"), file_data=True, page_size=5)
    discovered = run_plugin(TAP, config, args=("--discover",))
    assert discovered.returncode == 0, discovered.stderr
    catalog = json.loads(discovered.stdout)
    schema = next(s for s in catalog["streams"] if s["tap_stream_id"] == "files")["schema"]
    assert schema["properties"]["file_data"]["type"] == ["string", "null"]

    run = run_plugin(TAP, config, catalog=selecting(catalog, "files"))

    assert run.returncode == 0, run.stderr
    rows = {r["id"]: r for r in run.records("files")}
    held = {r["id"]: r["file_data"] for r in keap.records("files")}
    assert {i: row["file_data"] for i, row in rows.items()} == held
    assert base64.b64decode(rows[new_id]["file_data"]) == content
    assert rows[new_id]["file_size"] == len(content)
    assert {i: {k: v for k, v in row.items() if k != "file_data"} for i, row in rows.items()} == (
        descriptors(keap)
    )
    counters = keap.counters()
    assert calls(counters, "GET /files") == 2  # 7 files, pages of 5
    assert calls(counters, "GET /files/{id}") == 7
