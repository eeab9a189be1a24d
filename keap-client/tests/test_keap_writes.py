"""KeapConnection.write: bodies, answers, Keap's refusals, and creates never sent twice."""

from __future__ import annotations

import pytest
import requests

from keap_client.auth import API_KEY_HEADER
from keap_client.connection import KeapAnswer, KeapConnection
from keap_client.errors import KeapRefusal
from keap_client.settings import KeapConnectionSettings
from keap_client.testing import BASE
from singer_commons.errors import VendorUnavailable


@pytest.fixture
def connection(keap, key_config) -> KeapConnection:
    settings = KeapConnectionSettings.from_config({"daily_call_budget": 1000, **key_config})
    return KeapConnection(settings, sleep=[].append)


def test_a_write_sends_its_json_body_with_the_api_key(keap, connection):
    keap.post(f"{BASE}/tags", status_code=200, json={"id": 5, "name": "VIP"})

    answer = connection.write("POST", "/tags", {"name": "VIP"})

    assert answer == KeapAnswer({"id": 5, "name": "VIP"})
    sent = keap.last_request
    assert sent.json() == {"name": "VIP"}
    assert sent.headers["Content-Type"] == "application/json"
    assert sent.headers[API_KEY_HEADER] == "pat-secret-123"


def test_an_empty_answer_is_none(keap, connection):
    keap.delete(f"{BASE}/notes/3", status_code=204)
    assert connection.write("DELETE", "/notes/3") == KeapAnswer(None)
    assert keap.last_request.body is None


@pytest.mark.parametrize("status", [400, 404])
def test_keaps_refusal_carries_its_message(keap, connection, status):
    keap.post(f"{BASE}/contacts", status_code=status, json={"message": "BILLING Region is invalid"})

    with pytest.raises(KeapRefusal) as raised:
        connection.write("POST", "/contacts", {"given_name": "A"})

    assert raised.value.status == status
    assert raised.value.keap_message == "BILLING Region is invalid"
    assert raised.value.code == f"http:{status}"
    assert keap.call_count == 1  # a refusal is never retried


def test_a_body_too_large_for_the_gateway_is_a_refusal_not_a_failure(keap, connection):
    """413: the gateway never read the body, so the record is refused, the run goes on."""
    fault = {
        "fault": {
            "faultstring": "Body buffer overflow",
            "detail": {"errorcode": "protocol.http.TooBigBody"},
        }
    }
    keap.post(f"{BASE}/notes", status_code=413, json=fault)

    with pytest.raises(KeapRefusal) as raised:
        connection.write("POST", "/notes", {"body": "x" * 100})

    assert (raised.value.status, raised.value.keap_message) == (413, "Body buffer overflow")
    assert keap.call_count == 1


def test_a_refusal_without_a_message_names_the_status(keap, connection):
    keap.delete(f"{BASE}/tasks/9", status_code=404, reason="Not Found", text="")
    with pytest.raises(KeapRefusal) as raised:
        connection.write("DELETE", "/tasks/9")
    assert raised.value.keap_message == "HTTP 404 Not Found"


def test_an_idempotent_write_is_retried_after_a_lost_answer(keap, connection):
    keap.patch(
        f"{BASE}/notes/3",
        [{"exc": requests.exceptions.ConnectionError("reset")}, {"json": {"id": 3}}],
    )
    assert connection.write("PATCH", "/notes/3", {"title": "x"}).body == {"id": 3}
    assert keap.call_count == 2


def test_a_create_whose_answer_was_lost_is_confirmed_not_sent_again(keap, connection):
    keap.post(f"{BASE}/notes", exc=requests.exceptions.ReadTimeout("no answer"))

    answer = connection.write("POST", "/notes", {"title": "x"}, confirm=lambda: {"id": 77})

    assert answer == KeapAnswer({"id": 77}, confirmed=True)
    assert keap.call_count == 1


def test_a_create_the_look_up_does_not_find_is_sent_again(keap, connection):
    keap.post(f"{BASE}/notes", [{"status_code": 502}, {"status_code": 201, "json": {"id": 8}}])
    looked = []

    answer = connection.write("POST", "/notes", {"title": "x"}, confirm=lambda: looked.append(1))

    assert answer == KeapAnswer({"id": 8})
    assert looked == [1]


def test_a_create_still_failing_after_its_retries_stops_the_run(keap, connection):
    keap.post(f"{BASE}/notes", status_code=503)
    with pytest.raises(VendorUnavailable):
        connection.write("POST", "/notes", {"title": "x"}, confirm=lambda: None)
