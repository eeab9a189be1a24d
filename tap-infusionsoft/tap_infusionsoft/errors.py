"""Keap's error vocabulary and which failures are worth retrying.

Keap answers errors with an HTTP status and, from its API gateway, a body such as
`{"fault": {"faultstring": "Invalid access token", "detail": {"errorcode": "..."}}}`; the
REST services answer `{"message": "..."}`. Over a throttle or quota: HTTP 429, with
`Retry-After` when the gateway knows the wait (vendor notes, "Keap / Infusionsoft").
"""

from __future__ import annotations

import typing as t

from singer_commons.errors import VendorError, error_from_http_response
from singer_commons.retry import TRANSIENT_FAILURE_RULES, RetryRule

if t.TYPE_CHECKING:
    import requests

UNAUTHORIZED = "http:401"
TOO_MANY_REQUESTS = "http:429"

# 401: the access token expired or was revoked early; renew it once and retry at once.
# 429: honour Retry-After, else back off across Keap's one-minute throttle window.
# 5xx and transport failures are transient on Keap's side.
KEAP_RETRY_RULES: dict[str, RetryRule] = {
    TOO_MANY_REQUESTS: RetryRule.exponential(2.0, retries=6, cap=60.0),
    **TRANSIENT_FAILURE_RULES,
}
OAUTH_RETRY_RULES: dict[str, RetryRule] = {UNAUTHORIZED: RetryRule.fixed(0.0, retries=1)}


class KeapError(VendorError):
    """An error Keap reported, with its fault string as the message."""


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
    """The `KeapError` of a failed response: code `http:<status>`, Keap's own message."""
    generic = error_from_http_response(response)
    message = fault_message(response)
    return KeapError(
        generic.code,
        f"HTTP {response.status_code}: {message}" if message else generic.message,
        retry_after=generic.retry_after,
        response=response,
    )
