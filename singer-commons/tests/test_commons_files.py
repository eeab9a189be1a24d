import json
import multiprocessing
import os
import stat
from pathlib import Path

import pytest

from singer_commons.files import atomic_write_json, atomic_write_text, exclusive_lock, read_json

INCREMENTS_PER_PROCESS = 40
PROCESSES = 4


def mode_of(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_atomic_write_text_creates_parents_and_a_private_file(tmp_path):
    target = tmp_path / "a" / "b" / "state.txt"
    atomic_write_text(target, "hello\n")
    assert target.read_text() == "hello\n"
    assert mode_of(target) == 0o600
    assert os.listdir(target.parent) == ["state.txt"]


def test_atomic_write_text_applies_the_requested_mode(tmp_path):
    target = tmp_path / "shared.txt"
    atomic_write_text(target, "x", mode=0o644)
    assert mode_of(target) == 0o644


def test_atomic_write_replaces_and_tightens_an_existing_file(tmp_path):
    target = tmp_path / "state.txt"
    target.write_text("old content that is longer")
    target.chmod(0o666)
    atomic_write_text(target, "new")
    assert target.read_text() == "new"
    assert mode_of(target) == 0o600


def test_a_failed_write_keeps_the_old_file_and_leaves_no_temp_file(tmp_path, monkeypatch):
    target = tmp_path / "state.txt"
    atomic_write_text(target, "old")

    def failing_replace(source, destination):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", failing_replace)
    with pytest.raises(OSError, match="disk full"):
        atomic_write_text(target, "new")
    assert target.read_text() == "old"
    assert os.listdir(tmp_path) == ["state.txt"]


def test_json_round_trip_keeps_japanese_readable(tmp_path):
    target = tmp_path / "state.json"
    data = {"name": "配配メール", "calls": {"open_mail": 3}}
    atomic_write_json(target, data)
    assert "配配メール" in target.read_text(encoding="utf-8")
    assert read_json(target, None) == data


def test_read_json_returns_the_default_for_a_missing_file(tmp_path):
    assert read_json(tmp_path / "missing.json", {"calls": {}}) == {"calls": {}}


def test_read_json_refuses_a_corrupt_file_and_names_it(tmp_path):
    target = tmp_path / "state.json"
    target.write_text("{not json")
    with pytest.raises(ValueError, match=r"state\.json is not valid JSON"):
        read_json(target, {})


def test_exclusive_lock_creates_the_lock_file(tmp_path):
    lock = tmp_path / "sub" / "x.lock"
    with exclusive_lock(lock):
        assert lock.exists()
    assert mode_of(lock) == 0o600


def _increment_under_lock(directory: str) -> None:
    counter = Path(directory) / "counter.json"
    for _ in range(INCREMENTS_PER_PROCESS):
        with exclusive_lock(Path(directory) / "counter.lock"):
            value = read_json(counter, {"n": 0})["n"]
            atomic_write_json(counter, {"n": value + 1})


def test_exclusive_lock_serialises_processes(tmp_path):
    context = multiprocessing.get_context("spawn")
    workers = [
        context.Process(target=_increment_under_lock, args=(str(tmp_path),))
        for _ in range(PROCESSES)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)
    assert [worker.exitcode for worker in workers] == [0] * PROCESSES
    content = json.loads((tmp_path / "counter.json").read_text())
    assert content == {"n": INCREMENTS_PER_PROCESS * PROCESSES}
