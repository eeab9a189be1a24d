"""target-marketo-opportunities as a real process against the Marketo sandbox."""

from __future__ import annotations

import json

import pytest

from vendor_sandbox.testing.marketo import SECRET, calls_to, connection_config
from vendor_sandbox.testing.runner import singer_lines

TARGET = "target-marketo-opportunities"
SCHEMA = {
    "type": "SCHEMA",
    "stream": "opportunities",
    "key_properties": ["externalOpportunityId"],
    "schema": {
        "type": "object",
        "properties": {
            "externalOpportunityId": {"type": ["string"]},
            "name": {"type": ["string", "null"]},
            "amount": {"type": ["number", "string", "null"]},
            "stage": {"type": ["string", "null"]},
            "isWon": {"type": ["boolean", "string", "null"]},
            "closeDate": {"type": ["string", "null"]},
        },
    },
}


def record(i: int, **fields) -> dict:
    return {
        "type": "RECORD",
        "stream": "opportunities",
        "record": {
            "externalOpportunityId": f"NEW-{i:05d}",
            "name": f"Deal {i}",
            "amount": 100 + i,
            **fields,
        },
    }


def state(n: int) -> dict:
    return {"type": "STATE", "value": {"bookmarks": {"source": {"position": n}}}}


def target_config(marketo, tmp_path, **overrides) -> dict:
    return connection_config(
        marketo,
        str(tmp_path / "state"),
        reject_file=str(tmp_path / "rejects.jsonl"),
        **overrides,
    )


def stored(marketo) -> dict[str, dict]:
    return {r["externalOpportunityId"]: r for r in marketo.records("opportunities")}


def rejects(tmp_path) -> list[dict]:
    path = tmp_path / "rejects.jsonl"
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_upserts_300_a_call_and_states_after_acknowledgement(marketo, run_plugin, tmp_path):
    lines = singer_lines(SCHEMA, *[record(i) for i in range(650)], state(650))

    run = run_plugin(TARGET, target_config(marketo, tmp_path), stdin=lines)

    assert run.returncode == 0, run.stderr
    held = stored(marketo)
    assert len(held) == 650
    assert held["NEW-00649"]["name"] == "Deal 649"
    counters = marketo.counters()
    assert calls_to(counters, "POST", "opportunities.json") == 3  # ceil(650 / 300)
    assert run.states()[-1] == {"bookmarks": {"source": {"position": 650}}}


def test_a_stop_part_way_passes_on_the_state_of_every_batch_marketo_answered(
    marketo, run_plugin, tmp_path
):
    marketo.fault("error_code", code="607", path="/rest/v1/opportunities.json", after=1)
    lines = singer_lines(
        SCHEMA,
        *[record(i) for i in range(300)],
        state(300),
        *[record(i) for i in range(300, 600)],
        state(600),
    )

    run = run_plugin(TARGET, target_config(marketo, tmp_path), stdin=lines)

    assert run.returncode == 75, run.stderr
    assert len(stored(marketo)) == 300
    # The first batch was answered: a re-run starts after it, not from the first record.
    assert run.states() == [{"bookmarks": {"source": {"position": 300}}}]


def test_rerun_updates_in_place_without_duplicates(marketo, run_plugin, tmp_path):
    config = target_config(marketo, tmp_path)
    run_plugin(TARGET, config, stdin=singer_lines(SCHEMA, *[record(i) for i in range(10)]))

    run = run_plugin(
        TARGET,
        config,
        stdin=singer_lines(SCHEMA, *[record(i, stage="Closed Won") for i in range(10)]),
    )

    assert run.returncode == 0, run.stderr
    held = stored(marketo)
    assert len(held) == 10
    assert {r["stage"] for r in held.values()} == {"Closed Won"}


def test_deleted_records_are_deleted(marketo, run_plugin, tmp_path):
    config = target_config(marketo, tmp_path)
    run_plugin(TARGET, config, stdin=singer_lines(SCHEMA, *[record(i) for i in range(5)]))

    run = run_plugin(
        TARGET,
        config,
        stdin=singer_lines(
            SCHEMA,
            record(1, _sdc_deleted_at="2026-11-23T00:00:00Z"),
            record(3, _sdc_deleted_at="2026-11-23T00:00:00Z"),
        ),
    )

    assert run.returncode == 0, run.stderr
    assert set(stored(marketo)) == {"NEW-00000", "NEW-00002", "NEW-00004"}
    assert calls_to(marketo.counters(), "POST", "opportunities/delete.json") == 1


def test_bad_records_go_to_the_reject_file_and_the_rest_is_written(marketo, run_plugin, tmp_path):
    lines = singer_lines(
        SCHEMA,
        record(1),
        record(2, name=None),
        record(3, amount="twelve"),
        record(4, closeDate="2026/12/01"),
        {"type": "RECORD", "stream": "opportunities", "record": {"name": "no key"}},
        record(5, colour="red"),
        record(6, name="x" * 300),
        record(7),
        state(7),
    )

    run = run_plugin(TARGET, target_config(marketo, tmp_path), stdin=lines)

    assert run.returncode == 1  # fail_on_reject defaults to true
    assert set(stored(marketo)) == {"NEW-00001", "NEW-00007"}
    reasons = {r["record"].get("externalOpportunityId"): r["reason"] for r in rejects(tmp_path)}
    assert "'name'" in reasons["NEW-00002"]
    assert "'amount'" in reasons["NEW-00003"]
    assert "'closeDate'" in reasons["NEW-00004"]
    assert "'externalOpportunityId'" in reasons[None]
    assert "'colour'" in reasons["NEW-00005"]
    assert "exceed its length 255" in reasons["NEW-00006"]
    assert all(r["stream"] == "opportunities" for r in rejects(tmp_path))
    assert run.states()[-1] == {"bookmarks": {"source": {"position": 7}}}
    assert "6 record(s) rejected" in run.stderr


