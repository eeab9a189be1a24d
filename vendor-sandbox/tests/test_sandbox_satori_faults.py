"""Injected faults on SATORI calls: HTTP errors, stalls, drops, vendor error statuses."""

from __future__ import annotations

import pytest
import requests
from sandbox_satori_helpers import SatoriApi, csv_text, error_of

from vendor_sandbox.client.base import SandboxControlError


def test_http_error_then_recovery(satori):
    api = SatoriApi(satori)
    satori.fault("http_error", count=2, status=502)

    responses = [api.upsert(email=f"h{n}@example.jp") for n in range(3)]

    assert [r.status_code for r in responses] == [502, 502, 200]
    assert responses[0].headers["Content-Type"] == "text/plain"
    assert len(satori.customers()) == 1
    counters = satori.counters()
    assert counters["faults_injected"] == 2
    assert counters["by_status"] == {"502": 2, "200": 1}
    assert counters["by_endpoint"]["upsert"] == 3


def test_timeout_stalls_past_the_client_timeout(satori):
    api = SatoriApi(satori)
    satori.fault("timeout", seconds=30)

    with pytest.raises(requests.Timeout):
        api.get("/customer/search.json", timeout=0.3)

    assert api.get("/customer/search.json").status_code == 200


def test_drop_closes_the_connection(satori):
    api = SatoriApi(satori)
    satori.fault("drop")

    with pytest.raises(requests.ConnectionError):
        api.upsert(email="d@example.jp")

    assert satori.customers() == []
    assert api.upsert(email="d@example.jp").status_code == 200


@pytest.mark.parametrize("code", [429, 500, 503])
def test_error_code_answers_the_vendor_envelope(satori, code):
    api = SatoriApi(satori)
    satori.fault("error_code", code=code)

    assert error_of(api.upsert(email="e@example.jp")) == (code, "システムエラー")
    assert satori.customers() == []
    assert api.upsert(email="e@example.jp").status_code == 200


def test_error_code_with_http_200_errors(satori):
    api = SatoriApi(satori)
    satori.configure(http_200_errors=True)
    satori.fault("error_code", code="429")

    response = api.upsert(email="e@example.jp")

    assert response.status_code == 200
    assert response.json() == {"status": 429, "message": "システムエラー"}


def test_path_picks_the_endpoint(satori):
    api = SatoriApi(satori)
    code = api.schedule(csv_text("email", "p@example.jp"))
    satori.fault("error_code", code=500, path="bulk_customers/status", after=1)

    first = api.status(code)
    faulted = api.get("/bulk_customers/status.json", process_code=code)
    search = api.get("/customer/search.json")
    finished = api.status(code)

    assert first["process_status"] == "processing"
    assert error_of(faulted)[0] == 500
    assert search.status_code == 200
    assert finished["process_status"] == "finished"  # the faulted call did not count
    assert satori.bulk_jobs()[0]["status_calls"] == 2


def test_default_path_matches_any_api_call_but_not_control(satori):
    api = SatoriApi(satori)
    satori.fault("http_error", count=3, status=500)

    assert satori.customers() == []  # control calls are never faulted
    assert api.get("/customer/search.json").status_code == 500
    assert api.upload(csv_text("email", "a@example.jp")).status_code == 500
    assert api.delete(email="a@example.jp").status_code == 500
    assert api.get("/customer/search.json").status_code == 200


@pytest.mark.parametrize(
    ("fields", "word"),
    [
        ({"kind": "explode"}, "kind"),
        ({"kind": "error_code"}, "code"),
        ({"kind": "error_code", "code": "606"}, "code"),
        ({"kind": "error_code", "code": 200}, "code"),
        ({"kind": "error_code", "code": True}, "code"),
        ({"kind": "http_error", "status": 700}, "status"),
        ({"kind": "drop", "count": 0}, "count"),
        ({"kind": "drop", "colour": "red"}, "colour"),
    ],
)
def test_bad_faults_are_400(satori, fields, word):
    with pytest.raises(SandboxControlError, match=word):
        satori._call("POST", "faults", fields)


def test_fault_answers_the_pending_queue(satori):
    pending = satori.fault("error_code", code=429, count=2, path="search")["pending"]

    assert pending == [
        {
            "kind": "error_code",
            "count": 2,
            "status": 503,
            "code": "429",
            "path": "search",
            "after": 0,
            "seconds": 65.0,
        }
    ]
