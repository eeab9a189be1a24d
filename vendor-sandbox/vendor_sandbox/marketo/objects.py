"""What every Marketo object store offers the query, sync and delete code.

Opportunities and roles share Marketo's lead-database pattern (idField marketoGUID, dedupe
fields, searchable fields, sync by action/dedupeBy), so one generic implementation of those
endpoints works on this interface; each object adds only its own keys and rules.
"""

from __future__ import annotations

import abc
import typing as t

from vendor_sandbox.marketo import seeded
from vendor_sandbox.marketo.fields import GUID_FIELD, UPDATED_AT, by_name

if t.TYPE_CHECKING:
    from vendor_sandbox.marketo.fields import FieldSpec
    from vendor_sandbox.marketo.table import LazyTable, Record
    from vendor_sandbox.writelog import WriteLog


class ObjectStore(abc.ABC):
    """One Marketo object (opportunity, role) over a lazily seeded table."""

    label: t.ClassVar[str]
    resource: t.ClassVar[str]  # its name in the control endpoints and the write log
    api_name: t.ClassVar[str]
    display_name: t.ClassVar[str]
    id_field: t.ClassVar[str] = GUID_FIELD
    dedupe_fields: t.ClassVar[tuple[str, ...]]
    guid_variant: t.ClassVar[str]

    def __init__(self, table: LazyTable, written: WriteLog) -> None:
        self.table = table
        self.written = written  # the instance's write log, shared by every object

    @property
    @abc.abstractmethod
    def field_specs(self) -> tuple[FieldSpec, ...]:
        """Every field, standard first, in describe order."""

    @property
    def fields(self) -> dict[str, FieldSpec]:
        """Every field by API name."""
        return by_name(self.field_specs)

    @property
    @abc.abstractmethod
    def searchable_fields(self) -> list[list[str]]:
        """describe.json's searchableFields: the field groups a query may filter on."""

    @property
    def filter_fields(self) -> frozenset[str]:
        """Single fields accepted as `filterType`: searchable ones and a lone dedupe field."""
        singles = {group[0] for group in self.searchable_fields if len(group) == 1}
        if len(self.dedupe_fields) == 1:
            singles.add(self.dedupe_fields[0])
        return frozenset(singles)

    def by_guid(self, value: t.Any) -> int | None:
        """The index of the live record with this marketoGUID (O(1): the GUID encodes it)."""
        index = seeded.guid_index(value, self.guid_variant)
        return index if index is not None and self.table.exists(index) else None

    def find_key(self, key_fields: tuple[str, ...], key: tuple[t.Any, ...]) -> int | None:
        """The record a sync/delete key names: `(marketoGUID,)` or the dedupe fields."""
        if key_fields == (GUID_FIELD,):
            return self.by_guid(key[0])
        return self.by_dedupe(key)

    @abc.abstractmethod
    def by_dedupe(self, key: tuple[t.Any, ...]) -> int | None:
        """The index of the live record with these dedupe field values."""

    @abc.abstractmethod
    def find(self, field: str, value: t.Any) -> list[int]:
        """Indexes of live records whose `field` equals `value`, in index order."""

    def guid(self, index: int) -> str:
        """The marketoGUID of a live record."""
        return seeded.guid(index, self.guid_variant)

    @abc.abstractmethod
    def check_create(self, values: dict[str, t.Any]) -> None:
        """Refuse a record that cannot be created (raises `Skip`)."""

    @abc.abstractmethod
    def check_update(self, values: dict[str, t.Any]) -> None:
        """Refuse changes that cannot be applied (raises `Skip`)."""

    @abc.abstractmethod
    def create(self, values: dict[str, t.Any], now: str) -> int:
        """Store a new record from checked values; return its index."""

    def update(self, index: int, changes: dict[str, t.Any], now: str) -> None:
        """Apply checked changes (None clears a field) and stamp updatedAt."""
        record: Record = dict(self.table.get(index) or {})
        for name, value in changes.items():
            if value is None:
                record.pop(name, None)
            else:
                record[name] = value
        record[UPDATED_AT] = now
        self.table.put(index, record)

    @abc.abstractmethod
    def delete(self, index: int) -> None:
        """Delete a live record (and whatever depends on it)."""
