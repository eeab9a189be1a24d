"""SATORI bulk API: upload refusals, deferred application, row rules, numbering, retention."""

from __future__ import annotations

import hashlib

import pytest
from sandbox_satori_helpers import NOON, SatoriApi, csv_text, customer, error_of, payload


def test_accepted_upload_answers_a_process_code(satori):
    api = SatoriApi(satori)

    response = api.upload(csv_text("email,last_name", "a@example.jp,姓"))

    assert response.status_code == 202
    body = response.json()
    assert body["status"] == 202
    assert body["message"] == "Accepted"
    assert set(body["body"]) == {"process_code"}
    assert len(body["body"]["process_code"]) == 32
    int(body["body"]["process_code"], 16)


@pytest.mark.parametrize(
    ("body", "identity_type", "kind", "word"),
    [
        ("email\r\na@example.jp\r\n", None, "upsert", "identity_type"),
        ("email\r\na@example.jp\r\n", "phone", "upsert", "identity_type"),
        ("hashcode\r\n" + "a" * 32 + "\r\n", "hashcode", "registration", "hashcode"),
        ("email,nickname\r\na@example.jp,x\r\n", "email", "upsert", "nickname"),
        ("email,department\r\na@example.jp,x\r\n", "email", "upsert", "department"),
        ("email,company_name\r\na@example.jp,x\r\n", "email", "upsert", "company_name"),
        ("email,score\r\na@example.jp,1\r\n", "email", "upsert", "score"),
        ("email,customer_id\r\na@example.jp,1\r\n", "email", "upsert", "customer_id"),
        ("email,custom:x\r\na@example.jp,1\r\n", "email", "upsert", "'x'"),
        ("email,memo,memo\r\na@example.jp,1,2\r\n", "email", "upsert", "重複"),
        ("last_name\r\n姓\r\n", "email", "upsert", "email列"),
        ("email\r\na@example.jp\r\n", "hashcode", "upsert", "hashcode列"),
        ("hashcode,email\r\nx,a@example.jp\r\n", "email", "upsert", "hashcode列"),
        ("email\r\n", "email", "upsert", "データ行"),
        ("email\r\n\r\n\r\n", "email", "upsert", "データ行"),
        ("", "email", "upsert", "ヘッダー"),
    ],
)
def test_upload_refusals_are_400_and_queue_nothing(satori, body, identity_type, kind, word):
    response = SatoriApi(satori).upload(body, identity_type, kind)

    status, message = error_of(response)
    assert status == 400
    assert word in message
    assert satori.bulk_jobs() == []


def test_header_problems_are_each_listed(satori):
    response = SatoriApi(satori).upload(csv_text("email,score,nickname", "a@example.jp,1,x"))

    assert response.json()["errors"] == [
        "CSVのヘッダー 'score' は更新できません",
        "CSVのヘッダー 'nickname' は存在しない項目です",
    ]


def test_the_public_standard_keys_and_the_permission_words(satori):
    header = (
        "email,last_name,first_name,last_name_reading,first_name_reading,lead_company_name,"
        "phone_number,mobile_phone_number,address,memo,collection_route,collection_date,"
        "delivery_permission,append_tags"
    )
    row = "k@example.jp,山田,太郎,やまだ,たろう,株式会社,03,090,東京都,メモ,展示会,2026-03-10,拒否,"

    answer = SatoriApi(satori).bulk(csv_text(header, row, "j@example.jp,,,,,,,,,,,,approval,"))

    stored = customer(satori, "k@example.jp")
    assert stored["lead_company_name"] == "株式会社"
    assert stored["collection_date"] == "2026-03-10"
    assert stored["delivery_permission"] == "拒否"
    # The bulk CSV takes 許可 / 拒否; the single API's words are refused in it.
    refused = "delivery_permissionは「許可」または「拒否」で指定してください"
    assert answer["failed_rows"] == [{"row_number": 2, "message": refused}]


