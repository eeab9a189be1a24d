"""Injected faults on 配配メール calls: HTTP errors, stalls, drops, vendor error codes."""

from __future__ import annotations

import pytest
import requests
from sandbox_haihai_helpers import NOON, HaihaiApi, csv_text, error_of

from vendor_sandbox.client.base import SandboxControlError


def test_http_error_then_recovery_and_never_charged(haihai):
    api = HaihaiApi(haihai)
    haihai.set_clock(NOON)  # one quota day
    haihai.configure(daily_quota=1)
    haihai.fault("http_error", count=2, status=502)

    statuses = [api.call("GetGroupStepList").status_code for _ in range(4)]

    assert statuses == [502, 502, 200, 429]
    counters = haihai.counters()
    assert counters["faults_injected"] == 2
    assert counters["by_status"] == {"502": 2, "200": 1, "429": 1}
    (used,) = counters["by_day"].values()
    assert used == {"groups": 1}


def test_timeout_stalls_past_the_client_timeout(haihai):
    api = HaihaiApi(haihai)
    haihai.fault("timeout", seconds=30)

    with pytest.raises(requests.Timeout):
        api.call("GetGroupStepList", timeout=0.3)

    assert api.call("GetGroupStepList").status_code == 200


def test_drop_closes_the_connection(haihai):
    api = HaihaiApi(haihai)
    haihai.fault("drop")

    with pytest.raises(requests.ConnectionError):
        api.call("GetGroupStepList")

    assert api.call("GetGroupStepList").status_code == 200


@pytest.mark.parametrize(
    ("code", "status"),
    [
        ("INVALID_TOKEN", 401),
        ("IP_NOT_ALLOWED", 403),
        ("PLAN_NOT_SUPPORTED", 403),
        ("RATE_LIMIT_EXCEEDED", 429),
        ("INVALID_PARAMETER", 400),
        ("NOT_FOUND", 404),
    ],
)
def test_error_code_answers_with_the_contract_status(haihai, code, status):
    api = HaihaiApi(haihai)
    haihai.set_clock(NOON)  # one quota day
    haihai.fault("error_code", code=code)

    assert error_of(api.call("GetGroupStepList")) == (status, code)
    assert api.call("GetGroupStepList").status_code == 200
    (used,) = haihai.counters()["by_day"].values()
    assert used == {"groups": 1}


def test_path_matches_the_action_name(haihai):
    api = HaihaiApi(haihai)
    haihai.fault("http_error", status=500, path="ScheduleCsvImport", after=1)
    body = csv_text("メールアドレス", "f@example.jp")

    assert api.call("GetGroupStepList").status_code == 200
    assert api.upload(body).status_code == 200
    assert api.upload(body).status_code == 500
    assert api.upload(body).status_code == 200
    assert [r["import_id"] for r in haihai.imports()] == ["1", "2"]
    assert haihai.counters()["uploads"] == 2


def test_a_faulted_status_poll_does_not_advance_the_import(haihai):
    api = HaihaiApi(haihai)
    import_id = api.schedule(csv_text("メールアドレス", "p@example.jp"))
    haihai.fault("error_code", code="RATE_LIMIT_EXCEEDED", path="GetCsvImportResult")

    assert api.call("GetCsvImportResult", import_id=import_id).status_code == 429
    assert api.poll(import_id)["state"] == "処理待ち"


@pytest.mark.parametrize(
    ("fields", "word"),
    [
        ({"kind": "explode"}, "kind"),
        ({"kind": "error_code", "code": "606"}, "code"),
        ({"kind": "error_code"}, "code"),
        ({"kind": "http_error", "status": 700}, "status"),
        ({"kind": "drop", "count": 0}, "count"),
        ({"kind": "drop", "colour": "red"}, "colour"),
    ],
)
def test_bad_faults_are_400(haihai, fields, word):
    with pytest.raises(SandboxControlError, match=word):
        haihai._call("POST", "faults", fields)
