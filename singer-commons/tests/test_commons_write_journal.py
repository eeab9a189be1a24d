import json
import stat

from singer_commons.state_store import FileStateStore
from singer_commons.testing import FakeClock
from singer_commons.write_journal import WriteJournal, record_digest

ACCOUNT = "keap-0123456789abcdef"
DAY = 86400.0


def test_a_digest_ignores_key_order_but_not_values():
    assert record_digest("notes", {"a": 1, "b": "x"}) == record_digest("notes", {"b": "x", "a": 1})
    assert record_digest("notes", {"a": 1}) != record_digest("notes", {"a": 2})
    assert record_digest("notes", {"a": 1}) != record_digest("tasks", {"a": 1})


def test_a_created_id_is_found_by_the_next_run(tmp_path):
    journal = WriteJournal(FileStateStore(tmp_path), ACCOUNT)
    journal.sending("d1")
    assert journal.entry("d1").unanswered
    journal.created("d1", "42")

    entry = WriteJournal(FileStateStore(tmp_path), ACCOUNT).entry("d1")

    assert entry is not None
    assert entry.vendor_id == "42"
    assert not entry.unanswered


def test_a_create_sent_and_never_answered_stays_unanswered_for_the_next_run(tmp_path):
    WriteJournal(FileStateStore(tmp_path), ACCOUNT).sending("d1")

    entry = WriteJournal(FileStateStore(tmp_path), ACCOUNT).entry("d1")

    assert entry is not None
    assert entry.unanswered


def test_a_refused_create_is_forgotten(tmp_path):
    journal = WriteJournal(FileStateStore(tmp_path), ACCOUNT)
    journal.sending("d1")
    journal.forget("d1")
    assert journal.entry("d1") is None
    assert WriteJournal(FileStateStore(tmp_path), ACCOUNT).entry("d1") is None


def test_a_line_cut_short_by_a_crash_is_skipped(tmp_path):
    journal = WriteJournal(FileStateStore(tmp_path), ACCOUNT)
    journal.created("d1", "1")
    with journal.log.path.open("a", encoding="utf-8") as handle:
        handle.write('{"digest": "d2", "sta')

    reopened = WriteJournal(FileStateStore(tmp_path), ACCOUNT)

    assert reopened.entry("d1").vendor_id == "1"
    assert reopened.entry("d2") is None
    reopened.created("d3", "3")
    assert WriteJournal(FileStateStore(tmp_path), ACCOUNT).entry("d3").vendor_id == "3"


def test_old_entries_are_dropped_and_the_file_compacted_at_open(tmp_path):
    clock = FakeClock()
    journal = WriteJournal(FileStateStore(tmp_path), ACCOUNT, clock=clock.now)
    journal.sending("old")
    journal.created("old", "1")
    clock.advance(6 * DAY)
    journal.created("recent", "2")
    clock.advance(2 * DAY)

    reopened = WriteJournal(FileStateStore(tmp_path), ACCOUNT, clock=clock.now)

    assert reopened.entry("old") is None
    assert reopened.entry("recent").vendor_id == "2"
    lines = [json.loads(line) for line in reopened.log.path.read_text().splitlines()]
    assert [(line["digest"], line["state"]) for line in lines] == [("recent", "created")]


def test_the_journal_is_private_and_per_account(tmp_path):
    WriteJournal(FileStateStore(tmp_path), ACCOUNT).created("d1", "1")
    other = WriteJournal(FileStateStore(tmp_path), "keap-fedcba9876543210")
    assert other.entry("d1") is None
    journal_file = tmp_path / f"write-journal-{ACCOUNT}.jsonl"
    assert stat.S_IMODE(journal_file.stat().st_mode) == 0o600
