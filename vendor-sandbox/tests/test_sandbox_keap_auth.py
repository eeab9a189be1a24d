"""Keap OAuth: rotating refresh tokens, Bearer expiry, API keys, and what a 401 looks like."""

from __future__ import annotations

import pytest
from sandbox_keap_helpers import API_KEY, INITIAL_REFRESH, basic, fault_of

INVALID = ("Invalid access token", "keymanagement.service.invalid_access_token")
EXPIRED = ("Access Token expired", "keymanagement.service.access_token_expired")


def test_refresh_rotates_the_refresh_token(keap_api, keap):
    first = keap_api.refresh(INITIAL_REFRESH)
    assert first.status_code == 200
    body = first.json()
    assert body["token_type"] == "bearer"
    assert body["expires_in"] == 86400
    assert body["scope"] == "full|sandbox.infusionsoft.com"
    assert body["refresh_token"] != INITIAL_REFRESH

    reused = keap_api.refresh(INITIAL_REFRESH)
    assert reused.status_code == 400
    assert reused.json() == {
        "error": "invalid_request",
        "error_description": "Invalid Refresh Token",
    }

    second = keap_api.refresh(body["refresh_token"])
    assert second.status_code == 200
    assert second.json()["refresh_token"] not in {INITIAL_REFRESH, body["refresh_token"]}
    assert keap_api.refresh(body["refresh_token"]).status_code == 400
    assert keap_api.call("/contacts", token=second.json()["access_token"]).status_code == 200

    counters = keap.counters()
    assert counters["token_calls"] == 4
    assert counters["refresh_tokens_rejected"] == 2


@pytest.mark.parametrize(
    "authorization",
    [basic("other-client"), basic(secret="wrong"), "Bearer nope", "Basic !!!"],
)
def test_wrong_client_credentials_are_401(keap_api, authorization):
    response = keap_api.refresh(authorization=authorization)

    assert response.status_code == 401
    assert response.json() == {
        "error": "invalid_client",
        "error_description": "Invalid client credentials",
    }
    # the refresh token was not spent
    assert keap_api.refresh().status_code == 200


def test_other_grant_types_are_refused(keap_api):
    response = keap_api.refresh(grant_type="authorization_code")

    assert response.status_code == 400
    assert response.json() == {"error": "unsupported_grant_type"}


def test_unknown_refresh_token_is_400(keap_api):
    assert keap_api.refresh("sandbox-keap-refresh-99").status_code == 400


def test_configured_refresh_token_replaces_the_initial_one(keap_api, keap):
    keap.configure(refresh_token="from-a-secret-store")

    assert keap_api.refresh(INITIAL_REFRESH).status_code == 400
    assert keap_api.refresh("from-a-secret-store").status_code == 200


def test_bearer_token_expires_after_its_ttl(clocked_keap):
    clocked_keap.keap.configure(token_ttl=60)
    api = clocked_keap.api
    grant = api.refresh().json()
    assert grant["expires_in"] == 60
    token = grant["access_token"]

    clocked_keap.clock.advance(59)
    assert api.call("/contacts", token=token).status_code == 200
    clocked_keap.clock.advance(1)
    response = api.call("/contacts", token=token)

    assert response.status_code == 401
    assert fault_of(response) == EXPIRED


def test_expire_tokens_expires_every_issued_token(clocked_keap):
    api = clocked_keap.api
    token = api.token

    assert clocked_keap.keap.expire_tokens() == {"expired": 1}

    assert fault_of(api.call("/contacts", token=token)) == EXPIRED
    fresh = api.refresh().json()["access_token"]
    assert api.call("/contacts", token=fresh).status_code == 200


def test_unknown_or_missing_token_is_invalid(keap_api):
    unknown = keap_api.call("/contacts", token="forged")
    missing = keap_api.session.get(f"{keap_api.api_url}/contacts", timeout=10)

    assert unknown.status_code == missing.status_code == 401
    assert fault_of(unknown) == fault_of(missing) == INVALID
    assert "x-keap-product-quota-used" not in unknown.headers


def test_api_key_authenticates_and_an_unknown_key_is_401(keap_api, keap):
    assert keap_api.call("/contacts", api_key=API_KEY).status_code == 200

    refused = keap_api.call("/contacts", api_key="guessed")
    assert refused.status_code == 401
    assert fault_of(refused) == ("Invalid API key", "oauth.v2.InvalidApiKey")

    keap.configure(api_keys=["pat-1", "sak-2"])
    assert keap_api.call("/contacts", api_key="sak-2").status_code == 200
    assert keap_api.call("/contacts", api_key=API_KEY).status_code == 401


def test_auth_failures_are_not_charged(keap_api, keap):
    keap.configure(quota_limit=5)
    for _ in range(3):
        assert keap_api.call("/contacts", token="forged").status_code == 401

    response = keap_api.call("/contacts", api_key=API_KEY)

    assert response.headers["x-keap-product-quota-used"] == "1"
    assert response.headers["x-keap-product-throttle-used"] == "1"
    assert keap.counters()["by_status"] == {"401": 3, "200": 1}
