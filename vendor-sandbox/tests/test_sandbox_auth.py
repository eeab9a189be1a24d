"""Identity service and the Bearer-only token check."""

from __future__ import annotations

import time

import requests
from sandbox_helpers import CLIENT_ID, CLIENT_SECRET, OPPORTUNITIES, error_of

DESCRIBE = "/rest/v1/opportunities/describe.json"


def test_token_is_issued_with_marketo_shape(api):
    response = api.token_response()

    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"access_token", "token_type", "expires_in", "scope"}
    assert body["token_type"] == "bearer"
    assert body["expires_in"] == 3600


def test_asking_again_returns_the_same_token_with_its_remaining_life(api, marketo):
    marketo.configure(token_ttl=3)
    first = api.token_response().json()
    time.sleep(1.1)

    second = api.token_response().json()

    assert second["access_token"] == first["access_token"]
    assert second["expires_in"] < first["expires_in"]


def test_identity_also_accepts_a_posted_form(api):
    response = api.session.post(
        f"{api.base_url}/identity/oauth/token",
        data={
            "grant_type": "client_credentials",
            "client_id": CLIENT_ID,
            "client_secret": CLIENT_SECRET,
        },
        timeout=10,
    )
    assert response.status_code == 200
    assert response.json()["access_token"]


def test_wrong_credentials_are_http_401(api):
    response = api.token_response(client_secret="wrong")

    assert response.status_code == 401
    assert response.json() == {
        "error": "unauthorized",
        "error_description": "Bad client credentials",
    }


def test_other_grant_types_are_http_400(api):
    response = api.token_response(grant_type="password")
    assert response.status_code == 400
    assert response.json()["error"] == "unsupported_grant_type"


def test_configured_credentials_replace_the_defaults(api, marketo):
    marketo.configure(client_id="id-2", client_secret="secret-2")

    assert api.token_response().status_code == 401
    assert api.token_response(client_id="id-2", client_secret="secret-2").status_code == 200


def test_bearer_header_is_accepted(api):
    body = api.get(DESCRIBE)
    assert body["success"] is True


def test_missing_token_is_600(api):
    body = requests.get(f"{api.base_url}{DESCRIBE}", timeout=10).json()
    assert error_of(body) == ("600", "Access token not specified")


def test_retired_access_token_query_parameter_counts_as_missing(api):
    body = requests.get(
        f"{api.base_url}{DESCRIBE}", params={"access_token": api.token}, timeout=10
    ).json()
    assert error_of(body)[0] == "600"


def test_other_authorization_schemes_count_as_missing(api):
    body = requests.get(
        f"{api.base_url}{DESCRIBE}", headers={"Authorization": f"Token {api.token}"}, timeout=10
    ).json()
    assert error_of(body)[0] == "600"


def test_unknown_token_is_601(api):
    body = api.request("GET", DESCRIBE, token="not-a-token").json()
    assert error_of(body) == ("601", "Access token invalid")


def test_expired_token_is_602_and_a_new_one_works(api, marketo):
    marketo.configure(token_ttl=1)
    old = api.token
    time.sleep(1.2)

    body = api.request("GET", DESCRIBE, token=old).json()

    assert error_of(body) == ("602", "Access token expired")
    fresh = api.token_response().json()["access_token"]
    assert fresh != old
    assert api.request("GET", DESCRIBE, token=fresh).json()["success"] is True


def test_tokens_do_not_survive_a_reset(api, marketo):
    old = api.token
    marketo.reset()
    assert error_of(api.request("GET", DESCRIBE, token=old).json())[0] == "601"


def test_identity_calls_are_counted_apart_and_never_charged(api, marketo):
    marketo.configure(rate_limit_calls=1, daily_quota=1)
    for _ in range(3):
        assert api.token_response().status_code == 200

    assert api.get(OPPORTUNITIES, filterType="externalOpportunityId", filterValues="X")["success"]
    counters = marketo.counters()
    assert counters["identity_calls"] == 4  # three above, one for the client's own token
    assert counters["calls"] == 1
    assert counters["quota_used"] == 1
