"""SATORI control endpoints: settings, customers, fields, bulk jobs, counters, clock, reset."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import requests
from sandbox_satori_helpers import NOON, SatoriApi, csv_text, error_of

from vendor_sandbox.client.base import SandboxControlError
from vendor_sandbox.satori import SatoriEmulator


def test_default_settings(satori):
    assert satori.settings() == {
        "user_key": "sandbox-user-key",
        "user_secret": "sandbox-user-secret",
        "company_key": "sandbox-company-key",
        "company_secret": "sandbox-company-secret",
        "envelope": "body",
        "http_200_errors": False,
        "status_polls_until_finished": 2,
        "row_numbering": "data_row",
        "processing_seconds_max": 0.0,
        "processing_seed": 0,
    }


def test_configure_answers_the_new_settings(satori):
    settings = satori.configure(envelope="message", status_polls_until_finished=0)

    assert settings["envelope"] == "message"
    assert settings["status_polls_until_finished"] == 0
    assert satori.settings() == settings


@pytest.mark.parametrize(
    ("settings", "word"),
    [
        ({"colour": "red"}, "colour"),
        ({"user_key": ""}, "user_key"),
        ({"user_secret": 1}, "user_secret"),
        ({"company_key": None}, "company_key"),
        ({"company_secret": ""}, "company_secret"),
        ({"envelope": "data"}, "envelope"),
        ({"http_200_errors": "yes"}, "http_200_errors"),
        ({"http_200_errors": 1}, "http_200_errors"),
        ({"status_polls_until_finished": -1}, "status_polls_until_finished"),
        ({"status_polls_until_finished": "2"}, "status_polls_until_finished"),
        ({"status_polls_until_finished": True}, "status_polls_until_finished"),
        ({"row_numbering": "line"}, "row_numbering"),
        ({"processing_seconds_max": -1}, "processing_seconds_max"),
        ({"processing_seconds_max": True}, "processing_seconds_max"),
        ({"processing_seed": 1.5}, "processing_seed"),
    ],
)
def test_bad_settings_are_400_naming_the_key(satori, settings, word):
    with pytest.raises(SandboxControlError, match=word):
        satori.configure(**settings)


def test_nothing_is_applied_when_one_setting_is_bad(satori):
    with pytest.raises(SandboxControlError):
        satori.configure(envelope="message", row_numbering="bogus")

    assert satori.settings()["envelope"] == "body"


def test_unknown_action_is_404_and_wrong_method_405(satori):
    with pytest.raises(SandboxControlError, match="404"):
        satori._call("GET", "nothing")
    with pytest.raises(SandboxControlError, match="405"):
        satori._call("POST", "settings", {})
    with pytest.raises(SandboxControlError, match="405"):
        satori._call("GET", "configure")


def test_put_customers_stores_and_returns_them(satori):
    stored = satori.put_customers(
        [
            {
                "email": "put@example.jp",
                "fields": {"last_name": "置", "collection_route": "import", "memo": ""},
                "custom": {"member_id": "P1"},
                "tags": ["b", "a"],
                "delivery_permission": "拒否",
            },
            {"hashcode": "0123456789abcdef0123456789abcdef"},
        ]
    )

    assert stored == satori.customers()
    first, second = stored
    assert first["id"] == 1
    assert len(first["hashcode"]) == 32
    assert (first["last_name"], first["collection_route"]) == ("置", "import")
    assert "memo" not in first
    assert first["custom:member_id"] == "P1"
    assert first["tags"] == ["a", "b"]
    assert first["delivery_permission"] == "拒否"
    assert second["id"] == 2
    assert second["hashcode"] == "0123456789abcdef0123456789abcdef"
    assert second["email"] is None
    assert second["delivery_permission"] == "許可"
    api = SatoriApi(satori)
    assert error_of(api.register(email="PUT@example.jp"))[0] == 400
    assert api.upsert(identity_type="hashcode", hashcode=second["hashcode"], memo="m").ok


def test_put_customers_ids_follow_api_created_ones(satori):
    SatoriApi(satori).upsert(email="api@example.jp")

    (stored,) = satori.put_customers([{"email": "ctl@example.jp"}])

    assert stored["id"] == 2


@pytest.mark.parametrize(
    ("customers", "word"),
    [
        ({"email": "a@example.jp"}, "customers"),
        ([{"email": "bad"}], r"customers\[0\]\.email"),
        ([{"email": 1}], r"customers\[0\]\.email"),
        ([{"email": "a@example.jp"}, {"email": "A@example.jp"}], r"customers\[1\]\.email"),
        ([{"email": "held@example.jp"}], r"customers\[0\]\.email"),
        ([{"hashcode": "XYZ"}], r"customers\[0\]\.hashcode"),
        ([{"hashcode": "f" * 32}, {"hashcode": "f" * 32}], r"customers\[1\]\.hashcode"),
        ([{"fields": {"nickname": "x"}}], r"customers\[0\]\.fields"),
        ([{"fields": {"last_name": 1}}], r"customers\[0\]\.fields"),
        ([{"custom": {"x": "1"}}], r"customers\[0\]\.custom"),
        ([{"custom": {"member_id": "HELD"}}], r"customers\[0\]\.custom\.member_id"),
        ([{"custom": {"member_id": "N"}}, {"custom": {"member_id": "N"}}], r"\[1\]\.custom"),
        ([{"tags": "a,b"}], r"customers\[0\]\.tags"),
        ([{"tags": ["a,b"]}], r"customers\[0\]\.tags"),
        ([{"tags": [""]}], r"customers\[0\]\.tags"),
        ([{"delivery_permission": "OK"}], r"customers\[0\]\.delivery_permission"),
        ([{"score": 5}], "score"),
        ([{"collection_route": "x"}], "collection_route"),
        ([{"fields": {"zip_code": "100-0001"}}], r"customers\[0\]\.fields"),
        ([{"fields": {"collection_date": "2026/03/10"}}], r"\.fields\.collection_date"),
    ],
)
def test_bad_customers_are_400_and_store_nothing(satori, customers, word):
    satori.put_customers([{"email": "held@example.jp", "custom": {"member_id": "HELD"}}])

    with pytest.raises(SandboxControlError, match=word):
        satori._call("POST", "customers", {"customers": customers})

    assert len(satori.customers()) == 1


def test_default_fields(satori):
    assert satori.fields() == [
        {"key": "member_id", "label": "会員ID", "unique": True},
        {"key": "industry", "label": "業種", "unique": False},
        {"key": "source_system", "label": "連携元システム", "unique": False},
        {"key": "last_reaction", "label": "最終反応", "unique": False},
    ]


def test_set_fields_replaces_them_and_drops_old_values(satori):
    api = SatoriApi(satori)
    api.upsert(email="f@example.jp", custom__industry="IT", custom__member_id="M1")

    answer = satori.set_fields(
        [{"key": "industry", "label": "業界"}, {"key": "crm_id", "label": "CRM ID", "unique": True}]
    )

    assert answer == [
        {"key": "industry", "label": "業界", "unique": False},
        {"key": "crm_id", "label": "CRM ID", "unique": True},
    ]
    stored = satori.customers()[0]
    assert stored["custom:industry"] == "IT"
    assert "custom:member_id" not in stored
    assert error_of(api.upsert(email="f@example.jp", custom__member_id="M1"))[0] == 400
    api.upsert(email="f@example.jp", custom__crm_id="C1")
    assert error_of(api.upsert(email="g@example.jp", custom__crm_id="C1")) == (
        409,
        "カスタム項目 'CRM ID' の値は既に使用されています",
    )
    assert api.upsert(email="g@example.jp", custom__member_id="").status_code == 400


@pytest.mark.parametrize(
    ("fields", "word"),
    [
        ({"key": "x"}, "fields"),
        ([{"label": "x"}], r"fields\[0\]\.key"),
        ([{"key": "custom:x", "label": "x"}], r"fields\[0\]\.key"),
        ([{"key": "x", "label": ""}], r"fields\[0\]\.label"),
        ([{"key": "x", "label": "x", "unique": "yes"}], r"fields\[0\]\.unique"),
        ([{"key": "x", "label": "x", "type": "text"}], "type"),
        ([{"key": "x", "label": "a"}, {"key": "x", "label": "b"}], "repeat"),
        ([{"key": "industry", "label": "業種", "unique": True}], r"fields\[0\]\.unique"),
    ],
)
def test_bad_fields_are_400_and_change_nothing(satori, fields, word):
    satori.put_customers([{"email": f"{n}@example.jp", "custom": {"industry": "IT"}} for n in "ab"])

    with pytest.raises(SandboxControlError, match=word):
        satori._call("POST", "fields", {"fields": fields})

    assert len(satori.fields()) == 4


def test_counters_start_at_zero_and_name_every_endpoint(satori):
    assert satori.counters() == {
        "calls": 0,
        "by_endpoint": {
            "registration": 0,
            "upsert": 0,
            "delete": 0,
            "bulk_upsert": 0,
            "bulk_registration": 0,
            "bulk_status": 0,
            "search": 0,
        },
        "by_status": {},
        "auth_failures": 0,
        "faults_injected": 0,
    }


def test_counters_count_each_endpoint(satori):
    api = SatoriApi(satori)
    api.register(email="a@example.jp")
    api.upsert(email="a@example.jp")
    api.delete(email="a@example.jp")
    code = api.schedule(csv_text("email", "b@example.jp"))
    api.schedule(csv_text("email", "c@example.jp"), kind="registration")
    api.status(code)
    api.search()
    SatoriApi(satori, {}).get("/customer/search.json")
    api.post("/unknown.json")

    counters = satori.counters()

    assert counters["calls"] == 9
    assert counters["by_endpoint"] == {
        "registration": 1,
        "upsert": 1,
        "delete": 1,
        "bulk_upsert": 1,
        "bulk_registration": 1,
        "bulk_status": 1,
        "search": 2,
    }
    assert counters["by_status"] == {"200": 5, "202": 2, "401": 1, "404": 1}
    assert counters["auth_failures"] == 1


def test_clock_follows_system_time_until_set(satori):
    clock = satori.clock()
    now = datetime.fromisoformat(clock["now"])

    assert clock["frozen"] is False
    assert now.utcoffset() == timedelta(hours=9)
    assert abs((now - datetime.now(UTC)).total_seconds()) < 60
    assert satori.set_clock(NOON) == {"now": NOON, "frozen": True}
    assert satori.advance_clock(3600)["now"] == "2026-03-10T13:00:00+09:00"


@pytest.mark.parametrize(
    ("body", "word"),
    [
        ({}, "exactly one"),
        ({"now": "2026-01-01T00:00:00"}, "offset"),
        ({"now": "tomorrow"}, "now"),
        ({"advance_seconds": -1}, "advance_seconds"),
    ],
)
def test_bad_clock_requests_are_400(satori, body, word):
    with pytest.raises(SandboxControlError, match=word):
        satori._call("POST", "clock", body)


def test_reset_restores_everything(satori):
    api = SatoriApi(satori)
    satori.configure(envelope="message", user_key="other")
    satori.set_fields([{"key": "x", "label": "X"}])
    satori.put_customers([{"email": "gone@example.jp"}])
    satori.set_clock(NOON)
    satori._call("POST", "faults", {"kind": "drop"})

    satori.reset()

    assert satori.settings()["envelope"] == "body"
    assert satori.settings()["user_key"] == "sandbox-user-key"
    assert len(satori.fields()) == 4
    assert satori.customers() == []
    assert satori.clock()["frozen"] is False
    code = api.schedule(csv_text("email", "new@example.jp"))  # the drop fault is gone
    assert satori.bulk_jobs()[0]["process_code"] == code
    assert satori.counters()["calls"] == 1


def test_satori_only_reset(satori):
    satori.put_customers([{"email": "gone@example.jp"}])

    response = requests.post(f"{satori.base_url}/_sandbox/satori/reset", timeout=10)

    assert response.json() == {"reset": ["satori"]}
    assert satori.customers() == []


def test_api_url_and_request_limits(satori):
    assert satori.url == f"{satori.base_url}/satori/api/v4/public"
    assert SatoriEmulator.limits.max_url_bytes == 16 * 1024
    assert SatoriEmulator.limits.max_body_bytes == 64 * 1024 * 1024

    response = requests.get(f"{satori.url}/customer/search.json?q={'x' * 17_000}", timeout=10)

    assert response.status_code == 414
