"""Turning a Singer record into a Marketo sync or delete input, or a reason to reject it.

Everything Marketo would refuse for a reason visible in the record itself is refused here,
before a call is spent: unknown fields, values of the wrong type or too long, a missing key,
a null `name` on create. The reason names the record's key and the field.
"""

from __future__ import annotations

import math
import re
import typing as t
from dataclasses import dataclass
from datetime import date, datetime

if t.TYPE_CHECKING:
    from tap_marketo_opportunities.describe import FieldDescription, ObjectDescription

UPSERT = "upsert"
DELETE = "delete"
DELETED_FLAG = "_sdc_deleted_at"
SINGER_METADATA_PREFIX = "_sdc_"
NAME_FIELD = "name"
CREATE_ACTIONS = frozenset({"createOnly", "createOrUpdate"})
TRUE_WORDS = frozenset({"true", "1", "yes", "y", "t"})
FALSE_WORDS = frozenset({"false", "0", "no", "n", "f"})
# ASCII digits only: int() would also take superscripts and other scripts' digits.
INTEGER_TEXT = re.compile(r"[+-]?[0-9]+")
STRING_TYPES = frozenset({"string", "text", "email", "phone", "url", "reference"})
NUMBER_TYPES = frozenset({"float", "currency", "percent"})


class RecordRejected(ValueError):
    """The record cannot be sent; the message says which field and why."""


@dataclass(frozen=True)
class Operation:
    """One record, validated and shaped for Marketo, with the record it came from."""

    kind: str
    key: tuple[t.Any, ...]
    payload: dict[str, t.Any]
    record: dict[str, t.Any]


@dataclass(frozen=True)
class WriteMode:
    """How records of one stream are written: the sync action and the key fields."""

    action: str
    key_fields: tuple[str, ...]
    reject_unknown_fields: bool = True


def prepare(record: dict[str, t.Any], description: ObjectDescription, mode: WriteMode) -> Operation:
    """Validate a record and build its Marketo input (`_sdc_deleted_at` set → a delete).

    Raises:
        RecordRejected: naming the record's key and the offending field.
    """
    deleted = record.get(DELETED_FLAG) is not None
    fields = {k: v for k, v in record.items() if not k.startswith(SINGER_METADATA_PREFIX)}
    key = tuple(fields.get(name) for name in mode.key_fields)
    label = ", ".join(f"{name}={value!r}" for name, value in zip(mode.key_fields, key, strict=True))
    missing = [name for name, value in zip(mode.key_fields, key, strict=True) if _blank(value)]
    if missing:
        raise RecordRejected(f"record {label}: key field '{missing[0]}' is missing or empty")
    try:
        if deleted:
            payload = {
                name: _coerce(description.fields[name], fields[name]) for name in mode.key_fields
            }
            return Operation(DELETE, key, payload, record)
        payload = _upsert_payload(fields, description, mode)
    except RecordRejected as exc:
        raise RecordRejected(f"record {label}: {exc}") from None
    return Operation(UPSERT, key, payload, record)


def _upsert_payload(
    fields: dict[str, t.Any], description: ObjectDescription, mode: WriteMode
) -> dict[str, t.Any]:
    """Keep writable fields and keys, coerced to Marketo's types."""
    if (
        mode.action in CREATE_ACTIONS
        and NAME_FIELD in description.fields
        and _blank(fields.get(NAME_FIELD))
    ):
        raise RecordRejected(f"field '{NAME_FIELD}' is required and must not be null")
    payload: dict[str, t.Any] = {}
    for name, value in fields.items():
        spec = description.fields.get(name)
        if spec is None:
            if mode.reject_unknown_fields:
                raise RecordRejected(f"field '{name}' does not exist on {description.name}")
            continue
        if not spec.updateable and name not in mode.key_fields:
            continue  # system fields (createdAt, updatedAt, marketoGUID) as a tap emits them
        if value == "" and spec.data_type not in STRING_TYPES:
            continue  # a blank cell from a spreadsheet means "no value", never "erase"
        payload[name] = _coerce(spec, value)
    return payload


def _blank(value: t.Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _coerce(spec: FieldDescription, value: t.Any) -> t.Any:
    """Convert a value to what Marketo expects for the field's dataType, or reject it."""
    if value is None:
        return None
    if spec.data_type in STRING_TYPES:
        return _text(spec, value)
    if spec.data_type in NUMBER_TYPES:
        return _number(spec, value)
    convert = CONVERTERS.get(spec.data_type)
    return convert(spec, value) if convert else value


def _text(spec: FieldDescription, value: t.Any) -> str:
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise RecordRejected(f"field '{spec.name}': expected text, got {value!r}")
    text = str(value)
    if spec.length and len(text) > spec.length:
        raise RecordRejected(
            f"field '{spec.name}': {len(text)} characters exceed its length {spec.length}"
        )
    return text


def _integer(spec: FieldDescription, value: t.Any) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and INTEGER_TEXT.fullmatch(value.strip()):
        return int(value)
    raise RecordRejected(f"field '{spec.name}': expected an integer, got {value!r}")


def _number(spec: FieldDescription, value: t.Any) -> float | int:
    try:
        number = value if isinstance(value, int | float) else float(value)
    except (TypeError, ValueError):
        number = None
    if isinstance(value, bool) or number is None or not math.isfinite(number):
        raise RecordRejected(f"field '{spec.name}': expected a number, got {value!r}")
    return number


def _boolean(spec: FieldDescription, value: t.Any) -> bool:
    if isinstance(value, bool):
        return value
    word = str(value).strip().lower()
    if word in TRUE_WORDS | FALSE_WORDS:
        return word in TRUE_WORDS
    raise RecordRejected(f"field '{spec.name}': expected true or false, got {value!r}")


def _date_text(spec: FieldDescription, value: t.Any) -> str:
    if isinstance(value, date) and not isinstance(value, datetime):
        return value.isoformat()
    try:
        return date.fromisoformat(str(value)).isoformat()
    except ValueError:
        raise RecordRejected(
            f"field '{spec.name}': expected a date YYYY-MM-DD, got {value!r}"
        ) from None


def _datetime_text(spec: FieldDescription, value: t.Any) -> str:
    if isinstance(value, datetime):
        return value.isoformat()
    try:
        datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        raise RecordRejected(
            f"field '{spec.name}': expected an ISO 8601 date-time, got {value!r}"
        ) from None
    return str(value)


CONVERTERS: dict[str, t.Callable[[FieldDescription, t.Any], t.Any]] = {
    "integer": _integer,
    "boolean": _boolean,
    "date": _date_text,
    "datetime": _datetime_text,
}
