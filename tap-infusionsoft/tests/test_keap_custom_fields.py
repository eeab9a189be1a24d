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


def test_ids_sent_as_text_or_float_find_their_field_and_unknown_ones_are_left_out(caplog):
    fields = CustomFieldSet(
        [CustomField(1, "A", "WholeNumber", "custom_a"), CustomField(2, "B", "YesNo", "custom_b")],
        stream="s",
    )
    record = fields.apply(
        {
            "id": 5,
            "custom_fields": [
                {"id": "1", "content": "7"},
                {"id": 2.0, "content": "Yes"},
                {"id": 9, "content": "x"},
            ],
        }
    )
    assert record == {"id": 5, "custom_a": 7, "custom_b": True}
    assert "custom field id 9 is not in the discovered schema" in caplog.text


def test_a_value_its_field_cannot_hold_is_null_and_named_in_a_warning(caplog):
    fields = CustomFieldSet([CustomField(1, "Visits", "WholeNumber", "custom_visits")], stream="s")
    record = fields.apply({"id": 5, "custom_fields": [{"id": 1, "content": "many"}]})
    assert record == {"id": 5, "custom_visits": None}
    assert "s record id=5: custom field custom_visits (Visits) holds 'many'" in caplog.text
