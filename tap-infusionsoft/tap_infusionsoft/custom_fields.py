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
    from collections.abc import Callable, Iterable

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
    return value_converter(field_type)(value)


def value_converter(field_type: str) -> Callable[[t.Any], t.Any]:
    """The function giving a value of `field_type` its JSON type (see `coerce_value`).

    Chosen once per field, so a record's values take no test of their field's type.
    """
    if field_type in _INTEGER_TYPES:
        return _integer
    if field_type in _NUMBER_TYPES:
        return _number
    if field_type in _BOOLEAN_TYPES:
        return _yes_no
    if field_type in _NON_TEXT_TYPES:
        return _dated_text
    return _plain_text


def _integer(value: t.Any) -> int | None:
    if value is None or value == "":  # Keap sends "" for an empty number, date or yes/no field
        return None
    return int(float(value)) if isinstance(value, str) else int(value)


def _number(value: t.Any) -> float | None:
    if value is None or value == "":
        return None
    return float(value)


def _yes_no(value: t.Any) -> bool | None:
    if value is None or value == "":
        return None
    return _boolean(value)


def _dated_text(value: t.Any) -> str | None:
    """A date or date-time field's text; "" is an empty field."""
    if value is None or value == "":
        return None
    return _text(value)


def _plain_text(value: t.Any) -> str | None:
    """A text field's value; "" stays the empty text."""
    if value is None:
        return None
    return value if type(value) is str else _text(value)


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
        # Per record: every property null first, then each value through its field's type.
        self._nulls = dict.fromkeys(field.property_name for field in self.fields.values())
        self._converters = {
            field_id: (field, value_converter(field.field_type))
            for field_id, field in self.fields.items()
        }

    def properties(self) -> list[th.Property]:
        """Schema properties of every field."""
        return [field_property(field) for field in self.fields.values()]

    def apply(self, record: dict[str, t.Any]) -> dict[str, t.Any]:
        """Move `custom_fields` values into their properties (every field present, or null)."""
        values = record.pop(VALUES_KEY, None) or []
        record.update(self._nulls)
        converters = self._converters
        for item in values:
            field_id = item.get("id")
            known = converters.get(field_id) if type(field_id) is int else None
            if known is None:
                field_id = as_int(field_id)
                known = converters.get(field_id) if field_id is not None else None
            if known is None:
                self._warn_unknown(item.get("id"))
                continue
            field, convert = known
            content = item.get("content")
            try:
                record[field.property_name] = convert(content)
            except (TypeError, ValueError) as exc:
                self._warn_bad_value(record, field, content, exc)
        return record

    def _warn_bad_value(
        self, record: dict[str, t.Any], field: CustomField, content: t.Any, exc: Exception
    ) -> None:
        """A value of the wrong type is logged, not fatal: its property stays null."""
        logger.warning(
            "%s record id=%s: custom field %s (%s) holds %r, not a %s value (%s); emitted as null",
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
