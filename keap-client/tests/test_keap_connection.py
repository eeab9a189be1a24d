"""KeapConnection: both auth modes, refresh-token rotation, 401/429 handling, pacing."""

from __future__ import annotations

import json
import stat
from datetime import UTC, datetime
from pathlib import Path

import pytest

from keap_client.auth import API_KEY_HEADER, token_store_name
from keap_client.connection import KeapConnection
from keap_client.errors import KeapCredentialsRejected, KeapReauthorizationRequired
from keap_client.settings import KeapConnectionSettings
from keap_client.testing import BASE, TOKEN_URL
from singer_commons.errors import DailyBudgetExhausted, VendorQuotaExhausted
from singer_commons.ratelimit import reset_shared_rate_limiters


def grant(n: int, expires_in: int = 86400) -> dict:
    return {
        "access_token": f"access-{n}",
        "refresh_token": f"refresh-{n}",
        "expires_in": expires_in,
        "token_type": "bearer",
    }


@pytest.fixture
def sleeps() -> list[float]:
    return []


def connect(config: dict, sleeps: list[float]) -> KeapConnection:
    settings = KeapConnectionSettings.from_config({"daily_call_budget": 1000, **config})
    return KeapConnection(settings, sleep=sleeps.append)


def test_api_key_is_sent_as_keap_header(keap, key_config, sleeps):
    keap.get(f"{BASE}/tags", json={"tags": []})
    connect(key_config, sleeps).get_json("/tags")
    sent = keap.request_history[-1]
    assert sent.headers[API_KEY_HEADER] == "pat-secret-123"
    assert "Authorization" not in sent.headers


def test_rotation_is_saved_before_the_new_access_token_is_used(keap, oauth_config, sleeps):
    store = Path(oauth_config["state_dir"]) / f"{token_store_name('client-abc')}.json"
    keap.post(TOKEN_URL, json=grant(1))
    seen_in_store: list[str] = []

    def tags(request, context):
        seen_in_store.append(json.loads(store.read_text())["refresh_token"])
        return {"tags": []}

    keap.get(f"{BASE}/tags", json=tags)
    connect(oauth_config, sleeps).get_json("/tags")

    token_call = keap.request_history[0]
    assert token_call.url == TOKEN_URL
    assert token_call.text == "grant_type=refresh_token&refresh_token=refresh-0"
    assert token_call.headers["Authorization"].startswith("Basic ")
    assert keap.request_history[1].headers["Authorization"] == "Bearer access-1"
    assert seen_in_store == ["refresh-1"]
    assert stat.S_IMODE(store.stat().st_mode) == 0o600


def test_a_later_run_starts_from_the_stored_refresh_token(keap, oauth_config, sleeps):
    keap.post(TOKEN_URL, [{"json": grant(1, expires_in=0)}, {"json": grant(2)}])
    keap.get(f"{BASE}/tags", json={"tags": []})
    connect(oauth_config, sleeps).get_json("/tags")
    connect(oauth_config, sleeps).get_json("/tags")  # a new run: the config still says refresh-0

    refreshes = [r.text for r in keap.request_history if r.url == TOKEN_URL]
    assert refreshes == [
        "grant_type=refresh_token&refresh_token=refresh-0",
        "grant_type=refresh_token&refresh_token=refresh-1",
    ]


def test_rejected_refresh_token_says_how_to_reauthorise(keap, oauth_config, sleeps):
    keap.post(
        TOKEN_URL,
        status_code=400,
        json={"error": "invalid_request", "error_description": "Invalid Refresh Token"},
    )
    with pytest.raises(KeapReauthorizationRequired) as raised:
        connect(oauth_config, sleeps).get_json("/tags")
    message = str(raised.value)
    assert "Invalid Refresh Token" in message
    assert "Re-authorise" in message
    assert "refresh_token" in message
    assert [r.url for r in keap.request_history] == [TOKEN_URL]


def test_wrong_client_credentials_are_a_clear_error(keap, oauth_config, sleeps):
    keap.post(TOKEN_URL, status_code=401, json={"error": "invalid_client"})
    with pytest.raises(KeapCredentialsRejected, match="client_id and client_secret"):
        connect(oauth_config, sleeps).get_json("/tags")


def test_expired_access_token_is_refreshed_once_and_the_call_retried(keap, oauth_config, sleeps):
    keap.post(TOKEN_URL, [{"json": grant(1)}, {"json": grant(2)}])
    bearers: list[str] = []

    def tags(request, context):
        bearers.append(request.headers["Authorization"])
        if len(bearers) == 1:
            context.status_code = 401
            return {"fault": {"faultstring": "Access Token expired"}}
        return {"tags": [{"id": 1}]}

    keap.get(f"{BASE}/tags", json=tags)
    body = connect(oauth_config, sleeps).get_json("/tags")
    assert body == {"tags": [{"id": 1}]}
    assert bearers == ["Bearer access-1", "Bearer access-2"]


