"""Schemas and query rules derived from Marketo's describe."""

from marketo_client.describe import ObjectDescription

DESCRIBE = {
    "name": "opportunity",
    "idField": "marketoGUID",
    "dedupeFields": ["externalOpportunityId"],
    "searchableFields": [["externalOpportunityId"], ["marketoGUID"], ["a", "b"]],
    "fields": [
        {"name": "marketoGUID", "dataType": "string", "length": 36, "updateable": False},
        {"name": "externalOpportunityId", "dataType": "string", "length": 50, "updateable": False},
        {"name": "updatedAt", "dataType": "datetime", "updateable": False},
        {"name": "name", "dataType": "string", "length": 255, "updateable": True},
        {"name": "amount", "dataType": "currency", "updateable": True},
        {"name": "isWon", "dataType": "boolean", "updateable": True},
        {"name": "closeDate", "dataType": "date", "updateable": True},
        {"name": "fiscalYear", "dataType": "integer", "updateable": True},
        {"name": "odd", "dataType": "somethingNew", "updateable": True},
    ],
}


def test_schema_types_follow_marketo_data_types() -> None:
    properties = ObjectDescription.from_describe(DESCRIBE).json_schema()["properties"]

    assert properties["name"] == {"type": ["string", "null"], "maxLength": 255}
    assert properties["amount"]["type"] == ["number", "string", "null"]
    assert properties["isWon"]["type"] == ["boolean", "null"]
    assert properties["closeDate"]["format"] == "date"
    assert properties["updatedAt"]["format"] == "date-time"
    assert properties["fiscalYear"]["type"] == ["integer", "null"]
    assert "null" in properties["odd"]["type"]


def test_selected_schema_always_keeps_the_keys() -> None:
    schema = ObjectDescription.from_describe(DESCRIBE).json_schema(["name"])

    assert set(schema["properties"]) == {"name", "marketoGUID", "externalOpportunityId"}


def test_filter_fields_are_single_searchable_fields_and_the_dedupe_field() -> None:
    description = ObjectDescription.from_describe(DESCRIBE)

    assert description.filter_fields == {"externalOpportunityId", "marketoGUID"}
    assert "name" in description.writable_fields
    assert "marketoGUID" not in description.writable_fields
