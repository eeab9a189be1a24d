"""Custom fields: names, types and values."""

from __future__ import annotations

import pytest

from tap_infusionsoft.custom_fields import CustomField, CustomFieldSet


def field_set(*raw: dict, reserved: tuple[str, ...] = ("id",)) -> CustomFieldSet:
    return CustomFieldSet.from_model({"custom_fields": list(raw)}, stream="s", reserved=reserved)


def test_names_come_from_field_name_then_label_then_id():
    fields = field_set(
        {"id": 1, "label": "Job title", "field_name": "jobtitle"},
        {"id": 2, "label": "Favourite Colour"},
        {"id": 3, "label": "会員ランク", "field_name": ""},
        {"id": 4, "label": "x", "field_name": "CustomerID"},
    )
    names = [field.property_name for field in fields.fields.values()]
    assert names == [
        "custom_jobtitle",
        "custom_favourite_colour",
        "custom_field_3",
        "custom_customer_id",
    ]


def test_clashing_names_get_the_field_id():
    fields = field_set(
        {"id": 1, "field_name": "Rank"},
        {"id": 2, "field_name": "rank"},
        {"id": 3, "field_name": "Tier"},
        reserved=("id", "custom_tier"),
    )
    assert [f.property_name for f in fields.fields.values()] == [
        "custom_rank",
        "custom_rank_2",
        "custom_tier_3",
    ]


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
    field = CustomField(1, "label", field_type, "custom_x")
    assert field.coerce(raw) == value


def test_json_types_follow_keap_field_types():
    types = {
        field_type: CustomField(1, "l", field_type, "p").json_type().type_dict["type"][0]
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
    fields = field_set({"id": 1, "field_name": "A"}, {"id": 2, "field_name": "B"})
    record = fields.apply({"id": 5, "custom_fields": [{"id": 2, "content": "x"}]})
    assert record == {"id": 5, "custom_a": None, "custom_b": "x"}
