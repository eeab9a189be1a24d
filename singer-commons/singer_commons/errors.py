"""Every error the plugins share, and the exit code each one ends a run with.

The retry table, the budget ledger, the vendors' clients and the plugins raise these (a
vendor's own error classes derive from them); `singer_commons.sdk.plugins.stop_cleanly` turns
each stop into one log line and its exit code (`exit_code_of`) instead of a traceback.

    error                  exit  when
    DailyBudgetExhausted     75  the persisted ledger refused a call: the day's budget is spent
    VendorQuotaExhausted     75  the vendor refused a call: its daily quota is spent
    TryAgainLater            75  the vendor has not finished (or will not accept) the work yet
    VendorUnavailable        75  transient failures (5xx, timeouts, 429s) outlasted every retry
    FatalConnectorError       1  only the user can fix it: credentials, a read-only object, …
    config_error(...)         1  a setting is wrong, found at start (the SDK's CLI prints it)
    RecordRejected            1  not a stop: the record goes to the reject file, the load goes
                                 on, and the run exits 1 at its end with `fail_on_reject`
    VendorError               -  retried by the vendor's table, then a reject or a stop above
    anything else             1  a failure nobody foresaw: a traceback

75 is sysexits.h EX_TEMPFAIL: nothing is wrong and nothing was lost (the state did not move
past unconfirmed work), so a later run resumes.
"""

from __future__ import annotations

import math
import typing as t
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

from singer_sdk.exceptions import ConfigValidationError

from singer_commons.redaction import redact

if t.TYPE_CHECKING:
    from collections.abc import Callable

    import requests

# Enough of an error body to show the vendor's message, short enough for one log line.
BODY_EXCERPT_CHARS = 500
# Redact a longer prefix than we keep, so a secret cut by the excerpt is still recognised.
_BODY_REDACTION_WINDOW = BODY_EXCERPT_CHARS * 4

EXIT_TRY_AGAIN_LATER = 75  # sysexits.h EX_TEMPFAIL: a temporary failure, re-run later.
EXIT_FATAL = 1
EXIT_RECORDS_REJECTED = 1


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


class TryAgainLater(Exception):
    """Work the vendor has not finished (or will not accept) yet; re-running later resumes it.

    Ends the run with exit code 75 like a spent budget: nothing was lost, nothing is wrong.
    """


class VendorQuotaExhausted(TryAgainLater):
    """The vendor itself refused a call because its daily quota is spent; resume later."""


class RecordRejected(ValueError):
    """A record the vendor would refuse (or must not receive); the message names the field.

    Not a stop: the target writes the record to its reject file with this reason and goes
    on; the run's exit code says whether any record was rejected (`fail_on_reject`).
    `vendor_response` is the vendor's answer when it was the vendor that refused (an HTTP
    200 whose body says "not applied", say), kept in the reject beside the reason.
    """

    def __init__(self, message: str, *, vendor_response: t.Any = None) -> None:
        super().__init__(message)
        self.vendor_response = vendor_response


class FatalConnectorError(Exception):
    """A condition only the user can fix (credentials, a read-only object, a bad setting).

    Reported as one clear log line and exit code 1, not a traceback.
    """


# A spent daily budget, counted by the ledger or refused by the vendor.
BudgetStop = DailyBudgetExhausted | VendorQuotaExhausted

# Which error ends a run with which exit code (the first matching class wins).
STOP_EXIT_CODES: tuple[tuple[type[Exception], int], ...] = (
    (DailyBudgetExhausted, EXIT_TRY_AGAIN_LATER),
    (TryAgainLater, EXIT_TRY_AGAIN_LATER),
    (VendorUnavailable, EXIT_TRY_AGAIN_LATER),
    (FatalConnectorError, EXIT_FATAL),
)


def exit_code_of(error: BaseException) -> int | None:
    """The exit code `error` stops a run with, or None when it is not a clean stop."""
    return next((code for kind, code in STOP_EXIT_CODES if isinstance(error, kind)), None)


def config_error(message: str) -> ConfigValidationError:
    """A settings error the SDK's CLI prints in full (it logs `errors`, not the message)."""
    return ConfigValidationError("Config validation failed", errors=[message])


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
