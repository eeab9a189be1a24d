"""The SATORI connection on the wire: the keys of every call, both envelopes, errors, retries.

Only the HTTP layer is replaced (requests-mock). Shapes and sources: target-satori-bridge's
README, "Vendor contract".
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

import pytest

from satori_client.api import BULK_STATUS, SINGLE_UPSERT
from satori_client.connection import SatoriConnection
from satori_client.errors import SatoriError, SatoriKeysRejected
from satori_client.settings import KEY_SETTINGS, SatoriConnectionSettings

BASE = "https://api.satr.jp/api/v4/public"
KEYS = {name: f"{name}-secret-1234" for name in KEY_SETTINGS}
FORM = {"customer[identity_type]": "email", "customer[email]": "a@example.jp"}


def connection() -> SatoriConnection:
    settings = SatoriConnectionSettings.from_config({"base_url": f"{BASE}/", **KEYS})
    return SatoriConnection(settings, sleep=lambda _: None)


@pytest.mark.parametrize(
    "answer",
    [
        {"status": 200, "message": "OK", "body": {"customer[hashcode]": "h1"}},
        {"status": 200, "message": {"customer[hashcode]": "h1"}},
        {"customer[hashcode]": "h1"},
    ],
    ids=["body", "message", "bare"],
)
def test_a_form_carries_the_keys_and_the_payload_is_read_from_either_envelope(
    requests_mock, answer
):
    requests_mock.post(f"{BASE}/{SINGLE_UPSERT}", json=answer)

    assert connection().post_form(SINGLE_UPSERT, FORM) == {"customer[hashcode]": "h1"}
    sent = requests_mock.last_request
    assert parse_qsl(sent.text) == [*KEYS.items(), *FORM.items()]


def test_the_status_call_sends_the_keys_as_query_parameters(requests_mock):
    body = {"process_code": "p1", "process_status": "finished", "failed_rows": []}
    requests_mock.get(f"{BASE}/{BULK_STATUS}", json={"status": 200, "body": body})

    assert connection().bulk_status("p1") == body
    sent = requests_mock.last_request
    assert sent.method == "GET"
    assert parse_qsl(urlsplit(sent.url).query) == [*KEYS.items(), ("process_code", "p1")]


@pytest.mark.parametrize("http_status", [200, 400])
def test_an_error_status_in_the_body_or_the_http_status_is_a_satori_error(
    requests_mock, http_status
):
    answer = {"status": "400", "message": "customer[email]が不正です", "errors": ["email"]}
    requests_mock.post(f"{BASE}/{SINGLE_UPSERT}", json=answer, status_code=http_status)

    with pytest.raises(SatoriError) as raised:
        connection().post_form(SINGLE_UPSERT, FORM)
    assert raised.value.status == 400
    assert raised.value.vendor_message == "customer[email]が不正です; email"
    assert raised.value.answer == answer
    assert requests_mock.call_count == 1


@pytest.mark.parametrize("http_status", [401, 403])
def test_refused_keys_stop_naming_the_four_settings(requests_mock, http_status):
    requests_mock.post(
        f"{BASE}/{SINGLE_UPSERT}",
        json={"status": http_status, "message": "Unauthorized"},
        status_code=http_status,
    )

    with pytest.raises(SatoriKeysRejected, match="user_key, user_secret, company_key") as raised:
        connection().post_form(SINGLE_UPSERT, FORM)
    assert "secret-1234" not in str(raised.value)
    assert requests_mock.call_count == 1


def test_a_429_and_a_5xx_are_waited_out(requests_mock):
    requests_mock.post(
        f"{BASE}/{SINGLE_UPSERT}",
        [
            {"status_code": 429, "json": {"status": 429, "message": "Too Many Requests"}},
            {"status_code": 503, "text": "busy"},
            {"json": {"status": 200, "message": {"customer[hashcode]": "h2"}}},
        ],
    )

    assert connection().post_form(SINGLE_UPSERT, FORM) == {"customer[hashcode]": "h2"}
    assert requests_mock.call_count == 3
