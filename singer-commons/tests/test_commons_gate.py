import pytest

from singer_commons.errors import DailyBudgetExhausted, VendorError
from singer_commons.gate import ANSWERED_ERRORS, CallGate
from singer_commons.ledger import CallLedger
from singer_commons.ratelimit import RateLimiter
from singer_commons.state_store import FileStateStore
from singer_commons.testing import FakeClock


@pytest.fixture
def clock():
    return FakeClock()


@pytest.fixture
def ledger(tmp_path, clock):
    return CallLedger(
        FileStateStore(tmp_path), "vendor.example", budgets={"rest": 2}, clock=clock.now
    )


def test_each_call_is_charged_before_it_runs(ledger):
    gate = CallGate("rest", ledger=ledger)
    seen = []
    assert gate.run(lambda: seen.append(ledger.used("rest")) or "done") == "done"
    assert seen == [1]


def test_a_call_the_budget_cannot_cover_is_not_made(ledger):
    gate = CallGate("rest", ledger=ledger)
    calls = []
    gate.run(lambda: calls.append(1))
    gate.run(lambda: calls.append(2))
    with pytest.raises(DailyBudgetExhausted):
        gate.run(lambda: calls.append(3))
    assert calls == [1, 2]


def fail_with(code):
    def call():
        raise VendorError(code, "failed")

    return call


def test_uncounted_vendor_errors_are_refunded(ledger):
    gate = CallGate("rest", ledger=ledger, uncounted_codes=frozenset({"601"}))
    with pytest.raises(VendorError):
        gate.run(fail_with("601"))
    assert ledger.used("rest") == 0
    with pytest.raises(VendorError):
        gate.run(fail_with("606"))
    assert ledger.used("rest") == 1


def test_the_limiter_slot_is_held_for_the_call_only(clock):
    limiter = RateLimiter(0, 0.0, 1, clock=clock.monotonic, sleep=clock.sleep)
    gate = CallGate("rest", limiter=limiter)
    assert gate.run(lambda: limiter.in_flight) == 1
    with pytest.raises(VendorError):
        gate.run(fail_with("500"))
    assert limiter.in_flight == 0


def test_answered_errors_refund_every_http_error_but_not_transport_failures(ledger):
    gate = CallGate("rest", ledger=ledger, uncounted_codes=ANSWERED_ERRORS)

    def refused():
        raise VendorError("http:429", "quota")

    with pytest.raises(VendorError):
        gate.run(refused)
    assert ledger.used("rest") == 0

    def timed_out():
        raise VendorError("timeout", "no answer")

    with pytest.raises(VendorError):
        gate.run(timed_out)
    assert ledger.used("rest") == 1