def test_missing_file_is_400(satori):
    api = SatoriApi(satori)

    wrong_field = api.upload(csv_text("email", "a@example.jp"), file_field="file")
    urlencoded = api.post("/bulk_customers/upsert.json", {"identity_type": "email"})

    assert error_of(wrong_field) == (400, "customer_csv_fileを指定してください")
    assert error_of(urlencoded) == (400, "customer_csv_fileを指定してください")


def test_file_not_utf8_is_400(satori):
    body = csv_text("email,last_name", "a@example.jp,山田").encode("cp932")

    response = SatoriApi(satori).upload(body)

    assert error_of(response) == (400, "CSVファイルの文字コードはUTF-8にしてください")


def test_broken_multipart_is_400_once_the_keys_pass(satori):
    api = SatoriApi(satori)

    response = api.session.post(
        f"{api.url}/bulk_customers/upsert.json",
        data=b"--xyz\r\nbroken",
        headers={"Content-Type": "multipart/form-data; boundary=xyz"},
        timeout=10,
    )

    assert error_of(response)[0] == 401  # the keys were in the unreadable body


@pytest.mark.parametrize(("polls", "answers"), [(0, 1), (1, 1), (2, 2), (3, 3)])
def test_status_calls_until_finished(satori, polls, answers):
    api = SatoriApi(satori)
    satori.configure(status_polls_until_finished=polls)
    code = api.schedule(csv_text("email", "p@example.jp"))

    statuses = [api.status(code)["process_status"] for _ in range(answers + 1)]

    assert statuses == ["processing"] * (answers - 1) + ["finished", "finished"]


def test_random_processing_time_answers_processing_until_it_has_passed(satori):
    api = SatoriApi(satori)
    satori.set_clock(NOON)  # frozen: only advances move it
    satori.configure(processing_seconds_max=600, processing_seed=7, status_polls_until_finished=1)
    first = api.schedule(csv_text("email", "slow@example.jp"))
    second = api.schedule(csv_text("email", "slower@example.jp"))
    times = {job["process_code"]: job["processing_seconds"] for job in satori.bulk_jobs()}
    assert all(0 <= seconds <= 600 for seconds in times.values())
    assert times[first] != times[second]  # each job draws its own time

    statuses = [api.status(first)["process_status"] for _ in range(5)]
    satori.advance_clock(times[first] / 2)
    statuses.append(api.status(first)["process_status"])
    assert customer(satori, "slow@example.jp") is None
    satori.advance_clock(times[first] / 2 + 0.001)
    finished = api.status(first)

    assert statuses == ["processing"] * 6
    assert finished["process_status"] == "finished"
    assert finished["success_rows"] == 1
    assert customer(satori, "slow@example.jp") is not None
    assert satori.bulk_jobs()[0]["status_calls"] == 7

    satori.reset()  # the same seed draws the same times again
    satori.configure(processing_seconds_max=600, processing_seed=7)
    again = api.schedule(csv_text("email", "slow@example.jp"))
    assert satori.bulk_jobs()[0]["processing_seconds"] == times[again]


def test_nothing_is_applied_before_finished(satori):
    api = SatoriApi(satori)
    satori.configure(status_polls_until_finished=3)
    code = api.schedule(csv_text("email,last_name", "late@example.jp,遅"))

    assert satori.bulk_jobs()[0]["status"] == "waiting"
    assert satori.customers() == []
    first = api.status(code)
    second = api.status(code)
    assert satori.customers() == []
    finished = api.status(code)

    assert first == {
        "process_code": code,
        "process_status": "processing",
        "total_rows": 1,
        "success_rows": 0,
        "failed_rows": [],
    }
    assert second["process_status"] == "processing"
    assert finished["process_status"] == "finished"
    assert finished["success_rows"] == 1
    assert customer(satori, "late@example.jp")["last_name"] == "遅"
    assert api.status(code) == finished  # applied once only
    assert satori.bulk_jobs()[0]["status_calls"] == 4


