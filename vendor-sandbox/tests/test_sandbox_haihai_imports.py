"""配配メール CSV imports: every import type, per-row results, polling, 400s, expiry."""

from __future__ import annotations

import hashlib

import pytest
from sandbox_haihai_helpers import HaihaiApi, csv_text, error_of


def customer(haihai, address: str) -> dict | None:
    found = [c for c in haihai.customers() if c["mail_address"].lower() == address.lower()]
    return found[0] if found else None


def test_register_new_existing_and_invalid_rows(haihai):
    api = HaihaiApi(haihai)
    body = csv_text(
        "氏名,メールアドレス,会社名",
        "新規 一郎,new1@example.jp,髙橋商事①",
        "上書き 太郎,Customer001@example.jp,",
        "不正,not-an-address,",
        "空白,with space@example.jp,",
    )

    answer = api.imported(body, 0, is_overwrite=0)

    assert (answer["total"], answer["success"], answer["failure"], answer["other"]) == (4, 1, 2, 1)
    assert answer["rows"] == [
        {
            "line": 2,
            "mail_address": "Customer001@example.jp",
            "result": "その他",
            "reason": "登録済み",
        },
        {
            "line": 3,
            "mail_address": "not-an-address",
            "result": "失敗",
            "reason": "メールアドレスの形式が不正です",
        },
        {
            "line": 4,
            "mail_address": "with space@example.jp",
            "result": "失敗",
            "reason": "メールアドレスの形式が不正です",
        },
    ]
    new = customer(haihai, "new1@example.jp")
    assert new["fields"] == {"氏名": "新規 一郎", "会社名": "髙橋商事①"}
    assert new["status"] == "配信中"
    assert customer(haihai, "customer001@example.jp")["fields"]["氏名"] == "顧客 001"


def test_overwrite_updates_but_empty_cells_never_erase(haihai):
    api = HaihaiApi(haihai)
    body = csv_text("メールアドレス,氏名,電話番号", "customer002@example.jp,改名 花子,")

    answer = api.imported(body, 0, is_overwrite=1)

    assert (answer["success"], answer["rows"]) == (1, [])
    fields = customer(haihai, "customer002@example.jp")["fields"]
    assert fields["氏名"] == "改名 花子"
    assert fields["電話番号"] == "03-0000-0002"


def test_register_joins_the_group_and_step_plan(haihai):
    api = HaihaiApi(haihai)
    body = csv_text("メールアドレス", "joiner@example.jp", "customer003@example.jp")

    api.imported(body, 0, is_overwrite=1, gid="2", spid="10")

    assert customer(haihai, "joiner@example.jp")["groups"] == [2]
    assert customer(haihai, "joiner@example.jp")["step_plans"] == [10]
    assert customer(haihai, "customer003@example.jp")["groups"] == [1, 2]


def test_delete(haihai):
    api = HaihaiApi(haihai)

    answer = api.imported(
        csv_text("メールアドレス", "customer004@example.jp", "ghost@example.jp"), 1
    )

    assert (answer["success"], answer["failure"]) == (1, 1)
    assert answer["rows"] == [
        {
            "line": 2,
            "mail_address": "ghost@example.jp",
            "result": "失敗",
            "reason": "未登録のメールアドレスです",
        }
    ]
    assert customer(haihai, "customer004@example.jp") is None


@pytest.mark.parametrize(
    ("import_type", "status"), [(2, "配信停止"), (3, "配信禁止"), (5, "配信中")]
)
def test_status_changes(haihai, import_type, status):
    api = HaihaiApi(haihai)
    body = csv_text(
        "メールアドレス", "customer005@example.jp", "customer020@example.jp", "ghost@example.jp"
    )

    answer = api.imported(body, import_type)

    assert (answer["import_type"], answer["success"], answer["failure"]) == (import_type, 2, 1)
    assert customer(haihai, "customer005@example.jp")["status"] == status
    assert customer(haihai, "customer020@example.jp")["status"] == status
    unsubscribed = api.table("GetStopCustomerList")[1:]
    assert ("customer005@example.jp" in {row[0] for row in unsubscribed}) == (status != "配信中")


