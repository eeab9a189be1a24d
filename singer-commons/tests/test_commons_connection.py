import time

import pytest
import requests

from singer_commons.connection import (
    RETRY_WAIT_SCALE_ENV,
    VendorConnection,
    json_body,
    retry_sleep,
)
from singer_commons.errors import VendorError, VendorUnavailable
from singer_commons.gate import CallGate
from singer_commons.ledger import CallLedger
from singer_commons.retry import RetryPolicy, RetryRule
from singer_commons.state_store import FileStateStore
from singer_commons.testing import FakeClock

URL = "https://vendor.example/api/items"


class BearerConnection(VendorConnection):
    def authorize(self, request):
        request.headers["Authorization"] = "Bearer test-token-1234"
        return request


@pytest.fixture
def clock():
    return FakeClock()


@pytest.fixture
def connection(tmp_path, clock):
    ledger = CallLedger(
        FileStateStore(tmp_path), "vendor.example", budgets={"rest": 10}, clock=clock.now
    )
    policy = RetryPolicy({"http:503": RetryRule.fixed(2.0, retries=2)}, sleep=clock.sleep)
    return BearerConnection(gate=CallGate("rest", ledger=ledger), retry=policy, timeout=5)


def test_a_retried_request_is_reauthorised_and_charged_again(connection, requests_mock, clock):
    requests_mock.get(URL, [{"status_code": 503}, {"json": {"items": [1]}}])
    response = connection.send(requests.Request("GET", URL))
    assert response.json() == {"items": [1]}
    assert [r.headers["Authorization"] for r in requests_mock.request_history] == [
        "Bearer test-token-1234"
    ] * 2
    assert connection.gate.ledger.used("rest") == 2
    assert clock.sleeps == [2.0]


def test_a_write_retried_after_a_5xx_may_have_been_applied(connection, requests_mock):
    requests_mock.post(URL, [{"status_code": 503}, {"json": {"ok": True}}])
    response, ambiguous = connection.send_write(requests.Request("POST", URL, json={"a": 1}))
    assert response.json() == {"ok": True}
    assert ambiguous is True
    _, first_time = connection.send_write(requests.Request("POST", URL, json={"a": 1}))
    assert first_time is False


def test_a_write_refused_by_a_vendor_code_was_not_applied(tmp_path, clock, requests_mock):
    class RefusingConnection(BearerConnection):
        def check_response(self, response):
            if response.json().get("refused"):
                raise VendorError("606", "rate limited")

    policy = RetryPolicy({"606": RetryRule.fixed(1.0, retries=1)}, sleep=clock.sleep)
    connection = RefusingConnection(gate=CallGate("rest"), retry=policy, timeout=5)
    requests_mock.post(URL, [{"json": {"refused": True}}, {"json": {"ok": True}}])

    _, ambiguous = connection.send_write(requests.Request("POST", URL, json={}))

    assert ambiguous is False
    assert requests_mock.call_count == 2


def test_credentials_are_prepared_outside_the_budget(connection, requests_mock):
    class TokenServiceDown(BearerConnection):
        def prepare_credentials(self):
            raise VendorError("identity", "token service unreachable")

    down = TokenServiceDown(gate=connection.gate, retry=connection.retry, timeout=5)
    with pytest.raises(VendorError, match="token service"):
        down.send(requests.Request("GET", URL))
    assert connection.gate.ledger.used("rest") == 0
    assert requests_mock.call_count == 0


def test_a_failure_past_its_last_retry_means_try_again_later(connection, requests_mock, clock):
    requests_mock.get(URL, status_code=503, text="down for maintenance")
    with pytest.raises(VendorUnavailable, match="still failing after 2 retries") as raised:
        connection.send(requests.Request("GET", URL))
    assert isinstance(raised.value.failure, VendorError)
    assert raised.value.failure.code == "http:503"
    assert "down for maintenance" in str(raised.value)
    assert requests_mock.call_count == 3
    assert clock.sleeps == [2.0, 2.0]


def test_an_error_without_rule_is_raised_with_its_http_code(connection, requests_mock):
    requests_mock.get(URL, status_code=404, text="no such item")
    with pytest.raises(VendorError) as raised:
        connection.send(requests.Request("GET", URL))
    assert raised.value.code == "http:404"
    assert "no such item" in raised.value.message
    assert requests_mock.call_count == 1


def test_the_user_agent_identifies_the_connector(connection, requests_mock):
    requests_mock.get(URL, json={})
    connection.send(requests.Request("GET", URL))
    assert requests_mock.last_request.headers["User-Agent"] == "singer-connectors"


def test_retry_sleep_is_time_sleep_unless_scaled(monkeypatch):
    monkeypatch.delenv(RETRY_WAIT_SCALE_ENV, raising=False)
    assert retry_sleep() is time.sleep
    monkeypatch.setenv(RETRY_WAIT_SCALE_ENV, "0")
    assert retry_sleep() is not time.sleep
    retry_sleep()(3600)  # scaled to zero: returns at once