def test_blank_cells_never_overwrite(satori):
    api = SatoriApi(satori)
    api.upsert(email="keep@example.jp", last_name="姓", memo="メモ", custom__industry="IT")

    api.bulk(csv_text("email,last_name,memo,custom:industry", "keep@example.jp,,新メモ,"))

    stored = customer(satori, "keep@example.jp")
    assert stored["last_name"] == "姓"
    assert stored["memo"] == "新メモ"
    assert stored["custom:industry"] == "IT"


ROWS = csv_text(
    "email,last_name,delivery_permission",
    "ok1@example.jp,一,許可",
    "not-an-address,二,",
    "ok2@example.jp,三,はい",
    "",
    "ok3@example.jp,四",
    "ok4@example.jp,五,拒否",
)


def test_failed_rows_numbered_by_data_row(satori):
    answer = SatoriApi(satori).bulk(ROWS)

    assert answer["total_rows"] == 5
    assert answer["success_rows"] == 2
    assert answer["failed_rows"] == [
        {"row_number": 2, "message": "メールアドレスの形式が正しくありません"},
        {
            "row_number": 3,
            "message": "delivery_permissionは「許可」または「拒否」で指定してください",
        },
        {"row_number": 4, "message": "列数がヘッダーと一致しません(ヘッダー3列、この行2列)"},
    ]
    assert [c["email"] for c in satori.customers()] == ["ok1@example.jp", "ok4@example.jp"]


def test_failed_rows_numbered_by_file_line(satori):
    satori.configure(row_numbering="file_line")

    answer = SatoriApi(satori).bulk(ROWS)

    # the header is line 1 and the blank line 5 still counts as a line
    assert [row["row_number"] for row in answer["failed_rows"]] == [3, 4, 6]
    assert satori.bulk_jobs()[0]["failed_rows"] == answer["failed_rows"]


def test_duplicate_email_within_one_file(satori):
    answer = SatoriApi(satori).bulk(
        csv_text("email,last_name", "dup@example.jp,先", "DUP@example.jp,後"), kind="registration"
    )

    assert answer["success_rows"] == 1
    assert answer["failed_rows"] == [
        {"row_number": 2, "message": "このメールアドレスは既に登録されています"}
    ]
    assert customer(satori, "dup@example.jp")["last_name"] == "先"


def test_upsert_of_the_same_email_twice_in_one_file_updates(satori):
    answer = SatoriApi(satori).bulk(
        csv_text("email,last_name,memo", "twice@example.jp,先,m", "twice@example.jp,後,")
    )

    assert answer["success_rows"] == 2
    stored = satori.customers()
    assert len(stored) == 1
    assert (stored[0]["last_name"], stored[0]["memo"]) == ("後", "m")


def test_unique_custom_values_are_checked_across_rows_and_customers(satori):
    api = SatoriApi(satori)
    api.upsert(email="holder@example.jp", custom__member_id="M1")

    answer = api.bulk(
        csv_text(
            "email,custom:member_id",
            "a@example.jp,M1",
            "b@example.jp,M2",
            "c@example.jp,M2",
            "holder@example.jp,M1",
        )
    )

    message = "カスタム項目 '会員ID' の値は既に使用されています"
    assert answer["failed_rows"] == [
        {"row_number": 1, "message": message},
        {"row_number": 3, "message": message},
    ]
    assert customer(satori, "a@example.jp") is None


def test_tags_are_appended_and_deleted(satori):
    api = SatoriApi(satori)
    api.upsert(email="t@example.jp", append_tags="old,keep")

    answer = api.bulk(
        csv_text(
            "email,append_tags,delete_tags",
            't@example.jp,"new, other",old',
            "u@example.jp,only,",
            'v@example.jp,"a,,b",',
        )
    )

    assert customer(satori, "t@example.jp")["tags"] == ["keep", "new", "other"]
    assert customer(satori, "u@example.jp")["tags"] == ["only"]
    assert [row["row_number"] for row in answer["failed_rows"]] == [3]


