"""配配メール quotas: per API per JST day, 反応者一覧 per type, only successes, 0:00 JST reset."""

from __future__ import annotations

import pytest
from sandbox_haihai_helpers import NOON, HaihaiApi, csv_text, day_before, error_of

from vendor_sandbox.client.base import SandboxControlError


@pytest.fixture(autouse=True)
def _noon(haihai):
    """Freeze the account's clock at noon JST, so no test here straddles a quota day."""
    haihai.set_clock(NOON)


@pytest.mark.parametrize(
    ("plan", "quota"), [("standard", 240), ("bridge", 240), ("dedicated", 86_400)]
)
def test_plan_default_quotas(haihai, plan, quota):
    settings = haihai.configure(plan=plan)

    assert settings["effective_daily_quota"] == quota
    assert haihai.configure(daily_quota=5)["effective_daily_quota"] == 5


def test_the_241st_call_of_the_day_is_429(haihai):
    api = HaihaiApi(haihai)
    statuses = [api.call("GetGroupStepList").status_code for _ in range(241)]

    assert statuses.count(200) == 240
    assert error_of(api.call("GetGroupStepList")) == (429, "RATE_LIMIT_EXCEEDED")
    assert api.call("GetCustomerDbItemList").status_code == 200  # another API, its own quota


def test_quota_is_per_api_and_429_is_not_charged(haihai):
    api = HaihaiApi(haihai)
    haihai.configure(daily_quota=3)
    yesterday = day_before(haihai)

    opens = [api.call("GetOpenMail", date=yesterday).status_code for _ in range(5)]
    clicks = api.call("GetClickMail", date=yesterday)

    assert opens == [200, 200, 200, 429, 429]
    refused = api.call("GetOpenMail", date=yesterday)
    assert "0:00" in refused.json()["message"]
    assert "JST" in refused.json()["message"]
    assert clicks.status_code == 200
    counters = haihai.counters()
    (used,) = counters["by_day"].values()
    assert used == {"opens": 3, "clicks": 1}
    assert counters["rate_limited"] == 3


def test_errors_do_not_spend_the_quota(haihai):
    api = HaihaiApi(haihai)
    haihai.configure(daily_quota=2)

    for _ in range(5):
        assert api.call("GetOpenMail", date="2026-01-01").status_code == 400
    for _ in range(2):
        assert api.call("GetOpenMail", date=day_before(haihai)).status_code == 200

    assert api.call("GetOpenMail", date=day_before(haihai)).status_code == 429


def test_a_refused_upload_is_not_charged(haihai):
    api = HaihaiApi(haihai)
    haihai.configure(daily_quota=1)

    assert api.upload(csv_text("メールアドレス,年収", "a@example.jp,1")).status_code == 400
    assert api.upload(csv_text("メールアドレス", "a@example.jp")).status_code == 200
    assert api.upload(csv_text("メールアドレス", "b@example.jp")).status_code == 429
    assert haihai.counters()["uploads"] == 1


def test_responders_count_per_measurement_type(haihai):
    api = HaihaiApi(haihai)
    haihai.configure(daily_quota=2)
    yesterday = day_before(haihai)

    def status(kind: str) -> int:
        return api.call("GetReactionList", date=yesterday, type=kind).status_code

    first = [status("open") for _ in range(3)]
    others = [status("click"), status("click"), status("conversion")]

    assert first == [200, 200, 429]
    assert others == [200, 200, 200]
    assert status("click") == 429
    (used,) = haihai.counters()["by_day"].values()
    assert used == {"responders:open": 2, "responders:click": 2, "responders:conversion": 1}


def test_quota_turns_at_midnight_japan_time(haihai):
    api = HaihaiApi(haihai)
    haihai.configure(daily_quota=3)
    clock = haihai.set_clock("2026-03-09T23:59:59+09:00")
    assert (clock["day"], clock["frozen"]) == ("2026-03-09", True)

    before = [api.call("GetGroupStepList").status_code for _ in range(4)]
    after_midnight = haihai.advance_clock(1)
    after = [api.call("GetGroupStepList").status_code for _ in range(4)]

    assert before == [200, 200, 200, 429]
    assert after_midnight["day"] == "2026-03-10"
    assert after_midnight["now"] == "2026-03-10T00:00:00+09:00"
    assert after == [200, 200, 200, 429]
    assert haihai.counters()["by_day"] == {
        "2026-03-09": {"groups": 3},
        "2026-03-10": {"groups": 3},
    }


def test_midnight_utc_is_not_the_turn(haihai):
    api = HaihaiApi(haihai)
    haihai.configure(daily_quota=1)
    haihai.set_clock("2026-03-09T23:59:59+00:00")  # 08:59:59 JST on the 10th

    assert api.call("GetGroupStepList").status_code == 200
    haihai.advance_clock(1)
    assert api.call("GetGroupStepList").status_code == 429


@pytest.mark.parametrize("value", [-1, 1.5, "3", True])
def test_bad_daily_quota_is_refused(haihai, value):
    with pytest.raises(SandboxControlError, match="daily_quota"):
        haihai.configure(daily_quota=value)
