"""配配メール retrieval APIs: columns, seeded rows, CP932/UTF-8, CRLF/LF, quoting, 400s."""

from __future__ import annotations

import pytest
from sandbox_haihai_helpers import NOON, HaihaiApi, day_before, error_of, rows_of

TRICKY = 'カタログ,価格表を希望。"至急"\n送付先は本社まで'


@pytest.fixture
def api(haihai) -> HaihaiApi:
    """The default seed with the clock frozen at noon JST, so "yesterday" cannot move."""
    haihai.set_clock(NOON)
    haihai.seed()
    return HaihaiApi(haihai)


def test_open_and_click_mails_of_a_day(api):
    yesterday = day_before(api.client)

    opens = api.table("GetOpenMail", date=yesterday)
    clicks = api.table("GetClickMail", date=yesterday)

    assert opens[0] == ["メールID", "件名", "メールアドレス", "開封日時"]
    assert len(opens) == 1 + 2 * 3
    assert clicks[0] == ["メールID", "件名", "メールアドレス", "URL", "クリック日時"]
    assert len(clicks) == 1 + 2 * 2
    assert all(row[3].startswith("https://example.jp/campaign/") for row in clicks[1:])
    day = f"{yesterday[:4]}/{yesterday[4:6]}/{yesterday[6:]}"
    assert all(row[3].startswith(f"{day} ") for row in opens[1:])
    assert [row[3] for row in opens[1:]] == sorted(row[3] for row in opens[1:])


def test_mail_ids_are_unique_across_the_seeded_week(api):
    mails = [api.table("GetMailList", date=day_before(api.client, n))[1:] for n in range(1, 8)]

    assert all(len(day) == 2 for day in mails)
    assert {row[3] for day in mails for row in day} == {"一斉配信", "ステップメール"}
    ids = [row[0] for day in mails for row in day]
    assert len(set(ids)) == 14
    assert api.table("GetMailList", date=day_before(api.client, 8)) == [
        ["メールID", "件名", "配信日時", "配信種別", "配信数"]
    ]


def test_today_has_no_results_yet_so_only_the_header(api):
    today = day_before(api.client, 0)

    response = api.call("GetOpenMail", date=today)

    assert response.content == "メールID,件名,メールアドレス,開封日時\r\n".encode("cp932")


def test_unsubscribed_customers(api):
    rows = api.table("GetStopCustomerList")

    assert rows[0] == ["メールアドレス", "状態", "更新日時"]
    assert [row[:2] for row in rows[1:]] == [
        ["customer019@example.jp", "配信停止"],
        ["customer020@example.jp", "配信禁止"],
    ]


def test_visits_forms_and_answers(api):
    visits = api.table("GetVisitCount", date=day_before(api.client))
    forms = api.table("GetFormList")
    answers = api.table("GetFormAnswerList", form_id="1")
    seminar = api.table("GetFormAnswerList", form_id="2")

    assert visits[0] == ["メールアドレス", "来訪回数"]
    assert [row[1] for row in visits[1:]] == ["1", "2", "3"]
    assert [row[:2] for row in forms] == [
        ["フォームID", "フォーム名"],
        ["1", "資料請求フォーム"],
        ["2", "セミナー申込フォーム"],
    ]
    assert answers[0] == [
        "フォームID",
        "回答ID",
        "メールアドレス",
        "回答日時",
        "ご用件",
        "ご希望の資料",
    ]
    assert len(answers) == 4
    assert answers[2][4] == TRICKY
    assert "①" in answers[3][4]
    assert "髙橋" in answers[3][4]
    assert seminar[0][4:] == ["ご用件", "参加人数"]


def test_groups_fields_and_view_url(api):
    groups = api.table("GetGroupStepList")
    fields = api.table("GetCustomerDbItemList")
    view = api.table("CreateCustomerViewUrl", mail_address="CUSTOMER001@example.jp")

    assert groups == [
        ["種別", "ID", "名前"],
        ["グループ", "1", "メルマガ会員"],
        ["グループ", "2", "セミナー参加者"],
        ["ステップメール", "10", "新規登録フォロー"],
    ]
    assert fields[0] == ["項目ID", "項目名", "型", "必須"]
    assert fields[1] == ["1", "メールアドレス", "email", "1"]
    assert [row[1] for row in fields[2:]] == ["氏名", "会社名", "電話番号", "都道府県", "誕生日"]
    assert fields[-1][2] == "date"
    assert view[0] == ["メールアドレス", "顧客閲覧URL"]
    assert view[1][0] == "customer001@example.jp"
    assert view[1][1].startswith(f"{api.client.url}/customer/")