def test_hashcode_identity_updates_and_changes_emails(satori):
    api = SatoriApi(satori)
    first = payload(api.upsert(email="h1@example.jp"))["customer[hashcode]"]
    second = payload(api.upsert(email="h2@example.jp"))["customer[hashcode]"]

    answer = api.bulk(
        csv_text(
            "hashcode,email,memo",
            f"{first},renamed@example.jp,m1",
            f"{second},RENAMED@example.jp,m2",
            f"{'0' * 32},x@example.jp,",
            ",y@example.jp,",
        ),
        identity_type="hashcode",
    )

    assert answer["success_rows"] == 1
    assert [row["message"] for row in answer["failed_rows"]] == [
        "このメールアドレスは既に使用されています",
        "カスタマーが見つかりません",
        "hashcodeを指定してください",
    ]
    assert customer(satori, "renamed@example.jp")["memo"] == "m1"
    assert customer(satori, "h2@example.jp")["hashcode"] == second


def test_bulk_registration_refuses_existing_emails_per_row(satori):
    api = SatoriApi(satori)
    api.upsert(email="exists@example.jp", last_name="元")

    answer = api.bulk(
        csv_text("email,last_name", "exists@example.jp,上書き", "fresh@example.jp,新"),
        kind="registration",
    )

    assert answer["failed_rows"] == [
        {"row_number": 1, "message": "このメールアドレスは既に登録されています"}
    ]
    assert customer(satori, "exists@example.jp")["last_name"] == "元"
    assert customer(satori, "fresh@example.jp")["last_name"] == "新"


def test_bom_lf_and_quoted_cells(satori):
    body = "\ufeffemail,memo,address\n" + 'q@example.jp,"a ""quoted"", memo","1-2\n3"\n'

    answer = SatoriApi(satori).bulk(body.encode("utf-8"))

    assert answer["success_rows"] == 1
    stored = customer(satori, "q@example.jp")
    assert stored["memo"] == 'a "quoted", memo'
    assert stored["address"] == "1-2\n3"
    assert satori.bulk_jobs()[0]["header"] == ["email", "memo", "address"]


def test_status_needs_a_known_process_code(satori):
    api = SatoriApi(satori)

    unknown = api.get("/bulk_customers/status.json", process_code="0" * 32)
    missing = api.get("/bulk_customers/status.json")

    assert error_of(unknown) == (404, "処理コードが見つかりません")
    assert error_of(missing)[0] == 400


def test_status_by_post_form(satori):
    api = SatoriApi(satori)
    code = api.schedule(csv_text("email", "f@example.jp"))

    response = api.post("/bulk_customers/status.json", {"process_code": code})

    assert payload(response)["process_status"] == "processing"


def test_jobs_are_kept_seven_days(satori):
    api = SatoriApi(satori)
    satori.set_clock(NOON)
    code = api.schedule(csv_text("email", "r@example.jp"))
    satori.advance_clock(7 * 86_400)
    assert api.status(code)["process_status"] == "processing"

    satori.advance_clock(1)

    assert error_of(api.get("/bulk_customers/status.json", process_code=code))[0] == 404
    assert satori.bulk_jobs()[0]["expired"] is True


def test_bulk_jobs_describe_what_was_uploaded(satori):
    api = SatoriApi(satori)
    raw = csv_text("email,last_name", "a@example.jp,姓", "b@example.jp,").encode("utf-8")
    code = api.schedule(raw, kind="registration")

    (job,) = satori.bulk_jobs()

    assert job == {
        "process_code": code,
        "kind": "registration",
        "identity_type": "email",
        "header": ["email", "last_name"],
        "total_rows": 2,
        "status": "waiting",
        "status_calls": 0,
        "processing_seconds": None,
        "success_rows": 0,
        "failed_rows": [],
        "filename": "customers.csv",
        "received_bytes": len(raw),
        "sha256": hashlib.sha256(raw).hexdigest(),
        "uploaded_at": job["uploaded_at"],
        "expired": False,
    }


def test_process_codes_differ_and_are_reproducible(satori):
    api = SatoriApi(satori)
    body = csv_text("email", "a@example.jp")
    codes = [api.schedule(body), api.schedule(body)]

    satori.reset()

    assert codes[0] != codes[1]
    assert api.schedule(body) == codes[0]
