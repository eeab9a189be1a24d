"""Records checked against their stream's SCHEMA, each failure naming the property."""

import re

import pytest

from singer_commons.sdk.record_schema import RecordSchema, schema_problem

PROPERTIES = {"email": {"type": "string"}, "n": {"type": ["integer", "null"]}}
SENT = {"email": "メールアドレス", "name": "氏名"}


def test_an_invalid_json_schema_is_described_where_it_is_wrong():
    assert schema_problem({"properties": PROPERTIES}) is None
    assert schema_problem({"properties": {"email": {"type": "strin"}}}) == (
        "not a valid JSON Schema at schema['properties']['email']['type']: 'strin' is not "
        "valid under any of the given schemas"
    )
    assert schema_problem({"properties": {"email": "string"}}) == (
        "not a valid JSON Schema at schema['properties']['email']: 'string' is not of type "
        "'object', 'boolean'"
    )


@pytest.mark.parametrize(
    ("record", "problem"),
    [
        ({"email": "a@x.jp", "n": 1}, None),
        ({"email": "a@x.jp", "extra": None}, None),  # a null carries nothing
        ({"email": "a@x.jp", "_sdc_received_at": 5}, None),  # the SDK's, not the record's
        ({"email": "a@x.jp", "extra": 1}, "property 'extra' is not declared"),
        ({"email": "a@x.jp", "部署": "営業"}, "property '部署' is not declared in the stream's"),
        ({"email": "a@x.jp", "_sdc_deleted_at": "2026-01-01"}, "'_sdc_deleted_at' is not"),
    ],
)
def test_a_value_under_an_undeclared_property_is_refused_by_name(record, problem):
    found = RecordSchema({"properties": PROPERTIES}).undeclared_problem(record)
    if problem is None:
        assert found is None
    else:
        assert problem in str(found)


@pytest.mark.parametrize(
    "schema",
    [{"additionalProperties": True}, {"additionalProperties": {}}, {"patternProperties": {}}],
)
def test_a_schema_that_allows_more_properties_takes_undeclared_ones(schema):
    open_schema = RecordSchema({"properties": PROPERTIES, **schema})
    assert open_schema.undeclared_problem({"email": "a@x.jp", "extra": 1}) is None


@pytest.mark.parametrize(
    ("record", "problem"),
    [
        ({"email": "a@x.jp", "n": 1}, None),
        ({"email": "a@x.jp", "n": 3.0}, None),  # JSON Schema: 3.0 is an integer
        ({"email": "a@x.jp", "n": "1"}, "property 'n': '1' is not of type 'integer', 'null'"),
        ({"email": "a@x.jp", "n": 3.5}, "property 'n': 3.5 is not of type 'integer', 'null'"),
        ({"email": "a@x.jp", "n": True}, "property 'n': True is not of type 'integer'"),
        ({"email": 5, "unread": 1}, "property 'email': 5 is not of type 'string'"),
        ({"email": "a@x.jp", "unread": 1}, None),  # never sent: not checked
    ],
)
def test_a_sent_value_of_another_type_is_refused_naming_the_property(record, problem):
    schema = RecordSchema({"properties": {**PROPERTIES, "unread": {"type": "string"}}})
    found = schema.type_problem(record, ["email", "n"])
    if problem is None:
        assert found is None
    else:
        assert problem in str(found)
        assert str(found).endswith("(checked against the stream's SCHEMA)")


@pytest.mark.parametrize(
    "name_declaration",
    [
        {"type": ["string", "null"]},  # settled by the quick isinstance test
        {"anyOf": [{"type": "string"}, {"type": "null"}]},  # by the JSON Schema validator
    ],
)
def test_a_target_names_the_property_its_own_way(name_declaration):
    schema = RecordSchema(
        {
            "properties": {
                "email": {"type": "string"},
                "name": name_declaration,
                "note": {"type": "string"},
            }
        }
    )

    def field(name):
        return f"field '{name}' ({SENT[name]})"

    assert schema.type_problem({"email": "a@example.jp", "name": None, "note": 5}, SENT) is None
    for value in (42, {"a": 1}, ["x"], True):
        found = schema.type_problem({"email": "a@example.jp", "name": value}, SENT, field)
        assert re.match(rf"field 'name' \(氏名\): {re.escape(repr(value))} is not", str(found))


def test_the_first_wrong_property_in_the_order_sent_is_named():
    schema = RecordSchema({"properties": {"email": {"type": "string"}, "name": {"type": "string"}}})
    assert str(schema.type_problem({"name": 1, "email": 2}, SENT)).startswith("property 'email'")


def test_items_of_a_list_are_checked_and_named_by_index():
    schema = RecordSchema({"properties": {"tags": {"type": "array", "items": {"type": "string"}}}})
    assert schema.type_problem({"tags": ["a", "b"]}, ["tags"]) is None
    assert "property 'tags'[1]: 5 is not of type 'string'" in str(
        schema.type_problem({"tags": ["a", 5]}, ["tags"])
    )


def test_a_ref_that_resolves_nowhere_is_named():
    broken = RecordSchema({"properties": {"co": {"$ref": "#/$defs/nowhere"}}})
    assert "property 'co' cannot be checked" in str(broken.type_problem({"co": "x"}, ["co"]))


def test_text_columns_of_a_batch_of_declared_text_only():
    schema = RecordSchema(
        {
            "properties": {
                "email": {"type": "string", "format": "email"},
                "name": {"type": ["string", "null"]},
                "n": {"type": "integer"},
                "note": {"type": "string", "maxLength": 10},
                "_sdc_deleted_at": {"type": ["string", "null"]},
            }
        }
    )
    batch = [{"email": "a@x.jp", "name": "一"}, {"email": "b@x.jp", "name": None}]

    assert schema.text_columns(batch, ["email", "name"], check_types=True) == {
        "email": ["a@x.jp", "b@x.jp"],
        "name": ["一", None],
    }
    for odd in (
        {"email": "c@x.jp", "extra": "undeclared"},
        {"email": "c@x.jp", "_sdc_deleted_at": "2026-11-23T00:00:00Z"},
        {"email": None},  # a null where the SCHEMA says text (or a missing email?)
        {"email": 5},
    ):
        assert schema.text_columns([*batch, odd], ["email", "name"], check_types=True) is None
    assert schema.text_columns([{"email": None}], ["email"], check_types=False) == {"email": [None]}
    # Declared beyond a plain type (a number, a maxLength): only the record's own check.
    assert schema.text_columns([{"note": "x"}], ["note"], check_types=True) is None
    assert schema.text_columns([{"n": 1}], ["n"], check_types=False) is None
    assert schema.text_columns([{"note": "x"}], ["note"], check_types=False) == {"note": ["x"]}
    open_schema = RecordSchema({"properties": {"a": {"type": "string"}}, "patternProperties": {}})
    assert open_schema.text_columns([{"a": "x"}], ["a"], check_types=True) is None
