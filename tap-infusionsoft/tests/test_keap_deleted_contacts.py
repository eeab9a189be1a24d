"""`deleted_contacts` as a real process against the Keap sandbox, state passed run to run."""

from __future__ import annotations

import math

import pytest

from tap_infusionsoft.tap import TapInfusionsoft
from vendor_sandbox.testing.keap import TAP, key_config
from vendor_sandbox.testing.runner import selecting

STREAM = "deleted_contacts"
CONTACTS = 2500  # three pages of 1,000
NOW = {"SINGER_CONNECTORS_NOW": "2026-03-10T12:00:00+09:00"}
DETECTED_AT = "2026-03-10T03:00:00+00:00"

pytestmark = pytest.mark.process


@pytest.fixture
def tap(keap, run_plugin, tmp_path):
    """Runs the tap on `deleted_contacts` only; each call is one process."""
    # The stream reads no custom fields; leaving them out keeps the calls countable.
    config = key_config(
        keap,
        str(tmp_path / "connector-state"),
        custom_fields=False,
        max_calls_per_second=500,
    )
    catalog = selecting(TapInfusionsoft(config=config).catalog_dict, STREAM)

    def run(state=None):
        return run_plugin(TAP, config, catalog=catalog, state=state, env=NOW)

    return run


def snapshot(state: dict) -> list[list]:
    return state["bookmarks"][STREAM]["known_contacts"]


def email(contact_id: int) -> str:
    return f"contact{contact_id}@example.com"


def calls(keap, endpoint: str) -> int:
    return keap.counters()["by_path"].get(endpoint, 0)


def test_deletions_are_reported_once_from_the_second_run(keap, tap):
    keap.seed(contacts=CONTACTS)

    first = tap()

    assert first.returncode == 0, first.stderr
    assert first.records(STREAM) == []
    assert snapshot(first.states()[-1]) == [[i, email(i)] for i in range(1, CONTACTS + 1)]
    assert set(first.states()[-1]["bookmarks"][STREAM]) == {"known_contacts"}
    assert "deletions are tracked from the next run on" in first.stderr
    assert calls(keap, "GET /contacts") == math.ceil(CONTACTS / 1000)

    keap.delete("contacts", [7, 1500])
    second = tap(state=first.states()[-1])

    assert second.returncode == 0, second.stderr
    assert second.records(STREAM) == [
        {"id": 7, "email": email(7), "detected_at": DETECTED_AT},
        {"id": 1500, "email": email(1500), "detected_at": DETECTED_AT},
    ]
    # The snapshot came back through --state untouched, and only now loses the two.
    assert snapshot(second.states()[0]) == snapshot(first.states()[-1])
    assert [pair[0] for pair in snapshot(second.states()[-1])] == [
        i for i in range(1, CONTACTS + 1) if i not in {7, 1500}
    ]
    assert "2500 known from the previous run, 2 deleted" in second.stderr
    # Each contact missing from the list is confirmed gone with one call.
    assert calls(keap, "GET /contacts/{id}") == 2

    third = tap(state=second.states()[-1])

    assert third.returncode == 0, third.stderr
    assert third.records(STREAM) == []
    assert snapshot(third.states()[-1]) == snapshot(second.states()[-1])
    assert calls(keap, "GET /contacts/{id}") == 2


def test_contacts_without_email_are_ignored(keap, tap):
    keap.seed(contacts=5)
    (no_email,) = keap.create("contacts", 1, fields={"email_addresses": []})

    first = tap()

    assert [pair[0] for pair in snapshot(first.states()[-1])] == [1, 2, 3, 4, 5]
    keap.delete("contacts", [no_email["id"], 2])
    second = tap(state=first.states()[-1])

    assert [record["id"] for record in second.records(STREAM)] == [2]
    assert [pair[0] for pair in snapshot(second.states()[-1])] == [1, 3, 4, 5]


def test_a_failed_listing_keeps_the_previous_snapshot(keap, tap):
    keap.seed(contacts=CONTACTS)
    first = tap()
    keap.delete("contacts", [5])
    # Page 2 of the list answers 500 to the first try and all 5 retries Keap's rules allow.
    keap.fault("http_error", status=500, count=6, path="/contacts", after=1)

    failed = tap(state=first.states()[-1])

    assert failed.returncode != 0
    assert keap.counters()["faults_injected"] == 6
    assert failed.records(STREAM) == []
    assert snapshot(failed.states()[-1]) == snapshot(first.states()[-1])

    keap.delete("contacts", [9])
    after = tap(state=failed.states()[-1])

    assert after.returncode == 0, after.stderr
    assert [record["id"] for record in after.records(STREAM)] == [5, 9]
