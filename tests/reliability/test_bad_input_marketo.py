"""Bad input for target-marketo-opportunities: each case is refused alone, the rest is written.

Every case is one run of the target against the Marketo sandbox: SCHEMA, three good
opportunities, the case's lines, three more good ones, the final STATE. The case's records
(or lines) must be in the reject file with reasons naming them and the field at fault,
Marketo must hold exactly the six good opportunities with their values, and the run must
end with exit code 1 after emitting the final STATE (see bad_input.assert_refused_alone).

What is deliberately not here, because the target accepts it:
- formula-like text (`=SUM(A1:A2)`, `+1`, `@cmd`): Marketo takes JSON, so such text is
  stored verbatim and is not a formula anywhere; a good record below carries one to prove
  it is written unchanged.
- the same externalOpportunityId twice in one batch: both records are sent, in order, in
  separate calls (Marketo would skip the second with 1036 in one call), so the later one
  wins; the test below only covers a duplicate that is itself invalid.
- values of read-only fields (`marketoGUID`, `createdAt`, `updatedAt`) that are valid for
  their type: a tap emits them, Marketo keeps its own, so they are checked and left out; a
  good record below carries one.
- a null in a field Marketo does not have: nothing is lost by leaving it out.
"""

from __future__ import annotations

import json
import typing as t

import pytest
from bad_input import BadInput, assert_refused_alone, corpus_input, read_rejects

from vendor_sandbox.testing.marketo import connection_config

TARGET = "target-marketo-opportunities"
STREAM = "opportunities"
SCHEMA = {
    "type": "SCHEMA",
    "stream": STREAM,
    "key_properties": ["externalOpportunityId"],
    "schema": {
        "type": "object",
        "properties": {
            "externalOpportunityId": {"type": "string"},
            "name": {"type": ["string", "null"]},
            "description": {"type": ["string", "null"]},
            "stage": {"type": ["string", "null"]},
            "amount": {"type": ["number", "null"]},
            "probability": {"type": ["integer", "null"]},
            "isWon": {"type": ["boolean", "null"]},
            "closeDate": {"type": ["string", "null"], "format": "date"},
            "externalCreatedDate": {"type": ["string", "null"], "format": "date-time"},
            "nextStep": {"type": ["string", "null"]},
            "updatedAt": {"type": ["string", "null"], "format": "date-time"},
        },
    },
}
BEFORE = [
    {
        "externalOpportunityId": "GOOD-1",
        "name": "東京本社 年間契約",
        "amount": 1604.47,
        "probability": 20,
        "isWon": False,
        "closeDate": "2026-12-15",
    },
    {
        "externalOpportunityId": "GOOD-2",
        "name": "Chairs",
        "stage": "Prospecting",
        "amount": 300,
        "externalCreatedDate": "2026-11-01T09:30:00+09:00",
    },
    {
        "externalOpportunityId": "GOOD-3",
        "name": "Desks",
        "nextStep": "=SUM(A1:A2)",  # stored verbatim: Marketo has no formulas
        "description": "tab\tand\nnew line are text",
    },
]
AFTER = [
    {"externalOpportunityId": "GOOD-4", "name": "Lamps", "isWon": True, "probability": 100},
    {
        "externalOpportunityId": "GOOD-5",
        "name": "長" * 255,  # exactly the length of a Marketo string
        # Read-only: checked, then left out (Marketo keeps its own updatedAt).
        "updatedAt": "2026-01-01T00:00:00Z",
    },
    {"externalOpportunityId": "GOOD-6", "name": "Shelves", "amount": "12.5"},
]
# What Marketo must hold afterwards: the good records' values as Marketo stores them.
EXPECTED = {
    record["externalOpportunityId"]: {
        name: value for name, value in record.items() if name != "updatedAt"
    }
    for record in BEFORE + AFTER
}
EXPECTED["GOOD-6"]["amount"] = 12.5
FIRST = len(BEFORE) + 2  # input line of the case's first line (after SCHEMA and BEFORE)


def at(offset: int = 0) -> str:
    """How reasons name the input line of the case's line number `offset` (from 0)."""
    return f"input line {FIRST + offset}"


