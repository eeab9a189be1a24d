"""What Marketo says about an object (describe.json), and what follows from it.

The tap builds its JSON schemas from the description, and the target validates records
against the same description before spending a call: one model for both plugins.
"""

from __future__ import annotations

import typing as t
from dataclasses import dataclass, field

# Marketo dataType -> JSON schema. Adobe "Field types": currency/float are decimals that the
# API returns as numbers (the seed shows amounts as strings too, so both are accepted on read).
JSON_TYPES: dict[str, dict[str, t.Any]] = {
    "string": {"type": ["string", "null"]},
    "text": {"type": ["string", "null"]},
    "email": {"type": ["string", "null"]},
    "phone": {"type": ["string", "null"]},
    "url": {"type": ["string", "null"]},
    "reference": {"type": ["string", "null"]},
    "integer": {"type": ["integer", "null"]},
    "float": {"type": ["number", "string", "null"]},
    "currency": {"type": ["number", "string", "null"]},
    "percent": {"type": ["number", "string", "null"]},
    "boolean": {"type": ["boolean", "null"]},
    "date": {"type": ["string", "null"], "format": "date"},
    "datetime": {"type": ["string", "null"], "format": "date-time"},
}
FALLBACK_JSON_TYPE: dict[str, t.Any] = {"type": ["string", "number", "boolean", "null"]}


@dataclass(frozen=True)
class FieldDescription:
    """One field of a Marketo object."""

    name: str
    data_type: str
    length: int | None = None
    updateable: bool = True

    def json_schema(self) -> dict[str, t.Any]:
        """The JSON schema of the field's values (unknown Marketo types stay permissive)."""
        schema = dict(JSON_TYPES.get(self.data_type, FALLBACK_JSON_TYPE))
        if self.length and self.data_type in {"string", "text", "email", "phone", "url"}:
            schema["maxLength"] = self.length
        return schema


@dataclass(frozen=True)
class ObjectDescription:
    """The parts of describe.json a connector needs: keys, searchable fields and field types."""

    name: str
    id_field: str
    dedupe_fields: tuple[str, ...]
    searchable_fields: tuple[tuple[str, ...], ...]
    fields: dict[str, FieldDescription] = field(default_factory=dict)

    @classmethod
    def from_describe(cls, result: dict[str, t.Any]) -> ObjectDescription:
        """Parse one element of describe.json's `result` array."""
        return cls(
            name=result.get("name", ""),
            id_field=result["idField"],
            dedupe_fields=tuple(result.get("dedupeFields", ())),
            searchable_fields=tuple(tuple(group) for group in result.get("searchableFields", ())),
            fields={
                item["name"]: FieldDescription(
                    name=item["name"],
                    data_type=item.get("dataType", "string"),
                    length=item.get("length"),
                    updateable=item.get("updateable", True),
                )
                for item in result.get("fields", ())
            },
        )

    @property
    def filter_fields(self) -> frozenset[str]:
        """Fields a query may filter on: single searchable fields and the dedupe fields."""
        singles = {group[0] for group in self.searchable_fields if len(group) == 1}
        if len(self.dedupe_fields) == 1:
            singles.add(self.dedupe_fields[0])
        return frozenset(singles)

    @property
    def writable_fields(self) -> frozenset[str]:
        """Fields a sync call may set."""
        return frozenset(name for name, spec in self.fields.items() if spec.updateable)

    def json_schema(self, selected: t.Iterable[str] | None = None) -> dict[str, t.Any]:
        """A JSON schema with the selected fields (all when None), keys always included."""
        wanted = set(selected) if selected is not None else set(self.fields)
        wanted |= {self.id_field, *self.dedupe_fields}
        return {
            "type": "object",
            "properties": {
                name: spec.json_schema() for name, spec in self.fields.items() if name in wanted
            },
        }
