"""tap-infusionsoft as a real process against the Keap sandbox."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from keap_support import (
    API_KEY,
    FIRST_REFRESH_TOKEN,
    TAP,
    bookmark,
    key_config,
    oauth_config,
)
from plugin_runner import selecting

from singer_commons.clock import NOW_ENV
from vendor_sandbox.keap.seedkit import BASE_TIME, STEP

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
    keap.keap_seed(contacts=CONTACTS, default=4)
    config = key_config(keap, str(tmp_path / "state"))

    first = run_plugin(TAP, config)

    assert first.returncode == 0, first.stderr
    contacts = first.records("contacts")
    assert sorted(r["id"] for r in contacts) == list(range(1, CONTACTS + 1))
    counters = keap.keap_counters()
    assert calls(counters, "GET /contacts") == math.ceil(CONTACTS / 1000)
    for stream in ("companies", "tags", "orders", "transactions", "products", "affiliates"):
        held = keap.keap_records(stream)
        assert sorted(r["id"] for r in first.records(stream)) == sorted(r["id"] for r in held)
    assert first.records("order_items"), "order items come from the orders themselves"
    assert calls(counters, "GET /orders/{id}/items") == 0
    states = first.states()
    assert bookmark(states, "contacts") == max(r["last_updated"] for r in contacts)

    touched = keap.keap_touch("contacts", [10, 2000])
    created = keap.keap_create("contacts", 1)
    keap.keap_touch("orders", [2])
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
    keap.keap_seed(contacts=CONTACTS, default=0)
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
    keap.keap_seed(contacts=5, default=2)
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
    keap.keap_seed(contacts=40, default=2)
    keap.keap_configure(token_ttl=1, latency=0.15)
    config = oauth_config(keap, str(tmp_path / "state"), page_size=5)
    only_contacts = selecting(catalog, "contacts")

    first = run_plugin(TAP, config, catalog=only_contacts)
    second = run_plugin(TAP, config, catalog=only_contacts)  # config still holds refresh-0

    assert first.returncode == 0, first.stderr
    assert second.returncode == 0, second.stderr
    assert len(first.records("contacts")) == len(second.records("contacts")) == 40
    counters = keap.keap_counters()
    assert counters["token_calls"] >= 3  # refreshed mid-run, and again by the second run
    assert counters["refresh_tokens_rejected"] == 0
    store = next(Path(config["state_dir"]).glob("keap-oauth-*.json"))
    assert oct(store.stat().st_mode & 0o777) == "0o600"
    assert json.loads(store.read_text())["refresh_token"] != FIRST_REFRESH_TOKEN
    for secret in (FIRST_REFRESH_TOKEN, json.loads(store.read_text())["refresh_token"]):
        assert secret not in first.stderr + second.stderr


def test_a_spent_refresh_token_says_how_to_reauthorise(keap, run_plugin, tmp_path, catalog):
    keap.keap_seed(contacts=3, default=1)
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
    keap.keap_seed(contacts=CONTACTS, default=1)
    keap.keap_fault(path="/contacts", **fault)

    run = run_plugin(
        TAP,
        key_config(keap, str(tmp_path / "s"), request_timeout=1),
        catalog=selecting(catalog, "contacts"),
    )

    assert run.returncode == 0, run.stderr
    assert sorted(r["id"] for r in run.records("contacts")) == list(range(1, CONTACTS + 1))
    assert keap.keap_counters()["faults_injected"] >= 1
    assert "Retrying" in run.stderr


def test_an_access_token_expiring_mid_run_is_renewed(keap, run_plugin, tmp_path, catalog):
    keap.keap_seed(contacts=CONTACTS, default=1)
    keap.keap_fault(kind="error_code", code="401", path="/contacts", after=1)

    run = run_plugin(
        TAP, oauth_config(keap, str(tmp_path / "s")), catalog=selecting(catalog, "contacts")
    )

    assert run.returncode == 0, run.stderr
    assert len(run.records("contacts")) == CONTACTS
    assert keap.keap_counters()["token_calls"] == 2


def test_daily_quota_stops_cleanly_and_keeps_the_old_bookmark(keap, run_plugin, tmp_path, catalog):
    keap.keap_seed(contacts=CONTACTS, default=1)
    config = key_config(keap, str(tmp_path / "s"))
    only_contacts = selecting(catalog, "contacts")
    first = run_plugin(TAP, config, catalog=only_contacts)
    keap.keap_touch("contacts", list(range(1, 1500)))
    keap.keap_configure(quota_limit=keap.keap_counters()["calls"] + 1)

    second = run_plugin(TAP, config, catalog=only_contacts, state=first.states()[-1])

    assert second.returncode == 75, second.stderr
    assert "quota" in second.stderr
    assert "Traceback" not in second.stderr
    assert bookmark(second.states(), "contacts") in (None, bookmark(first.states(), "contacts"))


def test_daily_call_budget_stops_with_exit_75(keap, run_plugin, tmp_path, catalog):
    keap.keap_seed(contacts=CONTACTS, default=1)
    model_calls = 4  # custom fields of contacts, companies, opportunities, orders
    run = run_plugin(
        TAP,
        key_config(keap, str(tmp_path / "s"), daily_call_budget=model_calls + 2),
        catalog=selecting(catalog, "contacts"),
    )
    assert run.returncode == 75
    assert "Daily call budget" in run.stderr
    assert "resets at" in run.stderr
    assert keap.keap_counters()["by_path"]["GET /contacts"] == 2
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
    assert keap.keap_counters()["calls"] == 0
    assert API_KEY not in run.stderr
