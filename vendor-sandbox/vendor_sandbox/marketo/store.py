"""The data of one Marketo instance: opportunities, their roles, custom fields, one lock.

Every read and write of a call happens under `lock`, so a sync of 300 records is atomic as
seen by other calls. Nothing slow (latency, injected stalls) ever runs under it.
"""

from __future__ import annotations

import threading
import typing as t

from vendor_sandbox.marketo import seeded
from vendor_sandbox.marketo.errors import INVALID, Skip
from vendor_sandbox.marketo.fields import (
    CREATED_AT,
    EXTERNAL_ID_FIELD,
    GUID_FIELD,
    NAME_FIELD,
    OPPORTUNITY_FIELDS,
    UPDATED_AT,
    FieldSpec,
)
from vendor_sandbox.marketo.objects import ObjectStore
from vendor_sandbox.marketo.roles import RoleStore
from vendor_sandbox.marketo.table import LazyTable
from vendor_sandbox.writelog import WriteLog

if t.TYPE_CHECKING:
    from collections.abc import Callable

NAME_REQUIRED = f"Value for required field '{NAME_FIELD}' not specified"


def _blank(value: t.Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


class OpportunityStore(ObjectStore):
    """Opportunities: keyed by externalOpportunityId, `name` required."""

    label = "Opportunity"
    resource = "opportunities"
    api_name = "opportunity"
    display_name = "Opportunity"
    dedupe_fields = (EXTERNAL_ID_FIELD,)
    guid_variant = seeded.OPPORTUNITY_VARIANT

    def __init__(
        self,
        table: LazyTable,
        custom_fields: tuple[FieldSpec, ...],
        on_delete: Callable[[str], None],
        written: WriteLog,
    ) -> None:
        """Create the store.

        Args:
            table: The seeded table of opportunities.
            custom_fields: The instance's custom fields (searchable ones join the filters).
            on_delete: Called with the externalOpportunityId of each deleted opportunity,
                so its roles go with it.
            written: The instance's write log.
        """
        super().__init__(table, written)
        self.custom_fields = custom_fields
        self._on_delete = on_delete
        # Created opportunities only: seeded ones are found by parsing their key.
        self._by_external: dict[str, int] = {}

    @property
    def field_specs(self) -> tuple[FieldSpec, ...]:
        """Standard then custom fields."""
        return OPPORTUNITY_FIELDS + self.custom_fields

    @property
    def searchable_fields(self) -> list[list[str]]:
        """The two keys, then string/integer custom fields marked searchable."""
        custom = [[spec.name] for spec in self.custom_fields if spec.searchable]
        return [[EXTERNAL_ID_FIELD], [GUID_FIELD], *custom]

    def by_dedupe(self, key: tuple[t.Any, ...]) -> int | None:
        """Created records by dictionary, seeded ones by parsing `OPP-{i:08d}`: O(1)."""
        (external,) = key
        created = self._by_external.get(external)
        if created is not None:
            return created
        index = seeded.external_id_index(external)
        if index is not None and index < self.table.seeded and self.table.exists(index):
            return index
        return None

    def find(self, field: str, value: t.Any) -> list[int]:
        """Keys in O(1); custom fields scan only written records (seeded ones have none)."""
        if field == GUID_FIELD:
            index = self.by_guid(value)
        elif field == EXTERNAL_ID_FIELD:
            index = self.by_dedupe((value,))
        else:
            return sorted(
                i for i, record in self.table.overlay.items() if record.get(field) == value
            )
        return [] if index is None else [index]

    def check_create(self, values: dict[str, t.Any]) -> None:
        """Marketo: the `name` field must not be null."""
        if _blank(values.get(NAME_FIELD)):
            raise Skip(INVALID, NAME_REQUIRED)

    def check_update(self, values: dict[str, t.Any]) -> None:
        """`name` may be left out of an update but never set to null."""
        if NAME_FIELD in values and _blank(values[NAME_FIELD]):
            raise Skip(INVALID, NAME_REQUIRED)

    def create(self, values: dict[str, t.Any], now: str) -> int:
        """A new opportunity with a new marketoGUID, created and updated now."""
        external = values[EXTERNAL_ID_FIELD]
        fields = {name: value for name, value in values.items() if value is not None}

        def build(index: int) -> dict[str, t.Any]:
            return {
                GUID_FIELD: self.guid(index),
                **fields,
                EXTERNAL_ID_FIELD: external,
                CREATED_AT: now,
                UPDATED_AT: now,
            }

        index = self.table.append(build)
        self._by_external[external] = index
        return index

    def delete(self, index: int) -> None:
        """Delete the opportunity and, through `on_delete`, its roles."""
        record = self.table.get(index) or {}
        external = record.get(EXTERNAL_ID_FIELD, "")
        self.table.remove(index)
        if self._by_external.get(external) == index:
            del self._by_external[external]
        self._on_delete(external)


class MarketoStore:
    """Opportunities and roles of one instance, behind one lock."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.custom_fields: tuple[FieldSpec, ...] = ()
        self.seed(0, 0)

    def seed(self, opportunities: int, roles_per_opportunity: int) -> None:
        """Replace all data with `opportunities` lazily seeded ones and their roles.

        The write log starts again empty: it shows what was written to this data.
        """
        self.written = WriteLog()
        self.roles = RoleStore(
            LazyTable(
                opportunities * roles_per_opportunity,
                lambda index: seeded.role(index, roles_per_opportunity),
            ),
            roles_per_opportunity,
            opportunity_exists=self._opportunity_exists,
            written=self.written,
        )
        self.opportunities = OpportunityStore(
            LazyTable(opportunities, seeded.opportunity),
            self.custom_fields,
            on_delete=self.roles.delete_for_opportunity,
            written=self.written,
        )

    def define_custom_fields(self, specs: tuple[FieldSpec, ...]) -> None:
        """Replace the instance's custom opportunity fields."""
        self.custom_fields = specs
        self.opportunities.custom_fields = specs

    def _opportunity_exists(self, external_id: str) -> bool:
        return self.opportunities.by_dedupe((external_id,)) is not None
