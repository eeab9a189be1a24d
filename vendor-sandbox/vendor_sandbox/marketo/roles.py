"""Opportunity roles: the link objects between an opportunity and a lead.

A role is keyed by the compound dedupe key (externalOpportunityId, leadId, role) and can be
created only for an existing opportunity. Roles of a deleted opportunity are deleted with it.
Under CRM sync Marketo exposes no roles at all (603); the emulator checks that before any
role endpoint runs, so nothing here needs to know.
"""

from __future__ import annotations

import typing as t

from vendor_sandbox.marketo import seeded
from vendor_sandbox.marketo.errors import RECORD_NOT_FOUND, Skip
from vendor_sandbox.marketo.fields import (
    CREATED_AT,
    EXTERNAL_ID_FIELD,
    GUID_FIELD,
    ROLE_FIELDS,
    UPDATED_AT,
    FieldSpec,
)
from vendor_sandbox.marketo.objects import ObjectStore

if t.TYPE_CHECKING:
    from collections.abc import Callable

    from vendor_sandbox.marketo.table import LazyTable
    from vendor_sandbox.writelog import WriteLog

LEAD_ID_FIELD = "leadId"
ROLE_FIELD = "role"
RoleKey = tuple[str, int, str]


class RoleStore(ObjectStore):
    """Roles; seeded role `r` belongs to seeded opportunity `r // k` with leadId 1000000 + r."""

    label = "Opportunity role"
    resource = "roles"
    api_name = "opportunityRole"
    display_name = "Opportunity Role"
    dedupe_fields = (EXTERNAL_ID_FIELD, LEAD_ID_FIELD, ROLE_FIELD)
    guid_variant = seeded.ROLE_VARIANT

    def __init__(
        self,
        table: LazyTable,
        per_opportunity: int,
        opportunity_exists: Callable[[str], bool],
        written: WriteLog,
    ) -> None:
        """Create the store.

        Args:
            table: The seeded table of roles (`per_opportunity` per seeded opportunity).
            per_opportunity: Seeded roles per seeded opportunity (k).
            opportunity_exists: Whether an opportunity with this externalOpportunityId
                exists: a role may only be created for one.
            written: The instance's write log.
        """
        super().__init__(table, written)
        self.per_opportunity = per_opportunity
        self._opportunity_exists = opportunity_exists
        # Created roles only: seeded ones are found by arithmetic on leadId / the key.
        self._by_key: dict[RoleKey, int] = {}
        self._by_external: dict[str, set[int]] = {}
        self._by_lead: dict[int, set[int]] = {}

    @property
    def field_specs(self) -> tuple[FieldSpec, ...]:
        """The role fields (roles have no custom fields)."""
        return ROLE_FIELDS

    @property
    def searchable_fields(self) -> list[list[str]]:
        """Adobe's roles describe: by GUID, by lead, by opportunity."""
        return [[GUID_FIELD], [LEAD_ID_FIELD], [EXTERNAL_ID_FIELD]]

    def _seeded_live(self, index: int) -> bool:
        return 0 <= index < self.table.seeded and self.table.exists(index)

    def by_dedupe(self, key: tuple[t.Any, ...]) -> int | None:
        """Created roles by dictionary; a seeded one by its leadId, then checked field by field."""
        created = self._by_key.get(t.cast("RoleKey", key))
        if created is not None:
            return created
        external, lead_id, role = key
        if not isinstance(lead_id, int):
            return None
        index = lead_id - seeded.LEAD_ID_BASE
        if not self._seeded_live(index):
            return None
        record = self.table.get(index) or {}
        matches = record.get(EXTERNAL_ID_FIELD) == external and record.get(ROLE_FIELD) == role
        return index if matches else None

    def find(self, field: str, value: t.Any) -> list[int]:
        """Roles by GUID, leadId or opportunity, seeded ones computed, created ones indexed."""
        if field == GUID_FIELD:
            index = self.by_guid(value)
            return [] if index is None else [index]
        if field == LEAD_ID_FIELD:
            found = set(self._by_lead.get(value, ()))
            if isinstance(value, int) and self._seeded_live(value - seeded.LEAD_ID_BASE):
                found.add(value - seeded.LEAD_ID_BASE)
            return sorted(found)
        found = set(self._by_external.get(value, ()))
        owner = seeded.external_id_index(value)
        if owner is not None:
            first = owner * self.per_opportunity
            found.update(
                i for i in range(first, first + self.per_opportunity) if self._seeded_live(i)
            )
        return sorted(found)

    def check_create(self, values: dict[str, t.Any]) -> None:
        """A role needs its opportunity."""
        if not self._opportunity_exists(values[EXTERNAL_ID_FIELD]):
            raise Skip(RECORD_NOT_FOUND, "Opportunity not found")

    def check_update(self, values: dict[str, t.Any]) -> None:
        """Every updateable role field may be changed or cleared."""

    def create(self, values: dict[str, t.Any], now: str) -> int:
        """A new role with a new marketoGUID, indexed by key, opportunity and lead."""
        fields = {name: value for name, value in values.items() if value is not None}
        key: RoleKey = (fields[EXTERNAL_ID_FIELD], fields[LEAD_ID_FIELD], fields[ROLE_FIELD])

        def build(index: int) -> dict[str, t.Any]:
            return {GUID_FIELD: self.guid(index), **fields, CREATED_AT: now, UPDATED_AT: now}

        index = self.table.append(build)
        self._by_key[key] = index
        self._by_external.setdefault(key[0], set()).add(index)
        self._by_lead.setdefault(key[1], set()).add(index)
        return index

    def delete(self, index: int) -> None:
        """Delete a role and drop it from the indexes of created roles."""
        record = self.table.get(index) or {}
        self.table.remove(index)
        key: RoleKey = (record[EXTERNAL_ID_FIELD], record[LEAD_ID_FIELD], record[ROLE_FIELD])
        if self._by_key.get(key) == index:  # a created role: drop it from the indexes
            del self._by_key[key]
            self._by_external[key[0]].discard(index)
            self._by_lead[key[1]].discard(index)

    def delete_for_opportunity(self, external_id: str) -> None:
        """Cascade: the roles of a deleted opportunity go with it."""
        for index in self.find(EXTERNAL_ID_FIELD, external_id):
            self.delete(index)
