"""Custom field models: the property name each field of a `/model` answer is known by."""

from __future__ import annotations

from keap_client.custom_fields import CustomField, model_fields


def names(*raw: dict, reserved: tuple[str, ...] = ("id",)) -> list[str]:
    return [f.property_name for f in model_fields({"custom_fields": list(raw)}, reserved=reserved)]


def test_names_come_from_field_name_then_label_then_id():
    assert names(
        {"id": 1, "label": "Job title", "field_name": "jobtitle"},
        {"id": 2, "label": "Favourite Colour"},
        {"id": 3, "label": "会員ランク", "field_name": ""},
        {"id": 4, "label": "x", "field_name": "CustomerID"},
    ) == [
        "custom_jobtitle",
        "custom_favourite_colour",
        "custom_field_3",
        "custom_customer_id",
    ]


def test_clashing_names_get_the_field_id():
    assert names(
        {"id": 1, "field_name": "Rank"},
        {"id": 2, "field_name": "rank"},
        {"id": 3, "field_name": "Tier"},
        reserved=("id", "custom_tier"),
    ) == [
        "custom_rank",
        "custom_rank_2",
        "custom_tier_3",
    ]


def test_a_field_keeps_its_id_label_and_type():
    model = {
        "custom_fields": [
            {"id": "7", "label": "会員番号", "field_name": "", "field_type": "WholeNumber"},
            {"id": 8, "field_name": "Notes"},
        ]
    }
    assert model_fields(model, reserved=()) == [
        CustomField(7, "会員番号", "WholeNumber", "custom_field_7"),
        CustomField(8, "Notes", "Text", "custom_notes"),
    ]


def test_a_model_without_custom_fields_has_none():
    assert model_fields({}, reserved=()) == []
    assert model_fields({"custom_fields": None}, reserved=()) == []
