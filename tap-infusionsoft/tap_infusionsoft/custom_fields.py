"""Custom fields of contacts, companies, opportunities and orders as typed stream properties.

Which fields a resource has and the property each is named by come from its `/model`
(`keap_client.custom_fields`, shared with whatever writes to Keap). Keap returns a record's
values as `custom_fields: [{"id": 6, "content": ...}]`; a blob of id/content pairs is useless
to a warehouse, so here, on the read side only, each field's property is typed from its
`field_type` and each record's values are moved into those properties.
"""

from __future__ import annotations

import logging
import typing as t

from singer_sdk import typing as th

from keap_client.custom_fields import VALUES_KEY

if t.TYPE_CHECKING:
    from collections.abc import Iterable

    from keap_client.custom_fields import CustomField

logger = logging.getLogger(__name__)

# Keap field types → JSON types (Keap's custom field reference). Anything unknown is text.
_INTEGER_TYPES = frozenset({"WholeNumber", "Year", "User"})
_NUMBER_TYPES = frozenset({"DecimalNumber", "Currency", "Percent"})
_BOOLEAN_TYPES = frozenset({"YesNo"})
_DATE_TYPES = frozenset({"Date"})
_DATETIME_TYPES = frozenset({"DateTime"})
_NON_TEXT_TYPES = _INTEGER_TYPES | _NUMBER_TYPES | _BOOLEAN_TYPES | _DATE_TYPES | _DATETIME_TYPES
_TRUE_WORDS = frozenset({"1", "true", "yes", "y"})
_FALSE_WORDS = frozenset({"0", "false", "no", "n", ""})


def field_property(field: CustomField) -> th.Property:
    """The schema property of a field, described with Keap's label, id and type."""
    return th.Property(
        field.property_name,
        json_type_of(field.field_type),
        description=f"Keap custom field '{field.label}' (id {field.id}, {field.field_type})",
    )


def json_type_of(field_type: str) -> th.JSONTypeHelper:
    """The SDK type of a Keap field type's values (unknown types are text)."""
    if field_type in _INTEGER_TYPES:
        return th.IntegerType()
    if field_type in _NUMBER_TYPES:
        return th.NumberType()
    if field_type in _BOOLEAN_TYPES:
        return th.BooleanType()
    if field_type in _DATE_TYPES:
        return th.DateType()
    if field_type in _DATETIME_TYPES:
        return th.DateTimeType()
    return th.StringType()


def coerce_value(field_type: str, value: t.Any) -> t.Any:
    """A value Keap sent, in the JSON type of its field type.

    Raises:
        ValueError: when Keap sent a value the field's type cannot hold.
    """
    if value is None:
        return None
    if value == "" and field_type in _NON_TEXT_TYPES:
        return None  # Keap sends "" for an empty number, date or yes/no field
    if field_type in _INTEGER_TYPES:
        return int(float(value)) if isinstance(value, str) else int(value)
    if field_type in _NUMBER_TYPES:
        return float(value)
    if field_type in _BOOLEAN_TYPES:
        return _boolean(value)
    return _text(value)


def _text(value: t.Any) -> str:
    """Text of a value; a multi-select (ListBox) list becomes Keap's comma-separated form."""
    if isinstance(value, list):
        return ",".join(str(item) for item in value)
    return value if isinstance(value, str) else str(value)


def _boolean(value: t.Any) -> bool:
    if isinstance(value, bool):
        return value
    word = str(value).strip().lower()
    if word in _TRUE_WORDS:
        return True
    if word in _FALSE_WORDS:
        return False
    msg = f"not a yes/no value: {value!r}"
    raise ValueError(msg)


class CustomFieldSet:
    """The custom fields of one resource (from its model) and the record transform."""

    def __init__(self, fields: Iterable[CustomField], *, stream: str) -> None:
        self.fields = {field.id: field for field in fields}
        self.stream = stream
        self._warned_unknown: set[t.Any] = set()

    def properties(self) -> list[th.Property]:
        """Schema properties of every field."""
        return [field_property(field) for field in self.fields.values()]

    def apply(self, record: dict[str, t.Any]) -> dict[str, t.Any]:
        """Move `custom_fields` values into their properties (every field present, or null)."""
        values = record.pop(VALUES_KEY, None) or []
        for field in self.fields.values():
            record[field.property_name] = None
        for item in values:
            field_id = as_int(item.get("id"))
            known = self.fields.get(field_id) if field_id is not None else None
            if known is None:
                self._warn_unknown(item.get("id"))
                continue
            self._set(record, known, item.get("content"))
        return record

    def _set(self, record: dict[str, t.Any], field: CustomField, content: t.Any) -> None:
        """Store one value in its property; a value of the wrong type is logged, not fatal."""
        try:
            record[field.property_name] = coerce_value(field.field_type, content)
        except (TypeError, ValueError) as exc:
            logger.warning(
                "%s record id=%s: custom field %s (%s) holds %r, not a %s value (%s); "
                "emitted as null",
                self.stream,
                record.get("id"),
                field.property_name,
                field.label,
                content,
                field.field_type,
                exc,
            )

    def _warn_unknown(self, field_id: t.Any) -> None:
        if field_id in self._warned_unknown:
            return
        self._warned_unknown.add(field_id)
        logger.warning(
            "%s: custom field id %s is not in the discovered schema (added in Keap after "
            "discovery?); run discovery again to read it.",
            self.stream,
            field_id,
        )


def as_int(value: t.Any) -> int | None:
    """The value as an integer, or None when it is not one (an id or type code Keap sent)."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
