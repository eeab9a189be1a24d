import inspect
import logging

import pytest
import requests

from singer_commons.errors import VendorError
from singer_commons.retry import RetryPolicy, RetryRule
from singer_commons.testing import FakeClock

URL = "https://vendor.example/api"


class Flaky:
    """Raises the given exceptions in order, then returns "ok"."""

    def __init__(self, *failures: Exception) -> None:
        self.failures = list(failures)
        self.calls = 0

    def __call__(self) -> str:
        self.calls += 1
        if self.failures:
            raise self.failures.pop(0)
        return "ok"


@pytest.fixture
def clock():
    return FakeClock()


def test_exponential_rule_doubles_and_caps():
    assert RetryRule.exponential(5.0, retries=5, cap=40.0).waits == (5.0, 10.0, 20.0, 40.0, 40.0)
    assert RetryRule.exponential(1.0, retries=3, factor=3.0).waits == (1.0, 3.0, 9.0)
    assert RetryRule.exponential(1.0, retries=0).retries == 0


def test_fixed_rule_repeats_the_wait():
    rule = RetryRule.fixed(4.0, retries=5)
    assert rule.waits == (4.0,) * 5
    assert rule.retries == 5
    assert rule.honour_retry_after is True


def test_negative_waits_are_refused():
    with pytest.raises(ValueError, match="negative"):
        RetryRule((1.0, -1.0))


def test_retries_follow_the_schedule_then_succeed(clock):
    policy = RetryPolicy({"606": RetryRule((1.0, 2.0, 3.0))}, sleep=clock.sleep)
    func = Flaky(VendorError("606", "busy"), VendorError("606", "busy"))
    assert policy.call(func) == "ok"
    assert func.calls == 3
    assert clock.sleeps == [1.0, 2.0]


def test_exhausted_retries_reraise_the_last_exception_unchanged(clock):
    policy = RetryPolicy({"606": RetryRule.fixed(4.0, retries=2)}, sleep=clock.sleep)
    last = VendorError("606", "third")
    func = Flaky(VendorError("606", "first"), VendorError("606", "second"), last)
    with pytest.raises(VendorError) as raised:
        policy.call(func)
    assert raised.value is last
    assert func.calls == 3
    assert clock.sleeps == [4.0, 4.0]


def test_a_code_without_rule_fails_at_once(clock):
    policy = RetryPolicy({"606": RetryRule.fixed(4.0, retries=2)}, sleep=clock.sleep)
    func = Flaky(VendorError("1003", "invalid"))
    with pytest.raises(VendorError, match="1003"):
        policy.call(func)
    assert func.calls == 1
    assert clock.sleeps == []


def test_unclassified_exceptions_are_never_retried(clock):
    policy = RetryPolicy({"connection": RetryRule.fixed(1.0, retries=3)}, sleep=clock.sleep)
    func = Flaky(KeyError("bug"))
    with pytest.raises(KeyError):
        policy.call(func)
    assert func.calls == 1


def test_retry_after_replaces_the_scheduled_wait(clock):
    policy = RetryPolicy({"http:429": RetryRule.fixed(1.0, retries=2)}, sleep=clock.sleep)
    func = Flaky(
        VendorError("http:429", "slow down", retry_after=17.0), VendorError("http:429", "x")
    )
    assert policy.call(func) == "ok"
    assert clock.sleeps == [17.0, 1.0]


def test_retry_after_is_ignored_when_the_rule_says_so(clock):
    rule = RetryRule((2.0,), honour_retry_after=False)
    policy = RetryPolicy({"http:429": rule}, sleep=clock.sleep)
    assert policy.call(Flaky(VendorError("http:429", "x", retry_after=600.0))) == "ok"
    assert clock.sleeps == [2.0]


def test_retries_are_counted_per_key(clock):
    rules = {"606": RetryRule.fixed(1.0, retries=1), "timeout": RetryRule.fixed(5.0, retries=1)}
    policy = RetryPolicy(rules, sleep=clock.sleep)
    func = Flaky(VendorError("606", "busy"), requests.exceptions.ReadTimeout("slow"))
    assert policy.call(func) == "ok"
    assert clock.sleeps == [1.0, 5.0]


def test_on_retry_sees_exception_key_and_attempt(clock):
    seen = []
    policy = RetryPolicy(
        {"601": RetryRule.fixed(0.0, retries=2)},
        sleep=clock.sleep,
        on_retry=lambda exc, key, attempt: seen.append((exc.message, key, attempt)),
    )
    policy.call(Flaky(VendorError("601", "a"), VendorError("601", "b")))
    assert seen == [("a", "601", 1), ("b", "601", 2)]


