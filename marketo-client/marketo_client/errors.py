"""Marketo's error vocabulary: how it reports failures and which ones are worth retrying.

Marketo answers most failures with HTTP 200 and `{"success": false, "errors": [{"code":
"606", "message": ...}]}` (the code is a string). Codes 6xx mean the request was not run;
7xx/1xxx mean bad parameters. Source: Adobe's "Error Codes" page and the vendor notes.
"""

from __future__ import annotations

import typing as t

from singer_commons.connection import json_body
from singer_commons.errors import FatalConnectorError, VendorError, error_from_http_response
from singer_commons.retry import TRANSIENT_FAILURE_RULES, RetryRule

if t.TYPE_CHECKING:
    import requests

TOKEN_INVALID = "601"  # noqa: S105 - an error code, not a password
TOKEN_EXPIRED = "602"  # noqa: S105
ACCESS_DENIED = "603"
RATE_LIMITED = "606"
DAILY_QUOTA_REACHED = "607"
CONCURRENCY_LIMITED = "615"
BLOCKED_BY_CRM_SYNC = "1018"
ALREADY_EXISTS = "1005"
# Adobe, "Error Codes": HTTP 413 Request Entity Too Large, "payload exceeded 1MB limit".
PAYLOAD_TOO_LARGE = "http:413"

TOKEN_CODES = frozenset({TOKEN_INVALID, TOKEN_EXPIRED})

# Calls failing with these are not charged to the daily quota (Adobe: "Error Codes").
UNCOUNTED_CODES = frozenset({"601", "602", "604", "605", "608", "611"})

# code -> schedule. 601/602: fetch a new token and retry at once. 606 (100 calls / 20 s) and
# 615 (10 concurrent): the window is 20 s, so back off across it. 604/608/611/713 and 5xx are
# transient on Marketo's side. 607 (daily quota) is never retried: stop and resume tomorrow.
MARKETO_RETRY_RULES: dict[str, RetryRule] = {
    TOKEN_INVALID: RetryRule.fixed(0.0, retries=2),
    TOKEN_EXPIRED: RetryRule.fixed(0.0, retries=2),
    RATE_LIMITED: RetryRule.exponential(5.0, retries=5, cap=40.0),
    CONCURRENCY_LIMITED: RetryRule.exponential(2.0, retries=5, cap=30.0),
    "604": RetryRule.exponential(5.0, retries=3),
    "608": RetryRule.exponential(5.0, retries=3),
    "611": RetryRule.exponential(5.0, retries=3),
    "713": RetryRule.exponential(5.0, retries=3),
    **TRANSIENT_FAILURE_RULES,
}


class MarketoError(VendorError):
    """An error Marketo reported in a response body (`success: false`)."""


class MarketoAuthError(FatalConnectorError):
    """Marketo refused the client credentials: retrying cannot help."""


def raise_for_marketo_error(response: requests.Response) -> dict[str, t.Any]:
    """Return the JSON body of a successful Marketo response, or raise its error.

    Raises:
        VendorError: for an HTTP error status (code `http:<status>`).
        MarketoError: for `success: false`, carrying the first error's code and message.
    """
    if response.status_code >= 400:
        raise error_from_http_response(response)
    try:
        body: dict[str, t.Any] = json_body(response)
    except ValueError as exc:
        raise VendorError(
            "http:invalid-json", "Marketo answered with a body that is not JSON"
        ) from exc
    if body.get("success", True) is False:
        errors = body.get("errors") or [{"code": "unknown", "message": "no error detail"}]
        first = errors[0]
        raise MarketoError(str(first.get("code")), str(first.get("message")), response=response)
    return body