def test_a_user_agent_chosen_for_a_shared_session_is_kept(tmp_path):
    session = requests.Session()
    session.headers["User-Agent"] = "my-pipeline/1.0"
    connection = VendorConnection(
        gate=CallGate("rest"), retry=RetryPolicy({}), timeout=5, session=session
    )
    assert connection.session.headers["User-Agent"] == "my-pipeline/1.0"


def test_json_body_parses_a_response_once(requests_mock):
    requests_mock.get(URL, json={"result": [1, 2]})
    response = requests.get(URL, timeout=5)
    first = json_body(response)
    assert first == {"result": [1, 2]}
    assert json_body(response) is first


@pytest.fixture
def unrepeatable(tmp_path, clock):
    """A connection retrying dropped connections and 503s (each twice) and nothing else."""
    ledger = CallLedger(
        FileStateStore(tmp_path), "vendor.example", budgets={"rest": 20}, clock=clock.now
    )
    policy = RetryPolicy(
        {
            "http:503": RetryRule.fixed(1.0, retries=2),
            "connection": RetryRule.fixed(1.0, retries=2),
        },
        sleep=clock.sleep,
    )
    return BearerConnection(gate=CallGate("rest", ledger=ledger), retry=policy, timeout=5)


def test_an_unrepeatable_write_answered_at_once_never_asks_confirm(unrepeatable, requests_mock):
    requests_mock.post(URL, json={"id": 7})
    asked = []

    answer = unrepeatable.send_unrepeatable(
        requests.Request("POST", URL, json={"a": 1}), lambda: asked.append(1)
    )

    assert answer.json() == {"id": 7}
    assert asked == []


def test_a_lost_answer_is_confirmed_by_a_look_up_instead_of_a_second_create(
    unrepeatable, requests_mock
):
    requests_mock.post(URL, exc=requests.exceptions.ConnectionError("reset by peer"))

    answer = unrepeatable.send_unrepeatable(
        requests.Request("POST", URL, json={"a": 1}), lambda: {"id": 7, "found": True}
    )

    assert answer == {"id": 7, "found": True}
    assert requests_mock.call_count == 1  # the create was sent once
    assert unrepeatable.gate.ledger.used("rest") == 1


def test_a_write_the_look_up_cannot_find_is_sent_again(unrepeatable, requests_mock):
    requests_mock.post(URL, [{"status_code": 503}, {"json": {"id": 8}}])
    asked = []

    answer = unrepeatable.send_unrepeatable(
        requests.Request("POST", URL, json={"a": 1}), lambda: asked.append(1)
    )

    assert answer.json() == {"id": 8}
    assert asked == [1]
    assert requests_mock.call_count == 2


def test_a_refusal_after_an_unsure_attempt_is_put_to_the_look_up(unrepeatable, requests_mock):
    requests_mock.post(
        URL, [{"status_code": 503}, {"status_code": 400, "json": {"message": "duplicate"}}]
    )
    looks = iter([None, {"id": 9}])

    answer = unrepeatable.send_unrepeatable(
        requests.Request("POST", URL, json={"a": 1}), lambda: next(looks)
    )

    assert answer == {"id": 9}
    assert requests_mock.call_count == 2


def test_a_refusal_of_a_first_attempt_is_raised_without_a_look_up(unrepeatable, requests_mock):
    requests_mock.post(URL, status_code=400, json={"message": "bad email"})
    asked = []

    with pytest.raises(VendorError) as raised:
        unrepeatable.send_unrepeatable(
            requests.Request("POST", URL, json={"a": 1}), lambda: asked.append(1)
        )

    assert raised.value.code == "http:400"
    assert asked == []


def test_an_earlier_runs_unanswered_write_is_confirmed_before_the_first_send(
    unrepeatable, requests_mock
):
    requests_mock.post(URL, json={"id": 10})

    answer = unrepeatable.send_unrepeatable(
        requests.Request("POST", URL, json={"a": 1}), lambda: {"id": 3}, unsure=True
    )

    assert answer == {"id": 3}
    assert requests_mock.call_count == 0


def test_an_unrepeatable_write_failing_past_its_retries_means_try_again_later(
    unrepeatable, requests_mock, clock
):
    requests_mock.post(URL, status_code=503)
    asked = []

    with pytest.raises(VendorUnavailable, match="still failing after 2 retries"):
        unrepeatable.send_unrepeatable(
            requests.Request("POST", URL, json={"a": 1}), lambda: asked.append(1)
        )

    assert requests_mock.call_count == 3
    assert asked == [1, 1]  # before each of the two resends
    assert clock.sleeps == [1.0, 1.0]
