"""target-haihai-mail as a real process against the 配配メール sandbox."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time

import pytest

from vendor_sandbox.testing.haihai import NOW, at, connection_config, next_day, seeded_at_now
from vendor_sandbox.testing.runner import BIN, FAST_RETRIES, singer_lines

TARGET = "target-haihai-mail"
EXIT_BUDGET_SPENT = 75
SCHEMA = {
    "type": "SCHEMA",
    "stream": "contacts",
    "schema": {
        "properties": {
            "email": {"type": ["string", "null"]},
            "full_name": {"type": ["string", "null"]},
            "company": {"type": ["string", "null"]},
            "note": {"type": ["string", "null"]},
        }
    },
    "key_properties": ["email"],
}
FIELD_MAP = {"email": "メールアドレス", "full_name": "氏名", "company": "会社名"}
STATE = {"type": "STATE", "value": {"bookmarks": {"contacts": {"replication_key_value": 42}}}}


def target_config(haihai, tmp_path, **overrides):
    settings = {
        "field_map": FIELD_MAP,
        "reject_file": str(tmp_path / "rejects.jsonl"),
        "poll_interval_seconds": 0.05,
        **overrides,
    }
    return connection_config(haihai, str(tmp_path / "state"), **settings)


def records(*rows, stream="contacts"):
    return [{"type": "RECORD", "stream": stream, "record": row} for row in rows]


def rejects(tmp_path):
    path = tmp_path / "rejects.jsonl"
    return [json.loads(line) for line in path.open(encoding="utf-8")] if path.exists() else []


def customers(haihai):
    return {customer["mail_address"]: customer for customer in haihai.customers()}


def test_register_round_trips_japanese_text_in_cp932_with_one_upload(haihai, run_plugin, tmp_path):
    env = seeded_at_now(haihai)
    rows = [
        {"email": f"new{n}@example.jp", "full_name": f"髙橋 {n}号 ①", "company": "株式会社テスト"}
        for n in range(5)
    ]
    run = run_plugin(
        TARGET,
        target_config(haihai, tmp_path, group_id="2"),
        stdin=singer_lines(SCHEMA, *records(*rows), STATE),
        env=env,
    )
    assert run.returncode == 0, run.stderr
    held = customers(haihai)
    for row in rows:
        customer = held[row["email"]]
        assert customer["fields"]["氏名"] == row["full_name"]
        assert customer["fields"]["会社名"] == "株式会社テスト"
        assert 2 in customer["groups"]
    [upload] = haihai.imports()
    # The form of jawhm/local public_html/haihai/sendhaihai.php: import_type, is_overwrite,
    # gid, spid (empty when unset) and the csvfile part, Shift_JIS with CRLF.
    assert (upload["import_type"], upload["is_overwrite"]) == (0, 1)
    assert (upload["gid"], upload["spid"]) == (2, None)
    assert (upload["line_ending"], upload["had_bom"]) == ("crlf", False)
    assert upload["header"] == ["メールアドレス", "氏名", "会社名"]
    assert bytes.fromhex(upload["first_bytes_hex"]).startswith(
        "メールアドレス,氏名,会社名\r\n".encode("cp932")
    )
    counters = haihai.counters()
    assert counters["uploads"] == 1
    assert counters["status_polls"] == 3  # 処理待ち, 処理中, 完了
    assert run.states() == [STATE["value"]]
    assert "not sent (map them with field_map to send them): note" in run.stderr
    assert "sandbox-haihai-token" not in run.stderr


def test_operations_per_stream_and_per_record(haihai, run_plugin, tmp_path):
    env = seeded_at_now(haihai)
    unsubscribes = {**SCHEMA, "stream": "unsubscribes"}
    deleted_at = "2026-11-23T01:00:00Z"
    stdin = singer_lines(
        SCHEMA,
        *records({"email": "customer001@example.jp", "full_name": "更新 太郎"}),
        *records({"email": "customer002@example.jp", "_sdc_deleted_at": deleted_at}),
        unsubscribes,
        *records({"email": "customer003@example.jp"}, stream="unsubscribes"),
        STATE,
    )
    config = target_config(haihai, tmp_path, stream_operations={"unsubscribes": "stop"})
    run = run_plugin(TARGET, config, stdin=stdin, env=env)
    assert run.returncode == 0, run.stderr
    held = customers(haihai)
    assert held["customer001@example.jp"]["fields"]["氏名"] == "更新 太郎"
    assert "customer002@example.jp" not in held
    assert held["customer003@example.jp"]["status"] == "配信停止"
    assert [upload["import_type"] for upload in haihai.imports()] == [0, 2, 1]
    assert run.states() == [STATE["value"]]


@pytest.mark.parametrize(
    ("operation", "status"), [("forbid", "配信禁止"), ("allow", "配信中"), ("stop", "配信停止")]
)
def test_status_changes(haihai, run_plugin, tmp_path, operation, status):
    env = seeded_at_now(haihai)
    stdin = singer_lines(SCHEMA, *records({"email": "customer019@example.jp"}), STATE)
    run = run_plugin(
        TARGET, target_config(haihai, tmp_path, operation=operation), stdin=stdin, env=env
    )
    assert run.returncode == 0, run.stderr
    assert customers(haihai)["customer019@example.jp"]["status"] == status


def test_bad_records_are_rejected_with_reasons_and_the_rest_is_written(
    haihai, run_plugin, tmp_path
):
    env = seeded_at_now(haihai)
    good = {"email": "good@example.jp", "full_name": "良い 例"}
    bad = [
        {"full_name": "no address"},
        {"email": "not-an-email"},
        {"email": "x" * 250 + "@example.jp"},
        {"email": "emoji@example.jp", "full_name": "😀"},
        {"email": "formula@example.jp", "company": '=HYPERLINK("http://x")'},
        {"email": "minus@example.jp", "company": "-1+2"},
    ]
    deleted_unknown = {"email": "unknown@example.jp", "_sdc_deleted_at": "2026-11-23T01:00:00Z"}
    stdin = singer_lines(SCHEMA, *records(good, *bad, deleted_unknown), STATE)
    run = run_plugin(
        TARGET, target_config(haihai, tmp_path, formula_cells="reject"), stdin=stdin, env=env
    )
    assert run.returncode == 1  # fail_on_reject, after everything else and the state
    assert run.states() == [STATE["value"]]
    assert "good@example.jp" in customers(haihai)
    reasons = {json.dumps(r["record"], ensure_ascii=False): r["reason"] for r in rejects(tmp_path)}
    assert len(reasons) == len(bad) + 1
    assert "email address is missing" in reasons[json.dumps(bad[0], ensure_ascii=False)]
    assert "not a valid email" in reasons[json.dumps(bad[1], ensure_ascii=False)]
    assert "longer than 254" in reasons[json.dumps(bad[2], ensure_ascii=False)]
    assert "'😀' (U+1F600)" in reasons[json.dumps(bad[3], ensure_ascii=False)]
    assert "field 'company' (会社名)" in reasons[json.dumps(bad[4], ensure_ascii=False)]
    assert "formula" in reasons[json.dumps(bad[5], ensure_ascii=False)]
    assert "未登録" in reasons[json.dumps(deleted_unknown, ensure_ascii=False)]


def test_batches_judged_at_once_or_record_by_record_lose_nothing_and_keep_the_order(
    haihai, run_plugin, tmp_path
):
    # Records are judged a thousand at a time: the first thousand are clean (judged at
    # once); the second repeats an address of the first (its claims fall back to one by
    # one); the third holds a bad address (judged record by record).
    env = seeded_at_now(haihai)
    rows = [{"email": f"m{n:04d}@example.jp", "full_name": f"髙橋 {n}"} for n in range(2500)]
    rows[1500] = {"email": "M0007@example.jp", "full_name": "二度目"}
    rows[2100] = {"email": "not-an-email", "full_name": "悪い"}
    stdin = singer_lines(SCHEMA, *records(*rows), STATE)

    run = run_plugin(TARGET, target_config(haihai, tmp_path), stdin=stdin, env=env)

    assert run.returncode == 1  # fail_on_reject, after everything else and the state
    assert run.states() == [STATE["value"]]
    assert [upload["rows"] for upload in haihai.imports()] == [2498]
    held = customers(haihai)
    written = [row for n, row in enumerate(rows) if n not in {1500, 2100}]
    assert {row["email"]: row["full_name"] for row in written} == {
        address: held[address]["fields"]["氏名"] for address in held if address.startswith("m")
    }
    assert [reject["reason"] for reject in rejects(tmp_path)] == [
        "input line 1502, stream 'contacts' (M0007@example.jp): field 'email' (メールアドレス): "
        "this run's 一括登録 (register) upload already has a row for this address (input line "
        "9, stream 'contacts' (m0007@example.jp)); two rows for one address in one import are "
        "ambiguous, so the first is kept and this one is not sent",
        "input line 2102, stream 'contacts': field 'email' (メールアドレス): 'not-an-email' is "
        "not a valid email address (expected name@domain.tld)",
    ]


def test_formula_cells_are_neutralised_by_default(haihai, run_plugin, tmp_path):
    env = seeded_at_now(haihai)
    stdin = singer_lines(SCHEMA, *records({"email": "f@example.jp", "company": "=1+1"}), STATE)
    run = run_plugin(TARGET, target_config(haihai, tmp_path), stdin=stdin, env=env)
    assert run.returncode == 0, run.stderr
    assert customers(haihai)["f@example.jp"]["fields"]["会社名"] == "'=1+1"


def test_already_registered_rows_are_counted_not_rejected(haihai, run_plugin, tmp_path):
    env = seeded_at_now(haihai)
    stdin = singer_lines(
        SCHEMA, *records({"email": "customer001@example.jp", "full_name": "別名"}), STATE
    )
    run = run_plugin(TARGET, target_config(haihai, tmp_path, overwrite=False), stdin=stdin, env=env)
    assert run.returncode == 0, run.stderr
    assert "1 その他 (already registered)" in run.stderr
    assert customers(haihai)["customer001@example.jp"]["fields"]["氏名"] != "別名"
    assert rejects(tmp_path) == []


@pytest.mark.parametrize(
    ("field_map", "words"),
    [
        ({**FIELD_MAP, "note": "備考"}, "field(s) 備考 that the 配配メール account does not have"),
        ({"full_name": "氏名"}, "no property maps to the required field メールアドレス"),
    ],
)
def test_unknown_or_missing_fields_stop_before_any_upload(
    haihai, run_plugin, tmp_path, field_map, words
):
    env = seeded_at_now(haihai)
    stdin = singer_lines(SCHEMA, *records({"email": "a@example.jp"}), STATE)
    run = run_plugin(
        TARGET, target_config(haihai, tmp_path, field_map=field_map), stdin=stdin, env=env
    )
    assert run.returncode == 1
    assert words in run.stderr
    assert "Traceback" not in run.stderr
    assert haihai.imports() == []
    assert run.states() == []


def test_an_operation_is_split_only_at_max_rows_per_upload(haihai, run_plugin, tmp_path):
    env = seeded_at_now(haihai)
    other = {**SCHEMA, "stream": "more_contacts"}
    stdin = singer_lines(
        SCHEMA,
        *records(*({"email": f"a{n}@example.jp"} for n in range(3))),
        other,
        *records(*({"email": f"b{n}@example.jp"} for n in range(2)), stream="more_contacts"),
        STATE,
    )
    run = run_plugin(
        TARGET, target_config(haihai, tmp_path, max_rows_per_upload=2), stdin=stdin, env=env
    )
    assert run.returncode == 0, run.stderr
    assert [upload["rows"] for upload in haihai.imports()] == [2, 2, 1]
    assert {f"a{n}@example.jp" for n in range(3)} | {f"b{n}@example.jp" for n in range(2)} <= set(
        customers(haihai)
    )


def test_a_quota_stop_while_polling_resumes_the_next_day_without_a_second_upload(
    haihai, run_plugin, tmp_path
):
    env = seeded_at_now(haihai)
    # 3 polls answer 処理待ち, the 4th 処理中, the 5th 完了; the budget allows 3 calls per API.
    haihai.configure(pending_polls=3, processing_polls=1)
    rows = [{"email": f"q{n}@example.jp", "full_name": "待機 中"} for n in range(4)]
    stdin = singer_lines(SCHEMA, *records(*rows), STATE)
    config = target_config(haihai, tmp_path, daily_call_budget=3)

    first = run_plugin(TARGET, config, stdin=stdin, env=env)
    assert first.returncode == EXIT_BUDGET_SPENT
    assert "resets at 2026-11-24T00:00:00+09:00" in first.stderr
    assert first.states() == []  # nothing confirmed, no state
    assert not {row["email"] for row in rows} & set(customers(haihai))

    same_day = run_plugin(TARGET, config, stdin=stdin, env=env)
    assert same_day.returncode == EXIT_BUDGET_SPENT
    assert same_day.states() == []

    env = at(haihai, next_day(NOW))
    resumed = run_plugin(TARGET, config, stdin=stdin, env=env)
    assert resumed.returncode == 0, resumed.stderr
    assert "uploaded by an earlier run as import" in resumed.stderr
    assert resumed.states() == [STATE["value"]]
    assert len(haihai.imports()) == 1  # uploaded once
    assert {row["email"] for row in rows} <= set(customers(haihai))
    assert haihai.counters()["rate_limited"] == 0

    # The journal is clear: the same records tomorrow are a new batch, sent again.
    haihai.configure(pending_polls=1, processing_polls=1)
    env = at(haihai, next_day(NOW, 2))
    again = run_plugin(TARGET, config, stdin=stdin, env=env)
    assert again.returncode == 0, again.stderr
    assert len(haihai.imports()) == 2


def test_a_part_applied_before_a_quota_stop_is_not_sent_again(haihai, run_plugin, tmp_path):
    env = seeded_at_now(haihai)
    # Part 1 is applied, then the status API's budget runs out while part 2 waits.
    haihai.configure(pending_polls=1, processing_polls=1)
    stdin = singer_lines(
        SCHEMA, *records(*({"email": f"c{n}@example.jp"} for n in range(4))), STATE
    )
    config = target_config(haihai, tmp_path, max_rows_per_upload=2, daily_call_budget=4)
    first = run_plugin(TARGET, config, stdin=stdin, env=env)
    assert first.returncode == EXIT_BUDGET_SPENT
    assert [upload["state"] for upload in haihai.imports()] == ["完了", "処理待ち"]

    env = at(haihai, next_day(NOW))
    resumed = run_plugin(TARGET, config, stdin=stdin, env=env)
    assert resumed.returncode == 0, resumed.stderr
    assert "applied by an earlier run" in resumed.stderr
    assert len(haihai.imports()) == 2
    assert {f"c{n}@example.jp" for n in range(4)} <= set(customers(haihai))


def test_a_vendor_429_on_upload_stops_cleanly_and_keeps_the_state(haihai, run_plugin, tmp_path):
    env = seeded_at_now(haihai)
    haihai.fault("error_code", code="RATE_LIMIT_EXCEEDED", path="ScheduleCsvImport")
    stdin = singer_lines(SCHEMA, *records({"email": "r@example.jp"}), STATE)
    run = run_plugin(TARGET, target_config(haihai, tmp_path), stdin=stdin, env=env)
    assert run.returncode == EXIT_BUDGET_SPENT
    assert "HTTP 429" in run.stderr
    assert run.states() == []


def test_a_run_killed_while_waiting_resumes_the_journaled_import(haihai, run_plugin, tmp_path):
    env = seeded_at_now(haihai)
    haihai.configure(pending_polls=100)  # the import stays 処理待ち until we let it go
    stdin = singer_lines(
        SCHEMA, *records(*({"email": f"k{n}@example.jp"} for n in range(3))), STATE
    )
    config = target_config(haihai, tmp_path)
    config_path = tmp_path / "killed-config.json"
    config_path.write_text(json.dumps(config), encoding="utf-8")
    process = subprocess.Popen(
        [str(BIN / TARGET), "--config", str(config_path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env={**os.environ, **FAST_RETRIES, **env},
    )
    assert process.stdin is not None
    process.stdin.write(stdin.encode())
    process.stdin.close()
    deadline = time.monotonic() + 60
    while not any(upload["polls"] for upload in haihai.imports()):
        assert time.monotonic() < deadline, "the target never polled its upload"
        time.sleep(0.05)
    process.send_signal(signal.SIGKILL)
    assert process.wait(timeout=10) == -signal.SIGKILL
    assert process.stdout is not None
    assert process.stdout.read() == b""  # no state was emitted

    haihai.configure(pending_polls=0, processing_polls=0)
    resumed = run_plugin(TARGET, config, stdin=stdin, env=env)
    assert resumed.returncode == 0, resumed.stderr
    assert "uploaded by an earlier run as import" in resumed.stderr
    assert len(haihai.imports()) == 1
    assert {f"k{n}@example.jp" for n in range(3)} <= set(customers(haihai))
    assert resumed.states() == [STATE["value"]]


def test_an_upload_the_vendor_refuses_stops_with_a_clear_line(haihai, run_plugin, tmp_path):
    env = seeded_at_now(haihai)
    stdin = singer_lines(SCHEMA, *records({"email": "g@example.jp"}), STATE)
    config = target_config(haihai, tmp_path, group_id="99")  # the account has groups 1 and 2
    run = run_plugin(TARGET, config, stdin=stdin, env=env)
    assert run.returncode == 1
    assert "refused the upload (INVALID_PARAMETER" in run.stderr
    assert "Traceback" not in run.stderr
    assert run.states() == []
    retried = run_plugin(
        TARGET, target_config(haihai, tmp_path, group_id="1"), stdin=stdin, env=env
    )
    assert retried.returncode == 0, retried.stderr
    assert "g@example.jp" in customers(haihai)
