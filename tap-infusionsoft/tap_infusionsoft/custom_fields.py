"""Custom fields of contacts, companies, opportunities and orders as typed properties.

Keap describes an object's custom fields at `/<object>/model` (`custom_fields: [{id, label,
field_name, field_type, options, ...}]`) and returns their values in each record as
`custom_fields: [{"id": 6, "content": ...}]`. A blob of id/content pairs is useless to a
warehouse, so each field becomes a property named after it (`custom_<field name>`), typed
from its `field_type`, and each record's values are moved into those properties.
"""

from __future__ import annotations

import logging
import re
import typing as t
import unicodedata
from dataclasses import dataclass

from singer_sdk import typing as th

if t.TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

logger = logging.getLogger(__name__)

PROPERTY_PREFIX = "custom_"
VALUES_KEY = "custom_fields"

# Keap field types → JSON types (Keap's custom field reference). Anything unknown is text.
_INTEGER_TYPES = frozenset({"WholeNumber", "Year", "User"})
_NUMBER_TYPES = frozenset({"DecimalNumber", "Currency", "Percent"})
_BOOLEAN_TYPES = frozenset({"YesNo"})
_DATE_TYPES = frozenset({"Date"})
_DATETIME_TYPES = frozenset({"DateTime"})
_NON_TEXT_TYPES = _INTEGER_TYPES | _NUMBER_TYPES | _BOOLEAN_TYPES | _DATE_TYPES | _DATETIME_TYPES
_TRUE_WORDS = frozenset({"1", "true", "yes", "y"})
_FALSE_WORDS = frozenset({"0", "false", "no", "n", ""})


def _slug(text: str) -> str:
    """snake_case ASCII of a field name (`Favourite Colour` → `favourite_colour`)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    spaced = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", ascii_text)
    return re.sub(r"[^0-9a-zA-Z]+", "_", spaced).strip("_").lower()


@dataclass(frozen=True)
class CustomField:
    """One custom field of an object and the property that carries it."""

    id: int
    label: str
    field_type: str
    property_name: str

    def json_type(self) -> th.JSONTypeHelper:
        """The SDK type of the field's values."""
        return json_type_of(self.field_type)

    def to_property(self) -> th.Property:
        """The schema property, described with Keap's label, id and type."""
        return th.Property(
            self.property_name,
            self.json_type(),
            description=f"Keap custom field '{self.label}' (id {self.id}, {self.field_type})",
        )

    def coerce(self, value: t.Any) -> t.Any:
        """The value in the property's type (see `coerce_value`)."""
        return coerce_value(self.field_type, value)


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
    """The custom fields of one object, from its model, and the record transform."""

    def __init__(self, fields: Iterable[CustomField], *, stream: str) -> None:
        self.fields = {field.id: field for field in fields}
        self.stream = stream
        self._warned_unknown: set[t.Any] = set()

    @classmethod
    def from_model(
        cls, model: Mapping[str, t.Any], *, stream: str, reserved: Iterable[str]
    ) -> CustomFieldSet:
        """Name each field of a `/model` response, never clashing with built-in properties.

        The name comes from `field_name` (Keap's API name) or else the label; a label in
        Japanese or any name already taken falls back to `custom_<name>_<id>` or
        `custom_field_<id>`, so every field keeps a stable, unique, ASCII property.
        """
        taken = set(reserved)
        fields = []
        for raw in model.get(VALUES_KEY) or []:
            field_id = int(raw["id"])
            label = str(raw.get("label") or raw.get("field_name") or field_id)
            slug = _slug(str(raw.get("field_name") or raw.get("label") or ""))
            name = f"{PROPERTY_PREFIX}{slug}" if slug else f"{PROPERTY_PREFIX}field_{field_id}"
            if name in taken:
                name = f"{name}_{field_id}"
            taken.add(name)
            fields.append(CustomField(field_id, label, str(raw.get("field_type") or "Text"), name))
        return cls(fields, stream=stream)

    def properties(self) -> list[th.Property]:
        """Schema properties of every field."""
        return [field.to_property() for field in self.fields.values()]

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
            record[field.property_name] = field.coerce(content)
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