def test_fail_on_reject_false_exits_zero(marketo, run_plugin, tmp_path):
    run = run_plugin(
        TARGET,
        target_config(marketo, tmp_path, fail_on_reject=False),
        stdin=singer_lines(SCHEMA, record(1, name=None), record(2)),
    )
    assert run.returncode == 0
    assert len(rejects(tmp_path)) == 1


def test_marketo_skips_are_rejected_with_marketos_reason(marketo, run_plugin, tmp_path):
    config = target_config(marketo, tmp_path)
    run_plugin(TARGET, config, stdin=singer_lines(SCHEMA, record(1)))

    run = run_plugin(
        TARGET, {**config, "action": "createOnly"}, stdin=singer_lines(SCHEMA, record(1), record(2))
    )

    assert run.returncode == 1
    (rejected,) = rejects(tmp_path)
    assert rejected["record"]["externalOpportunityId"] == "NEW-00001"
    assert "1005" in rejected["reason"]
    assert rejected["vendor_response"]["status"] == "skipped"
    assert set(stored(marketo)) == {"NEW-00001", "NEW-00002"}


@pytest.mark.parametrize(
    "fault",
    [
        {"kind": "error_code", "code": "606", "count": 3},
        {"kind": "error_code", "code": "615", "count": 2},
        {"kind": "error_code", "code": "601", "count": 1, "after": 1},
        {"kind": "error_code", "code": "604", "count": 1},
        {"kind": "http_error", "status": 502, "count": 2},
        {"kind": "drop", "count": 2, "after": 1},
        {"kind": "timeout", "seconds": 3, "count": 1, "after": 1},
    ],
)
def test_faults_lose_and_duplicate_nothing(marketo, run_plugin, tmp_path, fault):
    marketo.fault(path="/rest/v1/opportunities.json", **fault)

    run = run_plugin(
        TARGET,
        target_config(marketo, tmp_path, request_timeout=1),
        stdin=singer_lines(SCHEMA, *[record(i) for i in range(650)], state(1)),
    )

    assert run.returncode == 0, run.stderr
    assert sorted(stored(marketo)) == [f"NEW-{i:05d}" for i in range(650)]
    assert len(marketo.records("opportunities")) == 650
    assert rejects(tmp_path) == []
    assert run.states()[-1] == {"bookmarks": {"source": {"position": 1}}}


def test_state_never_moves_past_unacknowledged_records(marketo, run_plugin, tmp_path):
    marketo.fault(
        kind="http_error", status=503, count=100, after=1, path="/rest/v1/opportunities.json"
    )
    lines = singer_lines(
        SCHEMA,
        *[record(i) for i in range(300)],
        state(300),
        *[record(i) for i in range(300, 600)],
        state(600),
    )

    run = run_plugin(TARGET, target_config(marketo, tmp_path), stdin=lines)

    assert run.returncode != 0
    assert len(stored(marketo)) == 300
    assert all(s["bookmarks"]["source"]["position"] <= 300 for s in run.states())


def test_crm_sync_is_one_clear_error_before_any_write(marketo, run_plugin, tmp_path):
    marketo.configure(crm_sync=True)

    run = run_plugin(
        TARGET, target_config(marketo, tmp_path), stdin=singer_lines(SCHEMA, record(1))
    )

    assert run.returncode == 1
    assert "CRM sync" in run.stderr
    assert "Traceback" not in run.stderr
    assert calls_to(marketo.counters(), "POST", "opportunities.json") == 0


def test_unknown_stream_names_the_fix(marketo, run_plugin, tmp_path):
    schema = {**SCHEMA, "stream": "deals"}

    run = run_plugin(TARGET, target_config(marketo, tmp_path), stdin=singer_lines(schema))

    assert run.returncode != 0
    assert "stream map" in run.stderr


def test_roles_are_written_by_their_compound_key(marketo, run_plugin, tmp_path):
    config = target_config(marketo, tmp_path)
    run_plugin(TARGET, config, stdin=singer_lines(SCHEMA, record(1)))
    role_schema = {
        "type": "SCHEMA",
        "stream": "opportunity_roles",
        "key_properties": ["externalOpportunityId", "leadId", "role"],
        "schema": {
            "type": "object",
            "properties": {
                "externalOpportunityId": {"type": "string"},
                "leadId": {"type": "integer"},
                "role": {"type": "string"},
                "isPrimary": {"type": "boolean"},
            },
        },
    }
    roles = [
        {
            "type": "RECORD",
            "stream": "opportunity_roles",
            "record": {
                "externalOpportunityId": "NEW-00001",
                "leadId": lead,
                "role": "Influencer",
                "isPrimary": lead == 1,
            },
        }
        for lead in (1, 2)
    ]

    run = run_plugin(TARGET, config, stdin=singer_lines(role_schema, *roles))

    assert run.returncode == 0, run.stderr
    held = marketo.records("roles")
    assert sorted(r["leadId"] for r in held) == [1, 2]


def test_secrets_never_reach_the_logs(marketo, run_plugin, tmp_path):
    run = run_plugin(
        TARGET,
        target_config(marketo, tmp_path),
        stdin=singer_lines(SCHEMA, record(1), record(2, name=None)),
    )
    assert SECRET not in run.stderr + run.stdout
    assert SECRET not in (tmp_path / "rejects.jsonl").read_text(encoding="utf-8")
