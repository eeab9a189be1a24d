import re

import pytest
from singer_sdk.sinks.core import JSONSchemaValidator

from target_haihai_mail.rows import RecordRejected
from target_haihai_mail.schemas import DeclaredTypes, check_declared, schema_problem

SENT = {"email": "メールアドレス", "name": "氏名"}


def declared(**properties):
    return DeclaredTypes(JSONSchemaValidator({"properties": properties}).validator, properties)


def test_an_invalid_json_schema_is_described_where_it_is_wrong():
    assert schema_problem({"properties": {"email": {"type": "string"}}}) is None
    assert schema_problem({"properties": {"email": {"type": "strin"}}}) == (
        "'strin' is not valid under any of the given schemas, at properties.email.type"
    )
    assert schema_problem({"properties": {"email": "string"}}) == (
        "'string' is not of type 'object', 'boolean', at properties.email"
    )


def test_an_undeclared_property_is_refused_by_name_and_a_null_one_passes():
    properties = {"email": {}, "name": {}}
    check_declared({"email": "a@example.jp", "部署": None, "_sdc_deleted_at": "x"}, properties)
    with pytest.raises(RecordRejected, match="field '部署': not declared in the stream's SCHEMA"):
        check_declared({"email": "a@example.jp", "部署": "営業"}, properties)


@pytest.mark.parametrize(
    "name_declaration",
    [
        {"type": ["string", "null"]},  # settled by the quick isinstance test
        {"anyOf": [{"type": "string"}, {"type": "null"}]},  # by the JSON Schema validator
    ],
)
def test_a_sent_value_of_the_wrong_type_is_refused_naming_the_property(name_declaration):
    types = declared(email={"type": "string"}, name=name_declaration, note={"type": "string"})
    types.check({"email": "a@example.jp", "name": None, "note": 5}, SENT)  # note is not sent
    types.check({"email": "a@example.jp", "name": "山田"}, SENT)
    for value in (42, {"a": 1}, ["x"], True):
        words = rf"^field 'name' \(氏名\): {re.escape(repr(value))} is not"
        with pytest.raises(RecordRejected, match=words):
            types.check({"email": "a@example.jp", "name": value}, SENT)


def test_numbers_follow_json_schema():
    types = declared(email={"type": "string"}, name={"type": "integer"})
    types.check({"email": "a@example.jp", "name": 3.0}, SENT)
    with pytest.raises(RecordRejected, match=r"3\.5 is not of type 'integer'"):
        types.check({"email": "a@example.jp", "name": 3.5}, SENT)


def test_the_first_wrong_property_in_schema_order_is_named():
    types = declared(email={"type": "string"}, name={"type": "string"})
    with pytest.raises(RecordRejected, match=r"^field 'email' \(メールアドレス\): 2 is not"):
        types.check({"name": 1, "email": 2}, SENT)
