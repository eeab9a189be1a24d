"""A persisted ledger of the calls spent per vendor API and vendor day.

Why persisted and locked: vendor quotas are per account and per day (配配メール: 240 calls a
day per API; Marketo: 50,000 a day per instance), across every run and every process. A
plugin that only counted in memory would spend the whole quota again on each re-run, and two
jobs sharing the account would each believe they had it all. So every charge is a locked
read-modify-write of one small JSON document per account in the `state_backend`
(`singer_commons.state_store`: a file under `state_dir`, or a PostgreSQL row shared by every
worker).

Why a time zone: each vendor resets its counter at midnight of its own zone (Marketo
America/Chicago, 配配メール Asia/Tokyo, Keap UTC), so the ledger's "day" is computed there.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from datetime import time as day_time
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from singer_commons.clock import utc_now
from singer_commons.errors import DailyBudgetExhausted

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    from singer_commons.state_store import StateStore

LEDGER_FILE_PREFIX = "call-ledger-"
_UNSAFE_SLUG_CHARACTERS = re.compile(r"[^a-z0-9._-]+")


def account_slug(account: str) -> str:
    """A file-name-safe form of an account name ("Marketo 123-ABC.mktorest.com" → ...)."""
    slug = _UNSAFE_SLUG_CHARACTERS.sub("-", account.lower()).strip("-.")
    if not slug:
        msg = f"account {account!r} has no letters or digits to name a ledger file with"
        raise ValueError(msg)
    return slug


class CallLedger:
    """Counts the calls spent today per API of one vendor account, shared by processes.

    Charge a call with `spend` BEFORE making it (a call the budget cannot cover is refused
    without being recorded), `refund` calls the vendor does not count (e.g. Marketo's 601),
    and `ensure` before a run whose call count is known, so it does not start and stop
    half-way.
    """

    def __init__(
        self,
        store: StateStore,
        account: str,
        *,
        timezone: str = "UTC",
        budgets: Mapping[str, int] | None = None,
        default_budget: int | None = None,
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        """Create a ledger (its document is written on the first charge).

        Args:
            store: The state backend shared by every run using this vendor account.
            account: Names the account, e.g. "marketo-123-abc.mktorest.com". Used in the
                document's name, so it must not contain secrets.
            timezone: IANA zone in which the vendor's day starts.
            budgets: Calls allowed per day per API; APIs not listed use `default_budget`.
            default_budget: Budget of unlisted APIs; None means unlimited (still counted).
            clock: Current aware time (default `clock.utc_now`); tests pass a fake clock.
        """
        self.account = account
        self.timezone = timezone
        self._zone = ZoneInfo(timezone)
        self._budgets = dict(budgets or {})
        self._default_budget = default_budget
        self._clock = clock
        self.document = store.document(f"{LEDGER_FILE_PREFIX}{account_slug(account)}")

    def budget(self, api: str) -> int | None:
        """Calls allowed per day for `api`, or None when unlimited."""
        return self._budgets.get(api, self._default_budget)

    def used(self, api: str) -> int:
        """Calls charged to `api` today."""
        return self._today_calls(self.document.read()).get(api, 0)

    def remaining(self, api: str) -> int | None:
        """Calls `api` may still spend today, or None when unlimited."""
        budget = self.budget(api)
        if budget is None:
            return None
        return max(0, budget - self.used(api))

    def snapshot(self) -> dict[str, int]:
        """Today's count per API (a copy)."""
        return self._today_calls(self.document.read())

    def resets_at(self) -> datetime:
        """The next midnight in the vendor's zone, when today's counts reset (aware)."""
        local_now = self._now().astimezone(self._zone)
        tomorrow = local_now.date() + timedelta(days=1)
        return datetime.combine(tomorrow, day_time(0), tzinfo=self._zone)

    def spend(self, api: str, calls: int = 1) -> None:
        """Charge `calls` to `api`, or refuse without recording anything.

        Raises:
            DailyBudgetExhausted: when today's count plus `calls` would exceed the budget.
        """
        _check_positive(calls)
        with self.document.locked() as held:
            counts = self._today_calls(held.content)
            used = counts.get(api, 0)
            budget = self.budget(api)
            if budget is not None and used + calls > budget:
                raise self._exhausted(api, used, budget, planned=calls if calls > 1 else None)
            counts[api] = used + calls
            held.write(self._content(counts))

    def refund(self, api: str, calls: int = 1) -> None:
        """Give back calls the vendor did not count (never below zero)."""
        _check_positive(calls)
        with self.document.locked() as held:
            counts = self._today_calls(held.content)
            counts[api] = max(0, counts.get(api, 0) - calls)
            held.write(self._content(counts))

    def exhaust(self, api: str) -> None:
        """Record that the vendor itself says `api` is spent today (e.g. an HTTP 429).

        Another client of the same account may have used the quota; marking it spent keeps
        this and every later run of the day from calling again until the reset.
        """
        budget = self.budget(api)
        if budget is None:
            return
        with self.document.locked() as held:
            counts = self._today_calls(held.content)
            counts[api] = max(budget, counts.get(api, 0))
            held.write(self._content(counts))

    def ensure(self, api: str, planned_calls: int) -> None:
        """Refuse to start work that needs more calls than remain today.

        Raises:
            DailyBudgetExhausted: when fewer than `planned_calls` remain.
        """
        budget = self.budget(api)
        if budget is None:
            return
        used = self.used(api)
        if budget - used < planned_calls:
            raise self._exhausted(api, used, budget, planned=planned_calls)

    def _exhausted(
        self, api: str, used: int, budget: int, *, planned: int | None
    ) -> DailyBudgetExhausted:
        return DailyBudgetExhausted(
            api, used, budget, self.resets_at(), planned=planned, account=self.account
        )

    def _now(self) -> datetime:
        now = self._clock()
        if now.tzinfo is None:
            msg = "the ledger clock must return an aware datetime"
            raise ValueError(msg)
        return now

    def _today(self) -> str:
        return self._now().astimezone(self._zone).date().isoformat()

    def _today_calls(self, content: Mapping[str, Any]) -> dict[str, int]:
        """Counts recorded for today; a document of an earlier day counts as empty."""
        if content.get("day") != self._today():
            return {}
        return {str(api): int(count) for api, count in content.get("calls", {}).items()}

    def _content(self, counts: Mapping[str, int]) -> dict[str, Any]:
        return {
            "account": self.account,
            "timezone": self.timezone,
            "day": self._today(),
            "calls": dict(counts),
        }


def _check_positive(calls: int) -> None:
    if calls < 1:
        msg = f"calls must be at least 1, got {calls}"
        raise ValueError(msg)
