import json
import os
import stat
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from singer_commons.errors import DailyBudgetExhausted
from singer_commons.ledger import CallLedger, account_slug
from singer_commons.state_store import FILE_BACKEND, FileStateStore
from singer_commons.testing import SHARED_ACCOUNT, SHARED_API, FakeClock, spend_from_processes

PROCESSES = 4
SPENDS_PER_PROCESS = 50
# 23:59 in Tokyo (UTC+9) on 2026-01-01.
TOKYO_LATE_EVENING = datetime(2026, 1, 1, 14, 59, tzinfo=UTC)


@pytest.fixture
def clock():
    return FakeClock(TOKYO_LATE_EVENING)


def ledger(tmp_path, clock, **kwargs):
    kwargs.setdefault("account", "example.hm-f.jp")
    return CallLedger(FileStateStore(tmp_path), clock=clock.now, **kwargs)


def test_counts_per_api_and_persists(tmp_path, clock):
    calls = ledger(tmp_path, clock, budgets={"open_mail": 240})
    calls.spend("open_mail")
    calls.spend("open_mail", 2)
    calls.spend("click_mail")
    assert calls.used("open_mail") == 3
    assert calls.remaining("open_mail") == 237
    assert calls.snapshot() == {"open_mail": 3, "click_mail": 1}
    content = json.loads(calls.document.path.read_text())
    assert content == {
        "account": "example.hm-f.jp",
        "timezone": "UTC",
        "day": "2026-01-01",
        "calls": {"open_mail": 3, "click_mail": 1},
    }
    assert calls.document.path.name == "call-ledger-example.hm-f.jp.json"


def test_budgets_default_and_unlimited(tmp_path, clock):
    calls = ledger(tmp_path, clock, budgets={"rest": 5}, default_budget=2)
    assert (calls.budget("rest"), calls.budget("bulk")) == (5, 2)
    unlimited = ledger(tmp_path, clock, account="other")
    assert unlimited.budget("rest") is None
    unlimited.spend("rest", 10**6)
    unlimited.spend("rest")
    assert unlimited.remaining("rest") is None
    assert unlimited.used("rest") == 10**6 + 1


def test_refused_spend_records_nothing(tmp_path, clock):
    calls = ledger(tmp_path, clock, account="marketo", budgets={"rest": 3})
    calls.spend("rest", 3)
    with pytest.raises(DailyBudgetExhausted) as refused:
        calls.spend("rest")
    assert calls.used("rest") == 3
    error = refused.value
    assert (error.api, error.used, error.budget) == ("rest", 3, 3)
    assert str(error).startswith(
        "Daily call budget for 'marketo:rest' is spent (3 of 3 calls used)"
    )
    assert "Re-run after that time to resume." in str(error)


def test_a_batch_larger_than_what_remains_is_refused_whole(tmp_path, clock):
    calls = ledger(tmp_path, clock, budgets={"rest": 10})
    calls.spend("rest", 8)
    with pytest.raises(DailyBudgetExhausted, match="cannot cover 3 planned calls"):
        calls.spend("rest", 3)
    assert calls.used("rest") == 8
    calls.spend("rest", 2)
    assert calls.remaining("rest") == 0


def test_a_zero_budget_refuses_the_first_call(tmp_path, clock):
    calls = ledger(tmp_path, clock, default_budget=0)
    with pytest.raises(DailyBudgetExhausted):
        calls.spend("rest")
    assert not calls.document.path.exists()


@pytest.mark.parametrize("calls_count", [0, -1])
def test_spend_and_refund_need_a_positive_count(tmp_path, clock, calls_count):
    calls = ledger(tmp_path, clock)
    with pytest.raises(ValueError, match="at least 1"):
        calls.spend("rest", calls_count)
    with pytest.raises(ValueError, match="at least 1"):
        calls.refund("rest", calls_count)


def test_refund_gives_calls_back_but_never_below_zero(tmp_path, clock):
    calls = ledger(tmp_path, clock, budgets={"rest": 2})
    calls.spend("rest", 2)
    calls.refund("rest")
    assert calls.used("rest") == 1
    calls.spend("rest")
    calls.refund("rest", 5)
    assert calls.used("rest") == 0


def test_ensure_refuses_a_plan_larger_than_what_remains(tmp_path, clock):
    calls = ledger(tmp_path, clock, budgets={"open_mail": 240})
    calls.spend("open_mail", 238)
    calls.ensure("open_mail", 2)
    with pytest.raises(DailyBudgetExhausted) as refused:
        calls.ensure("open_mail", 5)
    assert "cannot cover 5 planned calls (238 of 240 calls used, 2 remain)" in str(refused.value)
    assert refused.value.planned == 5
    assert calls.used("open_mail") == 238
    calls.ensure("unbudgeted", 10**9)