def test_responders_per_type(api):
    yesterday = day_before(api.client)

    tables = {
        kind: api.table("GetReactionList", date=yesterday, type=kind)
        for kind in ("open", "click", "conversion")
    }

    assert all(table[0] == ["メールID", "メールアドレス", "反応日時"] for table in tables.values())
    assert all(len(table) == 3 for table in tables.values())


def test_quoting_of_comma_quote_and_newline_is_rfc4180(api):
    raw = api.call("GetFormAnswerList", form_id="1").content

    quoted = '"カタログ,価格表を希望。""至急""\n送付先は本社まで"'.encode("cp932")
    assert quoted in raw
    assert b"\xfa\x59" in raw or "髙".encode("cp932") in raw  # 髙 as CP932 bytes
    assert "①".encode("cp932") in raw


def test_utf8_and_lf_when_configured(api):
    api.client.configure(csv_encoding="utf-8", csv_line_ending="lf")

    response = api.call("GetFormAnswerList", form_id="1")

    assert response.headers["Content-Type"] == "text/csv; charset=UTF-8"
    assert b"\r\n" not in response.content
    assert response.content.startswith("フォームID,回答ID".encode())
    assert rows_of(response.content, "utf-8")[2][4] == TRICKY
    assert response.content.endswith(b"\n")


def test_cp932_crlf_by_default(api):
    response = api.call("GetGroupStepList")

    expected = [
        "種別,ID,名前",
        "グループ,1,メルマガ会員",
        "グループ,2,セミナー参加者",
        "ステップメール,10,新規登録フォロー",
    ]
    assert response.content == "".join(f"{row}\r\n" for row in expected).encode("cp932")


def test_events_added_through_control_are_answered(api):
    api.client.add_events(
        opens=[
            {
                "mail_id": 900,
                "subject": "臨時号",
                "mail_address": "x@example.jp",
                "at": "2026-02-03T08:30:00+09:00",
            }
        ],
        clicks=[
            {
                "mail_id": 900,
                "subject": "臨時号",
                "mail_address": "x@example.jp",
                "url": "https://example.jp/a,b",
                "at": "2026/02/03 08:31:00",
            }
        ],
        mails=[
            {
                "mail_id": 900,
                "subject": "臨時号",
                "at": "2026-02-02T23:30:00Z",
                "kind": "一斉配信",
                "count": 7,
            }
        ],
        visits=[{"date": "2026-02-03", "mail_address": "x@example.jp", "count": 4}],
        responders=[
            {
                "type": "conversion",
                "mail_id": 900,
                "mail_address": "x@example.jp",
                "at": "2026-02-03T09:00:00+09:00",
            }
        ],
    )

    assert api.table("GetOpenMail", date="20260203")[1] == [
        "900",
        "臨時号",
        "x@example.jp",
        "2026/02/03 08:30:00",
    ]
    assert api.table("GetClickMail", date="20260203")[1][3] == "https://example.jp/a,b"
    assert api.table("GetMailList", date="20260203")[1] == [
        "900",
        "臨時号",
        "2026/02/03 08:30:00",
        "一斉配信",
        "7",
    ]
    assert api.table("GetVisitCount", date="20260203")[1] == ["x@example.jp", "4"]
    assert api.table("GetReactionList", date="20260203", type="conversion")[1][0] == "900"
    assert len(api.table("GetReactionList", date="20260203", type="open")) == 1


@pytest.mark.parametrize(
    ("action", "params", "word"),
    [
        ("GetOpenMail", {}, "date"),
        ("GetOpenMail", {"date": "2026-01-01"}, "date"),
        ("GetClickMail", {"date": "20261301"}, "date"),
        ("GetMailList", {"date": ""}, "date"),
        ("GetVisitCount", {"date": "yesterday"}, "date"),
        ("GetFormAnswerList", {}, "form_id"),
        ("GetFormAnswerList", {"form_id": "99"}, "form_id"),
        ("GetFormAnswerList", {"form_id": "x"}, "form_id"),
        ("CreateCustomerViewUrl", {}, "mail_address"),
        ("CreateCustomerViewUrl", {"mail_address": "nobody@example.jp"}, "mail_address"),
        ("GetReactionList", {"date": "20260101"}, "type"),
        ("GetReactionList", {"date": "20260101", "type": "bounce"}, "type"),
    ],
)
def test_bad_parameters_are_400_naming_them(api, action, params, word):

    response = api.call(action, **params)

    assert error_of(response) == (400, "INVALID_PARAMETER")
    assert word in response.json()["message"]
