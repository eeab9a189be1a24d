"""The control API: validation, reset, counters and routing of the one port."""

from __future__ import annotations

import pytest
import requests
from sandbox_helpers import OPPORTUNITIES

from vendor_sandbox.client.base import SandboxControlError

DESCRIBE = "/rest/v1/opportunities/describe.json"


@pytest.mark.parametrize(
    "settings",
    [
        {"colour": "red"},
        {"token_ttl": 0},
        {"token_ttl": "long"},
        {"rate_limit_calls": -1},
        {"rate_limit_calls": 1.5},
        {"rate_limit_window": 0},
        {"crm_sync": "yes"},
        {"client_id": ""},
        {"custom_fields": {"name": "string"}},
        {"custom_fields": {"region": "colour"}},
        {"custom_fields": {"flag": {"dataType": "boolean", "searchable": True}}},
        {"custom_fields": ["region"]},
    ],
)
def test_bad_settings_are_refused_and_nothing_changes(marketo, settings):
    with pytest.raises(SandboxControlError, match="HTTP 400"):
        marketo.configure(daily_quota=5, **settings)
    assert marketo.configure()["settings"]["daily_quota"] == 50_000


def test_configure_answers_the_settings_in_force(marketo):
    answer = marketo.configure(
        rate_limit_calls=None, daily_quota=10, custom_fields={"region": "string"}
    )
    assert answer["settings"]["rate_limit_calls"] == 0  # null disables a limit
    assert answer["settings"]["daily_quota"] == 10
    assert answer["custom_fields"] == ["region"]


@pytest.mark.parametrize(
    "seed",
    [{"opportunities": -1}, {"opportunities": 1, "roles_per_opportunity": "two"}, {"leads": 3}],
)
def test_bad_seeds_are_refused(marketo, seed):
    response = requests.post(f"{marketo.base_url}/_sandbox/marketo/seed", json=seed, timeout=10)
    assert response.status_code == 400
    assert "error" in response.json()


def test_reset_restores_defaults_and_forgets_everything(api, marketo):
    marketo.seed(opportunities=3, roles_per_opportunity=1, custom_fields={"r": "string"})
    marketo.configure(crm_sync=True, rate_limit_calls=1)
    marketo.fault(kind="http_error", count=5)
    api.request("GET", DESCRIBE)

    marketo.reset()

    assert marketo.records("opportunities") == []
    assert marketo.records("roles") == []
    fresh = marketo.counters()
    assert fresh == {
        "calls": 0,
        "identity_calls": 0,
        "by_endpoint": {},
        "errors": {},
        "faults_injected": 0,
        "max_concurrency_seen": 0,
        "quota_used": 0,
    }
    api._token = None  # the old token died with the old instance
    (described,) = api.get(DESCRIBE)["result"]
    assert described["fields"][4] == {
        "name": "name",
        "displayName": "Name",
        "dataType": "string",
        "length": 255,
        "updateable": True,
    }
    assert "r" not in {f["name"] for f in described["fields"]}


def test_vendor_reset_resets_one_vendor(marketo):
    marketo.seed(opportunities=2)
    response = requests.post(f"{marketo.base_url}/_sandbox/marketo/reset", timeout=10)
    assert response.json() == {"reset": ["marketo"]}
    assert marketo.records("opportunities") == []


def test_counters_count_calls_per_endpoint(api, marketo):
    api.get(DESCRIBE)
    api.get(OPPORTUNITIES, filterType="externalOpportunityId", filterValues="A")
    api.query(filterType="externalOpportunityId", filterValues="A")
    api.post(OPPORTUNITIES, {"input": [{"externalOpportunityId": "A", "name": "a"}]})
    api.get(OPPORTUNITIES, filterType="nope", filterValues="A")

    counters = marketo.counters()

    assert counters["calls"] == 5
    assert counters["by_endpoint"] == {
        "GET /rest/v1/opportunities/describe.json": 1,
        "GET /rest/v1/opportunities.json": 3,
        "POST /rest/v1/opportunities.json": 1,
    }
    assert counters["errors"] == {"1003": 1}
    assert counters["quota_used"] == 5
    assert counters["max_concurrency_seen"] == 1


def test_records_endpoint_reports_the_total(marketo):
    marketo.seed(opportunities=7, roles_per_opportunity=2)
    opportunities = requests.get(
        f"{marketo.base_url}/_sandbox/marketo/records/opportunities",
        params={"offset": 5, "limit": 10},
        timeout=10,
    ).json()
    roles = requests.get(
        f"{marketo.base_url}/_sandbox/marketo/records/roles", params={"limit": 1}, timeout=10
    ).json()

    assert opportunities["total"] == 7
    assert [r["externalOpportunityId"] for r in opportunities["records"]] == [
        "OPP-00000005",
        "OPP-00000006",
    ]
    assert roles["total"] == 14
    assert len(roles["records"]) == 1


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("GET", "/_sandbox/marketo/nothing", 404),
        ("GET", "/_sandbox/marketo/seed", 405),
        ("GET", "/_sandbox/marketo/reset", 405),
        ("GET", "/_sandbox/reset", 405),
        ("GET", "/_sandbox/nobody/counters", 404),
        ("GET", "/keap/rest/v1/contacts", 404),
        ("GET", "/marketo/soap/v1", 404),
        ("GET", "/_sandbox/marketo/records/opportunities?limit=-1", 400),
    ],
)
def test_control_routing_errors(marketo, method, path, status):
    response = requests.request(method, f"{marketo.base_url}{path}", timeout=10)
    assert response.status_code == status


def test_control_bodies_must_be_json_objects(marketo):
    response = requests.post(
        f"{marketo.base_url}/_sandbox/marketo/configure", data="[]", timeout=10
    )
    assert response.status_code == 400
