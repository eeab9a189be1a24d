"""All XML-RPC data of one Keap account: the tables, the saved searches, the affiliate data.

Held by the account instance, so a sandbox reset starts it over. Control calls change it the
way a Keap user would between two connector runs: `touch` edits rows (LastUpdated becomes
now, never earlier than the table's latest stamp) and `create` adds rows stamped now.
"""

from __future__ import annotations

import threading
import typing as t
from datetime import timedelta

from vendor_sandbox.keap.xmlrpc import seed, tables
from vendor_sandbox.keap.xmlrpc.dates import app_now
from vendor_sandbox.keap.xmlrpc.reports import AffiliateData, seed_affiliate_data

if t.TYPE_CHECKING:
    from collections.abc import Iterable, Mapping
    from datetime import datetime

    from vendor_sandbox.clock import Clock

    Row = dict[str, t.Any]

SAVED_SEARCH_ROWS = "saved_search_rows"
SEED_KEYS = (*tables.SEEDABLE, SAVED_SEARCH_ROWS)
EDITED = " (edited)"


class XmlRpcStoreError(ValueError):
    """A data change the sandbox cannot make; the message names what is wrong."""


class XmlRpcStore:
    """Rows of every table, seeded from counts at the clock's now; one lock guards them."""

    def __init__(self, clock: Clock, counts: Mapping[str, int] | None = None) -> None:
        """Seed the default counts, overridden by `counts`."""
        self.lock = threading.RLock()
        self.clock = clock
        self.counts: dict[str, int] = {}
        self.saved_search_rows: int | None = None
        self.seeded_at = app_now(clock)
        self.rows: dict[str, list[Row]] = {}
        self.affiliate_data = AffiliateData()
        self.seed(counts or {})

    def seed(self, counts: Mapping[str, int]) -> dict[str, int]:
        """Replace every table: the counts given, the defaults for the other tables.

        `saved_search_rows` makes the Ogden search return that many generated rows instead
        of the Ogden contacts, so a client reads it over many pages.

        Returns:
            The row count of every seeded table (and `saved_search_rows` when given).
        """
        chosen = {name: count for name, count in counts.items() if name in tables.SEEDABLE}
        self.counts = {**tables.SEEDABLE, **chosen}
        self.saved_search_rows = counts.get(SAVED_SEARCH_ROWS)
        now = self.seeded_at = app_now(self.clock)
        self.rows = {
            name: [factory(index, now, self.counts) for index in range(self.counts[name])]
            for name, factory in seed.FACTORIES.items()
        }
        self.rows["DataFormField"] = seed.data_form_fields()
        self.rows["SavedFilter"] = seed.saved_filters()
        self.affiliate_data = seed_affiliate_data(self.counts["Affiliate"], now, self.counts)
        summary = dict(self.counts)
        if self.saved_search_rows is not None:
            summary[SAVED_SEARCH_ROWS] = self.saved_search_rows
        return summary

    def table(self, name: str) -> list[Row]:
        """The rows of a table in storage (id) order; derived tables are computed now.

        Raises:
            XmlRpcStoreError: No such table.
        """
        spec = tables.TABLES.get(name)
        if spec is None:
            msg = f"unknown table '{name}' (have: {', '.join(tables.TABLES)})"
            raise XmlRpcStoreError(msg)
        if spec.derived:
            return tables.contact_group_assign(self.rows["Contact"], self.rows["ContactGroup"])
        return self.rows[name]

    def find(self, name: str, row_id: int) -> Row | None:
        """The row of a stored table with this Id, or None."""
        return next((row for row in self.table(name) if row.get(tables.ID) == row_id), None)

    def touch(self, name: str, ids: Iterable[int]) -> list[Row]:
        """Edit rows by Id: LastUpdated becomes now and the table's text field changes."""
        spec = self._stamped(name)
        touched = []
        for row_id in ids:
            row = self.find(name, row_id)
            if row is None:
                msg = f"{name} has no row with Id {row_id}"
                raise XmlRpcStoreError(msg)
            if spec.changed_field is not None:
                row[spec.changed_field] = f"{row.get(spec.changed_field) or ''}{EDITED}".strip()
            row[tables.LAST_UPDATED] = self._stamp(name)
            touched.append(row)
        return touched

    def create(self, name: str, count: int) -> list[Row]:
        """Add `count` rows after the last one, created and last updated now."""
        self._stamped(name)
        factory = seed.FACTORIES[name]
        rows = self.rows[name]
        created = []
        for _ in range(count):
            index = max((row[tables.ID] for row in rows), default=0)
            row = factory(index, self.seeded_at, self.counts)
            row[tables.DATE_CREATED] = row[tables.LAST_UPDATED] = self._stamp(name)
            rows.append(row)
            created.append(row)
        return created

    def _stamped(self, name: str) -> tables.TableSpec:
        spec = tables.TABLES.get(name)
        if spec is None or not spec.stamped or spec.derived:
            stamped = [item.name for item in tables.TABLES.values() if item.stamped]
            msg = f"'table' must be one of {', '.join(stamped)}, got {name!r}"
            raise XmlRpcStoreError(msg)
        return spec

    def _stamp(self, name: str) -> datetime:
        """Now (app zone), moved a second past the table's latest stamp if need be.

        XML-RPC times have whole seconds, so two edits at one instant would otherwise tie
        and an incremental read with `~>~` could miss the second one.
        """
        latest = max(
            (row[tables.LAST_UPDATED] for row in self.rows[name] if row.get(tables.LAST_UPDATED)),
            default=None,
        )
        now = app_now(self.clock)
        if latest is not None and now <= latest:
            return latest + timedelta(seconds=1)
        return now
