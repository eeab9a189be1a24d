"""Keap's XML-RPC API, sent through the REST connection: one quota, one pace, one login.

Every XML-RPC method takes a leading key string. With an API key that is the key itself;
under OAuth Keap authenticates the Bearer header and the official SDKs send a placeholder.
Faults come back as XML-RPC faults (usually with HTTP 200) and become `KeapFault`s, whose
codes the connection's retry table knows (a slow Data Query, a blocked saved search).
"""

from __future__ import annotations

import typing as t
import xmlrpc.client
from xml.parsers.expat import ExpatError

import requests

from keap_client.errors import (
    UNREADABLE_ANSWER,
    KeapError,
    KeapFault,
    fault_code,
)

if t.TYPE_CHECKING:
    from keap_client.connection import KeapConnection

# Keap's XML-RPC endpoint, as Keap's PHP SDK calls it (infusionsoft/infusionsoft-php,
# `$url` in `src/Infusionsoft/Infusionsoft.php`).
DEFAULT_XMLRPC_URL = "https://api.infusionsoft.com/crm/xmlrpc/v1"
# What Keap's own SDKs send as the key argument when the Bearer header authenticates.
OAUTH_KEY_PLACEHOLDER = "oauth-bearer"
_RESULT_ATTRIBUTE = "_keap_client_xmlrpc_result"


class KeapXmlRpc:
    """Calls XML-RPC methods through a `KeapConnection` (gate, pace, retries, auth)."""

    def __init__(self, connection: KeapConnection, url: str) -> None:
        """Create the client.

        Args:
            connection: The Keap connection, shared with the REST calls; in API-key mode
                its API key is sent as the key argument too.
            url: The XML-RPC endpoint (`xmlrpc_url`).
        """
        self.connection = connection
        self.url = url
        self.key = connection.settings.api_key or OAUTH_KEY_PLACEHOLDER

    def call(self, method: str, *params: t.Any) -> t.Any:
        """Call one method and return its decoded result (faults raised, retries done).

        Datetimes come back naive, in the Keap application's time zone, as Keap sends them.
        """
        body = xmlrpc.client.dumps((self.key, *params), method, encoding="utf-8")
        request = requests.Request(
            "POST",
            self.url,
            data=body.encode("utf-8"),
            headers={"Content-Type": "text/xml; charset=utf-8"},
        )
        prepared = self.connection.session.prepare_request(request)

        def attempt(request: requests.PreparedRequest, timeout: float | None) -> requests.Response:
            try:
                response = self.connection.send_once(request, timeout)
            except KeapError as error:
                fault = _fault_of(error.response)
                if fault is not None:
                    raise fault from error
                raise
            decode(response)  # raises the fault of a 200 answer, so it is retried too
            return response

        attempt.__name__ = method  # the retry log line names the method
        return decode(self.connection.guard(attempt)(prepared, None))


def decode(response: requests.Response) -> t.Any:
    """The result of an XML-RPC answer, parsed once.

    Raises:
        KeapFault: when the answer is a fault.
        KeapError: when the answer is not XML-RPC at all (code `xmlrpc:unreadable`).
    """
    cached = response.__dict__.get(_RESULT_ATTRIBUTE, _UNPARSED)
    if cached is not _UNPARSED:
        return cached
    try:
        (result,), _method = xmlrpc.client.loads(response.content, use_builtin_types=True)
    except xmlrpc.client.Fault as fault:
        raise _keap_fault(fault, response) from None
    except (ExpatError, xmlrpc.client.ResponseError, ValueError) as exc:
        excerpt = response.text[:200].replace("\n", " ")
        msg = f"HTTP {response.status_code}: not an XML-RPC answer ({exc}): {excerpt}"
        raise KeapError(UNREADABLE_ANSWER, msg, response=response) from None
    response.__dict__[_RESULT_ATTRIBUTE] = result
    return result


_UNPARSED = object()


def _keap_fault(fault: xmlrpc.client.Fault, response: requests.Response | None) -> KeapFault:
    text = str(fault.faultString)
    return KeapFault(fault_code(fault.faultCode, text), text, response=response)


def _fault_of(response: object) -> KeapFault | None:
    """The XML-RPC fault carried by an HTTP error answer, if its body is one."""
    if not isinstance(response, requests.Response) or b"<fault>" not in response.content:
        return None
    try:
        xmlrpc.client.loads(response.content)
    except xmlrpc.client.Fault as fault:
        return _keap_fault(fault, response)
    except (ExpatError, xmlrpc.client.ResponseError, ValueError):
        return None
    return None
