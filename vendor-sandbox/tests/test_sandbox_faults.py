"""Injected faults: HTTP errors, stalls, dropped connections and Marketo error codes."""

from __future__ import annotations

import time

import pytest
import requests
from sandbox_helpers import OPPORTUNITIES, error_of

from vendor_sandbox.client.base import SandboxControlError

DESCRIBE = "/rest/v1/opportunities/describe.json"


def test_http_error_defaults_to_503_and_then_recovers(api, marketo):
    marketo.fault(kind="http_error", count=2)

    statuses = [api.request("GET", DESCRIBE).status_code for _ in range(3)]

    assert statuses == [503, 503, 200]
    counters = marketo.counters()
    assert counters["faults_injected"] == 2
    assert counters["calls"] == 3
    assert counters["errors"] == {"http_503": 2}
    assert counters["quota_used"] == 1  # broken calls never reached Marketo


def test_http_error_with_another_status(api, marketo):
    marketo.fault(kind="http_error", status=429)
    assert api.request("GET", DESCRIBE).status_code == 429


def test_timeout_stalls_past_the_client_timeout(api, marketo):
    marketo.seed(opportunities=1)
    marketo.fault(kind="timeout", seconds=1.5)

    with pytest.raises(requests.Timeout):
        api.request("GET", DESCRIBE, timeout=0.3)

    assert api.get(DESCRIBE)["success"] is True
    assert marketo.counters()["faults_injected"] == 1


def test_a_stalled_call_answers_normally_when_the_client_waits(api, marketo):
    marketo.fault(kind="timeout", seconds=0.3)
    started = time.monotonic()

    assert api.get(DESCRIBE)["success"] is True
    assert time.monotonic() - started >= 0.3


def test_a_reset_drops_stalled_calls_so_they_cannot_write_later(api, marketo):
    marketo.fault(kind="timeout", seconds=30)
    with pytest.raises(requests.Timeout):
        api.request(
            "POST",
            OPPORTUNITIES,
            json={"input": [{"externalOpportunityId": "LATE", "name": "late"}]},
            timeout=0.3,
        )

    marketo.reset()
    time.sleep(0.2)

    assert marketo.records("opportunities") == []


def test_drop_closes_the_connection_without_a_response(api, marketo):
    marketo.fault(kind="drop", count=1)

    with pytest.raises(requests.ConnectionError):
        api.request("GET", DESCRIBE)

    assert api.get(DESCRIBE)["success"] is True


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("606", "Max rate limit '100' exceeded with in '20' secs"),
        ("601", "Access token invalid"),
        ("602", "Access token expired"),
        ("604", "Request time-out"),
        ("611", "System error"),
        ("615", "Concurrent access limit reached"),
    ],
)
def test_error_code_faults_answer_in_marketo_shape(api, marketo, code, message):
    marketo.fault(kind="error_code", code=code)

    response = api.request("GET", DESCRIBE)

    assert response.status_code == 200
    assert error_of(response.json()) == (code, message)
    assert api.get(DESCRIBE)["success"] is True
    counters = marketo.counters()
    assert counters["errors"] == {code: 1}
    assert counters["faults_injected"] == 1


def test_after_lets_calls_through_first_and_count_breaks_several(api, marketo):
    marketo.fault(kind="error_code", code="611", after=2, count=2)

    outcomes = [api.get(DESCRIBE)["success"] for _ in range(5)]

    assert outcomes == [True, True, False, False, True]


def test_path_limits_a_fault_to_matching_calls(api, marketo):
    marketo.fault(kind="http_error", status=502, path="/rest/v1/opportunities.json")

    describe = api.request("GET", DESCRIBE)
    query = api.request("GET", OPPORTUNITIES, params={"filterType": "marketoGUID"})

    assert describe.status_code == 200
    assert query.status_code == 502


def test_faults_apply_in_fifo_order(api, marketo):
    marketo.fault(kind="http_error", status=500)
    marketo.fault(kind="error_code", code="608")
    marketo.fault(kind="http_error", status=504)

    first = api.request("GET", DESCRIBE).status_code
    second = error_of(api.get(DESCRIBE))[0]
    third = api.request("GET", DESCRIBE).status_code

    assert (first, second, third) == (500, "608", 504)


def test_identity_is_faulted_only_when_asked_by_path(api, marketo):
    marketo.fault(kind="http_error")
    assert api.token_response().status_code == 200

    marketo.fault(kind="drop", path="/identity/oauth/token")
    marketo.reset()  # faults do not survive a reset
    assert api.token_response().status_code == 200

    marketo.fault(kind="http_error", path="/identity/oauth/token")
    assert api.token_response().status_code == 503


@pytest.mark.parametrize(
    "fault",
    [
        {"kind": "explode"},
        {"kind": "error_code"},
        {"kind": "http_error", "count": 0},
        {"kind": "http_error", "status": 700},
        {"kind": "timeout", "seconds": -1},
    ],
)
def test_bad_fault_requests_are_refused(marketo, fault):
    with pytest.raises(SandboxControlError, match="HTTP 400"):
        marketo.fault(**fault)
