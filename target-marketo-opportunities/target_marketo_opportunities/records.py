"""Turning a Singer record into a Marketo sync or delete input, or a reason to reject it.

Everything Marketo would refuse for a reason visible in the record itself is refused here,
before a call is spent: unknown fields, values of the wrong type or too long, text that is not
storable (lone surrogates, bytes that were not UTF-8, NUL and other control characters: the
shared check of `singer_commons.text`), a missing key, a null `name` on create. Read-only
fields are checked like the others, then left out. The reason names the record (its position
in the input when the caller knows it, and its key) and the field.
"""

from __future__ import annotations

import math
import re
import typing as t
from dataclasses import dataclass
from datetime import date, datetime

from singer_commons.errors import RecordRejected
from singer_commons.text import text_problem
from target_marketo_opportunities.settings import ID_FIELD

if t.TYPE_CHECKING:
    from marketo_client.describe import FieldDescription, ObjectDescription
    from target_marketo_opportunities.settings import MarketoTargetSettings

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
# Adobe, "Marketo Field Limits by Field Type": Integer values are limited to between
# -9223372036854775808 and 9223372036854775807 (signed 64 bits).
INTEGER_RANGE = range(-(2**63), 2**63)
VENDOR = "Marketo"  # who cannot store the text `text_problem` refuses


class Operation(t.NamedTuple):
    """One record, validated and shaped for Marketo, with the record it came from.

    A NamedTuple, not a frozen dataclass: one is built per record, five times faster.
    """

    kind: str
    key: tuple[t.Any, ...]
    payload: dict[str, t.Any]
    record: dict[str, t.Any]
    key_fields: tuple[str, ...] = ()
    position: str = ""  # where the record is in the input, e.g. "input line 7"

    @property
    def label(self) -> str:
        """How reasons name the record: its position and key (built only for a reason)."""
        return record_label(self.position, self.key_fields, self.key)


def record_label(position: str, key_fields: tuple[str, ...], key: tuple[t.Any, ...]) -> str:
    """E.g. "input line 7: record externalOpportunityId='O-1'"."""
    keys = ", ".join(f"{name}={value!r}" for name, value in zip(key_fields, key, strict=True))
    return f"{position}: record {keys}" if position else f"record {keys}"


@dataclass(frozen=True)
class WriteMode:
    """How records of one stream are written: the sync action and the key fields."""

    action: str
    key_fields: tuple[str, ...]
    reject_unknown_fields: bool = True

    @classmethod
    def of(cls, settings: MarketoTargetSettings, description: ObjectDescription) -> WriteMode:
        """The action and the key fields records of an object are matched by.

        dedupe_by idField matches by the object's id field (marketoGUID), dedupeFields by its
        dedupe fields (one for opportunities, three for roles).
        """
        keys = (
            (description.id_field,)
            if settings.dedupe_by == ID_FIELD
            else tuple(description.dedupe_fields)
        )
        return cls(
            action=settings.action,
            key_fields=keys,
            reject_unknown_fields=settings.reject_unknown_fields,
        )


def prepare(
    record: dict[str, t.Any],
    description: ObjectDescription,
    mode: WriteMode,
    *,
    position: str = "",
) -> Operation:
    """Validate a record and build its Marketo input (`_sdc_deleted_at` set → a delete).

    Args:
        record: The Singer record.
        description: The object's describe.
        mode: The action and key fields.
        position: Where the record is in the input (e.g. "input line 7"), so that a record
            without a usable key can still be found; reasons start with it.

    Raises:
        RecordRejected: naming the record (position and key) and the offending field.
    """
    deleted = record.get(DELETED_FLAG) is not None
    key = tuple(map(record.get, mode.key_fields))
    for name, value in zip(mode.key_fields, key, strict=True):
        if _blank(value):
            label = record_label(position, mode.key_fields, key)
            raise RecordRejected(f"{label}: key field '{name}' is missing or empty")
    try:
        if deleted:
            payload = {
                name: _coerce(description.fields[name], record[name]) for name in mode.key_fields
            }
            return Operation(DELETE, key, payload, record, mode.key_fields, position)
        payload = _upsert_payload(record, description, mode)
    except RecordRejected as exc:
        label = record_label(position, mode.key_fields, key)
        raise RecordRejected(f"{label}: {exc}") from None
    return Operation(UPSERT, key, payload, record, mode.key_fields, position)


