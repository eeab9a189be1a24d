"""How 配配メール reports failures, and which of them are worth retrying.

ASSUMED (the spec is not public): an error is an HTTP error status with a JSON body
`{"status": "error", "code": ..., "message": ...}`; the plugins rely on the status alone and
show the body's code and message when there is one. Seed 001
(https://support.haihaimail.jp/manual/setting/api/) fixes the facts that matter: a spent
quota is error code 429 (read here as the HTTP status: ASSUMED) and resets at 0:00; errors
are not counted against the quota; callers outside the account's IP allow-list are refused
(401 for a token and 403 for an address are ASSUMED).
"""

from __future__ import annotations

import typing as t

from singer_commons.connection import json_body
from singer_commons.errors import FatalConnectorError, VendorError, error_from_http_response
from singer_commons.retry import TRANSIENT_FAILURE_RULES, RetryRule

if t.TYPE_CHECKING:
    import requests

HTTP_BAD_REQUEST = 400
HTTP_UNAUTHORIZED = 401
HTTP_FORBIDDEN = 403
HTTP_TOO_MANY_REQUESTS = 429
HTTP_SERVER_ERROR = 500
IP_NOT_ALLOWED = "IP_NOT_ALLOWED"
PLAN_NOT_SUPPORTED = "PLAN_NOT_SUPPORTED"

# Transient failures on 配配メール's side are retried; 4xx never are (a 429 is the daily
# quota: waiting minutes cannot help, the run stops and resumes after 0:00).
HAIHAI_RETRY_RULES: dict[str, RetryRule] = dict(TRANSIENT_FAILURE_RULES)


class HaihaiError(VendorError):
    """An error 配配メール answered; `code` is `http:<status>`, `vendor_code` its own code."""

    def __init__(
        self, base: VendorError, vendor_code: str | None, vendor_message: str | None
    ) -> None:
        super().__init__(
            base.code, base.message, retry_after=base.retry_after, response=base.response
        )
        self.status = int(base.code.removeprefix("http:"))
        self.vendor_code = vendor_code
        self.vendor_message = vendor_message

    @property
    def detail(self) -> str:
        """The vendor's own words, for messages: "CODE: message" or the HTTP status line."""
        if self.vendor_code or self.vendor_message:
            return ": ".join(part for part in (self.vendor_code, self.vendor_message) if part)
        return self.message


def haihai_error(response: requests.Response) -> HaihaiError:
    """The error of a failed response, with the vendor's code and message when it sent JSON."""
    base = error_from_http_response(response)
    vendor_code = vendor_message = None
    try:
        body = json_body(response)
    except ValueError:
        body = None
    if isinstance(body, dict):
        vendor_code = str(body["code"]) if body.get("code") is not None else None
        vendor_message = str(body["message"]) if body.get("message") is not None else None
    return HaihaiError(base, vendor_code, vendor_message)


class HaihaiTokenRejected(FatalConnectorError):
    """配配メール does not know the API token (HTTP 401)."""


class HaihaiIpNotAllowed(FatalConnectorError):
    """The caller's IP address is not on the account's API allow-list (HTTP 403)."""


class HaihaiPlanNotSupported(FatalConnectorError):
    """The API is not part of the account's plan (Bridge-only APIs on another plan)."""


def fatal_error(error: HaihaiError, api_name: str) -> FatalConnectorError | None:
    """The clear, user-fixable error a 401/403 stands for, or None for other errors."""
    if error.status == HTTP_UNAUTHORIZED:
        return HaihaiTokenRejected(
            f"配配メール rejected the API token ({error.detail}) calling {api_name}. Generate "
            "or copy the token under 各種設定 > 基本設定 (APIトークン) and set api_token."
        )
    if error.status == HTTP_FORBIDDEN and error.vendor_code == PLAN_NOT_SUPPORTED:
        return HaihaiPlanNotSupported(
            f"{api_name} is not available on this account's plan ({error.detail}); it needs "
            "the Bridge plan. Set plan to your account's plan, or deselect the stream."
        )
    if error.status == HTTP_FORBIDDEN:
        return HaihaiIpNotAllowed(
            f"配配メール refused this machine's IP address calling {api_name} "
            f"({error.detail}). Add the address under 各種設定 > システム設定 > 基本設定 > "
            "API IPアドレス制限 (one address per line; ranges are not accepted)."
        )
    return None
