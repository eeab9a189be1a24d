from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
import requests

from singer_commons.errors import (
    BODY_EXCERPT_CHARS,
    DailyBudgetExhausted,
    VendorError,
    error_from_http_response,
    parse_retry_after,
)
from singer_commons.redaction import forget_secrets, register_secret

URL = "https://vendor.example/api"
NOW = datetime(2026, 11, 23, 12, 0, 0, tzinfo=UTC)


def http_response(requests_mock, status, *, text="", headers=None, reason=None):
    requests_mock.get(URL, status_code=status, text=text, headers=headers or {}, reason=reason)
    return requests.get(URL, timeout=5)


def test_vendor_error_carries_code_message_and_response():
    response = object()
    error = VendorError("606", "Max rate limit exceeded", retry_after=4.0, response=response)
    assert str(error) == "[606] Max rate limit exceeded"
    assert (error.code, error.message, error.retry_after) == ("606", "Max rate limit exceeded", 4.0)
    assert error.response is response


def test_daily_budget_exhausted_message_says_when_to_resume():
    resets = datetime(2026, 11, 24, tzinfo=ZoneInfo("America/Chicago"))
    error = DailyBudgetExhausted("rest", 300, 300, resets, account="marketo")
    assert str(error) == (
        "Daily call budget for 'marketo:rest' is spent (300 of 300 calls used); it resets at "
        "2026-11-24T00:00:00-06:00. Re-run after that time to resume."
    )
    assert (error.api, error.used, error.budget, error.resets_at) == ("rest", 300, 300, resets)


def test_daily_budget_exhausted_with_a_plan_says_what_remains():
    resets = datetime(2026, 11, 24, tzinfo=UTC)
    error = DailyBudgetExhausted("open_mail", 238, 240, resets, planned=5)
    assert "cannot cover 5 planned calls (238 of 240 calls used, 2 remain)" in str(error)
    assert error.planned == 5


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("120", 120.0),
        (" 1.5 ", 1.5),
        ("-3", 0.0),
        ("Mon, 23 Nov 2026 12:00:30 GMT", 30.0),
        ("Mon, 23 Nov 2026 11:00:00 GMT", 0.0),
        (None, None),
        ("", None),
        ("soon", None),
        ("nan", None),
    ],
)
def test_parse_retry_after(value, expected):
    assert parse_retry_after(value, now=NOW) == expected


def test_error_from_http_response_has_status_reason_body_and_retry_after(requests_mock):
    response = http_response(
        requests_mock,
        503,
        text='{"message": "maintenance"}',
        headers={"Retry-After": "Mon, 23 Nov 2026 12:01:00 GMT"},
        reason="Service Unavailable",
    )
    error = error_from_http_response(response, clock=lambda: NOW)
    assert error.code == "http:503"
    assert error.message == 'HTTP 503 Service Unavailable: {"message": "maintenance"}'
    assert error.retry_after == 60.0
    assert error.response is response


def test_error_without_body_or_retry_after(requests_mock):
    error = error_from_http_response(http_response(requests_mock, 502, reason="Bad Gateway"))
    assert error.message == "HTTP 502 Bad Gateway"
    assert error.retry_after is None


def test_error_body_is_truncated_and_redacted(requests_mock):
    forget_secrets()
    register_secret("leaked-secret-value")
    body = "leaked-secret-value access_token=abc " + "x" * 2000
    error = error_from_http_response(http_response(requests_mock, 400, text=body))
    assert "leaked-secret-value" not in error.message
    assert "access_token=***" in error.message
    excerpt = error.message.split(": ", 1)[1]
    assert len(excerpt) == BODY_EXCERPT_CHARS + 1
    assert excerpt.endswith("…")
    forget_secrets()
