"""配配メール's write log: one entry per customer row an import wrote, by address and import."""

from __future__ import annotations

import pytest
from sandbox_haihai_helpers import HaihaiApi, csv_text


def test_each_row_an_import_wrote_is_logged_when_the_import_is_applied(haihai):
    api = HaihaiApi(haihai)
    import_id = api.schedule(
        csv_text("メールアドレス,氏名", "New@example.jp,新規", "customer001@example.jp,既存", "bad")
    )
    assert haihai.written() == []  # nothing is written before the import reaches 完了

    api.finish(import_id)
    overwrite = api.schedule(csv_text("メールアドレス,氏名", "new@example.jp,更新"), is_overwrite=1)
    api.finish(overwrite)
    api.imported(csv_text("メールアドレス", "new@example.jp"), import_type=1)

    written = haihai.written()
    assert [(e["seq"], e["key"], e["operation"], e["call"]) for e in written] == [
        (1, {"mail_address": "new@example.jp"}, "create", import_id),  # other rows: その他, 失敗
        (2, {"mail_address": "new@example.jp"}, "update", overwrite),
        (3, {"mail_address": "new@example.jp"}, "delete", "3"),
    ]
    assert written[0]["record"] == {"メールアドレス": "New@example.jp", "氏名": "新規"}
    assert {e["resource"] for e in written} == {"customers"}
    assert all(e["answer_lost"] is None for e in written)


def test_a_status_change_is_an_update(haihai):
    api = HaihaiApi(haihai)
    import_id = api.schedule(csv_text("メールアドレス", "customer002@example.jp"), import_type=2)
    api.finish(import_id)

    (entry,) = haihai.written()
    assert (entry["key"], entry["operation"]) == (
        {"mail_address": "customer002@example.jp"},
        "update",
    )


@pytest.mark.parametrize("action", ["ScheduleCsvImport", "GetCsvImportResult"])
def test_rows_of_an_import_whose_upload_or_applying_poll_stalled_are_logged_as_lost(haihai, action):
    api = HaihaiApi(haihai)
    haihai.configure(pending_polls=0, processing_polls=0)  # the first poll applies the rows
    haihai.fault(kind="timeout", seconds=0.2, path=action)  # answered late: a client gave up
    api.imported(csv_text("メールアドレス", "late@example.jp"))
    api.imported(csv_text("メールアドレス", "on-time@example.jp"))

    assert [(e["key"]["mail_address"], e["answer_lost"]) for e in haihai.written()] == [
        ("late@example.jp", "timeout"),
        ("on-time@example.jp", None),
    ]


def test_a_refused_upload_and_an_unapplied_import_write_nothing(haihai):
    api = HaihaiApi(haihai)
    assert api.upload(csv_text("電話", "x")).status_code == 400
    api.schedule(csv_text("メールアドレス", "never@example.jp"))  # never polled

    assert haihai.written() == []
