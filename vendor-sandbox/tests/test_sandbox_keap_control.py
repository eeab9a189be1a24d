"""Keap control endpoints: configure, seed, touch, create, records, reset, and bad input."""

from __future__ import annotations

import pytest
import requests

from vendor_sandbox.client.base import SandboxControlError


def test_configure_returns_the_settings(keap):
    body = keap.configure(token_ttl=120, latency=0)

    assert body["settings"]["token_ttl"] == 120
    assert body["settings"]["api_keys"] == ["sandbox-keap-api-key"]
    # None: Keap's figures per credential type (minute throttle and daily quota).
    assert body["settings"]["throttle_limit"] is None
    assert body["settings"]["quota_limit"] is None


@pytest.mark.parametrize(
    ("settings", "word"),
    [
        ({"colour": "blue"}, "colour"),
        ({"token_ttl": "long"}, "token_ttl"),
        ({"token_ttl": 0}, "token_ttl"),
        ({"throttle_limit": -1}, "throttle_limit"),
        ({"throttle_limit": True}, "throttle_limit"),
        ({"quota_limit": "lots"}, "quota_limit"),
        ({"throttle_limit": 1.5}, "throttle_limit"),
        ({"api_keys": "one"}, "api_keys"),
        ({"client_id": ""}, "client_id"),
        ({"quota_used": "many"}, "quota_used"),
    ],
)
def test_bad_settings_are_400_naming_the_field(keap, settings, word):
    with pytest.raises(SandboxControlError, match=word) as raised:
        keap.configure(**settings)

    assert "HTTP 400" in str(raised.value)


def test_a_refused_configure_changes_nothing(keap):
    with pytest.raises(SandboxControlError):
        keap.configure(token_ttl=5, colour="blue")

    assert keap.configure()["settings"]["token_ttl"] == 86400


def test_seed_sets_counts_with_a_default_for_the_rest(keap_api, keap):
    body = keap.seed(contacts=40, orders=3, default=2)

    assert body["counts"]["contacts"] == 40
    assert body["counts"]["orders"] == 3
    assert body["counts"]["tags"] == 2
    assert keap_api.get("/contacts")["count"] == 40
    assert keap_api.get("/merchants")["count"] == 2


@pytest.mark.parametrize(
    ("counts", "word"), [({"widgets": 3}, "widgets"), ({"contacts": -1}, "contacts")]
)
def test_bad_seed_is_400(keap, counts, word):
    with pytest.raises(SandboxControlError, match=word):
        keap.seed(**counts)


def test_touch_moves_records_past_every_timestamp_for_incremental_reads(keap_api, keap):
    before = keap_api.get("/contacts", order="last_updated")["contacts"]
    bookmark = before[-1]["last_updated"]

    touched = keap.touch("contacts", [3, 4])

    assert [c["id"] for c in touched] == [3, 4]
    assert touched[0]["job_title"] != before[2]["job_title"]
    assert touched[0]["last_updated"] > bookmark
    assert touched[1]["last_updated"] > touched[0]["last_updated"]
    changed = keap_api.get("/contacts", since=bookmark, order="last_updated")["contacts"]
    assert [c["id"] for c in changed] == [25, 3, 4]  # since is inclusive
    assert keap_api.get("/contacts/3") == touched[0]


def test_touch_works_on_resources_without_a_time_field(keap_api, keap):
    (tag,) = keap.touch("tags", [1])

    assert tag["description"].endswith("(edited)")
    assert keap_api.get("/tags/1") == tag


def test_create_adds_records_at_the_end_stamped_now(keap_api, keap):
    created = keap.create("orders", 2)

    assert [o["id"] for o in created] == [11, 12]
    assert created[0]["creation_date"] == created[0]["modification_date"]
    body = keap_api.get("/orders", since=created[0]["modification_date"])
    assert [o["id"] for o in body["orders"]] == [11, 12]
    assert keap_api.get("/orders")["count"] == 12
    assert keap.records("orders", offset=10)[0]["id"] == 11


@pytest.mark.parametrize(
    ("path", "body", "word"),
    [
        ("touch", {"resource": "widgets", "ids": [1]}, "resource"),
        ("touch", {"resource": "contacts", "ids": "1"}, "ids"),
        ("touch", {"resource": "contacts", "ids": [999]}, "999"),
        ("create", {"resource": "contacts", "count": -2}, "count"),
        ("custom_fields", {"leads": []}, "leads"),
        ("custom_fields", {"contacts": [{"label": "X", "field_type": "Blob"}]}, "field_type"),
        ("custom_fields", {"contacts": [{"field_type": "Text"}]}, "label"),
        ("seed", [], "JSON object"),
    ],
)
def test_bad_control_bodies_are_400(keap, path, body, word):
    with pytest.raises(SandboxControlError, match=word):
        keap._call("POST", path, body)


def test_records_endpoint_pages_and_reports_what_is_stored(keap):
    keap.touch("contacts", [2])
    response = requests.get(
        f"{keap.base_url}/_sandbox/keap/records/contacts",
        params={"offset": 1, "limit": 2},
        timeout=10,
    ).json()

    assert response["total"] == 25
    assert response["stored"] == 1
    assert [c["id"] for c in response["records"]] == [2, 3]
    assert "custom_fields" in response["records"][0]
    with pytest.raises(SandboxControlError, match="widgets"):
        keap.records("widgets")


def test_unknown_action_is_404_and_wrong_method_405(keap):
    assert requests.post(f"{keap.base_url}/_sandbox/keap/nope", timeout=10).status_code == 404
    assert requests.get(f"{keap.base_url}/_sandbox/keap/seed", timeout=10).status_code == 405
    assert requests.post(f"{keap.base_url}/_sandbox/keap/counters", timeout=10).status_code == 405


def test_reset_restores_settings_data_tokens_and_counters(keap_api, keap):
    token = keap_api.token
    keap.configure(throttle_limit=1)
    keap.seed(contacts=3)
    keap.fault("drop")

    response = requests.post(f"{keap.base_url}/_sandbox/keap/reset", timeout=10)

    assert response.json() == {"reset": ["keap"]}
    assert keap.counters()["calls"] == 0
    assert keap_api.call("/contacts", token=token).status_code == 401
    assert keap_api.refresh("sandbox-keap-refresh-0").status_code == 200
    assert keap.configure()["settings"]["throttle_limit"] is None
    assert len(keap.records("contacts")) == 25


def test_counters_count_calls_by_template(keap_api, keap):
    keap_api.get("/contacts/1")
    keap_api.get("/contacts/2/tags")
    keap_api.get("/contacts")

    by_path = keap.counters()["by_path"]
    assert by_path == {"GET /contacts/{id}": 1, "GET /contacts/{id}/tags": 1, "GET /contacts": 1}
