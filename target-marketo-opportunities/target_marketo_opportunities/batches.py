"""Cutting a batch of operations into Marketo calls.

A call carries at most 300 records of ONE kind (sync or delete), and never the same key twice:
Marketo skips the later duplicate with 1036, which would reject a record for our batching
rather than for anything in it. Order is kept, so an upsert followed by a delete of the same
key reaches Marketo in that order.
"""

from __future__ import annotations

import typing as t

if t.TYPE_CHECKING:
    from collections.abc import Iterable

    from target_marketo_opportunities.records import Operation

# Marketo Opportunity API: "You can send up to 300 records at a time" (sync and delete).
MAX_RECORDS_PER_CALL = 300


def plan_calls(
    operations: Iterable[Operation], limit: int = MAX_RECORDS_PER_CALL
) -> list[list[Operation]]:
    """Group operations, in order, into the fewest calls that respect Marketo's rules."""
    calls: list[list[Operation]] = []
    current: list[Operation] = []
    keys: set[tuple[t.Any, ...]] = set()
    for operation in operations:
        if current and (
            operation.kind != current[0].kind or len(current) == limit or operation.key in keys
        ):
            calls.append(current)
            current, keys = [], set()
        current.append(operation)
        keys.add(operation.key)
    if current:
        calls.append(current)
    return calls