def test_row_level_failures_wrong_width_and_long_text(haihai):
    api = HaihaiApi(haihai)
    body = csv_text(
        "メールアドレス,氏名",
        "short@example.jp",
        f"long@example.jp,{'あ' * 256}",
        f"edge@example.jp,{'あ' * 255}",
    )

    answer = api.imported(body)

    reasons = {row["mail_address"]: row["reason"] for row in answer["rows"]}
    assert "列数" in reasons["short@example.jp"]
    assert reasons["long@example.jp"] == "氏名が255文字を超えています"
    assert (answer["success"], answer["failure"]) == (1, 2)


def test_rows_are_applied_only_at_done(haihai):
    api = HaihaiApi(haihai)
    haihai.configure(pending_polls=2, processing_polls=3)
    import_id = api.schedule(csv_text("メールアドレス", "later@example.jp"))

    states = []
    seen = []
    for _ in range(6):
        answer = api.poll(import_id)
        states.append(answer["state"])
        seen.append(customer(haihai, "later@example.jp") is not None)
        if answer["state"] != "完了":
            assert (answer["total"], answer["rows"]) == (0, [])

    assert states == ["処理待ち"] * 2 + ["処理中"] * 3 + ["完了"]
    assert seen == [False] * 5 + [True]
    assert api.poll(import_id)["success"] == 1  # 完了 stays 完了, applied once
    assert haihai.counters()["status_polls"] == 7


def test_random_processing_time_answers_processing_until_it_has_passed(haihai):
    api = HaihaiApi(haihai)
    haihai.set_clock("2026-03-02T10:00:00+09:00")  # frozen: only advances move it
    haihai.configure(pending_polls=1, processing_seconds_max=600, processing_seed=7)
    first = api.schedule(csv_text("メールアドレス", "slow@example.jp"))
    second = api.schedule(csv_text("メールアドレス", "slower@example.jp"))
    times = {job["import_id"]: job["processing_seconds"] for job in haihai.imports()}
    assert all(0 <= seconds <= 600 for seconds in times.values())
    assert times[first] != times[second]  # each import draws its own time

    states = [api.poll(first)["state"] for _ in range(5)]
    haihai.advance_clock(times[first] / 2)
    states.append(api.poll(first)["state"])
    haihai.advance_clock(times[first] / 2 + 0.001)
    states.append(api.poll(first)["state"])

    assert states == ["処理待ち"] + ["処理中"] * 5 + ["完了"]
    assert customer(haihai, "slow@example.jp") is not None

    haihai.reset()  # the same seed draws the same times again
    haihai.configure(processing_seconds_max=600, processing_seed=7)
    again = api.schedule(csv_text("メールアドレス", "slow@example.jp"))
    assert haihai.imports()[0]["processing_seconds"] == times[again]


def test_zero_polls_completes_on_the_first_status_call(haihai):
    api = HaihaiApi(haihai)
    haihai.configure(pending_polls=0, processing_polls=0)

    answer = api.poll(api.schedule(csv_text("メールアドレス", "quick@example.jp")))

    assert (answer["state"], answer["success"]) == ("完了", 1)


def test_cp932_round_trip_of_japanese_values(haihai):
    api = HaihaiApi(haihai)
    name = "髙橋 ①郎"
    body = csv_text("メールアドレス,氏名,都道府県", f"kanji@example.jp,{name},京都府")

    api.imported(body)

    assert customer(haihai, "kanji@example.jp")["fields"] == {"氏名": name, "都道府県": "京都府"}
    (record,) = haihai.imports()
    raw = body.encode("cp932")
    assert record["sha256"] == hashlib.sha256(raw).hexdigest()
    assert record["first_bytes_hex"] == raw[:200].hex()
    assert (record["encoding"], record["line_ending"], record["had_bom"]) == (
        "cp932",
        "crlf",
        False,
    )
    assert record["header"] == ["メールアドレス", "氏名", "都道府県"]
    assert (record["rows"], record["filename"], record["size"]) == (1, "customers.csv", len(raw))


