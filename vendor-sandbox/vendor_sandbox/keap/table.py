"""One resource's records: seeded ones computed from their index, changed ones stored.

Only touched and created records live in memory (the overlay), and deleted ones as their
index (the tombstones), so 200,000 seeded contacts cost nothing until read. A list call
needs the ids matching its filters in its order; that list is computed once and cached per
(order, filters) until the data changes, so paging through a large table costs one pass, not
one per page. Ordering by id without filters or deletions is a `range` and costs no memory
at all. Not thread-safe: the store's lock guards every use.
"""

from __future__ import annotations

import typing as t
from collections import OrderedDict

from vendor_sandbox.keap import seedkit
from vendor_sandbox.keap.clock import epoch_millis, parse_iso

if t.TYPE_CHECKING:
    from collections.abc import Sequence

    from vendor_sandbox.keap.resources import ResourceSpec
    from vendor_sandbox.keap.seedkit import Counts, Record

STEP_MS = int(seedkit.STEP.total_seconds() * 1000)
BASE_MS = epoch_millis(seedkit.BASE_TIME)
CACHED_VIEWS = 8


class ListQuery(t.NamedTuple):
    """What decides which ids a list call sees, and in which order (the cache key)."""

    order: str = "id"
    descending: bool = False
    since_ms: int | None = None
    until_ms: int | None = None
    equals: tuple[tuple[str, str], ...] = ()


class ResourceTable:
    """Seeded records `0..seeded-1`, plus an overlay of touched and created ones.

    Deleted records leave a tombstone rather than a gap in the indexes: ids stay `index + 1`
    and a record created later never takes a deleted one's id, as in Keap.
    """

    def __init__(self, spec: ResourceSpec, seeded: int, counts: Counts) -> None:
        self.spec = spec
        self.seeded = seeded
        self._counts = counts
        self.overlay: dict[int, Record] = {}
        self._overlay_ms: dict[int, int] = {}
        self.deleted: set[int] = set()
        self._size = seeded
        self._views: OrderedDict[ListQuery, Sequence[int]] = OrderedDict()
        self.latest_ms = BASE_MS + (seeded - 1) * STEP_MS if seeded else 0

    def __len__(self) -> int:
        """The records the resource holds (deleted ones not counted)."""
        return self._size - len(self.deleted)

    @property
    def next_index(self) -> int:
        """The index a created record takes: after every record ever held, deleted or not."""
        return self._size

    def exists(self, index: int) -> bool:
        """Whether record `index` is held (not past the end, not deleted)."""
        return 0 <= index < self._size and index not in self.deleted

    def get(self, index: int) -> Record | None:
        """Record `index` (a fresh dict for seeded ones), or None past the end or deleted."""
        if index in self.deleted:
            return None
        stored = self.overlay.get(index)
        if stored is not None:
            return dict(stored)
        return self.spec.factory(index, self._counts) if 0 <= index < self.seeded else None

    def indexes(self) -> Sequence[int]:
        """The indexes of every record held, in id order."""
        return self.view(ListQuery())

    def put(self, index: int, record: Record) -> None:
        """Store the new state of record `index` (touched, or created at `next_index`)."""
        self.overlay[index] = record
        self._size = max(self._size, index + 1)
        field = self.spec.time_field
        if field is not None:
            moment = parse_iso(str(record.get(field) or ""))
            if moment is not None:
                self._overlay_ms[index] = epoch_millis(moment)
        self._views.clear()

    def delete(self, index: int) -> None:
        """Forget record `index` (it must exist); lists, `/{id}` and nested lists lose it."""
        self.deleted.add(index)
        self.overlay.pop(index, None)
        self._overlay_ms.pop(index, None)
        self._views.clear()

    def time_ms(self, index: int) -> int:
        """The time-field value of record `index` in epoch milliseconds, without building it."""
        stored = self._overlay_ms.get(index)
        return stored if stored is not None else BASE_MS + index * STEP_MS

    def view(self, query: ListQuery, among: Sequence[int] | None = None) -> Sequence[int]:
        """The indexes matching `query`, in its order (cached until the data changes).

        `among`: the only indexes that can match (an index narrowed them down, e.g. the
        contacts with an email address); such a view is computed and not cached.
        """
        if among is not None:
            return self._compute(query, [index for index in among if self.exists(index)])
        cached = self._views.get(query)
        if cached is None:
            cached = self._views[query] = self._compute(query)
            while len(self._views) > CACHED_VIEWS:
                self._views.popitem(last=False)
        else:
            self._views.move_to_end(query)
        return cached

    def _compute(self, query: ListQuery, among: Sequence[int] | None = None) -> Sequence[int]:
        indexes: Sequence[int] = range(self._size) if among is None else among
        if self.deleted and among is None:
            indexes = [i for i in indexes if i not in self.deleted]
        unfiltered = query.since_ms is None and query.until_ms is None and not query.equals
        if unfiltered and query.order == "id":
            return indexes[::-1] if query.descending else indexes
        if query.since_ms is not None or query.until_ms is not None:
            low = query.since_ms if query.since_ms is not None else -(2**62)
            high = query.until_ms if query.until_ms is not None else 2**62
            indexes = [i for i in indexes if low <= self.time_ms(i) < high]
        if query.equals:
            indexes = [i for i in indexes if self._equals(i, query.equals)]
        if query.order == self.spec.time_field:
            indexes = sorted(indexes, key=self.time_ms)
        elif query.order != "id":
            sort_key = self.spec.orders[query.order]
            indexes = sorted(indexes, key=lambda i: sort_key(self.get(i) or {}))
        return list(reversed(indexes)) if query.descending else indexes

    def _equals(self, index: int, equals: tuple[tuple[str, str], ...]) -> bool:
        record = self.get(index) or {}
        matchers = self.spec.matchers
        return all(
            matchers[name](record, value) if name in matchers else str(record.get(name)) == value
            for name, value in equals
        )
