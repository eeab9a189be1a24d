"""Marketo's error vocabulary: call-level errors, per-record skip reasons, the response shape.

Marketo answers nearly every failure with HTTP 200 and
`{"requestId": ..., "success": false, "errors": [{"code": "606", "message": ...}]}`; the code
is a STRING. 6xx codes mean the request was not run, 7xx and 1xxx mean bad parameters or
data. Source: Adobe's "Error Codes" page and the seed (003) for the Opportunity API.
"""

from __future__ import annotations

import secrets
import time
import typing as t

# Adobe "Error Codes": these failures are not charged to the daily quota.
QUOTA_FREE_CODES = frozenset({"601", "602", "604", "605", "608", "611"})

TOKEN_MISSING = "600"  # noqa: S105 - error codes, not passwords
TOKEN_INVALID = "601"  # noqa: S105
TOKEN_EXPIRED = "602"  # noqa: S105
ACCESS_DENIED = "603"
METHOD_NOT_SUPPORTED = "605"
RATE_LIMITED = "606"
DAILY_QUOTA_REACHED = "607"
INVALID_JSON = "609"
NOT_FOUND = "610"
INVALID_CONTENT_TYPE = "612"
CONCURRENCY_LIMITED = "615"
INVALID = "1003"
ALREADY_EXISTS = "1005"
FIELD_NOT_FOUND = "1006"
RECORD_NOT_FOUND = "1013"
BLOCKED_BY_CRM_SYNC = "1018"
DUPLICATE_IN_INPUT = "1036"

MESSAGES: dict[str, str] = {
    TOKEN_MISSING: "Access token not specified",
    TOKEN_INVALID: "Access token invalid",
    TOKEN_EXPIRED: "Access token expired",
    ACCESS_DENIED: "Access denied",
    "604": "Request time-out",
    METHOD_NOT_SUPPORTED: "HTTP Method not supported",
    DAILY_QUOTA_REACHED: "Daily quota reached",
    "608": "API Temporarily Unavailable",
    INVALID_JSON: "Invalid JSON",
    NOT_FOUND: "Requested resource not found",
    "611": "System error",
    INVALID_CONTENT_TYPE: "Invalid Content Type",
    CONCURRENCY_LIMITED: "Concurrent access limit reached",
    "702": "No data found for given search scenario",
    "713": "Transient Error",
    BLOCKED_BY_CRM_SYNC: "Operation blocked due to CRM sync",
}


def rate_limit_message(calls: int, window: float) -> str:
    """Marketo's 606 message, naming the configured limit (its typo `with in` included)."""
    return f"Max rate limit '{calls}' exceeded with in '{window:g}' secs"


class MarketoError(Exception):
    """A call-level failure: the whole call is answered with `success: false`."""

    def __init__(self, code: str, message: str | None = None) -> None:
        self.code = code
        self.message = message or MESSAGES.get(code, "Error")
        super().__init__(f"[{code}] {self.message}")


class Skip(Exception):
    """A per-record failure: the record is answered `status: skipped` with this reason."""

    def __init__(self, code: str, message: str) -> None:
        self.code = code
        self.message = message
        super().__init__(f"[{code}] {message}")

    def result(self, seq: int) -> dict[str, t.Any]:
        """The record's entry in the call's `result` array."""
        return {
            "seq": seq,
            "status": "skipped",
            "reasons": [{"code": self.code, "message": self.message}],
        }


def request_id() -> str:
    """A request id in Marketo's shape (`e42b#14272d07d78`): unique enough to correlate logs."""
    return f"{secrets.token_hex(2)}#{int(time.time() * 1000):x}"


def failure_body(code: str, message: str) -> dict[str, t.Any]:
    """The body of a failed call."""
    return {
        "requestId": request_id(),
        "success": False,
        "errors": [{"code": code, "message": message}],
    }
