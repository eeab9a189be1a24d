"""A retried sync call never turns the first attempt's creates into rejects or duplicates."""

from __future__ import annotations

import io
import json

import pytest
import requests

from target_marketo_opportunities.target import TargetMarketoOpportunities

BASE = "https://123-ABC-456.mktorest.com"
DESCRIBE = {
    "name": "opportunity",
    "idField": "marketoGUID",
    "dedupeFields": ["externalOpportunityId"],
    "searchableFields": [["externalOpportunityId"]],
    "fields": [
        {"name": "externalOpportunityId", "dataType": "string", "updateable": False},
        {"name": "name", "dataType": "string"},
    ],
}
SCHEMA = {
    "type": "SCHEMA",
    "stream": "opportunities",
    "key_properties": ["externalOpportunityId"],
    "schema": {
        "type": "object",
        "properties": {"externalOpportunityId": {"type": "string"}, "name": {"type": "string"}},
    },
}


@pytest.fixture
def marketo(mocked_marketo):
    return mocked_marketo(BASE, DESCRIBE)


def run_target(tmp_path, action: str) -> TargetMarketoOpportunities:
    target = TargetMarketoOpportunities(
        config={
            "base_url": BASE,
            "client_id": "id-1234",
            "client_secret": "secret-1234",
            "state_dir": str(tmp_path),
            "reject_file": str(tmp_path / "rejects.jsonl"),
            "action": action,
            "max_calls_per_20s": 0,
        }
    )
    lines = [SCHEMA] + [
        {
            "type": "RECORD",
            "stream": "opportunities",
            "record": {"externalOpportunityId": f"E-{i}", "name": f"n{i}"},
        }
        for i in range(2)
    ]
    target.listen(io.StringIO("".join(json.dumps(line) + "\n" for line in lines)))
    return target


def skipped_as_existing(request, context):
    return {
        "success": True,
        "result": [
            {
                "seq": seq,
                "status": "skipped",
                "reasons": [{"code": "1005", "message": "Opportunity already exists"}],
            }
            for seq, _ in enumerate(request.json()["input"])
        ],
    }


def test_create_only_retried_after_a_dropped_connection_is_not_rejected(marketo, tmp_path):
    marketo.post(
        f"{BASE}/rest/v1/opportunities.json",
        [
            {"exc": requests.exceptions.ConnectionError("connection dropped after the write")},
            {"json": skipped_as_existing},
        ],
    )

    run_target(tmp_path, "createOnly")

    assert not (tmp_path / "rejects.jsonl").exists()
    assert len([r for r in marketo.request_history if r.method == "POST"]) == 2


def test_create_only_without_a_retry_rejects_existing_records(marketo, tmp_path):
    marketo.post(f"{BASE}/rest/v1/opportunities.json", json=skipped_as_existing)

    with pytest.raises(SystemExit) as exited:
        run_target(tmp_path, "createOnly")

    assert exited.value.code == 1
    rejected = (tmp_path / "rejects.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(rejected) == 2
    assert "[1005] Opportunity already exists" in json.loads(rejected[0])["reason"]


def test_create_only_refused_with_606_then_existing_is_still_rejected(marketo, tmp_path):
    marketo.post(
        f"{BASE}/rest/v1/opportunities.json",
        [
            {"json": {"success": False, "errors": [{"code": "606", "message": "Max rate limit"}]}},
            {"json": skipped_as_existing},
        ],
    )

    with pytest.raises(SystemExit) as exited:
        run_target(tmp_path, "createOnly")

    assert exited.value.code == 1
    assert len((tmp_path / "rejects.jsonl").read_text(encoding="utf-8").splitlines()) == 2


def test_dedupe_by_is_sent_only_with_update_only(marketo, tmp_path):
    marketo.post(
        f"{BASE}/rest/v1/opportunities.json",
        json=lambda request, _context: {
            "success": True,
            "result": [
                {"seq": i, "status": "created"} for i, _ in enumerate(request.json()["input"])
            ],
        },
    )

    run_target(tmp_path, "createOrUpdate")

    (sync,) = [r for r in marketo.request_history if r.method == "POST"]
    assert sync.json()["action"] == "createOrUpdate"
    assert "dedupeBy" not in sync.json()
