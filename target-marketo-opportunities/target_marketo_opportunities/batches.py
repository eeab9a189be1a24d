"""Cutting a batch of operations into Marketo calls.

A call carries at most 300 records of ONE kind (sync or delete), never the same key twice
(Marketo skips the later duplicate with 1036, which would reject a record for our batching
rather than for anything in it), and a JSON body no larger than Marketo accepts (HTTP 413
above 1 MB). Order is kept, so an upsert followed by a delete of the same key reaches
Marketo in that order.

Sizes are exact, not estimated: each record's input is encoded once, here, and the call's
body is assembled from those very bytes (`msgspec.Raw`), so the body Marketo receives is the
envelope plus the inputs plus one comma between two of them.
"""

from __future__ import annotations

import typing as t
from dataclasses import dataclass, field

import msgspec

from marketo_client.api import MAX_BODY_BYTES, MAX_RECORDS_PER_CALL

if t.TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

    from target_marketo_opportunities.records import Operation

_JSON = msgspec.json.Encoder()


def encode(value: t.Any) -> bytes:
    """JSON as the target sends it: compact, UTF-8 (non-ASCII text is not escaped)."""
    return _JSON.encode(value)


@dataclass
class PlannedCall:
    """One sync or delete call: its operations, their encoded inputs and the body's size."""

    kind: str
    operations: list[Operation] = field(default_factory=list)
    inputs: list[msgspec.Raw] = field(default_factory=list)
    body_bytes: int = 0

    def halves(self, envelope_bytes: int) -> tuple[PlannedCall, PlannedCall]:
        """The call cut in two, in order (after Marketo refused it as too large)."""
        middle = len(self.operations) // 2
        return (
            _call(self.kind, self.operations[:middle], self.inputs[:middle], envelope_bytes),
            _call(self.kind, self.operations[middle:], self.inputs[middle:], envelope_bytes),
        )


class Oversized(t.NamedTuple):
    """An operation whose call would exceed the body limit even with that record alone."""

    operation: Operation
    body_bytes: int


@dataclass
class CallPlan:
    """The calls of a batch, and the records no call can carry."""

    calls: list[PlannedCall]
    oversized: list[Oversized]


def plan_calls(
    operations: Iterable[Operation],
    envelope_bytes: Mapping[str, int],
    *,
    limit: int = MAX_RECORDS_PER_CALL,
    max_bytes: int = MAX_BODY_BYTES,
) -> CallPlan:
    """Group operations, in order, into the fewest calls that respect Marketo's rules.

    Args:
        operations: The batch's validated operations.
        envelope_bytes: Per kind of operation, the size of its call's body with an empty
            `input` array (the action, dedupeBy or deleteBy around the records).
        limit: Records per call.
        max_bytes: Largest body Marketo accepts.
    """
    calls: list[PlannedCall] = []
    oversized: list[Oversized] = []
    current: PlannedCall | None = None
    keys: set[tuple[t.Any, ...]] = set()
    for operation in operations:
        encoded = encode(operation.payload)
        envelope = envelope_bytes[operation.kind]
        if envelope + len(encoded) > max_bytes:
            oversized.append(Oversized(operation, envelope + len(encoded)))
            continue
        if current is not None and (
            operation.kind != current.kind
            or len(current.operations) == limit
            or operation.key in keys
            or current.body_bytes + 1 + len(encoded) > max_bytes
        ):
            calls.append(current)
            current, keys = None, set()
        if current is None:
            current = PlannedCall(operation.kind, body_bytes=envelope)
        elif current.operations:
            current.body_bytes += 1  # the comma between two inputs
        current.operations.append(operation)
        current.inputs.append(msgspec.Raw(encoded))
        current.body_bytes += len(encoded)
        keys.add(operation.key)
    if current is not None:
        calls.append(current)
    return CallPlan(calls, oversized)


def _call(
    kind: str, operations: list[Operation], inputs: list[msgspec.Raw], envelope_bytes: int
) -> PlannedCall:
    size = envelope_bytes + sum(len(raw) for raw in inputs) + max(0, len(inputs) - 1)
    return PlannedCall(kind, operations, inputs, size)
