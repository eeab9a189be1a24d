"""XML-RPC shares REST's auth, throttle and daily quota; counters per method."""

from __future__ import annotations

import xmlrpc.client
from datetime import timedelta

import pytest
from sandbox_keap_helpers import START, epoch_millis
from sandbox_keap_helpers import fault_of as rest_fault_of
from sandbox_xmlrpc_helpers import API_KEY, KEY, call_body, post, proxy

QUOTA = ("Daily quota exceeded", "policies.ratelimit.QuotaViolation")


def get_map(rpc):
    return rpc.WebFormService.getMap(KEY)


def test_api_key_and_bearer_token_both_work(keap, keap_api):
    assert get_map(proxy(keap.xmlrpc.url))
    assert get_map(proxy(keap.xmlrpc.url, token=keap_api.token))


@pytest.mark.parametrize(
    ("headers", "faultstring"),
    [
        ({}, "Invalid access token"),
        ({"X-Keap-API-Key": "wrong"}, "Invalid API key"),
        ({"Authorization": "Bearer nope"}, "Invalid access token"),
    ],
)
def test_bad_credentials_are_401_json_as_on_rest(keap, headers, faultstring):
    url = keap.xmlrpc.url
    body = call_body("WebFormService.getMap", KEY)
    response = post(url, body, auth=headers)

    assert response.status_code == 401
    assert rest_fault_of(response)[0] == faultstring


def test_success_carries_the_limit_headers(clocked_keap):
    response = post(clocked_keap.keap.xmlrpc.url, call_body("WebFormService.getMap", KEY))

    assert response.status_code == 200
    assert response.headers["x-keap-product-quota-used"] == "1"
    assert response.headers["x-keap-product-throttle-used"] == "1"
    assert response.headers["x-keap-product-quota-expiry-time"] == epoch_millis(
        START + timedelta(hours=12)
    )
    assert "x-keap-product-throttle-expiry-time" not in response.headers


def test_rest_and_xmlrpc_share_one_daily_quota(clocked_keap):
    keap, api = clocked_keap.keap, clocked_keap.api
    keap.configure(quota_limit=3)
    rpc = proxy(keap.xmlrpc.url)

    assert api.call("/tags", api_key=API_KEY).status_code == 200
    get_map(rpc)
    last = post(keap.xmlrpc.url, call_body("WebFormService.getMap", KEY))
    assert last.headers["x-keap-product-quota-used"] == "3"

    refused = post(keap.xmlrpc.url, call_body("WebFormService.getMap", KEY))
    assert refused.status_code == 429
    assert rest_fault_of(refused) == QUOTA
    assert refused.headers["x-keap-product-quota-available"] == "0"
    assert refused.headers["Retry-After"] == str(12 * 3600)
    assert api.call("/tags", api_key=API_KEY).status_code == 429
    with pytest.raises(xmlrpc.client.ProtocolError) as raised:
        get_map(rpc)
    assert raised.value.errcode == 429

    clocked_keap.clock.advance(12 * 3600)
    assert get_map(rpc)


def test_the_throttle_counts_both_apis(clocked_keap):
    keap, api = clocked_keap.keap, clocked_keap.api
    keap.configure(throttle_limit=2)

    get_map(proxy(keap.xmlrpc.url))
    assert api.call("/tags", api_key=API_KEY).status_code == 200
    refused = post(keap.xmlrpc.url, call_body("WebFormService.getMap", KEY))

    assert refused.status_code == 429
    assert refused.headers["Retry-After"] == "60"


def test_counters_by_path_and_by_method(keap):
    rpc = proxy(keap.xmlrpc.url)
    rpc.DataService.query(KEY, "Contact", 1, 0, {}, ["Id"])
    rpc.DataService.query(KEY, "Contact", 1, 1, {}, ["Id"])
    rpc.DataService.count(KEY, "Contact", {})
    with pytest.raises(xmlrpc.client.Fault):
        rpc.No.such(KEY)
    post(keap.xmlrpc.url, call_body("WebFormService.getMap", KEY), auth={})

    counters = keap.counters()

    assert counters["by_path"] == {"POST /crm/xmlrpc/v1": 5}
    assert counters["by_method"] == {
        "DataService.query": 2,
        "DataService.count": 1,
        "No.such": 1,
        "WebFormService.getMap": 1,
    }
    assert counters["by_status"] == {"200": 4, "401": 1}
