"""Errors every plugin raises and every retry/budget component understands."""

from __future__ import annotations

import math
import typing as t
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

from singer_commons.redaction import redact

if t.TYPE_CHECKING:
    from collections.abc import Callable

    import requests

# Enough of an error body to show the vendor's message, short enough for one log line.
BODY_EXCERPT_CHARS = 500
# Redact a longer prefix than we keep, so a secret cut by the excerpt is still recognised.
_BODY_REDACTION_WINDOW = BODY_EXCERPT_CHARS * 4


def _utc_now() -> datetime:
    return datetime.now(UTC)


class VendorError(Exception):
    """A failure a vendor reported, keyed by a code the retry table understands.

    `code` is the vendor's own code ("606", "[DatabaseError]", …), `http:<status>` for an HTTP
    error status, or "timeout" / "connection" for transport failures.
    """

    def __init__(
        self,
        code: str,
        message: str,
        *,
        retry_after: float | None = None,
        response: object | None = None,
    ) -> None:
        super().__init__(f"[{code}] {message}")
        self.code = code
        self.message = message
        self.retry_after = retry_after
        self.response = response


class VendorUnavailable(Exception):
    """A vendor kept failing transiently (5xx, timeouts, rate limits) past every retry.

    Nothing the user can fix and nothing lost: the call was not confirmed, so the state did not
    move past it, and a later run resumes. Plugins end the run with exit code 75 ("try again
    later") and this one line, instead of a traceback or rejecting records that were never
    refused.
    """

    def __init__(self, failure: VendorError | Exception, retries: int) -> None:
        super().__init__(
            f"the vendor is still failing after {retries} retries ({failure}); nothing past the "
            "last STATE was confirmed, so a re-run later resumes from there"
        )
        self.failure = failure


class DailyBudgetExhausted(Exception):
    """The persisted ledger refused a call: the day's budget for this API cannot cover it.

    Plugins end the run cleanly on it (the message says when to re-run), instead of spending
    calls the vendor would refuse or that another job sharing the account needs.
    """

    def __init__(
        self,
        api: str,
        used: int,
        budget: int,
        resets_at: datetime,
        planned: int | None = None,
        *,
        account: str | None = None,
    ) -> None:
        self.api = api
        self.used = used
        self.budget = budget
        self.resets_at = resets_at
        self.planned = planned
        self.account = account
        label = f"{account}:{api}" if account else api
        remaining = max(0, budget - used)
        if planned is None or remaining == 0:
            state = f"is spent ({used} of {budget} calls used)"
        else:
            state = (
                f"cannot cover {planned} planned calls ({used} of {budget} calls used, "
                f"{remaining} remain)"
            )
        super().__init__(
            f"Daily call budget for '{label}' {state}; it resets at {resets_at.isoformat()}. "
            "Re-run after that time to resume."
        )


def parse_retry_after(value: str | None, *, now: datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or HTTP-date), else None.

    A date in the past means "now" (0 s); anything unparseable is None so the retry
    schedule's own wait applies.
    """
    if not value:
        return None
    value = value.strip()
    try:
        seconds = float(value)
    except ValueError:
        pass
    else:
        return max(0.0, seconds) if math.isfinite(seconds) else None
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or _utc_now())).total_seconds())


def error_from_http_response(
    response: requests.Response, *, clock: Callable[[], datetime] = _utc_now
) -> VendorError:
    """A `VendorError` for an HTTP error status, with a redacted excerpt of the body.

    Args:
        response: The failed response.
        clock: Current aware time, to turn an HTTP-date Retry-After into seconds.
    """
    body = redact(response.text[:_BODY_REDACTION_WINDOW]) if response.content else ""
    excerpt = body[:BODY_EXCERPT_CHARS].strip()
    if len(body) > BODY_EXCERPT_CHARS:
        excerpt += "…"
    message = f"HTTP {response.status_code} {response.reason or ''}".strip()
    if excerpt:
        message += f": {excerpt}"
    return VendorError(
        f"http:{response.status_code}",
        message,
        retry_after=parse_retry_after(response.headers.get("Retry-After"), now=clock()),
        response=response,
    )
