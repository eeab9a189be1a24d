"""配配メール control reads of what the retrieval APIs answer from: events and lists."""

from __future__ import annotations

import pytest
from sandbox_haihai_helpers import NOON, HaihaiApi, day_before

from vendor_sandbox.client.base import SandboxControlError


def test_events_read_back_what_was_added_with_defaults_and_jst_times(haihai):
    haihai.set_clock(NOON)
    haihai.seed(customers=0)  # no seeded events

    haihai.add_events(
        opens=[{"mail_id": 7, "mail_address": "a@example.jp", "at": "2026/03/09 09:15"}],
        clicks=[
            {
                "mail_id": 7,
                "subject": "件名",
                "mail_address": "b@example.jp",
                "url": "https://example.jp/x",
                "at": "2026-03-09T00:30:00+00:00",
            }
        ],
        mails=[{"mail_id": 7, "at": "2026/03/09 09:00"}],
        visits=[{"date": "2026/03/09", "mail_address": "c@example.jp", "count": 2}],
        responders=[
            {
                "type": "click",
                "mail_id": 7,
                "mail_address": "d@example.jp",
                "at": "2026/03/09 23:59",
            }
        ],
    )

    assert haihai.events() == {
        "opens": [
            {
                "mail_id": 7,
                "subject": "",
                "mail_address": "a@example.jp",
                "at": "2026-03-09T09:15:00+09:00",
            }
        ],
        "clicks": [
            {
                "mail_id": 7,
                "subject": "件名",
                "mail_address": "b@example.jp",
                "url": "https://example.jp/x",
                "at": "2026-03-09T09:30:00+09:00",
            }
        ],
        "mails": [
            {
                "mail_id": 7,
                "subject": "",
                "at": "2026-03-09T09:00:00+09:00",
                "kind": "一斉配信",
                "count": 0,
            }
        ],
        "visits": [{"date": "2026-03-09", "mail_address": "c@example.jp", "count": 2}],
        "responders": [
            {
                "type": "click",
                "mail_id": 7,
                "mail_address": "d@example.jp",
                "at": "2026-03-09T23:59:00+09:00",
                "date": "2026-03-09",
            }
        ],
    }


def test_the_seeded_events_are_what_the_retrieval_apis_answer_day_by_day(haihai):
    api = HaihaiApi(haihai)
    haihai.set_clock(NOON)
    haihai.seed(days=2)
    day = day_before(haihai)
    events = haihai.events()

    opens = [  # the API answers a day's opens in time order
        [str(o["mail_id"]), o["subject"], o["mail_address"], o["at"][:19].replace("-", "/")]
        for o in sorted(events["opens"], key=lambda o: o["at"])
        if o["at"][:10].replace("-", "") == day
    ]
    assert opens
    assert api.table("GetOpenMail", date=day)[1:] == [
        [mail_id, subject, address, at.replace("T", " ")] for mail_id, subject, address, at in opens
    ]
    responders = [
        [str(r["mail_id"]), r["mail_address"]]
        for r in sorted(events["responders"], key=lambda r: r["at"])
        if r["type"] == "conversion" and r["date"].replace("-", "") == day
    ]
    answer = api.table("GetReactionList", date=day, type="conversion")[1:]
    assert [row[:2] for row in answer] == responders
    assert len(events["mails"]) == 4  # a broadcast and a step mail on each of the 2 days


def test_events_read_back_can_be_added_to_another_account_unchanged(haihai):
    haihai.set_clock(NOON)
    haihai.seed(days=3)
    events = haihai.events()
    haihai.seed(customers=0)

    haihai.add_events(**events)

    assert haihai.events() == events


def test_lists_are_the_forms_with_their_answers_the_groups_and_step_plans(haihai):
    api = HaihaiApi(haihai)
    haihai.set_clock(NOON)
    haihai.seed()

    lists = haihai.lists()

    assert [(f["form_id"], f["name"], f["questions"]) for f in lists["forms"]] == [
        (1, "資料請求フォーム", ["ご用件", "ご希望の資料"]),
        (2, "セミナー申込フォーム", ["ご用件", "参加人数"]),
    ]
    form = lists["forms"][0]
    assert api.table("GetFormAnswerList", form_id="1")[1:] == [
        [
            "1",
            str(answer["answer_id"]),
            answer["mail_address"],
            answer["answered_at"][:19].replace("-", "/").replace("T", " "),
            *answer["values"],
        ]
        for answer in form["answers"]
    ]
    assert lists["groups"] == [
        {"id": 1, "name": "メルマガ会員"},
        {"id": 2, "name": "セミナー参加者"},
    ]
    assert lists["step_plans"] == [{"id": 10, "name": "新規登録フォロー"}]


def test_the_reads_take_no_body_and_no_post(haihai):
    with pytest.raises(SandboxControlError, match="405"):
        haihai._call("POST", "lists", {})
