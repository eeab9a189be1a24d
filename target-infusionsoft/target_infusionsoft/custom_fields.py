"""Custom fields by name: a record's `custom_<name>` properties as Keap's `custom_fields`.

Which fields a resource has, and the property naming each, come from the resource's `/model`
(`keap_client.custom_fields`, the same names tap-infusionsoft emits), read once per run. Keap
takes their values as `custom_fields: [{"id": <field id>, "content": …}]` (CustomFieldValue
in Keap's REST v1 OpenAPI) on contacts, companies and opportunities only.

Keap documents no format per field type; a value is checked against the JSON type the tap
reads the field as (whole numbers, numbers, yes/no as a boolean, `YYYY-MM-DD` dates, ISO 8601
date-times, text otherwise; assumed), and a ListBox takes a list of its choices as Keap's
comma-separated text.
"""

from __future__ import annotations

import typing as t

from keap_client.custom_fields import PROPERTY_PREFIX, VALUES_KEY
from target_infusionsoft.fields import (
    BOOLEAN,
    DATE,
    DATETIME,
    EMAIL,
    INTEGER,
    NUMBER,
    TEXT,
    Field,
    absent,
    sendable,
    value_problem,
)

if t.TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

    from keap_client.custom_fields import CustomField

# Keap field types → the field a value is checked as (the tap's typing, read side).
_FIELD_OF_TYPE: dict[str, Field] = {
    **dict.fromkeys(("WholeNumber", "Year", "User"), INTEGER),
    **dict.fromkeys(("DecimalNumber", "Currency", "Percent"), NUMBER),
    "YesNo": BOOLEAN,
    "Date": DATE,
    "DateTime": DATETIME,
    "Email": EMAIL,
}
LIST_TYPES = frozenset({"ListBox", "UserListBox"})


def custom_properties(record: Mapping[str, t.Any]) -> list[str]:
    """The record's `custom_<name>` properties holding a value."""
    return [
        name
        for name, value in record.items()
        if name.startswith(PROPERTY_PREFIX) and name != VALUES_KEY and value is not None
    ]


class CustomFieldValues:
    """The custom fields of one resource, from its model, and their values in records."""

    def __init__(self, fields: Iterable[CustomField], *, model_path: str) -> None:
        self.by_property = {field.property_name: field for field in fields}
        self.model_path = model_path

    def values(self, record: Mapping[str, t.Any]) -> tuple[list[dict[str, t.Any]], str | None]:
        """Keap's `custom_fields` items for the record's properties, or why one cannot go."""
        items = []
        for name in custom_properties(record):
            field = self.by_property.get(name)
            if field is None:
                known = ", ".join(sorted(self.by_property)) or "none"
                return [], (
                    f"property {name!r}: Keap has no such custom field ({self.model_path} names: "
                    f"{known})"
                )
            value = record[name]
            spec = _FIELD_OF_TYPE.get(field.field_type, TEXT)
            if field.field_type in LIST_TYPES and isinstance(value, list):
                value = ",".join(str(choice) for choice in value)
            if absent(value, spec):
                continue
            where = f"property {name!r} (custom field '{field.label}', {field.field_type})"
            if problem := value_problem(spec, value, where):
                return [], problem
            items.append({"id": field.id, "content": sendable(spec, value)})
        return items, None
