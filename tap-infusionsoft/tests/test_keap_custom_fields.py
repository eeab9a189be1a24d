"""Custom fields as stream properties: types and values (names: keap-client's tests)."""

from __future__ import annotations

import pytest

from keap_client.custom_fields import CustomField
from tap_infusionsoft.custom_fields import CustomFieldSet, coerce_value, json_type_of


@pytest.mark.parametrize(
    ("field_type", "raw", "value"),
    [
        ("WholeNumber", "12", 12),
        ("WholeNumber", 12.0, 12),
        ("DecimalNumber", "1.5", 1.5),
        ("Currency", 3, 3.0),
        ("YesNo", "Yes", True),
        ("YesNo", 0, False),
        ("YesNo", "", None),
        ("Date", "", None),
        ("Text", "", ""),
        ("ListBox", ["a", "b"], "a,b"),
        ("Dropdown", 7, "7"),
        ("Text", None, None),
    ],
)
def test_values_take_the_type_of_their_field(field_type, raw, value):
    assert coerce_value(field_type, raw) == value


def test_json_types_follow_keap_field_types():
    types = {
        field_type: json_type_of(field_type).type_dict["type"][0]
        for field_type in ("WholeNumber", "Currency", "YesNo", "Date", "DateTime", "Website")
    }
    assert types == {
        "WholeNumber": "integer",
        "Currency": "number",
        "YesNo": "boolean",
        "Date": "string",
        "DateTime": "string",
        "Website": "string",
    }


def test_every_field_is_present_in_every_record():
    fields = CustomFieldSet(
        [CustomField(1, "A", "Text", "custom_a"), CustomField(2, "B", "Text", "custom_b")],
        stream="s",
    )
    record = fields.apply({"id": 5, "custom_fields": [{"id": 2, "content": "x"}]})
    assert record == {"id": 5, "custom_a": None, "custom_b": "x"}
