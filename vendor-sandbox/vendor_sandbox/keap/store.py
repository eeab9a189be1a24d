"""All data of one Keap account: a lazily seeded table per resource, plus custom fields.

Control calls change the data the way a Keap user would between two connector runs:
`touch` edits records (their timestamp moves to now, strictly after every existing one, so
an incremental read must pick them up), `create` adds records at the end and `delete`
removes records (Keap keeps no trace a connector could list, so only comparing lists finds
them).
"""

from __future__ import annotations

import threading
import typing as t

from vendor_sandbox.keap import customfields
from vendor_sandbox.keap.clock import epoch_millis, from_millis, iso_millis
from vendor_sandbox.keap.resources import BY_KEY, DEFAULT_COUNTS, ResourceSpec
from vendor_sandbox.keap.table import ResourceTable

if t.TYPE_CHECKING:
    from collections.abc import Iterable, Mapping, Sequence

    from vendor_sandbox.clock import Clock
    from vendor_sandbox.keap.customfields import CustomField
    from vendor_sandbox.keap.seedkit import Record

CREATION_FIELDS = ("date_created", "creation_date")


class StoreError(ValueError):
    """A data change the sandbox cannot make; the message names what is wrong."""


class KeapStore:
    """Tables of every resource and the custom fields of every model, under one lock."""

    def __init__(self, clock: Clock, counts: Mapping[str, int] | None = None) -> None:
        """Create the store seeded with the default counts, overridden by `counts`."""
        self.lock = threading.RLock()
        self._clock = clock
        self.custom_fields: dict[str, tuple[CustomField, ...]] = {
            model: customfields.default_fields(model) for model in customfields.MODELS
        }
        self.counts: dict[str, int] = {}
        self.tables: dict[str, ResourceTable] = {}
        self.seed({**DEFAULT_COUNTS, **(counts or {})})

    def seed(self, counts: Mapping[str, int]) -> None:
        """Replace every table with `counts[key]` seeded records (changes are forgotten)."""
        self.counts = dict(counts)
        self.tables = {
            spec.key: ResourceTable(spec, self.counts.get(spec.key, 0), self.counts)
            for spec in BY_KEY.values()
        }

    def table(self, key: str) -> ResourceTable:
        """The table of a resource by its key.

        Raises:
            StoreError: No such resource.
        """
        table = self.tables.get(key)
        if table is None:
            msg = f"unknown resource '{key}' (have: {', '.join(sorted(self.tables))})"
            raise StoreError(msg)
        return table

    def with_custom_fields(self, spec: ResourceSpec, index: int, record: Record) -> Record:
        """The record with its `custom_fields` array (the model is the resource key)."""
        record["custom_fields"] = customfields.values(self.custom_fields[spec.key], index)
        return record

    def touch(self, key: str, ids: Iterable[int]) -> list[Record]:
        """Edit records by id: their timestamp becomes now and one text field changes."""
        table = self.table(key)
        touched = []
        for identifier in ids:
            record = table.get(identifier - 1)
            if record is None:
                msg = f"{key} has no record with id {identifier}"
                raise StoreError(msg)
            field = table.spec.changed_field
            record[field] = f"{record.get(field) or ''} (edited)".strip()
            self._stamp(table, record, table.spec.touched_field)
            table.put(identifier - 1, record)
            touched.append(record)
        return touched

    def create(
        self, key: str, count: int, fields: Mapping[str, t.Any] | None = None
    ) -> list[Record]:
        """Add `count` records after the last one, created and stamped now.

        `fields` replace the seeded values, e.g. `{"email_addresses": []}` for a contact
        entered without an email address.
        """
        table = self.table(key)
        fields = dict(fields or {})
        unknown = set(fields) - set(table.spec.factory(table.next_index, self.counts))
        if unknown:
            msg = f"{key} records have no field(s) {', '.join(sorted(unknown))}"
            raise StoreError(msg)
        created = []
        for _ in range(count):
            index = table.next_index
            record = {**table.spec.factory(index, self.counts), **fields}
            stamp = self._stamp(table, record, table.spec.touched_field)
            for field in CREATION_FIELDS:
                if field in record:
                    record[field] = stamp
            table.put(index, record)
            created.append(record)
        return created

    def delete(self, key: str, ids: Sequence[int]) -> list[int]:
        """Delete records by id, as `DELETE /<resource>/{id}` does; all are checked first."""
        table = self.table(key)
        missing = [identifier for identifier in ids if not table.exists(identifier - 1)]
        if missing:
            msg = f"{key} has no record with id {', '.join(map(str, missing))}"
            raise StoreError(msg)
        for identifier in ids:
            table.delete(identifier - 1)
        return list(ids)

    def _stamp(self, table: ResourceTable, record: Record, field: str | None) -> str:
        """Now, moved past the table's latest time so it sorts after every existing one."""
        millis = max(epoch_millis(self._clock.utc_now()), table.latest_ms + 1)
        table.latest_ms = millis
        stamp = iso_millis(from_millis(millis))
        if field is not None:
            record[field] = stamp
        return stamp