def test_on_retry_is_not_called_when_giving_up(clock):
    seen = []
    policy = RetryPolicy({}, sleep=clock.sleep, on_retry=lambda *args: seen.append(args))
    with pytest.raises(VendorError):
        policy.call(Flaky(VendorError("601", "a")))
    assert seen == []


def test_each_retry_logs_one_warning(clock, caplog):
    policy = RetryPolicy({"606": RetryRule.fixed(4.0, retries=5)}, sleep=clock.sleep)
    with caplog.at_level(logging.WARNING, logger="singer_commons.retry"):
        policy.call(
            Flaky(VendorError("606", "Max rate limit"), VendorError("606", "Max rate limit")),
            description="GET opportunities",
        )
    assert [record.getMessage() for record in caplog.records] == [
        "Retrying GET opportunities after [606] Max rate limit in 4.0 s (retry 1 of 5)",
        "Retrying GET opportunities after [606] Max rate limit in 4.0 s (retry 2 of 5)",
    ]


def test_retry_log_redacts_credentials_in_transport_errors(clock, caplog):
    policy = RetryPolicy({"connection": RetryRule.fixed(1.0, retries=1)}, sleep=clock.sleep)
    failure = requests.exceptions.ConnectionError("GET /x?access_token=abcdef failed")
    with caplog.at_level(logging.WARNING, logger="singer_commons.retry"):
        policy.call(Flaky(failure))
    assert caplog.records[0].getMessage() == (
        "Retrying call after [connection] ConnectionError: GET /x?access_token=*** failed "
        "in 1.0 s (retry 1 of 1)"
    )


@pytest.mark.parametrize(
    ("exc", "expected"),
    [
        (VendorError("606", "x", retry_after=3.0), ("606", 3.0)),
        (requests.exceptions.ReadTimeout(), ("timeout", None)),
        (requests.exceptions.ConnectTimeout(), ("timeout", None)),
        (requests.exceptions.ConnectionError(), ("connection", None)),
        (requests.exceptions.ChunkedEncodingError(), ("connection", None)),
        (ConnectionResetError(), ("connection", None)),
        (ValueError("bug"), None),
        (KeyboardInterrupt(), None),
    ],
)
def test_classify(exc, expected):
    assert RetryPolicy({}).classify(exc) == expected


def test_real_transport_failures_are_retried(clock, requests_mock):
    requests_mock.get(
        URL,
        [
            {"exc": requests.exceptions.ConnectTimeout},
            {"exc": requests.exceptions.ConnectionError},
            {"text": "fine"},
        ],
    )
    rules = {"timeout": RetryRule.fixed(2.0, retries=1), "connection": RetryRule.fixed(3.0, 1)}
    policy = RetryPolicy(rules, sleep=clock.sleep)
    assert policy.call(lambda: requests.get(URL, timeout=5).text) == "fine"
    assert clock.sleeps == [2.0, 3.0]


def test_with_rules_merges_and_keeps_sleep_and_hooks(clock):
    seen = []
    base = RetryPolicy(
        {"606": RetryRule.fixed(1.0, retries=1), "615": RetryRule.fixed(2.0, retries=1)},
        sleep=clock.sleep,
        on_retry=lambda _exc, key, _attempt: seen.append(key),
    )
    extended = base.with_rules({"615": RetryRule.fixed(9.0, retries=1), "604": RetryRule((5.0,))})
    extended.call(Flaky(VendorError("606", ""), VendorError("615", ""), VendorError("604", "")))
    assert clock.sleeps == [1.0, 9.0, 5.0]
    assert seen == ["606", "615", "604"]
    assert set(base.rules) == {"606", "615"}


def test_wrap_preserves_the_signature_and_passes_arguments(clock):
    policy = RetryPolicy({"606": RetryRule.fixed(1.0, retries=1)}, sleep=clock.sleep)
    failures = [VendorError("606", "")]

    @policy.wrap
    def fetch(page: int, *, size: int = 10) -> str:
        """Fetch one page."""
        if failures:
            raise failures.pop()
        return f"{page}:{size}"

    assert fetch(3, size=5) == "3:5"
    assert fetch.__name__ == "fetch"
    assert fetch.__doc__ == "Fetch one page."
    assert str(inspect.signature(fetch)) == "(page: int, *, size: int = 10) -> str"
    assert clock.sleeps == [1.0]