def test_utf8_account_with_bom_and_lf(haihai):
    api = HaihaiApi(haihai)
    haihai.configure(csv_encoding="utf-8")
    body = (
        b"\xef\xbb\xbf"
        + csv_text("メールアドレス,氏名", "bom@example.jp,ボム", ending="\n").encode()
    )

    answer = api.imported(body)

    assert answer["success"] == 1
    assert customer(haihai, "bom@example.jp")["fields"] == {"氏名": "ボム"}
    (record,) = haihai.imports()
    assert (record["encoding"], record["line_ending"], record["had_bom"]) == ("utf-8", "lf", True)


def test_quoted_cells_with_commas_and_newlines(haihai):
    api = HaihaiApi(haihai)
    body = csv_text("メールアドレス,会社名", 'q@example.jp,"株式会社""引用"",本店\r\n別館"')

    api.imported(body)

    assert customer(haihai, "q@example.jp")["fields"]["会社名"] == '株式会社"引用",本店\r\n別館'


def test_blank_lines_are_skipped(haihai):
    api = HaihaiApi(haihai)

    answer = api.imported(csv_text("メールアドレス", "", "a1@example.jp", "", "bad"))

    assert answer["total"] == 2
    assert answer["rows"][0]["line"] == 2


@pytest.mark.parametrize(
    ("body", "form", "word"),
    [
        (csv_text("メールアドレス,年収", "a@example.jp,1"), {}, "年収"),
        (csv_text("氏名", "太郎"), {}, "メールアドレス"),
        (csv_text("メールアドレス,氏名,氏名", "a@example.jp,x,y"), {}, "同じ項目名"),
        ("", {}, "1行目"),
        (csv_text("メールアドレス", "a@example.jp"), {"import_type": 4}, "import_type"),
        (csv_text("メールアドレス", "a@example.jp"), {"import_type": "x"}, "import_type"),
        (csv_text("メールアドレス", "a@example.jp"), {"is_overwrite": 2}, "is_overwrite"),
        (csv_text("メールアドレス", "a@example.jp"), {"gid": "99"}, "gid"),
        (csv_text("メールアドレス", "a@example.jp"), {"spid": "1"}, "spid"),
    ],
)
def test_bad_uploads_are_400_and_import_nothing(haihai, body, form, word):
    api = HaihaiApi(haihai)
    options = {"is_overwrite": form.get("is_overwrite")}
    options |= {name: form[name] for name in ("gid", "spid") if name in form}

    response = api.upload(body, form.get("import_type", 0), **options)

    assert error_of(response) == (400, "INVALID_PARAMETER")
    assert word in response.json()["message"]
    assert haihai.imports() == []
    assert haihai.counters()["uploads"] == 0


def test_utf8_bytes_on_a_cp932_account_are_400(haihai):
    api = HaihaiApi(haihai)

    response = api.upload(csv_text("メールアドレス,氏名", "a@example.jp,テスト").encode("utf-8"))

    assert error_of(response) == (400, "INVALID_PARAMETER")
    assert "cp932" in response.json()["message"]


def test_missing_file_part_and_broken_multipart_are_400(haihai):
    api = HaihaiApi(haihai)
    no_file = api.session.post(
        api.url,
        params={"ac": "ScheduleCsvImport"},
        files={"api_token": (None, "sandbox-haihai-token"), "import_type": (None, "0")},
    )
    broken = api.session.post(
        api.url,
        params={"ac": "ScheduleCsvImport"},
        data=b"--xyz\r\nno end",
        headers={
            "Content-Type": "multipart/form-data; boundary=xyz",
            "Authorization": "Bearer sandbox-haihai-token",
        },
    )

    assert error_of(no_file) == (400, "INVALID_PARAMETER")
    assert "csvfile" in no_file.json()["message"]
    assert error_of(broken) == (400, "INVALID_PARAMETER")


