"""tap-marketo-opportunities as a real process against the Marketo sandbox."""

from __future__ import annotations

import json

import pytest
import requests

from vendor_sandbox.testing.marketo import SECRET, calls_to, connection_config, external_ids

TAP = "tap-marketo-opportunities"


@pytest.fixture
def ids_file(tmp_path):
    path = tmp_path / "ids.txt"
    path.write_text("\n".join(external_ids(700)) + "\n", encoding="utf-8")
    return path


def tap_config(marketo, tmp_path, ids_file, **overrides):
    return connection_config(
        marketo, str(tmp_path / "state"), filter_values_file=str(ids_file), **overrides
    )


def update_names(marketo, ids: list[str]) -> None:
    """Change opportunities through the sandbox's own API (as another integration would)."""
    token = requests.get(
        f"{marketo.url}/identity/oauth/token",
        params={
            "grant_type": "client_credentials",
            "client_id": "sandbox-client-id",
            "client_secret": SECRET,
        },
        timeout=10,
    ).json()["access_token"]
    body = requests.post(
        f"{marketo.url}/rest/v1/opportunities.json",
        json={
            "action": "updateOnly",
            "input": [{"externalOpportunityId": i, "name": f"renamed {i}"} for i in ids],
        },
        headers={"Authorization": f"Bearer {token}"},
        timeout=10,
    ).json()
    assert {r["status"] for r in body["result"]} == {"updated"}


def test_full_then_incremental_reads_only_what_changed(marketo, run_plugin, tmp_path, ids_file):
    marketo.seed(opportunities=700, roles_per_opportunity=2)
    config = tap_config(marketo, tmp_path, ids_file)

    first = run_plugin(TAP, config)

    assert first.returncode == 0, first.stderr
    opportunities = first.records("opportunities")
    assert sorted(r["externalOpportunityId"] for r in opportunities) == external_ids(700)
    assert len(first.records("opportunity_roles")) == 1400
    assert {r["name"] for r in first.records("opportunity_fields")} >= {"name", "amount"}
    counters = marketo.counters()
    assert calls_to(counters, "GET", "opportunities.json") == 3  # ceil(700 / 300)
    assert calls_to(counters, "GET", "opportunities/roles.json") >= 3
    assert not set(counters["errors"]) & {"606", "615"}

    update_names(marketo, ["OPP-00000010", "OPP-00000500"])
    second = run_plugin(TAP, config, state=first.states()[-1])

    assert second.returncode == 0, second.stderr
    changed = {r["externalOpportunityId"]: r["name"] for r in second.records("opportunities")}
    # The newest record of the first run shares the bookmark's second and is read again.
    assert set(changed) == {"OPP-00000010", "OPP-00000500", "OPP-00000699"}
    assert changed["OPP-00000010"] == "renamed OPP-00000010"


@pytest.mark.parametrize(
    ("fault", "check"),
    [
        ({"kind": "error_code", "code": "606", "count": 3}, "606"),
        ({"kind": "error_code", "code": "615", "count": 2}, "615"),
        ({"kind": "error_code", "code": "601", "count": 1, "after": 1}, "601"),
        ({"kind": "error_code", "code": "602", "count": 1, "after": 2}, "602"),
        ({"kind": "error_code", "code": "611", "count": 2}, "611"),
        ({"kind": "http_error", "status": 503, "count": 2}, None),
        ({"kind": "drop", "count": 2, "after": 1}, None),
        ({"kind": "timeout", "seconds": 3, "count": 1, "after": 1}, None),
    ],
)
def test_faults_lose_and_duplicate_nothing(marketo, run_plugin, tmp_path, ids_file, fault, check):
    marketo.seed(opportunities=700)
    marketo.fault(path="/rest/v1/opportunities.json", **fault)

    run = run_plugin(
        TAP,
        tap_config(marketo, tmp_path, ids_file, request_timeout=1),
    )

    assert run.returncode == 0, run.stderr
    read = [r["externalOpportunityId"] for r in run.records("opportunities")]
    assert sorted(read) == external_ids(700)
    counters = marketo.counters()
    assert counters["faults_injected"] >= 1
    if check:
        assert counters["errors"].get(check, 0) >= 1
    assert "Retrying" in run.stderr


def test_token_expiring_mid_run_is_renewed(marketo, run_plugin, tmp_path, ids_file):
    marketo.seed(opportunities=700)
    marketo.configure(token_ttl=2, latency_ms=400)

    run = run_plugin(TAP, tap_config(marketo, tmp_path, ids_file, batch_size=100))

    assert run.returncode == 0, run.stderr
    assert len(run.records("opportunities")) == 700
    assert marketo.counters()["identity_calls"] >= 2


def test_spent_budget_stops_cleanly_with_exit_75(marketo, run_plugin, tmp_path, ids_file):
    marketo.seed(opportunities=700)

    run = run_plugin(TAP, tap_config(marketo, tmp_path, ids_file, daily_call_budget=3))

    assert run.returncode == 75
    assert "Daily call budget" in run.stderr
    assert "resets at" in run.stderr
    assert "Traceback" not in run.stderr
    assert calls_to(marketo.counters(), "GET", "opportunities.json") == 0


def test_vendor_daily_quota_stops_the_run(marketo, run_plugin, tmp_path, ids_file):
    marketo.seed(opportunities=700)
    marketo.configure(daily_quota=4)

    run = run_plugin(TAP, tap_config(marketo, tmp_path, ids_file))

    assert run.returncode == 75
    assert "Marketo's daily API quota is spent ([607]" in run.stderr
    assert "Traceback" not in run.stderr


def test_bad_credentials_are_one_clear_line_without_the_secret(
    marketo, run_plugin, tmp_path, ids_file
):
    config = tap_config(marketo, tmp_path, ids_file, client_secret="wrong-secret-value")

    run = run_plugin(TAP, config)

    assert run.returncode == 1
    assert "Marketo refused the client credentials" in run.stderr
    assert "Traceback" not in run.stderr
    assert "wrong-secret-value" not in run.stderr + run.stdout


def test_missing_filter_is_a_clear_error(marketo, run_plugin, tmp_path):
    run = run_plugin(TAP, connection_config(marketo, str(tmp_path / "state")))

    assert run.returncode != 0
    assert "Marketo can only read opportunities by filter" in run.stderr


def test_discovery_builds_schemas_from_describe(marketo, run_plugin, tmp_path):
    marketo.seed(opportunities=1, custom_fields={"region": "string"})

    run = run_plugin(TAP, connection_config(marketo, str(tmp_path / "state")), args=("--discover",))

    assert run.returncode == 0, run.stderr
    catalog = json.loads(run.stdout)
    streams = {s["tap_stream_id"]: s for s in catalog["streams"]}
    assert set(streams) == {"opportunities", "opportunity_roles", "opportunity_fields"}
    properties = streams["opportunities"]["schema"]["properties"]
    assert properties["region"]["type"] == ["string", "null"]
    assert properties["amount"]["type"] == ["number", "string", "null"]
    assert streams["opportunities"]["key_properties"] == ["marketoGUID"]
