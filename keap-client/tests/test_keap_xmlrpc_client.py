"""KeapXmlRpc: the key argument, fault mapping and Domo's retry schedules on a fake clock."""

from __future__ import annotations

import xmlrpc.client
from datetime import datetime

import pytest

from keap_client.connection import KeapConnection
from keap_client.errors import KeapError, KeapFault
from keap_client.settings import KeapConnectionSettings
from keap_client.testing import BASE, XMLRPC_URL
from keap_client.xmlrpc import OAUTH_KEY_PLACEHOLDER, KeapXmlRpc
from singer_commons.errors import VendorQuotaExhausted, VendorUnavailable
from singer_commons.testing import FakeClock

QUERY_TOO_LONG = "[DatabaseError] Query took too long and was cancelled"
BLOCKED = "[DatabaseError] Too many consecutive failures. This saved search is blocked temporarily"


def answer(value) -> dict:
    return {"text": xmlrpc.client.dumps((value,), methodresponse=True)}


def fault(code: int, text: str) -> dict:
    return {"text": xmlrpc.client.dumps(xmlrpc.client.Fault(code, text))}


def client(config: dict, clock: FakeClock) -> KeapXmlRpc:
    settings = KeapConnectionSettings.from_config({"daily_call_budget": 1000, **config})
    return KeapXmlRpc(KeapConnection(settings, sleep=clock.sleep), XMLRPC_URL)


def sent_call(request) -> tuple[tuple, str | None]:
    return xmlrpc.client.loads(request.body)


def test_api_key_is_the_key_argument_and_the_header(keap, key_config):
    keap.post(XMLRPC_URL, **answer([{"Id": 1}]))
    result = client(key_config, FakeClock()).call("DataService.query", "Contact", 1000, 0)
    assert result == [{"Id": 1}]
    params, method = sent_call(keap.request_history[-1])
    assert method == "DataService.query"
    assert params == ("pat-secret-123", "Contact", 1000, 0)
    assert keap.request_history[-1].headers["X-Keap-API-Key"] == "pat-secret-123"


def test_oauth_sends_a_placeholder_key_and_the_bearer_token(keap, oauth_config):
    keap.post(
        "https://keap.test/token",
        json={"access_token": "access-1", "refresh_token": "r-1", "expires_in": 86400},
    )
    keap.post(XMLRPC_URL, **answer(7))
    assert client(oauth_config, FakeClock()).call("ProductService.getInventory", 3) == 7
    params, _ = sent_call(keap.request_history[-1])
    assert params[0] == OAUTH_KEY_PLACEHOLDER
    assert keap.request_history[-1].headers["Authorization"] == "Bearer access-1"


def test_datetimes_come_back_naive_as_keap_sends_them(keap, key_config):
    keap.post(XMLRPC_URL, **answer({"LastUpdated": datetime(2026, 1, 2, 3, 4, 5)}))
    result = client(key_config, FakeClock()).call("DataService.load", "Contact", 1, ["Id"])
    assert result == {"LastUpdated": datetime(2026, 1, 2, 3, 4, 5)}


def test_query_too_long_is_retried_after_5s_10s_30s_1min_5min(keap, key_config):
    clock = FakeClock()
    keap.post(XMLRPC_URL, [fault(4, QUERY_TOO_LONG)] * 5 + [answer([])])
    assert client(key_config, clock).call("DataService.query", "Contact") == []
    assert clock.sleeps == [5.0, 10.0, 30.0, 60.0, 300.0]
    assert keap.call_count == 6


def test_query_too_long_a_sixth_time_stops_for_later_with_keaps_message(keap, key_config):
    clock = FakeClock()
    keap.post(XMLRPC_URL, [fault(4, QUERY_TOO_LONG)] * 6)
    with pytest.raises(VendorUnavailable, match="Query took too long") as raised:
        client(key_config, clock).call("DataService.query", "Contact")
    assert isinstance(raised.value.failure, KeapFault)
    assert clock.sleeps == [5.0, 10.0, 30.0, 60.0, 300.0]


