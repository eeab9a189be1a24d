"""配配メール's daily quota: calls per API per day, the day turning at 0:00 JST.

Only successful calls count (the spec: "エラーを除くすべてのAPIの利用回数が対象"), yet the
quota is checked before the parameters are. So a call reserves its unit first, under the
lock (two calls racing for the last unit cannot both get it), and gives it back when it
fails. The ledger of every day is kept: it is also the "successful calls per API per day"
the counters report.
"""

from __future__ import annotations

import threading
import typing as t
from collections import Counter
from dataclasses import dataclass

from vendor_sandbox.haihai.clock import jst_today
from vendor_sandbox.haihai.errors import RATE_LIMIT_EXCEEDED, HaihaiError

if t.TYPE_CHECKING:
    from vendor_sandbox.clock import Clock


@dataclass(frozen=True)
class Ticket:
    """A unit of quota reserved by one call: the JST day and the API it was charged to."""

    day: str
    key: str


class Quota:
    """Units used per API key (ledger key, e.g. `opens`, `responders:click`) per JST day."""

    def __init__(self, clock: Clock) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._used: dict[str, Counter[str]] = {}

    def reserve(self, key: str, limit: int) -> Ticket:
        """Charge one call to `key` today, unless today's `limit` is spent.

        Raises:
            HaihaiError: RATE_LIMIT_EXCEEDED (429); nothing is charged.
        """
        day = jst_today(self._clock).isoformat()
        with self._lock:
            used = self._used.setdefault(day, Counter())
            if used[key] >= limit:
                msg = (
                    f"APIの実行回数が1日の上限({limit}回)に達しました({key})。"
                    "回数は毎日0:00(日本時間 JST)にリセットされます"
                )
                raise HaihaiError(RATE_LIMIT_EXCEEDED, msg)
            used[key] += 1
        return Ticket(day, key)

    def release(self, ticket: Ticket) -> None:
        """Give back the unit of a call that failed after its reservation."""
        with self._lock:
            used = self._used[ticket.day]
            used[ticket.key] -= 1
            if not used[ticket.key]:
                del used[ticket.key]

    def ledger(self) -> dict[str, dict[str, int]]:
        """Successful calls per day (`YYYY-MM-DD`, JST) per API key."""
        with self._lock:
            return {day: dict(used) for day, used in self._used.items() if used}
