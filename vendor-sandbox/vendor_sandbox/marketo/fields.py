"""Field definitions of the opportunity and role objects, and Marketo's value rules per dataType.

The standard opportunity fields follow Adobe's Opportunity API page (seed 003: describe and
schema/fields examples) and the list in the vendor notes. Custom fields are a sandbox setting,
because every Marketo instance has its own.
"""

from __future__ import annotations

import math
import re
import typing as t
from dataclasses import dataclass
from datetime import date, datetime

if t.TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

STRING_TYPES = frozenset({"string", "text", "email", "phone", "url", "reference"})
NUMBER_TYPES = frozenset({"currency", "float", "percent"})
DATA_TYPES = STRING_TYPES | NUMBER_TYPES | {"integer", "boolean", "date", "datetime"}
# Adobe: only string and integer custom fields can be searchable.
SEARCHABLE_TYPES = frozenset({"string", "integer"})
DEFAULT_STRING_LENGTH = 255
_INTEGER_TEXT = re.compile(r"-?\d+")
_DATE_TEXT = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True)
class FieldSpec:
    """One field of a Marketo object, as describe.json and schema/fields.json report it."""

    name: str
    display_name: str
    data_type: str
    length: int | None = None
    updateable: bool = True
    searchable: bool = False
    custom: bool = False

    def describe(self, *, read_only: bool) -> dict[str, t.Any]:
        """The field in describe.json (`read_only`: CRM sync makes every field read-only)."""
        entry: dict[str, t.Any] = {
            "name": self.name,
            "displayName": self.display_name,
            "dataType": self.data_type,
        }
        if self.length is not None:
            entry["length"] = self.length
        entry["updateable"] = self.updateable and not read_only
        return entry

    def metadata(self) -> dict[str, t.Any]:
        """The field in schema/fields.json, with the extra attributes that endpoint adds."""
        return {
            "displayName": self.display_name,
            "name": self.name,
            "description": None,
            "dataType": self.data_type,
            "length": self.length,
            "isHidden": False,
            "isHtmlEncodingInEmail": self.data_type in STRING_TYPES,
            "isSensitive": False,
            "isCustom": self.custom,
            "isApiCreated": self.custom,
        }

    def coerce(self, value: t.Any) -> t.Any:
        """Check a value against the dataType and return it as stored; None clears the field.

        Lenient where Marketo is (numbers and booleans may arrive as strings, as the seed's
        `"amount": "1604.47"` does), strict where a wrong value would corrupt data.

        Raises:
            ValueError: The value does not fit the field's dataType.
        """
        if value is None:
            return None
        check = _COERCIONS.get(self.data_type, _as_string)
        return check(value)


def _as_string(value: t.Any) -> str:
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise ValueError(value)
    return str(value)


def _as_integer(value: t.Any) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and _INTEGER_TEXT.fullmatch(value.strip()):
        return int(value)
    raise ValueError(value)


def _as_number(value: t.Any) -> int | float:
    if isinstance(value, bool):
        raise ValueError(value)
    number = float(value) if isinstance(value, str) else value
    if not isinstance(number, int | float) or not math.isfinite(number):
        raise ValueError(value)
    return number


