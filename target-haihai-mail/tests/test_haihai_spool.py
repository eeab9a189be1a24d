from singer_commons.csvcodec import CsvFormat
from singer_commons.state_store import FileStateStore
from target_haihai_mail.csvfile import batch_digest, write_part_csv
from target_haihai_mail.journal import QUEUED, JournalEntry, UploadJournal
from target_haihai_mail.operations import Operation
from target_haihai_mail.spool import OperationSpool, SpoolRows

CP932_CRLF = CsvFormat.from_settings("cp932", "crlf")


def spool_of(tmp_path, max_rows, csv_format=CP932_CRLF):
    return OperationSpool(
        tmp_path,
        Operation.REGISTER,
        max_rows=max_rows,
        email_field="メールアドレス",
        csv_format=csv_format,
    )


def test_parts_split_at_max_rows_with_the_union_of_fields_email_first(tmp_path):
    spool = spool_of(tmp_path, max_rows=2)
    spool.add(
        SpoolRows(
            "a",
            ["氏名", "メールアドレス"],
            [["一", "1@example.jp"]],
            [1],
            ["1@example.jp"],
            [{"e": 1}],
        )
    )
    spool.add(
        SpoolRows(
            "a",
            ["メールアドレス", "会社名"],
            [["2@example.jp", "社"], ["3@example.jp", ""]],
            [2, 3],
            ["2@example.jp", "3@example.jp"],
            [{"e": 2}, {"e": 3}],
        )
    )
    parts = spool.close()
    assert [(part.number, part.rows) for part in parts] == [(1, 2), (2, 1)]
    assert parts[0].fields == ["メールアドレス", "氏名", "会社名"]
    assert parts[1].fields == ["メールアドレス", "会社名"]
    assert [(entry.stream, entry.label, entry.record) for _, entry in parts[0].entries()] == [
        ("a", "input line 1, stream 'a' (1@example.jp)", {"e": 1}),
        ("a", "input line 2, stream 'a' (2@example.jp)", {"e": 2}),
    ]
    assert [entry.label for _, entry in parts[1].entries()] == [
        "input line 3, stream 'a' (3@example.jp)"
    ]

    csv_path = tmp_path / "part.csv"
    write_part_csv(parts[0], csv_path, CP932_CRLF)
    assert parts[0].ragged  # row 1 was written before 会社名 joined the header
    assert csv_path.read_bytes().decode("cp932") == (
        "メールアドレス,氏名,会社名\r\n1@example.jp,一,\r\n2@example.jp,,社\r\n"
    )
    write_part_csv(parts[1], csv_path, CP932_CRLF)
    assert not parts[1].ragged
    assert csv_path.read_bytes().decode("cp932") == "メールアドレス,会社名\r\n3@example.jp,\r\n"


def test_a_part_copies_its_body_after_the_header_with_one_byte_order_mark(tmp_path):
    bom = CsvFormat.from_settings("utf-8-sig", "lf")
    spool = spool_of(tmp_path, max_rows=10, csv_format=bom)
    cells = [[f"{n}@example.jp", f'髙橋 "{n}"\n本社'] for n in (1, 2)]
    addresses = ["1@example.jp", "2@example.jp"]
    spool.add(
        SpoolRows("a", ["メールアドレス", "氏名"], cells, [1, 2], addresses, [{"n": 1}, {"n": 2}])
    )
    (part,) = spool.close()

    write_part_csv(part, tmp_path / "part.csv", bom)

    assert (tmp_path / "part.csv").read_bytes().decode("utf-8") == (
        "\ufeffメールアドレス,氏名\n"
        '1@example.jp,"髙橋 ""1""\n本社"\n'
        '2@example.jp,"髙橋 ""2""\n本社"\n'
    )


def test_a_record_msgspec_cannot_encode_is_kept_with_json_escapes(tmp_path):
    spool = spool_of(tmp_path, max_rows=10)
    spool.add(
        SpoolRows(
            "a", ["メールアドレス"], [["1@example.jp"]], [0], ["1@example.jp"], [{"note": "\udcee"}]
        )
    )
    (part,) = spool.close()
    assert [entry.record for _, entry in part.entries()] == [{"note": "\udcee"}]
    assert [entry.label for _, entry in part.entries()] == ["stream 'a' (1@example.jp)"]


def test_the_digest_covers_bytes_and_upload_options(tmp_path):
    path = tmp_path / "a.csv"
    path.write_bytes(b"x")
    register = batch_digest(path, {"import_type": "0"})
    assert register == batch_digest(path, {"import_type": "0"})
    assert register != batch_digest(path, {"import_type": "1"})
    path.write_bytes(b"y")
    assert register != batch_digest(path, {"import_type": "0"})


def test_the_journal_persists_entries_per_account(tmp_path):
    journal = UploadJournal(FileStateStore(tmp_path), "haihai-example.hm-f.jp")
    entry = JournalEntry("register part 1", 3, QUEUED, "2026-11-23T00:00:00+00:00", "42")
    journal.record("abc", entry)
    assert UploadJournal(FileStateStore(tmp_path), "haihai-example.hm-f.jp").entry("abc") == entry
    assert UploadJournal(FileStateStore(tmp_path), "haihai-other.hm-f.jp").entry("abc") is None
    journal.forget(["abc"])
    assert journal.entry("abc") is None


def test_entries_older_than_ten_days_expire(tmp_path, monkeypatch):
    journal = UploadJournal(FileStateStore(tmp_path), "haihai-example.hm-f.jp")
    journal.record("old", JournalEntry("delete part 1", 1, QUEUED, "2026-11-01T00:00:00+00:00"))
    journal.record("new", JournalEntry("delete part 2", 1, QUEUED, "2026-11-20T00:00:00+00:00"))
    monkeypatch.setenv("SINGER_CONNECTORS_NOW", "2026-11-23T00:00:00+00:00")
    assert [entry.label for entry in journal.expired()] == ["delete part 1"]
    assert journal.entry("old") is None
    assert journal.entry("new") is not None
