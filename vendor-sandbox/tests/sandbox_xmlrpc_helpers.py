"""Helpers to speak real XML-RPC to the Keap emulator over loopback, as a plugin would.

A uniquely named module (not conftest) so test modules can import it without clashing
with the other conftest.py files of the monorepo.
"""

from __future__ import annotations

import typing as t
import xmlrpc.client

import pytest
import requests

API_KEY = "sandbox-keap-api-key"
# The leading key parameter: its value is not checked (OAuth SDKs send a dummy).
KEY = "dummy-key"


def proxy(url: str, *, api_key: str | None = API_KEY, token: str | None = None) -> t.Any:
    """A ServerProxy whose transport adds the auth header (API key, or Bearer token)."""
    headers = []
    if token is not None:
        headers.append(("Authorization", f"Bearer {token}"))
    elif api_key is not None:
        headers.append(("X-Keap-API-Key", api_key))
    transport = xmlrpc.client.Transport(headers=headers)
    return xmlrpc.client.ServerProxy(url, transport=transport, allow_none=False)


def fault_of(call: t.Callable[[], t.Any]) -> tuple[int, str]:
    """The (faultCode, faultString) a call answers with."""
    with pytest.raises(xmlrpc.client.Fault) as raised:
        call()
    return raised.value.faultCode, raised.value.faultString


def post(
    url: str, body: bytes | str, *, method: str = "POST", auth: dict[str, str] | None = None
) -> requests.Response:
    """A raw HTTP request to the XML-RPC endpoint (for status codes and headers).

    `auth` replaces the default API-key header (`{}` sends no credential at all).
    """
    credentials = {"X-Keap-API-Key": API_KEY} if auth is None else auth
    data = body.encode() if isinstance(body, str) else body
    headers = {"Content-Type": "text/xml", **credentials}
    return requests.request(method, url, data=data, headers=headers, timeout=10)


def call_body(method: str, *params: t.Any) -> str:
    """A `methodCall` body."""
    return xmlrpc.client.dumps(params, methodname=method)


def wire(value: xmlrpc.client.DateTime) -> str:
    """The `dateTime.iso8601` text of a returned datetime."""
    return value.value


def iso_to_wire(text: str) -> str:
    """The control API's ISO text (`2026-11-22T07:00:00`) in wire form (`20261122T07:00:00`)."""
    return text.replace("-", "")
