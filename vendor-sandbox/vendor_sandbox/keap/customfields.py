"""Custom fields of Keap's four models (contacts, companies, opportunities, orders).

`/<model>/model` describes them (what a connector builds its schema from) and records carry
their values as `custom_fields: [{"id", "content"}]`. Values are computed from the record
index and the field type, so seeded records need no storage. A control call can replace a
model's fields, e.g. to prove that a connector rediscovers its schema.
"""

from __future__ import annotations

import typing as t
from dataclasses import dataclass, field

from vendor_sandbox.keap import seedkit

if t.TYPE_CHECKING:
    from collections.abc import Mapping

# Keap v1's field_type vocabulary.
FIELD_TYPES = (
    "Currency", "Date", "DateTime", "DayOfWeek", "Drilldown", "Email", "Month", "ListBox",
    "Name", "WholeNumber", "DecimalNumber", "Percent", "PhoneNumber", "Radio", "Dropdown",
    "SocialSecurityNumber", "State", "Text", "TextArea", "User", "UserListBox", "Website",
    "Year", "YesNo",
)  # fmt: skip
OPTION_TYPES = frozenset({"Dropdown", "ListBox", "Radio", "Drilldown"})
MODELS = {
    "contacts": ("CONTACT", 10),
    "companies": ("COMPANY", 20),
    "opportunities": ("OPPORTUNITY", 30),
    "orders": ("ORDER", 40),
}
OPTIONAL_PROPERTIES = {
    "contacts": ("custom_fields", "fax_numbers", "social_accounts", "notes", "lead_source_id"),
    "companies": ("custom_fields", "fax_number", "notes"),
    "opportunities": ("custom_fields",),
    "orders": ("custom_fields",),
}
DEFAULT_FIELDS = (
    ("Favourite colour", "Text"),
    ("Visits", "WholeNumber"),
    ("Lifetime value", "Currency"),
    ("Renewal date", "Date"),
    ("Newsletter", "YesNo"),
    ("Segment", "Dropdown"),
)
DEFAULT_OPTIONS = ({"id": "a", "label": "A"}, {"id": "b", "label": "B"})


class CustomFieldError(ValueError):
    """A custom field definition the sandbox cannot use; the message names the field."""


@dataclass(frozen=True)
class CustomField:
    """One custom field as `/<model>/model` describes it."""

    id: int
    label: str
    field_name: str
    field_type: str
    record_type: str
    options: tuple[Mapping[str, str], ...] = field(default=())

    def describe(self) -> dict[str, t.Any]:
        """The field as the model endpoint lists it."""
        return {
            "id": self.id,
            "label": self.label,
            "field_name": self.field_name,
            "field_type": self.field_type,
            "record_type": self.record_type,
            "options": [dict(option) for option in self.options],
        }

    def value(self, index: int) -> t.Any:
        """The value record `index` holds, typed as Keap returns this field type."""
        kind = self.field_type
        if kind in OPTION_TYPES and self.options:
            chosen = seedkit.pick(self.options, index)["id"]
            return f"{chosen},{self.options[-1]['id']}" if kind == "ListBox" else chosen
        return _VALUES.get(kind, lambda i: f"{self.label} {i + 1}")(index)


_VALUES: dict[str, t.Callable[[int], t.Any]] = {
    "WholeNumber": lambda i: i % 100,
    "Year": lambda i: 2000 + i % 30,
    "Month": lambda i: i % 12 + 1,
    "DayOfWeek": lambda i: i % 7 + 1,
    "User": lambda i: i % 3 + 1,
    "DecimalNumber": lambda i: round(i * 1.25 % 1000, 2),
    "Currency": lambda i: round(i * 9.99 % 10_000, 2),
    "Percent": lambda i: round(i % 100 / 100, 2),
    "Date": lambda i: seedkit.stamp(i)[:10],
    "DateTime": seedkit.stamp,
    "YesNo": lambda i: i % 2 == 0,
    "Email": lambda i: seedkit.email(i, "custom"),
    "PhoneNumber": lambda i: seedkit.phone(i)["number"],
    "Website": lambda i: f"https://example.com/{i + 1}",
    "State": lambda i: seedkit.pick(("UT", "TX", "OR"), i),
    "UserListBox": lambda i: f"{i % 3 + 1}",
}


def field_name(label: str) -> str:
    """Keap's field name for a label: its words in CamelCase (`Favourite colour` → ...)."""
    return "".join(word[:1].upper() + word[1:] for word in label.split() if word.isalnum())


def default_fields(model: str) -> tuple[CustomField, ...]:
    """The six fields every model starts with: one of each common value type."""
    record_type, first_id = MODELS[model]
    return tuple(
        CustomField(
            id=first_id + position,
            label=label,
            field_name=field_name(label),
            field_type=kind,
            record_type=record_type,
            options=DEFAULT_OPTIONS if kind in OPTION_TYPES else (),
        )
        for position, (label, kind) in enumerate(DEFAULT_FIELDS)
    )


def values(fields: tuple[CustomField, ...], index: int) -> list[dict[str, t.Any]]:
    """A record's `custom_fields` array."""
    return [{"id": spec.id, "content": spec.value(index)} for spec in fields]


def model_body(model: str, fields: tuple[CustomField, ...]) -> dict[str, t.Any]:
    """The body of `GET /<model>/model`."""
    return {
        "custom_fields": [spec.describe() for spec in fields],
        "optional_properties": list(OPTIONAL_PROPERTIES[model]),
    }


def parse_fields(model: str, payload: t.Any) -> tuple[CustomField, ...]:
    """Validate a control request's replacement fields for `model`.

    Each item is `{"label", "field_type", "id"?, "field_name"?, "options"?}`.

    Raises:
        CustomFieldError: Not a list, a missing label, an unknown type or bad options.
    """
    if not isinstance(payload, list):
        msg = f"'{model}' must be a list of custom fields"
        raise CustomFieldError(msg)
    record_type, first_id = MODELS[model]
    parsed: list[CustomField] = []
    for position, item in enumerate(payload):
        where = f"{model}[{position}]"
        if not isinstance(item, dict) or not isinstance(item.get("label"), str):
            msg = f"{where} needs a string 'label'"
            raise CustomFieldError(msg)
        kind = item.get("field_type")
        if kind not in FIELD_TYPES:
            msg = f"{where}: 'field_type' must be one of {', '.join(FIELD_TYPES)}"
            raise CustomFieldError(msg)
        options = item.get("options", list(DEFAULT_OPTIONS) if kind in OPTION_TYPES else [])
        if not isinstance(options, list) or not all(
            isinstance(option, dict) and {"id", "label"} <= set(option) for option in options
        ):
            msg = f"{where}: 'options' must be a list of {{id, label}}"
            raise CustomFieldError(msg)
        identifier = item.get("id", first_id + position)
        if isinstance(identifier, bool) or not isinstance(identifier, int):
            msg = f"{where}: 'id' must be an integer"
            raise CustomFieldError(msg)
        parsed.append(
            CustomField(
                id=identifier,
                label=item["label"],
                field_name=str(item.get("field_name") or field_name(item["label"])),
                field_type=kind,
                record_type=record_type,
                options=tuple({k: str(v) for k, v in option.items()} for option in options),
            )
        )
    return tuple(parsed)
