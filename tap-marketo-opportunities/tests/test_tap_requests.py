"""The tap's requests, checked against a mocked Marketo (requests-mock)."""

from __future__ import annotations

import json
from urllib.parse import parse_qs

import pytest
import requests
from marketo_mock import BASE, error, ok, opportunity, records
from singer_sdk.exceptions import ConfigValidationError

from singer_commons.errors import DailyBudgetExhausted
from tap_marketo_opportunities.tap import TapMarketoOpportunities

QUERY_URL = f"{BASE}/rest/v1/opportunities.json"


def run_tap(config: dict, capsys, state: dict | None = None, streams=("opportunities",)) -> str:
    tap = TapMarketoOpportunities(config=config, state=state or {})
    for stream in tap.streams.values():
        stream.selected = stream.name in streams
    tap.sync_all()
    return capsys.readouterr().out


def test_reads_by_filter_in_chunks_of_300_with_bearer_only(mocked_marketo, config, capsys) -> None:
    ids = [f"OPP-{i:08d}" for i in range(301)]
    mocked_marketo.get(
        QUERY_URL, [{"json": ok([opportunity(0)])}, {"json": ok([opportunity(300)])}]
    )

    out = run_tap({**config, "filter_values": ids}, capsys)

    queries = [r for r in mocked_marketo.request_history if r.path == "/rest/v1/opportunities.json"]
    assert [len(parse_qs(r.query)["filtervalues"][0].split(",")) for r in queries] == [300, 1]
    assert all(r.headers["Authorization"] == "Bearer token-1" for r in queries)
    assert all("access_token" not in r.query for r in queries)
    assert [r["externalOpportunityId"] for r in records(out, "opportunities")] == [
        "OPP-00000000",
        "OPP-00000300",
    ]
    assert "seq" not in records(out, "opportunities")[0]


def test_long_queries_travel_as_post_method_get(mocked_marketo, config, capsys) -> None:
    guids = [f"{i:08x}-0000-4000-8000-{i:012x}" for i in range(300)]
    mocked_marketo.post(QUERY_URL, json=ok([opportunity(1)]))

    run_tap({**config, "filter_type": "marketoGUID", "filter_values": guids}, capsys)

    (query,) = [
        r for r in mocked_marketo.request_history if r.path == "/rest/v1/opportunities.json"
    ]
    assert query.method == "POST"
    assert parse_qs(query.query) == {"_method": ["get"]}
    # Adobe, "Lead Database", Long URIs: the other parameters go form-encoded in the body.
    assert query.headers["Content-Type"] == "application/x-www-form-urlencoded"
    body = parse_qs(query.text)
    assert set(body) == {"filterType", "filterValues", "fields", "batchSize"}
    assert body["filterType"] == ["marketoGUID"]
    assert body["filterValues"][0].split(",") == guids
    assert body["batchSize"] == ["300"]
    assert len(query.url) < 8192


def test_next_page_token_is_followed_within_a_chunk(mocked_marketo, config, capsys) -> None:
    mocked_marketo.get(
        QUERY_URL,
        [
            {"json": ok([opportunity(1)], nextPageToken="PAGE2")},
            {"json": ok([opportunity(2)])},
        ],
    )

    out = run_tap({**config, "filter_values": ["OPP-00000001", "OPP-00000002"]}, capsys)

    second = [r for r in mocked_marketo.request_history if r.path == "/rest/v1/opportunities.json"][
        1
    ]
    assert parse_qs(second.query)["nextpagetoken"] == ["page2"]
    assert len(records(out, "opportunities")) == 2


def test_expired_token_is_renewed_and_the_call_retried(mocked_marketo, config, capsys) -> None:
    mocked_marketo.get(
        f"{BASE}/identity/oauth/token",
        [
            {"json": {"access_token": "token-1", "expires_in": 3600}},
            {"json": {"access_token": "token-2", "expires_in": 3600}},
        ],
    )
    answers = iter([error("602", "Access token expired"), ok([opportunity(5)])])
    sent_with: list[str] = []

    def answer(request, context):
        sent_with.append(request.headers["Authorization"])  # as sent, before any retry
        return next(answers)

    mocked_marketo.get(QUERY_URL, json=answer)

    out = run_tap({**config, "filter_values": ["OPP-00000005"]}, capsys)

    assert sent_with == ["Bearer token-1", "Bearer token-2"]
    assert len(records(out, "opportunities")) == 1


def test_records_older_than_the_bookmark_are_not_emitted(mocked_marketo, config, capsys) -> None:
    mocked_marketo.get(
        QUERY_URL,
        json=ok(
            [
                opportunity(1, "2026-01-01T00:00:00Z"),
                opportunity(2, "2026-03-01T00:00:00Z"),
                opportunity(3, "2026-03-01T00:00:05Z"),
            ]
        ),
    )
    state = {
        "bookmarks": {
            "opportunities": {
                "replication_key": "updatedAt",
                "replication_key_value": "2026-03-01T00:00:00Z",
            }
        }
    }

    out = run_tap({**config, "filter_values": ["x"]}, capsys, state=state)

    emitted = [r["externalOpportunityId"] for r in records(out, "opportunities")]
    assert emitted == ["OPP-00000002", "OPP-00000003"]


def test_budget_too_small_for_the_plan_stops_before_any_query(
    mocked_marketo, config, capsys
) -> None:
    ids = [f"OPP-{i}" for i in range(900)]

    with pytest.raises(DailyBudgetExhausted, match="cannot cover 3 planned calls"):
        run_tap({**config, "filter_values": ids, "daily_call_budget": 4}, capsys)

    assert not [
        r for r in mocked_marketo.request_history if r.path == "/rest/v1/opportunities.json"
    ]