def message(record: dict[str, t.Any], stream: str = STREAM) -> dict[str, t.Any]:
    return {"type": "RECORD", "stream": stream, "record": record}


def bad(identity: t.Any = "BAD-1", **fields: t.Any) -> dict[str, t.Any]:
    """A RECORD of an otherwise good opportunity with the given fields."""
    return message({"externalOpportunityId": identity, "name": "Bad deal", **fields})


def without_identity(**fields: t.Any) -> dict[str, t.Any]:
    return message({"name": "Bad deal", **fields})


def raw(value: dict[str, t.Any]) -> str:
    """A message as a raw line, non-ASCII as JSON escapes (so lone surrogates survive)."""
    return json.dumps(value, ensure_ascii=True)


ID = "externalOpportunityId='BAD-1'"
DRIFTED = {
    **SCHEMA,
    "schema": {
        "type": "object",
        "properties": {
            **SCHEMA["schema"]["properties"],
            "amount": {"type": ["string", "null"]},  # was a number
            "colour": {"type": ["string", "null"]},  # Marketo has no such field
        },
    },
}
DEALS_SCHEMA = {
    "type": "SCHEMA",
    "stream": "deals",
    "key_properties": ["id"],
    "schema": {"type": "object", "properties": {"id": {"type": "string"}}},
}

