"""Marketo's 1 MB request limit: bodies split by encoded size, 413 split again, never fatal."""

from __future__ import annotations

import io
import json

import pytest

from marketo_client.api import MAX_BODY_BYTES
from target_marketo_opportunities.target import TargetMarketoOpportunities

BASE = "https://123-ABC-456.mktorest.com"
SYNC = f"{BASE}/rest/v1/opportunities.json"
DELETE = f"{BASE}/rest/v1/opportunities/delete.json"
DESCRIBE = {
    "name": "opportunity",
    "idField": "marketoGUID",
    "dedupeFields": ["externalOpportunityId"],
    "searchableFields": [["externalOpportunityId"]],
    "fields": [
        {"name": "externalOpportunityId", "dataType": "string", "updateable": False},
        {"name": "name", "dataType": "string", "length": 255},
        {"name": "description", "dataType": "string", "length": 2000},
        {"name": "notes", "dataType": "text"},  # a custom text field without a length
    ],
}
SCHEMA = {
    "type": "SCHEMA",
    "stream": "opportunities",
    "key_properties": ["externalOpportunityId"],
    "schema": {
        "type": "object",
        "properties": {
            name: {"type": ["string", "null"]}
            for name in ("externalOpportunityId", "name", "description", "notes")
        },
    },
}
LONG_JAPANESE = "商談の説明" * 400  # 2,000 characters, 6,000 bytes of UTF-8
# Adobe's Error Codes page: 413 is the HTTP-level answer; its reason phrase is not to be read.
TOO_LARGE = {"status_code": 413, "text": "413 Request Entity Too Large"}


@pytest.fixture
def marketo(mocked_marketo):
    return mocked_marketo(BASE, DESCRIBE)


def acknowledged(request, context):
    """Marketo's answer to a sync or delete: every input acknowledged, by `seq`."""
    body = request.json()
    status = "deleted" if "deleteBy" in body else "created"
    return {
        "success": True,
        "result": [{"seq": seq, "status": status} for seq, _ in enumerate(body["input"])],
    }


def record(key: str, **fields) -> dict:
    return {
        "type": "RECORD",
        "stream": "opportunities",
        "record": {"externalOpportunityId": key, "name": f"Deal {key}", **fields},
    }


def run_target(tmp_path, *lines: dict) -> int:
    target = TargetMarketoOpportunities(
        config={
            "base_url": BASE,
            "client_id": "id-1234",
            "client_secret": "secret-1234",
            "state_dir": str(tmp_path),
            "reject_file": str(tmp_path / "rejects.jsonl"),
            "max_calls_per_20s": 0,
        }
    )
    stream = io.StringIO("".join(json.dumps(line) + "\n" for line in (SCHEMA, *lines)))
    try:
        target.listen(stream)
    except SystemExit as exited:
        return int(exited.code or 0)
    return 0


def rejects(tmp_path) -> list[dict]:
    path = tmp_path / "rejects.jsonl"
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def posts(marketo, url: str) -> list:
    path = url.removeprefix(BASE)
    return [r for r in marketo.request_history if r.method == "POST" and r.path == path]


def sent_keys(requests_sent) -> list[str]:
    return [item["externalOpportunityId"] for r in requests_sent for item in r.json()["input"]]


def test_300_long_japanese_records_go_in_calls_under_1_mb(marketo, tmp_path):
    marketo.post(SYNC, json=acknowledged)
    keys = [f"OPP-{i:05d}" for i in range(300)]

    code = run_target(tmp_path, *[record(key, description=LONG_JAPANESE) for key in keys])

    assert code == 0
    calls = posts(marketo, SYNC)
    assert len(calls) == 2  # 300 records of ~6 KB: 1.8 MB, two bodies under the limit
    assert all(len(call.body) <= MAX_BODY_BYTES for call in calls)
    assert len(calls[0].body) > MAX_BODY_BYTES - 7_000  # the first call is filled, not halved
    assert sent_keys(calls) == keys  # every record once, in order
    # UTF-8 on the wire, as measured: the kanji are not sent as 6-byte \\u escapes.
    assert LONG_JAPANESE.encode() in calls[0].body
    assert calls[0].headers["Content-Type"] == "application/json"
    assert rejects(tmp_path) == []


def test_a_413_splits_the_call_in_two_and_the_run_goes_on(marketo, tmp_path):
    marketo.post(SYNC, [TOO_LARGE, {"json": acknowledged}])
    keys = [f"OPP-{i}" for i in range(5)]

    code = run_target(tmp_path, *[record(key) for key in keys])

    assert code == 0
    calls = posts(marketo, SYNC)
    assert [len(call.json()["input"]) for call in calls] == [5, 2, 3]
    assert sent_keys(calls[1:]) == keys
    assert rejects(tmp_path) == []


def test_a_record_refused_alone_with_413_is_rejected_and_the_rest_written(marketo, tmp_path):
    def answer(request, context):
        if any(item["externalOpportunityId"] == "BIG" for item in request.json()["input"]):
            context.status_code = 413
            return "413 Request Entity Too Large"
        return json.dumps(acknowledged(request, context))

    marketo.post(SYNC, text=answer)

    code = run_target(tmp_path, record("A"), record("BIG"), record("C"), record("D"))

    assert code == 1  # fail_on_reject: a rejected record is reported, after the rest
    calls = posts(marketo, SYNC)
    written = [r for r in calls if r.json()["input"] and "BIG" not in sent_keys([r])]
    assert sorted(sent_keys(written)) == ["A", "C", "D"]
    (rejected,) = rejects(tmp_path)
    assert rejected["record"]["externalOpportunityId"] == "BIG"
    assert "externalOpportunityId='BIG'" in rejected["reason"]
    assert "too large even with this record alone" in rejected["reason"]
    assert "HTTP 413" in rejected["reason"]


def test_a_record_over_1_mb_alone_is_rejected_without_a_call(marketo, tmp_path):
    marketo.post(SYNC, json=acknowledged)

    code = run_target(tmp_path, record("A"), record("HUGE", notes="長" * 400_000), record("B"))

    assert code == 1
    calls = posts(marketo, SYNC)
    assert sent_keys(calls) == ["A", "B"]
    (rejected,) = rejects(tmp_path)
    assert rejected["record"]["externalOpportunityId"] == "HUGE"
    assert "over Marketo's request limit of 1,000,000 bytes (HTTP 413)" in rejected["reason"]
    assert "input line 3" in rejected["reason"]


def test_deletes_refused_with_413_are_split_too(marketo, tmp_path):
    marketo.post(DELETE, [TOO_LARGE, {"json": acknowledged}])
    deleted = "2026-11-23T00:00:00Z"

    code = run_target(tmp_path, *[record(f"D-{i}", _sdc_deleted_at=deleted) for i in range(4)])

    assert code == 0
    assert [len(call.json()["input"]) for call in posts(marketo, DELETE)] == [4, 2, 2]
    assert set(posts(marketo, DELETE)[1].json()) == {"deleteBy", "input"}