def test_rejected_api_key_stops_at_once(keap, key_config, sleeps):
    keap.get(f"{BASE}/tags", status_code=401, json={"fault": {"faultstring": "Invalid API key"}})
    with pytest.raises(KeapCredentialsRejected, match="API key"):
        connect(key_config, sleeps).get_json("/tags")
    assert keap.call_count == 1


def test_429_waits_as_retry_after_says(keap, key_config, sleeps):
    keap.get(
        f"{BASE}/tags",
        [
            {"status_code": 429, "headers": {"Retry-After": "7"}, "json": {"fault": {}}},
            {"json": {"tags": []}},
        ],
    )
    connect(key_config, sleeps).get_json("/tags")
    assert sleeps == [7.0]


def test_429_at_the_daily_quota_stops_cleanly(keap, key_config, sleeps):
    renews = datetime(2999, 1, 1, tzinfo=UTC)
    keap.get(
        f"{BASE}/tags",
        status_code=429,
        headers={
            "x-keap-product-quota-limit": "30000",
            "x-keap-product-quota-available": "0",
            # Keap's form: epoch milliseconds.
            "x-keap-product-quota-expiry-time": str(int(renews.timestamp() * 1000)),
        },
        json={"fault": {"faultstring": "Daily quota exceeded"}},
    )
    with pytest.raises(VendorQuotaExhausted, match=r"2999-01-01T00:00:00\+00:00"):
        connect(key_config, sleeps).get_json("/tags")
    assert keap.call_count == 1


def test_a_spent_quota_header_stops_before_the_next_call(keap, key_config, sleeps):
    keap.get(
        f"{BASE}/tags",
        headers={"x-keap-product-quota-available": "0"},
        json={"tags": []},
    )
    connection = connect(key_config, sleeps)
    connection.get_json("/tags")
    with pytest.raises(VendorQuotaExhausted):
        connection.get_json("/tags")
    assert keap.call_count == 1


def test_a_nearly_spent_throttle_pauses_from_its_counts_without_an_expiry(keap, key_config, sleeps):
    """Real answers carry no throttle expiry: the pause comes from limit and available."""
    keap.get(
        f"{BASE}/tags",
        [
            {"json": {"tags": []}, "headers": throttle_headers(available=3)},
            {"json": {"tags": []}, "headers": throttle_headers(available=200)},
            {"json": {"tags": []}, "headers": throttle_headers(available=199)},
        ],
    )
    connection = connect(key_config, sleeps)
    connection.get_json("/tags")
    assert sleeps == []
    connection.get_json("/tags")
    # 240 a minute keeps 12 in reserve: 3 left is 10 calls short, one freed every 0.25 s.
    assert sleeps == [2.5]
    connection.get_json("/tags")  # the window gave calls back: no further pause
    assert sleeps == [2.5]


def throttle_headers(available: int) -> dict[str, str]:
    """The throttle part of a real Keap answer (an API key's 240 a minute; no expiry)."""
    return {
        "x-keap-product-throttle-limit": "240",
        "x-keap-product-throttle-time-unit": "minute",
        "x-keap-product-throttle-interval": "1",
        "x-keap-product-throttle-available": str(available),
        "x-keap-product-throttle-used": str(240 - available),
    }


def test_daily_call_budget_stops_before_the_call(keap, key_config, sleeps):
    keap.get(f"{BASE}/tags", json={"tags": []})
    settings = KeapConnectionSettings.from_config({**key_config, "daily_call_budget": 1})
    connection = KeapConnection(settings, sleep=sleeps.append)
    connection.get_json("/tags")
    with pytest.raises(DailyBudgetExhausted, match="resets at"):
        connection.get_json("/tags")
    assert keap.call_count == 1


def test_calls_start_at_most_at_keaps_spike_rate_whatever_the_pace(oauth_config, sleeps):
    """Keap's 25-a-second SpikeArrest may admit one call per 40 ms: every pace keeps that."""
    for pace in (None, 100):
        reset_shared_rate_limiters()  # a process's first connection sets its account's pace
        connection = connect({**oauth_config, "max_calls_per_second": pace}, sleeps)
        limiter = connection.gate.limiter
        assert limiter is not None
        assert limiter.min_interval == pytest.approx(1 / 25)
        assert limiter.max_calls == (23 if pace is None else pace)