def test_token_in_the_multipart_form_or_header(haihai):
    api = HaihaiApi(haihai)

    assert error_of(api.upload(csv_text("メールアドレス"), token="wrong")) == (401, "INVALID_TOKEN")
    with_header = api.session.post(
        api.url,
        params={"ac": "ScheduleCsvImport"},
        data={"import_type": "0"},
        files={"csvfile": ("c.csv", csv_text("メールアドレス", "h@example.jp").encode("cp932"))},
        headers={"Authorization": "Bearer sandbox-haihai-token"},
    )
    assert with_header.status_code == 200


def test_unknown_missing_and_expired_import_ids(haihai):
    api = HaihaiApi(haihai)
    haihai.set_clock("2026-04-01T09:00:00+09:00")
    import_id = api.schedule(csv_text("メールアドレス", "old@example.jp"))

    assert error_of(api.call("GetCsvImportResult", import_id="999")) == (404, "NOT_FOUND")
    assert error_of(api.call("GetCsvImportResult")) == (400, "INVALID_PARAMETER")
    haihai.advance_clock(10 * 86_400)
    assert api.poll(import_id)["state"] == "処理待ち"  # exactly 10 days: still kept
    haihai.advance_clock(1)
    assert error_of(api.call("GetCsvImportResult", import_id=import_id)) == (404, "NOT_FOUND")
    assert haihai.imports()[0]["expired"] is True


def test_each_upload_gets_its_own_id_and_record(haihai):
    api = HaihaiApi(haihai)

    ids = [api.schedule(csv_text("メールアドレス", f"n{i}@example.jp"), 0) for i in range(3)]

    assert ids == ["1", "2", "3"]
    records = haihai.imports()
    assert [r["import_id"] for r in records] == ids
    assert len({r["sha256"] for r in records}) == 3
    assert all(r["state"] == "処理待ち" and r["rows"] == 1 for r in records)


def test_the_public_clients_upload_is_accepted(haihai):
    """The body jawhm/local public_html/haihai/sendhaihai.php builds, with the API token.

    Its own boundary, an extra `report_option` field, every cell double-quoted, Shift_JIS with
    CRLF and the file part as `application/octet-stream`: the one upload of 配配メール's CSV
    import seen in public, so the emulator must take it.
    """
    api = HaihaiApi(haihai)
    csv_bytes = '"メールアドレス","氏名"\r\n"public1@example.jp","髙橋 一郎"\r\n'.encode("cp932")
    form = {
        "api_token": "sandbox-haihai-token",
        "import_type": "0",
        "is_overwrite": "1",
        "gid": "",
        "spid": "",
        "report_option": "1",
    }
    body = b"".join(
        b"---attached\r\n"
        + f'Content-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        for name, value in form.items()
    )
    body += (
        b"---attached\r\n"
        b'Content-Disposition: form-data; name="csvfile"; filename="/var/www/csv/send.csv"\r\n'
        b"Content-Type: application/octet-stream\r\n\r\n" + csv_bytes + b"\r\n---attached--\r\n"
    )

    response = api.session.post(
        api.url,
        params={"ac": "ScheduleCsvImport"},
        data=body,
        headers={"Content-Type": "multipart/form-data; boundary=-attached"},
    )

    assert response.status_code == 200, response.text
    answer = api.finish(response.json()["import_id"])
    assert (answer["total"], answer["success"]) == (1, 1)
    assert customer(haihai, "public1@example.jp")["fields"] == {"氏名": "髙橋 一郎"}
    [upload] = haihai.imports()
    assert (upload["import_type"], upload["is_overwrite"], upload["gid"], upload["spid"]) == (
        0,
        1,
        None,
        None,
    )
    assert upload["line_ending"] == "crlf"
