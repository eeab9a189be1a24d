"""The typed fields of a report: Keap's table schema, custom fields, fixed report shapes.

A field carries a Keap field type (the names of `custom_fields`), so a report's values are
coerced and typed by the same rules as the REST streams' custom fields.
"""

from __future__ import annotations

import logging
import typing as t
from dataclasses import dataclass

from singer_sdk import typing as th

from tap_infusionsoft.custom_fields import as_int, coerce_value, json_type_of
from tap_infusionsoft.reports.tables import TABLE_FIELDS

if t.TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

logger = logging.getLogger(__name__)

# The kinds of the table schema (`tables.py`) as Keap field types. XML-RPC sends dates as
# dateTime values, so date fields are date-times here.
_KIND_TYPES = {
    "int": "WholeNumber",
    "num": "DecimalNumber",
    "date": "DateTime",
    "datetime": "DateTime",
    "str": "Text",
}
# DataFormField.DataType numbers (Keap's table schema) → field types; unknown numbers: text.
_DATA_TYPES = {
    3: "Currency",
    4: "Percent",
    6: "YesNo",
    7: "Year",
    11: "DecimalNumber",
    12: "WholeNumber",
    13: "DateTime",
    14: "DateTime",
    22: "User",
}
# DataFormField.FormId of the tables that have custom fields.
CUSTOM_FIELD_FORMS = {
    "Contact": -1,
    "Affiliate": -3,
    "Lead": -4,
    "ContactAction": -5,
    "Company": -6,
    "Job": -9,
    "RecurringOrder": -10,
}
CUSTOM_FIELD_PREFIX = "_"


@dataclass(frozen=True)
class ReportField:
    """One property of a report stream and the Keap field type of its values."""

    name: str
    field_type: str = "Text"
    description: str | None = None

    def to_property(self) -> th.Property:
        """The schema property."""
        return th.Property(self.name, json_type_of(self.field_type), description=self.description)


def parse_fields(spec: str) -> dict[str, ReportField]:
    """Fields from the compact `Name Name:kind …` form of `tables.py`."""
    fields = {}
    for token in spec.split():
        name, _, kind = token.partition(":")
        fields[name] = ReportField(name, _KIND_TYPES[kind or "str"])
    return fields


def table_fields(table: str) -> dict[str, ReportField] | None:
    """The built-in fields of a Keap table, or None for a table this tap does not know."""
    spec = TABLE_FIELDS.get(canonical_table(table))
    return None if spec is None else parse_fields(spec)


def canonical_table(table: str) -> str:
    """The table name as Keap spells it (`contact` → `Contact`), or as given if unknown."""
    return next((known for known in TABLE_FIELDS if known.lower() == table.lower()), table)


def custom_fields_from(rows: Iterable[Mapping[str, t.Any]]) -> dict[str, ReportField]:
    """`_Name` fields from DataFormField rows (Name, Label, DataType)."""
    fields = {}
    for row in rows:
        name = str(row.get("Name") or "").strip()
        if not name:
            continue
        data_type = as_int(row.get("DataType"))
        field_type = _DATA_TYPES.get(data_type or 0, "Text")
        label = row.get("Label") or name
        fields[CUSTOM_FIELD_PREFIX + name] = ReportField(
            CUSTOM_FIELD_PREFIX + name,
            field_type,
            description=f"Keap custom field '{label}' (DataType {data_type})",
        )
    return fields


def schema_of(fields: Iterable[ReportField]) -> dict[str, t.Any]:
    """A JSON schema with these properties; other keys Keap sends are kept, untyped."""
    schema = th.PropertiesList(*(field.to_property() for field in fields)).to_dict()
    schema["additionalProperties"] = True
    return schema


def coerce_record(
    record: dict[str, t.Any], fields: Mapping[str, ReportField], *, stream: str
) -> dict[str, t.Any]:
    """Values in their fields' types; a value that cannot be is null, with a warning.

    Keys without a field (Keap added one) pass unchanged.
    """
    for name, value in record.items():
        field = fields.get(name)
        if field is None:
            continue
        try:
            record[name] = coerce_value(field.field_type, value)
        except (TypeError, ValueError):
            logger.warning(
                "%s: record %s: field %s holds %r, not a %s value; emitted as null",
                stream,
                record.get("Id", "?"),
                name,
                value,
                field.field_type,
            )
            record[name] = None
    return record
