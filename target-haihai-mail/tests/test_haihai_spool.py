from singer_commons.csvcodec import CsvFormat
from target_haihai_mail.csvfile import batch_digest, write_part_csv
from target_haihai_mail.journal import QUEUED, JournalEntry, UploadJournal
from target_haihai_mail.operations import Operation
from target_haihai_mail.spool import OperationSpool


def test_parts_split_at_max_rows_with_the_union_of_fields_email_first(tmp_path):
    spool = OperationSpool(tmp_path, Operation.REGISTER, max_rows=2, email_field="メールアドレス")
    spool.add("a", {"e": 1}, {"氏名": "一", "メールアドレス": "1@example.jp"})
    spool.add("a", {"e": 2}, {"メールアドレス": "2@example.jp", "会社名": "社"})
    spool.add("b", {"e": 3}, {"メールアドレス": "3@example.jp"})
    parts = spool.close()
    assert [(part.number, part.rows) for part in parts] == [(1, 2), (2, 1)]
    assert parts[0].fields == ["メールアドレス", "氏名", "会社名"]
    assert parts[1].fields == ["メールアドレス"]
    assert [entry["record"] for _, entry in parts[0].entries()] == [{"e": 1}, {"e": 2}]

    csv_path = tmp_path / "part.csv"
    write_part_csv(parts[0], csv_path, CsvFormat.from_settings("cp932", "crlf"))
    assert csv_path.read_bytes().decode("cp932") == (
        "メールアドレス,氏名,会社名\r\n1@example.jp,一,\r\n2@example.jp,,社\r\n"
    )


def test_the_digest_covers_bytes_and_upload_options(tmp_path):
    path = tmp_path / "a.csv"
    path.write_bytes(b"x")
    register = batch_digest(path, {"import_type": "0"})
    assert register == batch_digest(path, {"import_type": "0"})
    assert register != batch_digest(path, {"import_type": "1"})
    path.write_bytes(b"y")
    assert register != batch_digest(path, {"import_type": "0"})


def test_the_journal_persists_entries_per_account(tmp_path):
    journal = UploadJournal(tmp_path, "haihai-example.hm-f.jp")
    entry = JournalEntry("register part 1", 3, QUEUED, "2026-11-23T00:00:00+00:00", "42")
    journal.record("abc", entry)
    assert UploadJournal(tmp_path, "haihai-example.hm-f.jp").entry("abc") == entry
    assert UploadJournal(tmp_path, "haihai-other.hm-f.jp").entry("abc") is None
    journal.forget(["abc"])
    assert journal.entry("abc") is None


def test_entries_older_than_ten_days_expire(tmp_path, monkeypatch):
    journal = UploadJournal(tmp_path, "haihai-example.hm-f.jp")
    journal.record("old", JournalEntry("delete part 1", 1, QUEUED, "2026-11-01T00:00:00+00:00"))
    journal.record("new", JournalEntry("delete part 2", 1, QUEUED, "2026-11-20T00:00:00+00:00"))
    monkeypatch.setenv("SINGER_CONNECTORS_NOW", "2026-11-23T00:00:00+00:00")
    assert [entry.label for entry in journal.expired()] == ["delete part 1"]
    assert journal.entry("old") is None
    assert journal.entry("new") is not None