def _as_boolean(value: t.Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in {"true", "false"}:
        return value.strip().lower() == "true"
    raise ValueError(value)


def _as_date(value: t.Any) -> str:
    if not isinstance(value, str) or not _DATE_TEXT.fullmatch(value):
        raise ValueError(value)
    date.fromisoformat(value)
    return value


def _as_datetime(value: t.Any) -> str:
    if not isinstance(value, str) or "T" not in value:
        raise ValueError(value)
    datetime.fromisoformat(value)
    return value


_COERCIONS: dict[str, t.Callable[[t.Any], t.Any]] = {
    "integer": _as_integer,
    "boolean": _as_boolean,
    "date": _as_date,
    "datetime": _as_datetime,
    **dict.fromkeys(NUMBER_TYPES, _as_number),
}


def _text(name: str, display: str, length: int = DEFAULT_STRING_LENGTH) -> FieldSpec:
    return FieldSpec(name, display, "string", length)


def _system(name: str, display: str, data_type: str, length: int | None = None) -> FieldSpec:
    """A field Marketo maintains itself: readable, never written by a sync."""
    return FieldSpec(name, display, data_type, length, updateable=False)


GUID_FIELD = "marketoGUID"
EXTERNAL_ID_FIELD = "externalOpportunityId"
NAME_FIELD = "name"
CREATED_AT = "createdAt"
UPDATED_AT = "updatedAt"

OPPORTUNITY_FIELDS: tuple[FieldSpec, ...] = (
    _system(GUID_FIELD, "Marketo GUID", "string", 36),
    _system(EXTERNAL_ID_FIELD, "External Opportunity Id", "string", 50),
    _system(CREATED_AT, "Created At", "datetime"),
    _system(UPDATED_AT, "Updated At", "datetime"),
    _text(NAME_FIELD, "Name"),
    _text("description", "Description", 2000),
    _text("type", "Type"),
    _text("stage", "Stage"),
    FieldSpec("amount", "Amount", "currency"),
    FieldSpec("closeDate", "Close Date", "date"),
    FieldSpec("isClosed", "Is Closed", "boolean"),
    FieldSpec("isWon", "Is Won", "boolean"),
    FieldSpec("probability", "Probability", "integer"),
    FieldSpec("expectedRevenue", "Expected Revenue", "currency"),
    FieldSpec("fiscalQuarter", "Fiscal Quarter", "integer"),
    FieldSpec("fiscalYear", "Fiscal Year", "integer"),
    FieldSpec("lastActivityDate", "Last Activity Date", "date"),
    _text("leadSource", "Lead Source"),
    _text("nextStep", "Next Step"),
    _text("externalCompanyId", "External Company Id", 100),
    _text("externalSalesPersonId", "External Sales Person Id", 100),
    FieldSpec("externalCreatedDate", "External Created Date", "datetime"),
)

ROLE_FIELDS: tuple[FieldSpec, ...] = (
    _system(GUID_FIELD, "Marketo GUID", "string", 36),
    _system(EXTERNAL_ID_FIELD, "External Opportunity Id", "string", 50),
    _system("leadId", "Lead Id", "integer"),
    _system("role", "Role", "string", DEFAULT_STRING_LENGTH),
    FieldSpec("isPrimary", "Is Primary", "boolean"),
    FieldSpec("externalCreatedDate", "External Created Date", "datetime"),
    _system(CREATED_AT, "Created At", "datetime"),
    _system(UPDATED_AT, "Updated At", "datetime"),
)


class CustomFieldError(ValueError):
    """A custom field definition the sandbox cannot use; the message names the field."""


def parse_custom_fields(payload: Mapping[str, t.Any]) -> tuple[FieldSpec, ...]:
    """Read custom field definitions from a control request.

    Each entry is `name: dataType` or `name: {dataType, searchable?, displayName?, length?}`.

    Raises:
        CustomFieldError: A reserved name, an unknown dataType or a non-searchable type
            marked searchable.
    """
    standard = {spec.name for spec in OPPORTUNITY_FIELDS}
    specs = []
    for name, definition in payload.items():
        options = {"dataType": definition} if isinstance(definition, str) else definition
        if not isinstance(options, dict):
            msg = f"custom field '{name}': expected a dataType or an object, got {definition!r}"
            raise CustomFieldError(msg)
        data_type = options.get("dataType")
        searchable = bool(options.get("searchable", False))
        if name in standard:
            msg = f"custom field '{name}' would shadow a standard field"
            raise CustomFieldError(msg)
        if data_type not in DATA_TYPES:
            msg = f"custom field '{name}': dataType must be one of {sorted(DATA_TYPES)}"
            raise CustomFieldError(msg)
        if searchable and data_type not in SEARCHABLE_TYPES:
            msg = f"custom field '{name}': only string and integer fields can be searchable"
            raise CustomFieldError(msg)
        default_length = DEFAULT_STRING_LENGTH if data_type in STRING_TYPES else None
        specs.append(
            FieldSpec(
                name=name,
                display_name=str(options.get("displayName", name)),
                data_type=data_type,
                length=options.get("length", default_length),
                searchable=searchable,
                custom=True,
            )
        )
    return tuple(specs)


def by_name(specs: Iterable[FieldSpec]) -> dict[str, FieldSpec]:
    """Field specs keyed by API name, in definition order."""
    return {spec.name: spec for spec in specs}
