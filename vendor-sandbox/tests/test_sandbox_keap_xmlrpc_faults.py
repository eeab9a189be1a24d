"""XML-RPC faults: injected vendor faults, protocol errors, HTTP-level faults on the path."""

from __future__ import annotations

import xmlrpc.client

import pytest
import requests
from sandbox_xmlrpc_helpers import KEY, call_body, fault_of, post, proxy

from vendor_sandbox.client.base import SandboxControlError

FIELDS = ["Id"]


@pytest.fixture
def rpc(keap):
    return proxy(keap.xmlrpc.url)


def query(rpc):
    return rpc.DataService.query(KEY, "Contact", 10, 0, {}, FIELDS)


@pytest.mark.parametrize(
    ("kind", "code", "text"),
    [
        ("query_too_long", 4, "[DatabaseError] Query took too long and was cancelled"),
        (
            "saved_search_blocked",
            4,
            "[DatabaseError] Too many consecutive failures. This saved search is blocked "
            "temporarily",
        ),
        ("database_error", 4, "[DatabaseError]Error loading data"),
        ("invalid_key", 2, "[InvalidKey]Invalid Key"),
    ],
)
def test_each_injected_fault_kind(rpc, keap, kind, code, text):
    keap.xmlrpc.fault(kind, method="DataService.query")

    assert fault_of(lambda: query(rpc)) == (code, text)
    assert len(query(rpc)) == 10
    assert keap.counters()["faults_injected"] == 1


def test_faults_are_consumed_in_order_and_by_count(rpc, keap):
    keap.xmlrpc.fault("query_too_long", method="DataService.query", count=2)
    keap.xmlrpc.fault("database_error", method="DataService.query")

    codes = [fault_of(lambda: query(rpc))[1] for _ in range(3)]

    assert codes == [
        "[DatabaseError] Query took too long and was cancelled",
        "[DatabaseError] Query took too long and was cancelled",
        "[DatabaseError]Error loading data",
    ]
    assert len(query(rpc)) == 10


def test_a_fault_targets_only_its_method_and_star_any(rpc, keap):
    keap.xmlrpc.fault("saved_search_blocked", method="SearchService.getAllReportColumns")

    assert len(query(rpc)) == 10
    assert fault_of(lambda: rpc.SearchService.getAllReportColumns(KEY, 1, 1))[0] == 4

    keap.xmlrpc.fault("invalid_key", method="*")
    assert fault_of(lambda: rpc.WebFormService.getMap(KEY))[0] == 2
    assert rpc.WebFormService.getMap(KEY)


def test_an_injected_fault_is_charged_to_the_quota(rpc, keap):
    keap.configure(quota_limit=2)
    keap.xmlrpc.fault("query_too_long")

    fault_of(lambda: query(rpc))
    query(rpc)

    with pytest.raises(xmlrpc.client.ProtocolError) as raised:
        query(rpc)
    assert raised.value.errcode == 429


def test_unknown_method_is_fault_3(rpc):
    assert fault_of(lambda: rpc.DataService.nope(KEY)) == (
        3,
        "[Unexpected]No such handler: DataService.nope",
    )


@pytest.mark.parametrize("key", [None, 12, ["k"]])
def test_a_key_that_is_not_a_string_is_fault_2(keap, key):
    body = call_body("WebFormService.getMap", *([] if key is None else [key]))

    response = post(keap.xmlrpc.url, body)

    assert response.status_code == 200
    with pytest.raises(xmlrpc.client.Fault) as raised:
        xmlrpc.client.loads(response.content)
    assert raised.value.faultCode == 2
    assert raised.value.faultString.startswith("[InvalidKey]")


def test_wrong_parameter_types_name_the_parameter(rpc):
    code, text = fault_of(lambda: rpc.DataService.load(KEY, "Contact", "one", FIELDS))

    assert code == 12
    assert "id" in text
    assert fault_of(lambda: rpc.ProductService.getInventory(KEY))[1].endswith("productId")


def test_faults_are_http_200_text_xml(keap):
    response = post(keap.xmlrpc.url, call_body("Nope.nope", KEY))

    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/xml; charset=utf-8"
    assert "<fault>" in response.text


def test_non_post_is_405_and_garbage_is_400(keap):
    assert post(keap.xmlrpc.url, "", method="GET").status_code == 405
    assert post(keap.xmlrpc.url, "<not-xml").status_code == 400
    response = xmlrpc.client.dumps(({"a": 1},), methodresponse=True)
    assert post(keap.xmlrpc.url, response).status_code == 400


def test_http_faults_target_the_xmlrpc_path(rpc, keap):
    keap.fault("http_error", status=503, path="/crm/xmlrpc/v1")
    keap.fault("error_code", code=429, path="/crm/xmlrpc/v1", seconds=3)

    with pytest.raises(xmlrpc.client.ProtocolError) as first:
        query(rpc)
    with pytest.raises(xmlrpc.client.ProtocolError) as second:
        query(rpc)

    assert first.value.errcode == 503
    assert second.value.errcode == 429
    assert second.value.headers["Retry-After"] == "3"
    assert len(query(rpc)) == 10


def test_a_fault_without_path_stays_on_rest(rpc, keap):
    keap.fault("http_error", status=500)

    assert len(query(rpc)) == 10


def test_dropped_connection(keap):
    keap.fault("drop", path="/crm/xmlrpc/v1")

    with pytest.raises(requests.ConnectionError):
        post(keap.xmlrpc.url, call_body("WebFormService.getMap", KEY))


@pytest.mark.parametrize(
    ("fields", "word"),
    [
        ({"fault": "explode"}, "fault"),
        ({"fault": "database_error", "method": "Nope.nope"}, "method"),
        ({"fault": "database_error", "count": 0}, "count"),
        ({"fault": "database_error", "colour": "red"}, "colour"),
    ],
)
def test_bad_fault_requests_are_400(keap, fields, word):
    with pytest.raises(SandboxControlError, match=word) as raised:
        keap._call("POST", "xmlrpc_faults", fields)

    assert "HTTP 400" in str(raised.value)