def _upsert_payload(
    record: dict[str, t.Any], description: ObjectDescription, mode: WriteMode
) -> dict[str, t.Any]:
    """Keep writable fields and keys, coerced to Marketo's types (Singer's `_sdc_` left out)."""
    if (
        mode.action in CREATE_ACTIONS
        and NAME_FIELD in description.fields
        and _blank(record.get(NAME_FIELD))
    ):
        raise RecordRejected(f"field '{NAME_FIELD}' is required and must not be null")
    payload: dict[str, t.Any] = {}
    for name, value in record.items():
        if name.startswith(SINGER_METADATA_PREFIX):
            continue
        spec = description.fields.get(name)
        if spec is None:
            if mode.reject_unknown_fields and value is not None:
                raise RecordRejected(
                    f"field {_quoted(name)} does not exist on {description.name or 'the object'}"
                )
            continue  # a null in a field Marketo lacks carries nothing to lose
        if value == "" and spec.data_type not in STRING_TYPES:
            continue  # a blank cell from a spreadsheet means "no value", never "erase"
        coerced = _coerce(spec, value)
        if not spec.updateable and name not in mode.key_fields:
            # System fields (createdAt, updatedAt, marketoGUID) as a tap emits them: Marketo
            # keeps its own values. A value of the wrong type is still refused above: it
            # means the record is not what its source thinks (columns shifted, mis-mapped).
            continue
        payload[name] = coerced
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


def _quoted(name: str) -> str:
    """A field name in a reason: quoted, with unprintable characters escaped."""
    return f"'{name}'" if name.isprintable() else repr(name)


def _text(spec: FieldDescription, value: t.Any) -> str:
    if (
        isinstance(value, bool)
        or not isinstance(value, str | int | float)
        or (isinstance(value, float) and not math.isfinite(value))
    ):
        raise RecordRejected(f"field '{spec.name}': expected text, got {value!r}")
    text = str(value)
    if problem := text_problem(text, VENDOR):
        raise RecordRejected(f"field '{spec.name}': {problem}")
    if spec.length and len(text) > spec.length:
        raise RecordRejected(
            f"field '{spec.name}': {len(text)} characters exceed its length {spec.length}"
        )
    return text


def _integer(spec: FieldDescription, value: t.Any) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif isinstance(value, str) and INTEGER_TEXT.fullmatch(value.strip()):
        number = int(value)
    else:
        raise RecordRejected(f"field '{spec.name}': expected an integer, got {value!r}")
    if number not in INTEGER_RANGE:
        raise RecordRejected(
            f"field '{spec.name}': {number} is beyond Marketo's integer range "
            f"({INTEGER_RANGE.start} to {INTEGER_RANGE.stop - 1})"
        )
    return number


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
        if not isinstance(value, str):  # a number or boolean is no date, whatever it spells
            raise ValueError(value)
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise RecordRejected(
            f"field '{spec.name}': expected a date YYYY-MM-DD, got {value!r}"
        ) from None


def _datetime_text(spec: FieldDescription, value: t.Any) -> str:
    if isinstance(value, datetime):
        return value.isoformat()
    try:
        # A date alone (or a number such as an epoch) is refused by Marketo for a datetime.
        if not isinstance(value, str) or len(value.strip()) <= len("YYYY-MM-DD"):
            raise ValueError(value)
        datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise RecordRejected(
            f"field '{spec.name}': expected an ISO 8601 date-time, got {value!r}"
        ) from None
    return value


CONVERTERS: dict[str, t.Callable[[FieldDescription, t.Any], t.Any]] = {
    "integer": _integer,
    "boolean": _boolean,
    "date": _date_text,
    "datetime": _datetime_text,
}