def test_tokyo_resets_at_tokyo_midnight_and_utc_at_utc_midnight(tmp_path, clock):
    tokyo = ledger(tmp_path, clock, account="haihai", timezone="Asia/Tokyo")
    utc = ledger(tmp_path, clock, account="keap", timezone="UTC")
    tokyo.spend("open_mail", 5)
    utc.spend("rest", 5)
    assert tokyo.resets_at() == datetime(2026, 1, 2, tzinfo=ZoneInfo("Asia/Tokyo"))
    assert utc.resets_at() == datetime(2026, 1, 2, tzinfo=UTC)

    clock.advance(120)  # 00:01 in Tokyo, 15:01 UTC
    assert tokyo.used("open_mail") == 0
    assert utc.used("rest") == 5
    tokyo.spend("open_mail")
    assert json.loads(tokyo.document.path.read_text())["day"] == "2026-01-02"
    assert tokyo.resets_at() == datetime(2026, 1, 3, tzinfo=ZoneInfo("Asia/Tokyo"))

    clock.advance(timedelta(hours=9).total_seconds())  # 00:01 UTC on 2026-01-02
    assert utc.used("rest") == 0
    assert tokyo.used("open_mail") == 1


def test_resets_at_is_aware_midnight_in_chicago(tmp_path):
    clock = FakeClock(datetime(2026, 11, 23, 18, 0, tzinfo=UTC))
    marketo = ledger(tmp_path, clock, account="marketo", timezone="America/Chicago")
    assert marketo.resets_at().isoformat() == "2026-11-24T00:00:00-06:00"


def test_two_instances_on_one_directory_share_the_count(tmp_path, clock):
    first = ledger(tmp_path, clock, budgets={"rest": 3})
    second = ledger(tmp_path, clock, budgets={"rest": 3})
    first.spend("rest")
    second.spend("rest")
    assert first.used("rest") == second.used("rest") == 2
    first.spend("rest")
    with pytest.raises(DailyBudgetExhausted):
        second.spend("rest")


def test_accounts_have_separate_files(tmp_path, clock):
    ledger(tmp_path, clock, account="a.example").spend("rest")
    assert ledger(tmp_path, clock, account="b.example").used("rest") == 0


def test_file_is_private_and_no_temp_file_is_left(tmp_path, clock):
    calls = ledger(tmp_path, clock)
    for _ in range(5):
        calls.spend("rest")
    assert stat.S_IMODE(calls.document.path.stat().st_mode) == 0o600
    assert sorted(os.listdir(tmp_path)) == [
        "call-ledger-example.hm-f.jp.json",
        "call-ledger-example.hm-f.jp.lock",
    ]


def test_a_naive_clock_is_refused(tmp_path):
    calls = CallLedger(FileStateStore(tmp_path), "x.example", clock=lambda: datetime(2026, 1, 1))
    with pytest.raises(ValueError, match="aware"):
        calls.used("rest")


@pytest.mark.parametrize(
    ("account", "slug"),
    [
        ("Marketo 123-ABC.mktorest.com", "marketo-123-abc.mktorest.com"),
        ("https://a.example:8443/path", "https-a.example-8443-path"),
        ("../../etc/passwd", "etc-passwd"),
    ],
)
def test_account_slug_is_file_name_safe(account, slug):
    assert account_slug(account) == slug


def test_an_account_without_letters_or_digits_is_refused():
    with pytest.raises(ValueError, match="no letters or digits"):
        account_slug("../")


@pytest.mark.parametrize(("budget", "expected_used"), [(10_000, 200), (120, 120)])
def test_concurrent_processes_never_lose_or_overspend_a_call(tmp_path, budget, expected_used):
    exit_codes, refusals = spend_from_processes(
        FILE_BACKEND,
        tmp_path,
        budget=budget,
        processes=PROCESSES,
        spends=SPENDS_PER_PROCESS,
        now=TOKYO_LATE_EVENING,
    )
    assert exit_codes == [0] * PROCESSES
    calls = CallLedger(FileStateStore(tmp_path), SHARED_ACCOUNT, clock=lambda: TOKYO_LATE_EVENING)
    assert calls.used(SHARED_API) == expected_used
    assert refusals == PROCESSES * SPENDS_PER_PROCESS - expected_used


def test_exhaust_marks_the_api_spent_until_the_reset(tmp_path, clock):
    calls = ledger(tmp_path, clock, timezone="Asia/Tokyo", budgets={"opens": 240})
    calls.spend("opens")
    calls.exhaust("opens")
    assert calls.remaining("opens") == 0
    with pytest.raises(DailyBudgetExhausted):
        calls.spend("opens")
    clock.advance(60)  # 0:00 in Tokyo: a new day
    calls.spend("opens")
    assert calls.used("opens") == 1


def test_the_default_clock_follows_singer_connectors_now(tmp_path, monkeypatch):
    monkeypatch.setenv("SINGER_CONNECTORS_NOW", "2026-11-23T23:59:59+09:00")
    calls = CallLedger(
        FileStateStore(tmp_path), "example.hm-f.jp", timezone="Asia/Tokyo", budgets={"opens": 1}
    )
    calls.spend("opens")
    assert json.loads(calls.document.path.read_text())["day"] == "2026-11-23"
    monkeypatch.setenv("SINGER_CONNECTORS_NOW", "2026-11-24T00:00:00+09:00")
    calls.spend("opens")
    assert json.loads(calls.document.path.read_text())["day"] == "2026-11-24"
