"""Marketo's request size limits (1 MB body, 8 KB URI), with the plugins as real processes.

Adobe, "Error Codes": 413 when a request body exceeds 1 MB, 414 when a URI exceeds 8 KB.
The sandbox refuses both before its API runs (those calls are not in its counters).
"""

from __future__ import annotations

import json

from vendor_sandbox.testing.marketo import calls_to, connection_config
from vendor_sandbox.testing.runner import singer_lines

TARGET = "target-marketo-opportunities"
LONG_JAPANESE = "商談の説明" * 400  # 2,000 characters (description's length): 6,000 bytes
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


def record(key: str, **fields) -> dict:
    return {
        "type": "RECORD",
        "stream": "opportunities",
        "record": {"externalOpportunityId": key, "name": f"Deal {key}", **fields},
    }


def target_config(marketo, tmp_path, **overrides) -> dict:
    return connection_config(
        marketo,
        str(tmp_path / "state"),
        reject_file=str(tmp_path / "rejects.jsonl"),
        **overrides,
    )


def rejects(tmp_path) -> list[dict]:
    path = tmp_path / "rejects.jsonl"
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def stored(marketo) -> dict[str, dict]:
    return {r["externalOpportunityId"]: r for r in marketo.records("opportunities")}


def test_300_long_japanese_opportunities_are_written_in_calls_under_1_mb(
    marketo, run_plugin, tmp_path
):
    keys = [f"JP-{i:05d}" for i in range(300)]
    lines = singer_lines(SCHEMA, *[record(key, description=LONG_JAPANESE) for key in keys])

    run = run_plugin(TARGET, target_config(marketo, tmp_path), stdin=lines)

    assert run.returncode == 0, run.stderr
    held = stored(marketo)
    assert sorted(held) == keys
    assert held["JP-00299"]["description"] == LONG_JAPANESE
    # 1.8 MB of records: two calls cut by size, none refused with 413 and split after.
    assert calls_to(marketo.counters(), "POST", "opportunities.json") == 2
    assert "as too large" not in run.stderr
    assert rejects(tmp_path) == []


def test_a_413_from_marketo_splits_the_call_and_loses_nothing(marketo, run_plugin, tmp_path):
    marketo.fault(kind="http_error", status=413, count=1, path="/rest/v1/opportunities.json")
    keys = [f"K-{i:03d}" for i in range(40)]

    run = run_plugin(
        TARGET, target_config(marketo, tmp_path), stdin=singer_lines(SCHEMA, *map(record, keys))
    )

    assert run.returncode == 0, run.stderr
    assert sorted(stored(marketo)) == keys
    assert "sending it in two halves" in run.stderr
    # The refused call reached the API (an injected fault), then its two halves.
    assert calls_to(marketo.counters(), "POST", "opportunities.json") == 3
    assert rejects(tmp_path) == []


def test_a_record_over_1_mb_is_rejected_and_the_run_goes_on(marketo, run_plugin, tmp_path):
    # A custom text field without a length: nothing but the request limit bounds it.
    marketo.configure(custom_fields={"notes": {"dataType": "text", "length": None}})
    lines = singer_lines(
        SCHEMA, record("A"), record("HUGE", notes="長" * 400_000), record("B"), record("C")
    )

    run = run_plugin(TARGET, target_config(marketo, tmp_path), stdin=lines)

    assert run.returncode == 1  # fail_on_reject: reported at the end, after the rest
    assert sorted(stored(marketo)) == ["A", "B", "C"]
    (rejected,) = rejects(tmp_path)
    assert rejected["record"]["externalOpportunityId"] == "HUGE"
    assert "HTTP 413" in rejected["reason"]
    assert "externalOpportunityId='HUGE'" in rejected["reason"]
    assert calls_to(marketo.counters(), "POST", "opportunities.json") == 1
