"""What the target survives before sending: odd lines, records unlike their SCHEMA, odd text."""

from __future__ import annotations

import io
import json

import pytest

from singer_commons.csvcodec import FormulaCells
from target_satori_bridge.conflicts import EmailOwners
from target_satori_bridge.customers import CustomerShape, RecordRejected
from target_satori_bridge.fields import parse_field_linkage
from target_satori_bridge.mappings import TagMapping
from target_satori_bridge.reader import SatoriMessageReader
from target_satori_bridge.record_schema import RecordSchema, json_schema_problem
from target_satori_bridge.rejects import StorableRejectWriter
from target_satori_bridge.values import ValueProblem, checked_text, text_problem

SCHEMA = {"type": "SCHEMA", "stream": "s", "schema": {"properties": {}}, "key_properties": []}


def read(*lines: str) -> tuple[list[dict], list[str], list[int | None]]:
    """Run the reader; the messages passed on, the reasons of rejected lines, line numbers."""
    passed: list[dict] = []
    reasons: list[str] = []
    numbers: list[int | None] = []
    reader = SatoriMessageReader()
    reader.on_malformed = lambda _stream, _message, reason: reasons.append(reason)

    def take(message: dict) -> None:
        passed.append(message)
        numbers.append(reader.line_number)

    callbacks = dict.fromkeys(("SCHEMA", "RECORD", "STATE", "ACTIVATE_VERSION", "BATCH"), take)
    reader.process_lines(io.StringIO("".join(line + "\n" for line in lines)), callbacks)
    return passed, reasons, numbers


def test_line_numbers_count_every_line():
    record = {"type": "RECORD", "stream": "s", "record": {"a": 1}}
    passed, reasons, numbers = read(json.dumps(SCHEMA), "", json.dumps(record))
    assert passed == [SCHEMA, record]
    assert reasons == []
    assert numbers == [1, 3]


def test_a_lone_surrogate_escape_reaches_the_sink_in_a_record_only():
    record = {"type": "RECORD", "stream": "s", "record": {"company": "株\ud800"}}
    state = {"type": "STATE", "value": {"note": "\udc00"}}
    passed, reasons, _ = read(json.dumps(SCHEMA), json.dumps(record), json.dumps(state))
    assert passed == [SCHEMA, record]
    assert reasons == [
        "input line 3: holds a lone UTF-16 surrogate (a bad \\u escape, or bytes that are not "
        "UTF-8), which no text encoding can hold"
    ]


def test_undecodable_bytes_and_deep_nesting_are_rejected_lines():
    record = {"type": "RECORD", "stream": "s", "record": {"company": "Caf\udce9"}}
    passed, reasons, _ = read(
        json.dumps(SCHEMA), json.dumps(record, ensure_ascii=False), "\udcff{", "[" * 100_000
    )
    assert passed == [SCHEMA, record]
    assert reasons == [
        "input line 3: not valid JSON (and not UTF-8 either)",
        "input line 4: not valid JSON (nested too deeply)",
    ]


@pytest.mark.parametrize(
    ("message", "reason"),
    [
        ({"type": "ACTIVATE_VERSION", "version": 1}, "field 'stream' of ACTIVATE_VERSION"),
        ({"type": "ACTIVATE_VERSION", "stream": "other", "version": 1}, "got 'other'"),
        ({"type": "ACTIVATE_VERSION", "stream": "s", "version": True}, "field 'version'"),
        ({"type": "BATCH", "stream": "s", "manifest": []}, "BATCH messages are not supported"),
    ],
)
def test_activate_version_and_batch(message, reason):
    passed, reasons, _ = read(json.dumps(SCHEMA), json.dumps(message))
    assert passed == [SCHEMA]
    assert len(reasons) == 1
    assert reasons[0].startswith("input line 2: ")
    assert reason in reasons[0]
    valid = {"type": "ACTIVATE_VERSION", "stream": "s", "version": 3}
    assert read(json.dumps(SCHEMA), json.dumps(valid))[0] == [SCHEMA, valid]


def test_rejects_with_lone_surrogates_are_valid_utf8(tmp_path):
    path = tmp_path / "rejects.jsonl"
    with StorableRejectWriter(path) as rejects:
        rejects.write("s\ud800", {"company": "株\udce9", "\ud800": ["\udfff"]}, "bad \ud800")
    [line] = path.read_text(encoding="utf-8").splitlines()
    reject = json.loads(line)
    assert reject["stream"] == "s\\ud800"
    assert reject["record"] == {"company": "株\\xe9", "\\ud800": ["\\udfff"]}
    assert reject["reason"] == "bad \\ud800"


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("株式会社\x00", "U+0000 (NUL) at position 5"),
        ("a\x1bb", "U+001B (ESC) at position 2"),
        ("\x85", "U+0085 (a control character)"),
        ("ok\ud800", "holds a lone UTF-16 surrogate (U+D800) at position 3"),
        ("Caf\udce9", "holds a byte that is not UTF-8 (0xE9), or a lone UTF-16 surrogate U+DCE9,"),
    ],
)
def test_text_satori_cannot_store(text, problem):
    assert problem in str(text_problem(text))


