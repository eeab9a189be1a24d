"""配配メール control endpoints: settings, clock, seed, events, customers, fields, reset."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import requests
from sandbox_haihai_helpers import NOON, HaihaiApi, csv_text, day_before, error_of

from vendor_sandbox.client.base import SandboxControlError


def test_default_settings(haihai):
    assert haihai.settings() == {
        "api_token": "sandbox-haihai-token",
        "plan": "bridge",
        "daily_quota": None,
        "allowed_ips": [],
        "caller_ip": "127.0.0.1",
        "csv_encoding": "cp932",
        "csv_line_ending": "crlf",
        "pending_polls": 1,
        "processing_polls": 1,
        "processing_seconds_max": 0.0,
        "processing_seed": 0,
        "effective_daily_quota": 240,
    }


@pytest.mark.parametrize(
    ("settings", "word"),
    [
        ({"colour": "red"}, "colour"),
        ({"plan": "premium"}, "plan"),
        ({"api_token": ""}, "api_token"),
        ({"allowed_ips": "127.0.0.1"}, "allowed_ips"),
        ({"allowed_ips": ["10.0.0.0/24"]}, "allowed_ips"),
        ({"caller_ip": "localhost"}, "caller_ip"),
        ({"caller_ip": 1}, "caller_ip"),
        ({"csv_encoding": "shift_jis"}, "csv_encoding"),
        ({"csv_line_ending": "cr"}, "csv_line_ending"),
        ({"pending_polls": -1}, "pending_polls"),
        ({"processing_polls": "2"}, "processing_polls"),
        ({"processing_seconds_max": -1}, "processing_seconds_max"),
        ({"processing_seconds_max": True}, "processing_seconds_max"),
        ({"processing_seed": 1.5}, "processing_seed"),
    ],
)
def test_bad_settings_are_400_naming_the_key(haihai, settings, word):
    with pytest.raises(SandboxControlError, match=word):
        haihai.configure(**settings)


def test_nothing_is_applied_when_one_setting_is_bad(haihai):
    with pytest.raises(SandboxControlError):
        haihai.configure(plan="standard", csv_encoding="latin-1")

    assert haihai.settings()["plan"] == "bridge"


def test_clock_follows_system_time_until_set(haihai):
    clock = haihai.clock()
    now = datetime.fromisoformat(clock["now"])

    assert clock["frozen"] is False
    assert now.utcoffset() == timedelta(hours=9)
    assert abs((now - datetime.now(UTC)).total_seconds()) < 60
    assert clock["day"] == now.date().isoformat()
    shifted = datetime.fromisoformat(haihai.advance_clock(86_400)["now"])
    assert timedelta(hours=23) < shifted - now < timedelta(hours=25)


def test_set_clock_freezes_and_accepts_any_offset(haihai):
    clock = haihai.set_clock(datetime(2026, 5, 31, 15, 30, tzinfo=UTC))

    assert clock == {"now": "2026-06-01T00:30:00+09:00", "day": "2026-06-01", "frozen": True}
    assert haihai.clock() == clock


@pytest.mark.parametrize(
    ("body", "word"),
    [
        ({}, "exactly one"),
        ({"now": "2026-01-01T00:00:00+09:00", "advance_seconds": 1}, "exactly one"),
        ({"now": "2026-01-01T00:00:00"}, "offset"),
        ({"now": "tomorrow"}, "now"),
        ({"advance_seconds": -1}, "advance_seconds"),
        ({"advance_seconds": "1"}, "advance_seconds"),
    ],
)
def test_bad_clock_requests_are_400(haihai, body, word):
    with pytest.raises(SandboxControlError, match=word):
        haihai._call("POST", "clock", body)


def test_reset_restores_everything(haihai):
    api = HaihaiApi(haihai)
    haihai.configure(plan="standard", daily_quota=1)
    haihai.set_clock(NOON)
    haihai.seed(customers=2)
    api.schedule(csv_text("メールアドレス", "gone@example.jp"))
    haihai.fault("drop")

    haihai.reset()

    assert haihai.settings()["plan"] == "bridge"
    assert haihai.clock()["frozen"] is False
    assert len(haihai.customers()) == 20
    assert haihai.imports() == []
    assert api.call("GetGroupStepList").status_code == 200  # the drop fault is gone
    assert haihai.counters()["calls"] == 1


def test_seed_relative_to_the_clock(haihai):
    api = HaihaiApi(haihai)
    haihai.set_clock(NOON)

    answer = haihai.seed(days=2, customers=3)

    assert answer == {"days": 2, "customers": 3, "today": "2026-03-10"}
    assert [c["mail_address"] for c in haihai.customers()] == [
        f"customer00{n}@example.jp" for n in (1, 2, 3)
    ]
    assert [row[1] for row in api.table("GetStopCustomerList")[1:]] == ["配信停止", "配信禁止"]
    assert len(api.table("GetMailList", date="20260309")) == 3
    assert len(api.table("GetMailList", date="20260308")) == 3
    assert len(api.table("GetMailList", date="20260307")) == 1
    assert day_before(haihai) == "20260309"


def test_seed_with_no_customers_has_no_results(haihai):
    api = HaihaiApi(haihai)
    haihai.set_clock(NOON)
    haihai.seed(customers=0)

    assert haihai.customers() == []
    assert len(api.table("GetOpenMail", date="20260309")) == 1
    assert len(api.table("GetGroupStepList")) == 4


@pytest.mark.parametrize(
    ("body", "word"), [({"days": -1}, "days"), ({"customers": "x"}, "customers"), ({"x": 1}, "x")]
)
def test_bad_seed_requests_are_400(haihai, body, word):
    with pytest.raises(SandboxControlError, match=word):
        haihai._call("POST", "seed", body)


@pytest.mark.parametrize(
    ("body", "word"),
    [
        ({"bounces": []}, "bounces"),
        ({"opens": {}}, "opens"),
        ({"opens": [{"mail_id": 1, "mail_address": "a@example.jp"}]}, "opens[0].at"),
        ({"opens": [{"mail_id": 1, "mail_address": "a@example.jp", "at": "soon"}]}, "opens[0].at"),
        ({"clicks": [{"mail_id": 1, "mail_address": "a@b.jp", "at": "2026-01-01"}]}, "url"),
        ({"mails": [{"mail_id": -1, "at": "2026-01-01"}]}, "mails[0].mail_id"),
        ({"mails": [{"mail_id": 1, "at": "2026-01-01", "kind": "臨時"}]}, "mails[0].kind"),
        ({"visits": [{"date": "2026-13-01", "mail_address": "a@b.jp", "count": 1}]}, "date"),
        ({"visits": [{"date": "2026-01-01", "mail_address": "nope", "count": 1}]}, "mail_address"),
        ({"responders": [{"mail_id": 1, "mail_address": "a@b.jp", "at": "2026-01-01"}]}, "type"),
    ],
)
def test_bad_events_are_400_naming_item_and_field(haihai, body, word):
    with pytest.raises(SandboxControlError, match=word.replace("[", r"\[").replace("]", r"\]")):
        haihai._call("POST", "events", body)


def test_events_count_what_was_added(haihai):
    added = haihai.add_events(
        visits=[{"date": "2026/03/01", "mail_address": "v@example.jp", "count": 2}] * 3
    )

    assert added == {"visits": 3}


def test_put_customers_adds_and_replaces_in_place(haihai):
    api = HaihaiApi(haihai)
    answer = haihai.put_customers(
        [
            {
                "mail_address": "CUSTOMER001@example.jp",
                "fields": {"氏名": "入替"},
                "status": "配信停止",
            },
            {"mail_address": "extra@example.jp", "groups": [2], "step_plans": [10]},
        ]
    )

    customers = haihai.customers()

    assert answer == {"added": 1, "replaced": 1}
    assert customers[0]["mail_address"] == "CUSTOMER001@example.jp"
    assert customers[0]["fields"] == {"氏名": "入替"}
    assert customers[-1] == {
        "mail_address": "extra@example.jp",
        "fields": {},
        "status": "配信中",
        "groups": [2],
        "step_plans": [10],
        "updated_at": customers[-1]["updated_at"],
    }
    assert len(customers) == 21
    assert "CUSTOMER001@example.jp" in {row[0] for row in api.table("GetStopCustomerList")}


@pytest.mark.parametrize(
    ("item", "word"),
    [
        ({"fields": {}}, "mail_address"),
        ({"mail_address": "a@example.jp", "fields": {"年収": "1"}}, "fields"),
        ({"mail_address": "a@example.jp", "fields": {"氏名": 1}}, "fields"),
        ({"mail_address": "a@example.jp", "status": "退会"}, "status"),
        ({"mail_address": "a@example.jp", "groups": [3]}, "groups"),
        ({"mail_address": "a@example.jp", "step_plans": [1]}, "step_plans"),
    ],
)
def test_bad_customers_are_400(haihai, item, word):
    with pytest.raises(SandboxControlError, match=word):
        haihai.put_customers([item])
    assert len(haihai.customers()) == 20


def test_replacing_fields_changes_what_uploads_accept(haihai):
    api = HaihaiApi(haihai)
    fields = haihai.set_fields(
        [
            {"id": 1, "name": "メールアドレス", "type": "email", "required": True},
            {"id": 7, "name": "会員番号", "type": "number"},
            {"id": 2, "name": "氏名", "type": "text"},
        ]
    )

    assert [f["name"] for f in fields] == ["メールアドレス", "会員番号", "氏名"]
    assert haihai.fields() == fields
    assert api.table("GetCustomerDbItemList")[2] == ["7", "会員番号", "number", "0"]
    assert api.imported(csv_text("メールアドレス,会員番号", "m@example.jp,42"))["success"] == 1
    refused = api.upload(csv_text("メールアドレス,会社名", "m@example.jp,x"))
    assert error_of(refused) == (400, "INVALID_PARAMETER")
    assert set(haihai.customers()[0]["fields"]) == {"氏名"}  # 会社名 etc. dropped


@pytest.mark.parametrize(
    ("fields", "word"),
    [
        ([{"id": 2, "name": "氏名", "type": "text"}], "メールアドレス"),
        (
            [
                {"id": 1, "name": "メールアドレス", "type": "email"},
                {"id": 1, "name": "氏名", "type": "text"},
            ],
            "repeat",
        ),
        ([{"id": 1, "name": "メールアドレス", "type": "mail"}], "type"),
        ([{"id": 1, "name": "", "type": "email"}], "name"),
        ([{"id": 1, "name": "メールアドレス", "type": "email", "required": "yes"}], "required"),
    ],
)
def test_bad_fields_are_400(haihai, fields, word):
    with pytest.raises(SandboxControlError, match=word):
        haihai.set_fields(fields)


def test_unknown_control_action_and_wrong_method(haihai):
    base = f"{haihai.base_url}/_sandbox/haihai"

    assert requests.post(f"{base}/explode", timeout=10).status_code == 404
    assert requests.post(f"{base}/counters", timeout=10).status_code == 405
    assert requests.get(f"{base}/seed", timeout=10).status_code == 405
    assert requests.post(f"{base}/configure", data=b"[1]", timeout=10).status_code == 400
    assert requests.post(f"{base}/reset", timeout=10).json() == {"reset": ["haihai"]}
