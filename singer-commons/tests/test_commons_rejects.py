import json
import logging
import os
import stat
import threading
from datetime import UTC, datetime
from decimal import Decimal

import pytest

from singer_commons.redaction import forget_secrets, register_secret
from singer_commons.rejects import RejectWriter

REJECTED_AT = datetime(2026, 11, 23, 9, 30, tzinfo=UTC)


def fixed_clock():
    return REJECTED_AT


def lines(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_file_is_created_lazily_with_parents(tmp_path):
    path = tmp_path / "out" / "rejects.jsonl"
    writer = RejectWriter(path, clock=fixed_clock)
    assert not path.parent.exists()
    writer.write("opportunities", {"id": 1}, "[1003] name is required", {"status": "skipped"})
    writer.close()
    assert lines(path) == [
        {
            "stream": "opportunities",
            "record": {"id": 1},
            "reason": "[1003] name is required",
            "vendor_response": {"status": "skipped"},
            "rejected_at": "2026-11-23T09:30:00+00:00",
        }
    ]
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_japanese_stays_readable_and_odd_values_become_strings(tmp_path):
    path = tmp_path / "rejects.jsonl"
    with RejectWriter(path, clock=fixed_clock) as writer:
        writer.write(
            "customers",
            {"メールアドレス": "taro@example.jp", "amount": Decimal("1.50"), "at": REJECTED_AT},
            "失敗: 既に登録されています",
        )
    raw = path.read_text(encoding="utf-8")
    assert "メールアドレス" in raw
    assert "失敗" in raw
    record = lines(path)[0]["record"]
    assert record == {
        "メールアドレス": "taro@example.jp",
        "amount": "1.50",
        "at": "2026-11-23 09:30:00+00:00",
    }


def test_each_line_is_flushed_and_fsynced(tmp_path, monkeypatch):
    synced = []
    real_fsync = os.fsync
    monkeypatch.setattr(os, "fsync", lambda fd: (synced.append(fd), real_fsync(fd)))
    path = tmp_path / "rejects.jsonl"
    writer = RejectWriter(path)
    writer.write("s", {"n": 1}, "bad")
    assert len(lines(path)) == 1  # visible before close
    writer.write("s", {"n": 2}, "bad")
    assert len(synced) == 2
    writer.close()


def test_count_logging_and_redacted_reason(tmp_path, caplog):
    forget_secrets()
    register_secret("client-secret-xyz")
    path = tmp_path / "rejects.jsonl"
    writer = RejectWriter(path, logger=logging.getLogger("target-test"))
    with caplog.at_level(logging.WARNING, logger="target-test"):
        writer.write("roles", {"n": 1}, "refused with client-secret-xyz")
        writer.write("roles", {"n": 2}, "[1004] not found")
    writer.close()
    assert writer.count == 2
    assert [(record.levelname, record.getMessage()) for record in caplog.records] == [
        ("WARNING", "Rejected a record of stream 'roles': refused with ***"),
        ("WARNING", "Rejected a record of stream 'roles': [1004] not found"),
    ]
    assert lines(path)[0]["reason"] == "refused with ***"
    forget_secrets()


def test_without_a_path_rejects_are_counted_and_logged_as_errors(caplog):
    writer = RejectWriter(None, logger=logging.getLogger("target-test"))
    with caplog.at_level(logging.ERROR, logger="target-test"):
        writer.write("roles", {"n": 1}, "bad")
    assert writer.count == 1
    assert caplog.records[0].levelname == "ERROR"
    assert "no reject file configured" in caplog.records[0].getMessage()


def test_writing_after_close_appends(tmp_path):
    path = tmp_path / "rejects.jsonl"
    path.write_text('{"earlier": "run"}\n')
    writer = RejectWriter(path)
    writer.write("s", {"n": 1}, "bad")
    writer.close()
    writer.write("s", {"n": 2}, "bad")
    writer.close()
    assert [line.get("record") for line in lines(path)] == [None, {"n": 1}, {"n": 2}]


def test_concurrent_writers_produce_whole_lines(tmp_path):
    path = tmp_path / "rejects.jsonl"
    writer = RejectWriter(path)

    def reject_many(thread):
        for index in range(50):
            writer.write("s", {"thread": thread, "i": index, "pad": "x" * 500}, "bad")

    threads = [threading.Thread(target=reject_many, args=(t,), daemon=True) for t in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    writer.close()
    written = lines(path)
    assert writer.count == 400
    assert len(written) == 400
    assert {(line["record"]["thread"], line["record"]["i"]) for line in written} == {
        (t, i) for t in range(8) for i in range(50)
    }


def test_context_manager_closes_the_file(tmp_path):
    path = tmp_path / "rejects.jsonl"
    with RejectWriter(path) as writer:
        writer.write("s", {}, "bad")
        handle = writer._file
    assert handle is not None
    assert handle.closed
    with pytest.raises(ValueError, match="closed file"):
        handle.write("x")


def test_lone_surrogates_are_spelled_out_so_the_file_stays_utf8(tmp_path):
    path = tmp_path / "rejects.jsonl"
    with RejectWriter(path) as rejects:
        rejects.write(
            "s\ud800", {"company": "株\udce9", "\ud800": ["\udfff"]}, "bad \ud800", {"v": "\udcff"}
        )
    [reject] = lines(path)
    assert reject["stream"] == "s\\ud800"
    assert reject["record"] == {"company": "株\\xe9", "\\ud800": ["\\udfff"]}
    assert reject["reason"] == "bad \\ud800"
    assert reject["vendor_response"] == {"v": "\\xff"}