CASES = [
    # The identity: externalOpportunityId, Marketo's dedupe field (string, length 50).
    BadInput("missing_identity", (without_identity(),), (at(), "'externalOpportunityId'")),
    BadInput("empty_identity", (bad(""),), (at(), "externalOpportunityId=''", "missing or empty")),
    BadInput("blank_identity", (bad("   "),), (at(), "externalOpportunityId='   '")),
    BadInput(
        "null_identity", (bad(None),), (at(), "externalOpportunityId=None", "missing or empty")
    ),
    BadInput(
        "identity_over_length",
        (bad("X" * 51),),
        (f"externalOpportunityId='{'X' * 51}'", "field 'externalOpportunityId'", "length 50"),
    ),
    BadInput(
        "object_for_identity",
        (bad({"id": 7}),),
        (at(), "field 'externalOpportunityId': expected text"),
    ),
    # Marketo requires a name to create an opportunity.
    BadInput("null_name", (bad(name=None),), (ID, "field 'name'", "must not be null")),
    # Wrong types for Marketo's dataTypes.
    BadInput(
        "string_for_number", (bad(amount="twelve"),), (ID, "field 'amount': expected a number")
    ),
    BadInput(
        "object_for_string",
        (bad(name={"ja": "商談"}),),
        (ID, "field 'name': expected text"),
    ),
    BadInput("array_for_string", (bad(stage=["Won"]),), (ID, "field 'stage': expected text")),
    BadInput(
        "boolean_for_date", (bad(closeDate=True),), (ID, "field 'closeDate': expected a date")
    ),
    BadInput(
        "number_for_date", (bad(closeDate=20261215),), (ID, "field 'closeDate': expected a date")
    ),
    BadInput(
        "epoch_for_datetime",
        (bad(externalCreatedDate=1764547200),),
        (ID, "field 'externalCreatedDate': expected an ISO 8601 date-time"),
    ),
    BadInput(
        "fraction_for_integer",
        (bad(probability=20.5),),
        (ID, "field 'probability': expected an integer"),
    ),
    BadInput(
        "integer_beyond_64_bits",
        (bad(probability=2**64),),
        (ID, "field 'probability'", "integer range"),
    ),
    BadInput(
        "word_for_boolean", (bad(isWon="maybe"),), (ID, "field 'isWon': expected true or false")
    ),
    BadInput(
        "nan_for_number",
        (
            '{"type": "RECORD", "stream": "opportunities", '
            '"record": {"externalOpportunityId": "BAD-1", "amount": NaN}}',
        ),
        (at(), "not valid JSON"),
    ),
    # Dates Marketo cannot store.
    BadInput(
        "impossible_date", (bad(closeDate="2026-02-30"),), (ID, "field 'closeDate'", "2026-02-30")
    ),
    BadInput(
        "non_iso_date", (bad(closeDate="12/15/2026"),), (ID, "field 'closeDate'", "YYYY-MM-DD")
    ),
    BadInput(
        "impossible_datetime",
        (bad(externalCreatedDate="2026-11-31T10:00:00Z"),),
        (ID, "field 'externalCreatedDate'", "ISO 8601"),
    ),
    BadInput(
        "date_for_datetime",
        (bad(externalCreatedDate="2026-12-01"),),
        (ID, "field 'externalCreatedDate'", "ISO 8601"),
    ),
    # Over Marketo's lengths (describe: name 255, description 2000).
    BadInput(
        "name_over_length",
        (bad(name="n" * 256),),
        (ID, "field 'name'", "256 characters exceed its length 255"),
    ),
    BadInput(
        "description_over_length",
        (bad(description="説" * 2001),),
        (ID, "field 'description'", "2001 characters exceed its length 2000"),
    ),
    # Text that is not storable.
    BadInput(
        "lone_surrogate",
        (raw(bad(name="Bad \ud800 deal")),),
        (at(), ID, "field 'name'", "lone UTF-16 surrogate"),
    ),
    BadInput(
        "bytes_not_utf8",
        # The stdin is encoded with surrogateescape: this character becomes the byte 0xff.
        (
            '{"type": "RECORD", "stream": "opportunities", "record": '
            '{"externalOpportunityId": "BAD-1", "name": "Bad \udcff deal"}}',
        ),
        (at(), ID, "field 'name'", "0xff"),
    ),
    BadInput(
        "bytes_not_utf8_in_a_strict_locale",
        (
            '{"type": "RECORD", "stream": "opportunities", "record": '
            '{"externalOpportunityId": "BAD-1", "name": "Bad \udcff deal"}}',
        ),
        (at(), ID, "field 'name'", "0xff"),
    ),
    BadInput(
        "bytes_not_utf8_outside_a_record",
        ('{"type": "STATE", "value": {"note": "\udcfe"}}',),
        (at(), "not valid UTF-8", "0xfe"),
    ),
    BadInput("nul_character", (bad(name="Bad\u0000deal"),), (ID, "field 'name'", "U+0000 (NUL)")),
    BadInput(
        "control_character",
        (bad(stage="Won\u001b[31m"),),
        (ID, "field 'stage'", "control character"),
    ),
    # Fields.
    BadInput(
        "unknown_field",
        (bad(colour="red"),),
        (ID, "field 'colour' does not exist"),
    ),
    BadInput(
        "read_only_field_of_the_wrong_type",
        (bad(createdAt="last tuesday"),),
        (ID, "field 'createdAt'", "ISO 8601"),
    ),
    BadInput(
        "read_only_guid_as_an_object",
        (bad(marketoGUID={"id": 1}),),
        (ID, "field 'marketoGUID': expected text"),
    ),
    # An invalid copy of a good record: refused, the good record's values stay.
    BadInput(
        "duplicate_identity_invalid_copy",
        (bad("GOOD-2", name="Chairs", amount="lots"),),
        (at(), "externalOpportunityId='GOOD-2'", "field 'amount'"),
    ),
    # Streams the target does not know.
    BadInput(
        "unknown_stream_without_schema",
        (message({"id": "D-1"}, stream="deals"),),
        (at(), "'deals' came before its SCHEMA"),
    ),
    BadInput(
        "unknown_stream_with_schema",
        (DEALS_SCHEMA, message({"id": "D-1"}, "deals"), message({"id": "D-2"}, "deals")),
        (at(0), "SCHEMA of stream 'deals'", "stream map", at(1), "id='D-1'", at(2), "id='D-2'"),
        rejected=3,
    ),
    # Lines that are not Singer messages.
    BadInput("not_json", ("this is not JSON",), (at(), "not valid JSON")),
    BadInput(
        "truncated_line",
        ('{"type": "RECORD", "stream": "opportunities", "record": {"externalOpportunityId": "B',),
        (at(), "not valid JSON"),
    ),
    BadInput("not_an_object", ('["RECORD", "opportunities"]',), (at(), "not a JSON object")),
    BadInput(
        "nested_too_deep",
        (
            '{"type": "RECORD", "stream": "opportunities", "record": {"name": '
            + "[" * 5000
            + "]" * 5000
            + "}}",
        ),
        (at(), "nested deeper than"),
    ),
    BadInput(
        "missing_type",
        ({"stream": STREAM, "record": {"externalOpportunityId": "BAD-1", "name": "n"}},),
        (at(), "field 'type'"),
    ),
    BadInput("unknown_type", ({**bad(), "type": "UPSERT"},), (at(), "field 'type'", "'UPSERT'")),
    BadInput(
        "missing_stream",
        ({"type": "RECORD", "record": {"externalOpportunityId": "BAD-1"}},),
        (at(), "field 'stream'"),
    ),
    BadInput(
        "record_not_an_object",
        ({"type": "RECORD", "stream": STREAM, "record": "BAD-1"},),
        (at(), "field 'record' must be a JSON object"),
    ),
    BadInput(
        "schema_without_properties",
        ({"type": "SCHEMA", "stream": STREAM, "schema": {"type": "object"}},),
        (at(), "field 'schema'", "'properties'"),
    ),
    BadInput("state_without_value", ({"type": "STATE"},), (at(), "field 'value'")),
    BadInput(
        "batch_message",
        ({"type": "BATCH", "stream": STREAM, "encoding": {"format": "jsonl"}, "manifest": []},),
        (at(), "field 'type'", "BATCH"),
    ),
    BadInput(
        "activate_version_of_unknown_stream",
        ({"type": "ACTIVATE_VERSION", "stream": "deals", "version": 1},),
        (at(), "field 'stream'", "'deals'"),
    ),
    # A second SCHEMA for the stream: records after it are still judged against Marketo.
    BadInput(
        "schema_drift_changes_a_type",
        (DRIFTED, bad(amount="twelve")),
        (at(1), ID, "field 'amount': expected a number"),
    ),
    BadInput(
        "schema_drift_adds_a_field_marketo_lacks",
        (DRIFTED, bad("BAD-2", colour="red")),
        (at(1), "externalOpportunityId='BAD-2'", "field 'colour' does not exist"),
    ),
    BadInput(
        "schema_not_a_json_schema",
        (
            {**SCHEMA, "schema": {"type": "object", "properties": {"amount": {"type": "money"}}}},
            bad(amount="twelve"),
        ),
        (at(1), ID, "field 'amount'"),
    ),
]
# Environment of the target per case: a UTF-8 locale that decodes stdin strictly (Python's
# default outside the C locale) must not end the run at a byte that is not UTF-8 either.
ENVIRONMENT = {"bytes_not_utf8_in_a_strict_locale": {"PYTHONIOENCODING": "utf-8:strict"}}


def held(marketo) -> dict[str, dict[str, t.Any]]:
    """What Marketo holds, per externalOpportunityId, in the fields the good records set."""
    return {
        record["externalOpportunityId"]: {
            name: record.get(name) for name in EXPECTED.get(record["externalOpportunityId"], {})
        }
        for record in marketo.records(STREAM)
    }


def test_the_corpus_is_large_and_named_uniquely():
    assert len(CASES) >= 20
    assert len({case.name for case in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_bad_input_is_refused_alone(case, marketo, run_plugin, tmp_path):
    reject_file = tmp_path / "rejects.jsonl"
    config = connection_config(marketo, str(tmp_path / "state"), reject_file=str(reject_file))
    stdin = corpus_input(
        SCHEMA, [message(r) for r in BEFORE], case, [message(r) for r in AFTER]
    ).encode("utf-8", "surrogateescape")

    run = run_plugin(TARGET, config, stdin=stdin, env=ENVIRONMENT.get(case.name))

    assert "Traceback" not in run.stderr, run.stderr
    assert_refused_alone(case, run, reject_file)
    assert held(marketo) == EXPECTED
    assert all(reject["stream"] in {STREAM, "deals", ""} for reject in read_rejects(reject_file))
