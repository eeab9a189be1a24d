"""Keap's error vocabulary and which failures are worth retrying.

Keap answers errors with an HTTP status and, from its API gateway, a body such as
`{"fault": {"faultstring": "Invalid access token", "detail": {"errorcode": "..."}}}`; the
REST services answer `{"message": "..."}`. Over a throttle or quota: HTTP 429, with
`Retry-After` when the gateway knows the wait (vendor notes, "Keap / Infusionsoft").

The XML-RPC API answers a failed method with an XML-RPC fault: a number and a string such as
`[DatabaseError] Query took too long and was cancelled`. Two of those are Keap's own way of
saying "later": a Data Query or saved search that timed out, and a saved search Keap blocked
after repeated time-outs; they are retried exactly as Domo's connector does.
"""

from __future__ import annotations

import typing as t

from singer_commons.errors import FatalConnectorError, VendorError, error_from_http_response
from singer_commons.retry import TRANSIENT_FAILURE_RULES, RetryRule

if t.TYPE_CHECKING:
    import requests

UNAUTHORIZED = "http:401"
NOT_FOUND = "http:404"
TOO_MANY_REQUESTS = "http:429"

# 401: the access token expired or was revoked early; renew it once and retry at once.
# 429: honour Retry-After, else back off across Keap's one-minute throttle window.
# 5xx and transport failures are transient on Keap's side.
KEAP_RETRY_RULES: dict[str, RetryRule] = {
    TOO_MANY_REQUESTS: RetryRule.exponential(2.0, retries=6, cap=60.0),
    **TRANSIENT_FAILURE_RULES,
}
OAUTH_RETRY_RULES: dict[str, RetryRule] = {UNAUTHORIZED: RetryRule.fixed(0.0, retries=1)}

QUERY_TOO_LONG = "xmlrpc:query-too-long"
SAVED_SEARCH_BLOCKED = "xmlrpc:saved-search-blocked"
UNREADABLE_ANSWER = "xmlrpc:unreadable"
_QUERY_TOO_LONG_TEXT = "query took too long"
_SAVED_SEARCH_BLOCKED_TEXT = "blocked temporarily"
SAVED_SEARCH_BLOCKED_WAIT = 20 * 60.0
SAVED_SEARCH_BLOCKED_RETRIES = 10
# Keap's XML-RPC fault numbers (its API reference), for faults without a `[Name]` prefix.
FAULT_NAMES = {
    1: "InvalidConfig",
    2: "InvalidKey",
    3: "Unexpected",
    4: "DatabaseError",
    5: "RecordNotFound",
    6: "LoadingError",
    7: "NoTableAccess",
    8: "NoFieldAccess",
    9: "NoTableFound",
    10: "NoFieldFound",
    11: "NoFields",
    12: "InvalidParameter",
    13: "FailedLoginAttempt",
    14: "NoAccess",
}
RECORD_NOT_FOUND = "xmlrpc:RecordNotFound"
CREDENTIAL_FAULTS = frozenset({"xmlrpc:InvalidKey", "xmlrpc:FailedLoginAttempt", "xmlrpc:NoAccess"})
# Domo's schedules: a slow query after 5 s, 10 s, 30 s, 1 min, 5 min; a blocked saved search
# every 20 minutes, up to 10 times. A garbled answer (a proxy's error page) is transient.
XMLRPC_RETRY_RULES: dict[str, RetryRule] = {
    QUERY_TOO_LONG: RetryRule((5.0, 10.0, 30.0, 60.0, 300.0)),
    SAVED_SEARCH_BLOCKED: RetryRule.fixed(
        SAVED_SEARCH_BLOCKED_WAIT, retries=SAVED_SEARCH_BLOCKED_RETRIES
    ),
    UNREADABLE_ANSWER: RetryRule.exponential(2.0, retries=5, cap=60.0),
}


