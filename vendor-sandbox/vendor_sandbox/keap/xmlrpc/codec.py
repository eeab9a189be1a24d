"""XML-RPC on the wire: parsing a `methodCall`, encoding a result or a fault.

The standard library's `xmlrpc.client` does both directions; this module only adds what
Keap does on top: naive app-zone datetimes become `dateTime.iso8601` values, results never
carry `<nil/>` (Keap omits empty fields instead), and the body is UTF-8 `text/xml`.
"""

from __future__ import annotations

import typing as t
import xmlrpc.client
from datetime import datetime
from xml.parsers.expat import ExpatError

from vendor_sandbox.httpio import Response
from vendor_sandbox.keap.xmlrpc.dates import to_wire

if t.TYPE_CHECKING:
    from vendor_sandbox.keap.xmlrpc.faults import XmlRpcError

CONTENT_TYPE = "text/xml; charset=utf-8"


class CodecError(ValueError):
    """A body that is not an XML-RPC `methodCall` (answered with HTTP 400)."""


class MethodCall(t.NamedTuple):
    """A parsed call: the method name and its parameters (the key first)."""

    method: str
    params: tuple[t.Any, ...]


def parse_call(body: bytes) -> MethodCall:
    """Read a `methodCall` body.

    Raises:
        CodecError: Not XML, not XML-RPC, or a response instead of a call.
    """
    try:
        params, method = xmlrpc.client.loads(body)
    except (ExpatError, ValueError, TypeError, IndexError, xmlrpc.client.Error) as exc:
        msg = f"not an XML-RPC methodCall: {exc}"
        raise CodecError(msg) from None
    if not method:
        msg = "not an XML-RPC methodCall: no methodName"
        raise CodecError(msg)
    return MethodCall(method, params)


def to_wire_value(value: t.Any) -> t.Any:
    """A result with every datetime as `xmlrpc.client.DateTime`, containers walked."""
    if isinstance(value, datetime):
        return to_wire(value)
    if isinstance(value, dict):
        return {str(key): to_wire_value(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [to_wire_value(item) for item in value]
    return value


def result_response(value: t.Any) -> Response:
    """HTTP 200 with a `methodResponse` holding one value."""
    text = xmlrpc.client.dumps(
        (to_wire_value(value),), methodresponse=True, allow_none=False, encoding="utf-8"
    )
    return Response(status=200, body=text.encode("utf-8"), content_type=CONTENT_TYPE)


def fault_response(error: XmlRpcError) -> Response:
    """HTTP 200 with a `methodResponse` fault: Keap's vendor errors are not HTTP errors."""
    fault = xmlrpc.client.Fault(error.code, error.fault_string)
    text = xmlrpc.client.dumps(fault, methodresponse=True, allow_none=False, encoding="utf-8")
    return Response(status=200, body=text.encode("utf-8"), content_type=CONTENT_TYPE)
