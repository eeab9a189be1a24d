"""One admission point for every vendor call: the daily budget first, then the rate limiter.

Why a gate: the ledger must be charged *before* a call (so a run never makes a call it cannot
afford) and refunded when the vendor says the call did not count (Marketo's 601/602/604/…,
配配メール's errors), and the limiter must hold a slot for exactly the duration of the call.
Keeping both in one object means taps (through the SDK) and targets (through plain requests)
share the same accounting.
"""

from __future__ import annotations

import typing as t
from contextlib import nullcontext

from singer_commons.errors import VendorError

if t.TYPE_CHECKING:
    from collections.abc import Callable

    from singer_commons.ledger import CallLedger
    from singer_commons.ratelimit import RateLimiter

T = t.TypeVar("T")


class _AnsweredErrors:
    """Every error the vendor answered with an HTTP error status (`http:<status>`).

    For vendors that charge only successful calls (配配メール: "エラーを除く"). Transport
    failures are not in it: a timed-out call may still have been counted.
    """

    def __contains__(self, code: object) -> bool:
        return isinstance(code, str) and code.startswith("http:")


ANSWERED_ERRORS: t.Container[str] = _AnsweredErrors()


class CallGate:
    """Admits calls to one vendor API through a budget ledger and a rate limiter."""

    def __init__(
        self,
        api: str,
        *,
        ledger: CallLedger | None = None,
        limiter: RateLimiter | None = None,
        uncounted_codes: t.Container[str] = frozenset(),
    ) -> None:
        """Create a gate.

        Args:
            api: The ledger key of the API (e.g. "rest"); quotas are per API.
            ledger: The persisted daily ledger, or None to count nothing.
            limiter: The process-wide rate limiter, or None for no client-side limit.
            uncounted_codes: Vendor error codes the vendor does not charge to the quota;
                a call failing with one of them is refunded (`ANSWERED_ERRORS`: any HTTP
                error status).
        """
        self.api = api
        self.ledger = ledger
        self.limiter = limiter
        self.uncounted_codes = uncounted_codes

    def run(self, call: Callable[[], T]) -> T:
        """Run one vendor call once the budget and the limiter admit it.

        Raises:
            DailyBudgetExhausted: before the call, when the budget cannot cover it.
        """
        if self.ledger is not None:
            self.ledger.spend(self.api)
        try:
            with self.limiter.slot() if self.limiter is not None else nullcontext():
                return call()
        except VendorError as exc:
            if self.ledger is not None and exc.code in self.uncounted_codes:
                self.ledger.refund(self.api)
            raise