def test_blocked_saved_search_is_retried_every_20_minutes_up_to_10_times(keap, key_config):
    clock = FakeClock()
    keap.post(XMLRPC_URL, [fault(4, BLOCKED)] * 11)
    with pytest.raises(VendorUnavailable, match="blocked temporarily") as raised:
        client(key_config, clock).call("SearchService.getSavedSearchResultsAllFields", 1, 1, 0)
    assert isinstance(raised.value.failure, KeapFault)
    assert clock.sleeps == [1200.0] * 10
    assert keap.call_count == 11


def test_slow_queries_then_a_block_get_both_schedules(keap, key_config):
    """Domo: after the slow-query retries Keap usually blocks the search; that is retried too."""
    clock = FakeClock()
    keap.post(XMLRPC_URL, [fault(4, QUERY_TOO_LONG)] * 5 + [fault(4, BLOCKED)] * 2 + [answer([])])
    client(key_config, clock).call("SearchService.getSavedSearchResultsAllFields", 1, 1, 0)
    assert clock.sleeps == [5.0, 10.0, 30.0, 60.0, 300.0, 1200.0, 1200.0]


def test_other_faults_are_not_retried_and_keep_their_name(keap, key_config):
    clock = FakeClock()
    keap.post(XMLRPC_URL, **fault(10, "[NoFieldFound]No field found: Contact.Foo"))
    with pytest.raises(KeapFault) as raised:
        client(key_config, clock).call("DataService.query", "Contact")
    assert raised.value.code == "xmlrpc:NoFieldFound"
    assert clock.sleeps == []


def test_a_fault_without_a_name_is_named_from_its_number(keap, key_config):
    keap.post(XMLRPC_URL, **fault(5, "no such record"))
    with pytest.raises(KeapFault) as raised:
        client(key_config, FakeClock()).call("DataService.load", "Contact", 99, ["Id"])
    assert raised.value.code == "xmlrpc:RecordNotFound"


def test_a_fault_in_an_http_500_answer_is_still_a_fault(keap, key_config):
    clock = FakeClock()
    keap.post(XMLRPC_URL, [{"status_code": 500, **fault(4, QUERY_TOO_LONG)}, answer(1)])
    assert client(key_config, clock).call("DataService.count", "Contact", {}) == 1
    assert clock.sleeps == [5.0]


def test_an_answer_that_is_not_xmlrpc_is_retried_then_reported(keap, key_config):
    clock = FakeClock()
    keap.post(XMLRPC_URL, text="<html>gateway error</html>")
    with pytest.raises(VendorUnavailable, match="not an XML-RPC answer") as raised:
        client(key_config, clock).call("DataService.count", "Contact", {})
    assert isinstance(raised.value.failure, KeapError)
    assert len(clock.sleeps) == 5


def test_a_spent_daily_quota_stops_the_run(keap, key_config):
    keap.post(
        XMLRPC_URL,
        status_code=429,
        headers={
            "x-keap-product-quota-limit": "30000",
            "x-keap-product-quota-available": "0",
            "x-keap-product-quota-time-unit": "day",
            "x-keap-product-quota-interval": "1",
        },
        json={"fault": {"faultstring": "Quota exceeded"}},
    )
    with pytest.raises(VendorQuotaExhausted):
        client(key_config, FakeClock()).call("DataService.count", "Contact", {})


def test_rest_and_xmlrpc_share_one_daily_budget(keap, key_config):
    keap.get(f"{BASE}/tags", json={"tags": []})
    keap.post(XMLRPC_URL, **answer(1))
    rpc = client({**key_config, "daily_call_budget": 2}, FakeClock())
    rpc.connection.get_json("/tags")
    rpc.call("DataService.count", "Contact", {})
    with pytest.raises(Exception, match="budget"):
        rpc.call("DataService.count", "Contact", {})