# Answers that refuse one request, not the run (so a target rejects the record and goes on):
# a body Keap cannot accept, `{"message": "..."}` (400: infusionsoft/infusionsoft-php issues
# #190 and #93, the Keap community's "BILLING Region is invalid"), no permission on the record
# (403) and an unknown id on the path (404) (both in Keap's REST v1 OpenAPI for every write),
# a conflict (409, listed for every operation of Keap's v2 OpenAPI), an unprocessable body
# (422), and a body or URL too large for the API gateway in front of Keap's services (413,
# 414: never read, so never applied; Keap publishes no limit, an Apigee gateway, whose fault
# body Keap's errors carry, answers 413 `{"fault": {"faultstring": "Body buffer overflow"}}`
# above 10 MB: docs.apigee.com/api-platform/troubleshoot/runtime/
# 413-request-entity-too-large-toobigbody; assumed for Keap). None of them is retried.
REFUSAL_STATUSES = frozenset({400, 403, 404, 409, 413, 414, 422})


class KeapError(VendorError):
    """An error Keap reported, with its fault string as the message."""


class KeapRefusal(KeapError):
    """Keap refused this one request (`REFUSAL_STATUSES`); nothing of it was applied.

    `status` is the HTTP status and `keap_message` Keap's own words (its `message`, else the
    status's reason), what a target puts in the reject file beside the record.
    """

    def __init__(
        self, code: str, message: str, *, status: int, keap_message: str, response: object
    ) -> None:
        super().__init__(code, message, response=response)
        self.status = status
        self.keap_message = keap_message


class KeapReauthorizationRequired(FatalConnectorError):
    """Keap refused the refresh token: only a new authorisation by the user helps."""


class KeapCredentialsRejected(FatalConnectorError):
    """Keap refused the client credentials or the API key."""


def fault_message(response: requests.Response) -> str | None:
    """The human message of a Keap error body (`fault.faultstring` or `message`), if any."""
    try:
        body = response.json()
    except ValueError:
        return None
    if not isinstance(body, dict):
        return None
    fault = body.get("fault")
    if isinstance(fault, dict) and fault.get("faultstring"):
        return str(fault["faultstring"])
    for key in ("message", "error_description", "error"):
        if body.get(key):
            return str(body[key])
    return None


def keap_error(response: requests.Response) -> KeapError:
    """The `KeapError` of a failed response: code `http:<status>`, Keap's own message.

    A refusal of the request itself (`REFUSAL_STATUSES`) is a `KeapRefusal`.
    """
    generic = error_from_http_response(response)
    message = fault_message(response)
    if response.status_code in REFUSAL_STATUSES:
        return KeapRefusal(
            generic.code,
            f"HTTP {response.status_code}: {message}" if message else generic.message,
            status=response.status_code,
            keap_message=message or f"HTTP {response.status_code} {response.reason or ''}".strip(),
            response=response,
        )
    return KeapError(
        generic.code,
        f"HTTP {response.status_code}: {message}" if message else generic.message,
        retry_after=generic.retry_after,
        response=response,
    )


class KeapFault(KeapError):
    """An XML-RPC fault: `code` is `xmlrpc:<Name>` (or one of the retried kinds above)."""


def fault_code(fault_number: object, fault_string: str) -> str:
    """The retry key of an XML-RPC fault, from its text first, then its name or number."""
    lowered = fault_string.lower()
    if _SAVED_SEARCH_BLOCKED_TEXT in lowered:
        return SAVED_SEARCH_BLOCKED
    if _QUERY_TOO_LONG_TEXT in lowered:
        return QUERY_TOO_LONG
    if fault_string.startswith("[") and "]" in fault_string:
        return f"xmlrpc:{fault_string[1 : fault_string.index(']')]}"
    number = fault_number if isinstance(fault_number, int) else None
    return f"xmlrpc:{FAULT_NAMES.get(number or 0, 'Fault')}"