@pytest.mark.parametrize("text", ["山田 太郎", "住所1\n住所2", "a\tb", "😀", ""])
def test_text_satori_stores(text):
    assert text_problem(text) is None


@pytest.mark.parametrize("text", ["=1+1", "+81-3-1234-5678", "-", "@here", "\tx"])
def test_formula_like_text_is_neutralised_or_refused(text):
    assert checked_text(text, FormulaCells.NEUTRALISE) == ("'" + text, True)
    with pytest.raises(ValueProblem, match="formula_cells is reject"):
        checked_text(text, FormulaCells.REJECT)
    assert checked_text("山田 = 太郎", FormulaCells.REJECT) == ("山田 = 太郎", False)


def shape(formulas=FormulaCells.NEUTRALISE):
    return CustomerShape(
        identity_type="email",
        identity_property="email",
        links=parse_field_linkage({"company_name": {"linkage": "Writable", "property": "co"}}),
        append_tags=TagMapping.from_setting("append_tags", {"property": "tags"}),
        formulas=formulas,
    )


def test_values_and_tags_are_neutralised_alike_and_an_email_never():
    change = shape().change({"email": "a@example.com", "co": "=1+1", "tags": ["@x", "ok"], "n": 5})
    assert change.cells == {"company_name": "'=1+1"}
    assert change.append_tags == ("'@x", "ok")
    assert change.neutralised == ("co", "tags")
    numbers = shape(FormulaCells.REJECT).change({"email": "a@example.com", "co": -5})
    assert numbers.cells == {"company_name": "-5"}  # a number carries no formula
    with pytest.raises(RecordRejected, match="'tags' \\(append_tags\\), tag '@x'"):
        shape(FormulaCells.REJECT).change({"email": "a@example.com", "tags": ["@x"]})
    with pytest.raises(RecordRejected, match="cannot be neutralised"):
        shape().change({"email": "=cmd@example.com"})


def test_read_properties_and_email_property():
    the_shape = shape()
    assert the_shape.read_properties == ("email", "co", "tags", "_sdc_deleted_at")
    assert the_shape.email_property == "email"


PROPERTIES = {"email": {"type": "string"}, "n": {"type": ["integer", "null"]}}


@pytest.mark.parametrize(
    ("record", "problem"),
    [
        ({"email": "a@x.jp", "n": 1}, None),
        ({"email": "a@x.jp", "extra": None}, None),
        ({"email": "a@x.jp", "_sdc_received_at": 5}, None),
        ({"email": "a@x.jp", "extra": 1}, "property 'extra' is not declared"),
        ({"email": "a@x.jp", "n": "1"}, "property 'n': '1' is not of type 'integer', 'null'"),
        ({"email": "a@x.jp", "n": 3.0}, None),
        ({"email": "a@x.jp", "n": True}, "property 'n': True is not of type 'integer'"),
        ({"email": 5, "unread": 1}, "property 'email': 5 is not of type 'string'"),
    ],
)
def test_records_against_their_schema(record, problem):
    schema = RecordSchema({"properties": {**PROPERTIES, "unread": {"type": "string"}}})
    found = schema.problem(record, ["email", "n"])
    if problem is None:
        assert found is None
    else:
        assert problem in str(found)


def test_open_schemas_and_refs_that_resolve_nowhere():
    open_schema = RecordSchema({"properties": PROPERTIES, "additionalProperties": True})
    assert open_schema.problem({"email": "a@x.jp", "extra": 1}, ["email"]) is None
    broken = RecordSchema({"properties": {"co": {"$ref": "#/$defs/nowhere"}}})
    assert "property 'co' cannot be checked" in str(broken.problem({"co": "x"}, ["co"]))
    assert json_schema_problem({"properties": {"a": {"type": "strin"}}}) is not None
    assert json_schema_problem({"properties": PROPERTIES}) is None


def test_two_source_records_sharing_an_email_within_a_stream():
    owners = EmailOwners()
    assert owners.key_conflict("contacts", "a@x.jp", "id=1") is None
    assert owners.key_conflict("contacts", "A@X.jp", "id=1") is None
    reason = owners.key_conflict("contacts", "a@x.jp", "id=2")
    assert reason is not None
    assert "(id=1)" in reason
    assert "this one is id=2" in reason
    assert owners.key_conflict("leads", "a@x.jp", "id=2") is None
