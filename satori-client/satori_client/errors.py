"""How SATORI reports failures, and which of them are worth retrying.

Answers are JSON with a `status` and a `message`; an error is an HTTP error status, or HTTP
200 with an error `status` in the body (both are checked: connection.py). Public callers read
`status` and `message` (Ippei-f/toshinjyuken.co.jp, src/hiraya/temp_php/form/satori.php); the
answer to refused keys is not public (401/403 assumed).
"""

from __future__ import annotations

import typing as t

from singer_commons.errors import FatalConnectorError, VendorError
from singer_commons.retry import TRANSIENT_FAILURE_RULES, RetryRule

HTTP_ERROR_THRESHOLD = 400
HTTP_UNAUTHORIZED = 401
HTTP_FORBIDDEN = 403
HTTP_NOT_FOUND = 404
# SATORI publishes no rate limit; a 429 all the same is waited out, Retry-After first.
SATORI_RETRY_RULES: dict[str, RetryRule] = {
    **TRANSIENT_FAILURE_RULES,
    "http:429": RetryRule.exponential(5.0, retries=5, cap=120.0),
}


class SatoriError(VendorError):
    """An error SATORI answered: `status` (HTTP, or the body's when HTTP said 200), its words."""

    def __init__(self, status: int, vendor_message: str, answer: t.Any, base: VendorError) -> None:
        super().__init__(
            f"http:{status}",
            f"SATORI answered {status}: {vendor_message}",
            retry_after=base.retry_after,
            response=base.response,
        )
        self.status = status
        self.vendor_message = vendor_message
        self.answer = answer


class SatoriKeysRejected(FatalConnectorError):
    """SATORI does not accept the four API keys."""
