"""All data of one Keap account: a lazily seeded table per resource, plus custom fields.

Control calls change the data the way a Keap user would between two connector runs:
`touch` edits records (their timestamp moves to now, strictly after every existing one, so
an incremental read must pick them up), `create` adds records at the end and `delete`
removes records (Keap keeps no trace a connector could list, so only comparing lists finds
them). Write calls of the API (`writes/`) change the same tables, and keep beside them what
no table holds: written custom field values, the dates tags were applied, campaign sequence
members, order payments, the account profile, and the write log.
"""

from __future__ import annotations

import threading
import typing as t

from vendor_sandbox.keap import customfields, seedkit, singletons
from vendor_sandbox.keap.clock import epoch_millis, from_millis, iso_millis
from vendor_sandbox.keap.resources import BY_KEY, DEFAULT_COUNTS, ResourceSpec
from vendor_sandbox.keap.table import ResourceTable
from vendor_sandbox.keap.writelog import WriteLog

if t.TYPE_CHECKING:
    from collections.abc import Iterable, Mapping, Sequence

    from vendor_sandbox.clock import Clock
    from vendor_sandbox.keap.customfields import CustomField
    from vendor_sandbox.keap.seedkit import Record

CREATION_FIELDS = ("date_created", "creation_date")
CONTACTS = "contacts"


def _emails_of(record: Record | None) -> set[str]:
    """A contact's email addresses as the email index keys them (case folded)."""
    items = (record or {}).get("email_addresses") or []
    return {str(item.get("email") or "").strip().casefold() for item in items} - {""}


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
        self.written = WriteLog()
        self.custom_values: dict[tuple[str, int], dict[int, t.Any]] = {}
        self.applied_tags: dict[tuple[int, int], str] = {}
        self.memberships: dict[tuple[int, int, int], str] = {}
        self.payments: dict[int, list[Record]] = {}
        self.profile: Record = {}
        self._emails: dict[str, set[int]] = {}
        self._next_ids: dict[str, int] = {}
        self.seed({**DEFAULT_COUNTS, **(counts or {})})

    def seed(self, counts: Mapping[str, int]) -> None:
        """Replace every table with `counts[key]` seeded records (changes are forgotten).

        Everything written is forgotten too: custom field values, applied tags, sequence
        members, payments, the account profile and the write log.
        """
        self.counts = dict(counts)
        self.tables = {
            spec.key: ResourceTable(spec, self.counts.get(spec.key, 0), self.counts)
            for spec in BY_KEY.values()
        }
        self.written = WriteLog()
        self.custom_values = {}
        self.applied_tags = {}
        self.memberships = {}
        self.payments = {}
        self.profile = singletons.account_profile()
        self._emails = {}
        self._next_ids = {}

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
        """The record with its `custom_fields` array (the model is the resource key).

        Values written through the API replace the computed ones.
        """
        values = customfields.values(self.custom_fields[spec.key], index)
        written = self.custom_values.get((spec.key, index))
        if written:
            values = [
                {"id": value["id"], "content": written.get(value["id"], value["content"])}
                for value in values
            ]
        record["custom_fields"] = values
        return record

    def put(self, key: str, index: int, record: Record) -> None:
        """Store the new state of a record (touched, written, or created at the end)."""
        table = self.table(key)
        if key == CONTACTS:
            for address in _emails_of(table.overlay.get(index)):
                self._emails.get(address, set()).discard(index)
            for address in _emails_of(record):
                self._emails.setdefault(address, set()).add(index)
        table.put(index, record)

    def remove(self, key: str, index: int) -> None:
        """Delete one record (it must exist) and what is kept beside it."""
        table = self.table(key)
        if key == CONTACTS:
            for address in _emails_of(table.overlay.get(index)):
                self._emails.get(address, set()).discard(index)
        self.custom_values.pop((key, index), None)
        if key == "orders":
            self.payments.pop(index, None)
        table.delete(index)

    def contacts_with_email(self, address: str) -> list[int]:
        """The indexes of contacts having `address` among their email addresses, in id order.

        Case is ignored (assumed: Keap does not say). Seeded contacts are found from their
        address alone (`seedkit.email`), changed ones from an index, so a look-up costs no
        pass over 200,000 contacts.
        """
        wanted = address.strip().casefold()
        table = self.table(CONTACTS)
        found = set(self._emails.get(wanted, ()))
        seeded = seedkit.email_index(wanted)
        if seeded is not None and seeded < table.seeded and seeded not in table.overlay:
            found.add(seeded)
        return sorted(index for index in found if table.exists(index))

    def candidates(self, key: str, params: Mapping[str, str]) -> list[int] | None:
        """The only records a list call can match, when an index knows them; else None."""
        if key == CONTACTS and params.get("email"):
            return self.contacts_with_email(params["email"])
        return None

    def now(self, key: str) -> str:
        """Now as a timestamp of resource `key`, after every timestamp it holds."""
        return self._stamp(self.table(key), {}, None)

    def next_id(self, name: str, first: int) -> int:
        """The next id of a sub-record kind (order items, payments, plans), from `first`."""
        value = self._next_ids.get(name, first)
        self._next_ids[name] = value + 1
        return value

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
            self.put(key, identifier - 1, record)
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
            self.put(key, index, record)
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
            self.remove(key, identifier - 1)
        return list(ids)

    def _stamp(self, table: ResourceTable, record: Record, field: str | None) -> str:
        """Now, moved past the table's latest time so it sorts after every existing one."""
        millis = max(epoch_millis(self._clock.utc_now()), table.latest_ms + 1)
        table.latest_ms = millis
        stamp = iso_millis(from_millis(millis))
        if field is not None:
            record[field] = stamp
        return stamp
