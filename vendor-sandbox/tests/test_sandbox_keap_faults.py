"""Injected faults on Keap calls: HTTP errors, stalls, dropped connections, 401/429 codes."""

from __future__ import annotations

import pytest
import requests
from sandbox_keap_helpers import fault_of

from vendor_sandbox.client.base import SandboxControlError


def test_http_error_then_recovery(keap_api, keap):
    keap.fault("http_error", count=2, status=502)

    statuses = [keap_api.call("/tags", api_key="sandbox-keap-api-key").status_code for _ in "abc"]

    assert statuses == [502, 502, 200]
    counters = keap.counters()
    assert counters["faults_injected"] == 2
    assert counters["by_status"] == {"502": 2, "200": 1}


def test_timeout_stalls_past_the_client_timeout(keap_api, keap):
    token = keap_api.token
    keap.fault("timeout", seconds=30)

    with pytest.raises(requests.Timeout):
        keap_api.call("/tags", token=token, timeout=0.3)

    assert keap_api.call("/tags", token=token).status_code == 200


def test_drop_closes_the_connection(keap_api, keap):
    token = keap_api.token
    keap.fault("drop")

    with pytest.raises(requests.ConnectionError):
        keap_api.call("/tags", token=token)

    assert keap_api.call("/tags", token=token).status_code == 200


def test_error_code_429_is_a_throttle_answer_with_retry_after(keap_api, keap):
    token = keap_api.token
    keap.fault("error_code", code=429)
    keap.fault("error_code", code="429", seconds=7)

    first = keap_api.call("/tags", token=token)
    second = keap_api.call("/tags", token=token)

    assert first.status_code == second.status_code == 429
    assert fault_of(first)[1] == "policies.ratelimit.QuotaViolation"
    assert (first.headers["Retry-After"], second.headers["Retry-After"]) == ("1", "7")
    assert keap.counters()["throttled"] == 2


def test_error_code_401_expires_the_token_for_one_call(keap_api, keap):
    token = keap_api.token
    keap.fault("error_code", code=401)

    refused = keap_api.call("/tags", token=token)

    assert refused.status_code == 401
    assert fault_of(refused) == (
        "Access Token expired",
        "keymanagement.service.access_token_expired",
    )
    assert keap_api.call("/tags", token=token).status_code == 200


def test_faults_follow_path_and_after(keap_api, keap):
    token = keap_api.token
    keap.fault("http_error", path="/orders", after=1)

    assert keap_api.call("/tags", token=token).status_code == 200
    assert keap_api.call("/orders", token=token).status_code == 200
    assert keap_api.call("/orders", token=token).status_code == 503


def test_token_calls_are_faulted_only_when_the_path_names_them(keap_api, keap):
    keap.fault("http_error", status=500)
    grant = keap_api.refresh()
    assert grant.status_code == 200  # the default path is /crm/rest/v1/

    keap.fault("http_error", status=500, path="/token")
    refresh_token = grant.json()["refresh_token"]
    assert keap_api.refresh(refresh_token).status_code == 500
    assert keap_api.refresh(refresh_token).status_code == 200  # the broken call spent nothing


@pytest.mark.parametrize(
    ("fields", "word"),
    [
        ({"kind": "explode"}, "kind"),
        ({"kind": "error_code", "code": "606"}, "code"),
        ({"kind": "error_code"}, "code"),
        ({"kind": "http_error", "status": 700}, "status"),
        ({"kind": "drop", "count": 0}, "count"),
    ],
)
def test_bad_faults_are_400(keap, fields, word):
    with pytest.raises(SandboxControlError, match=word):
        keap._call("POST", "faults", fields)


def test_latency_delays_calls_past_a_short_client_timeout(keap_api, keap):
    token = keap_api.token
    keap.configure(latency=30)

    with pytest.raises(requests.Timeout):
        keap_api.call("/tags", token=token, timeout=0.3)

    keap.configure(latency=0)
    assert keap_api.call("/tags", token=token).status_code == 200