def test_unsearchable_filter_type_is_a_clear_config_error(mocked_marketo, config) -> None:
    with pytest.raises(ConfigValidationError) as caught:
        TapMarketoOpportunities(config={**config, "filter_type": "name", "filter_values": ["a"]})
    (message,) = caught.value.errors
    assert "filter_type 'name' is not searchable on opportunities" in message
    assert "externalOpportunityId" in message


def test_roles_reuse_the_opportunity_values(mocked_marketo, config, capsys) -> None:
    mocked_marketo.get(
        f"{BASE}/rest/v1/opportunities/roles.json",
        json=ok(
            [
                {
                    "seq": 0,
                    "marketoGUID": "r1",
                    "externalOpportunityId": "OPP-1",
                    "leadId": 7,
                    "role": "Influencer",
                    "updatedAt": "2026-01-01T00:00:00Z",
                }
            ]
        ),
    )

    out = run_tap({**config, "filter_values": ["OPP-1"]}, capsys, streams=("opportunity_roles",))

    (query,) = [r for r in mocked_marketo.request_history if "roles.json" in r.path]
    assert parse_qs(query.query)["filtertype"] == ["externalopportunityid"]
    assert records(out, "opportunity_roles")[0]["leadId"] == 7


def test_secrets_are_masked_in_log_lines_of_discovery(mocked_marketo, config, caplog) -> None:
    leaky = f"{BASE}/identity/oauth/token?client_id={config['client_id']}"
    mocked_marketo.get(
        f"{BASE}/identity/oauth/token",
        [
            {"exc": requests.exceptions.ConnectionError(f"connection reset for {leaky}")},
            {"json": {"access_token": "token-1", "expires_in": 3600}},
        ],
    )

    TapMarketoOpportunities(config={**config, "filter_values": ["a"]})

    assert "Retrying" in caplog.text
    assert config["client_id"] not in caplog.text


def test_field_metadata_without_schema_permission_is_skipped(
    mocked_marketo, config, capsys
) -> None:
    mocked_marketo.get(
        f"{BASE}/rest/v1/opportunities/schema/fields.json",
        json=error("603", "Access denied"),
    )

    out = run_tap({**config, "filter_values": ["a"]}, capsys, streams=("opportunity_fields",))

    assert records(out, "opportunity_fields") == []


ROLE_KEYS = [
    {"externalOpportunityId": "OPP-1", "leadId": 7, "role": "Influencer"},
    {"externalOpportunityId": "OPP-2", "leadId": 8, "role": "Decision Maker"},
]


def role(i: int) -> dict:
    return {
        "seq": 0,
        "marketoGUID": f"r{i}",
        **ROLE_KEYS[i],
        "updatedAt": "2026-01-01T00:00:00Z",
    }


def test_roles_by_compound_key_are_a_json_post_method_get(mocked_marketo, config, capsys) -> None:
    mocked_marketo.post(
        f"{BASE}/rest/v1/opportunities/roles.json",
        [{"json": ok([role(0)], nextPageToken="PAGE2")}, {"json": ok([role(1)])}],
    )

    out = run_tap(
        {
            **config,
            "roles_filter_type": "dedupeFields",
            "roles_filter_values": [ROLE_KEYS[0], json.dumps(ROLE_KEYS[1]), ROLE_KEYS[0]],
        },
        capsys,
        streams=("opportunity_roles",),
    )

    first, second = [r for r in mocked_marketo.request_history if r.path.endswith("/roles.json")]
    for query in (first, second):
        assert query.method == "POST"
        assert parse_qs(query.query) == {"_method": ["get"]}
        assert query.headers["Content-Type"] == "application/json"
    fields = ["marketoGUID", "externalOpportunityId", "leadId", "role", "updatedAt"]
    # Adobe, "Lead Database", Compound Keys: the query's parameters but filterValues, plus
    # input; a next page resends every input with the token.
    assert first.json() == {
        "filterType": "dedupeFields",
        "fields": fields,
        "input": ROLE_KEYS,
        "batchSize": 300,
    }
    assert second.json() == {**first.json(), "nextPageToken": "PAGE2"}
    assert [r["leadId"] for r in records(out, "opportunity_roles")] == [7, 8]


def test_a_compound_key_line_that_is_not_its_object_is_a_clear_config_error(
    mocked_marketo, config, capsys, tmp_path
) -> None:
    keys = tmp_path / "role-keys.jsonl"
    keys.write_text(
        json.dumps(ROLE_KEYS[0]) + "\n" + '{"externalOpportunityId": "OPP-2", "leadId": 8}\n',
        encoding="utf-8",
    )

    with pytest.raises(ConfigValidationError) as caught:
        run_tap(
            {**config, "roles_filter_type": "dedupeFields", "roles_filter_values_file": str(keys)},
            capsys,
            streams=("opportunity_roles",),
        )

    (message,) = caught.value.errors
    assert f"roles_filter_values_file {keys} line 2" in message
    assert "externalOpportunityId, leadId, role" in message
    assert not [r for r in mocked_marketo.request_history if r.path.endswith("/roles.json")]


def test_the_compound_key_is_offered_for_roles_only(mocked_marketo, config) -> None:
    with pytest.raises(ConfigValidationError) as caught:
        TapMarketoOpportunities(
            config={**config, "filter_type": "dedupeFields", "filter_values": ["a"]}
        )
    (message,) = caught.value.errors
    assert "filter_type 'dedupeFields' is not searchable on opportunities" in message
