"""Keap's custom field models: which custom fields a resource has, and each one's property name.

Keap describes a resource's custom fields at `/<resource>/model` (`custom_fields: [{id, label,
field_name, field_type, options, ...}]`; Keap's REST v1 OpenAPI `retrieve*Model`) and carries
their values in records as `custom_fields: [{"id": 6, "content": ...}]`. Plugins show each field
as a property of its own, `custom_<field name>`, so that what a tap emits for a field is also
what a target takes for it; the naming lives here for both. How a field's values are typed in
a stream's schema is read-side only and stays in the tap (`tap_infusionsoft.custom_fields`).
"""

from __future__ import annotations

import re
import typing as t
import unicodedata
from dataclasses import dataclass

if t.TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

PROPERTY_PREFIX = "custom_"
# The key of the field list in a model, and of the `{id, content}` values in a record.
VALUES_KEY = "custom_fields"


def _slug(text: str) -> str:
    """snake_case ASCII of a field name (`Favourite Colour` → `favourite_colour`)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    spaced = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", ascii_text)
    return re.sub(r"[^0-9a-zA-Z]+", "_", spaced).strip("_").lower()


@dataclass(frozen=True)
class CustomField:
    """One custom field of a resource and the property that carries it."""

    id: int
    label: str
    field_type: str
    property_name: str


def model_fields(model: Mapping[str, t.Any], *, reserved: Iterable[str]) -> list[CustomField]:
    """Name each field of a `/model` response, never clashing with built-in properties.

    The name comes from `field_name` (Keap's API name) or else the label; a label in
    Japanese or any name already taken falls back to `custom_<name>_<id>` or
    `custom_field_<id>`, so every field keeps a stable, unique, ASCII property. `reserved`
    are the resource's built-in properties: the same ones give the same names.
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
    return fields
