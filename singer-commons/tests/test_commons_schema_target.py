"""A target checking records against their SCHEMA: invalid SCHEMAs refused, with their records."""

import io
import json
from functools import cached_property

import pytest
from commons_settings import RejectsOnly
from singer_sdk import typing as th

from singer_commons.sdk import settings as common
from singer_commons.sdk.schema_target import SchemaCheckingTarget
from singer_commons.sdk.sinks import CheckingSink


class CollectingSink(CheckingSink):
    """Keeps what passes the shared checks; rejects the rest naming the property."""

    def process_record(self, record, context):
        del context
        owner = self.owner
        schema = self.record_schema
        if problem := schema.undeclared_problem(record) or schema.type_problem(record, ["n"]):
            label = owner.record_label(self.stream_name, record)
            owner.rejects.write(self.stream_name, record, f"{label}: {problem}")
            return
        owner.written.append(record)

    def process_batch(self, context):
        del context


class CheckingTarget(SchemaCheckingTarget):
    name = "target-checking"
    default_sink_class = CollectingSink
    config_jsonschema = th.PropertiesList(common.reject_file(), common.fail_on_reject()).to_dict()

    def __init__(self, *args, **kwargs):
        self.written = []
        super().__init__(*args, **kwargs)

    @cached_property
    def settings(self):
        return RejectsOnly.from_config(self.config)


def schema(n_type):
    return {"type": "SCHEMA", "stream": "s", "schema": {"properties": {"n": n_type}}}


def record(**values):
    return {"type": "RECORD", "stream": "s", "record": values}


def test_an_invalid_schema_refuses_its_records_until_a_valid_one(tmp_path):
    rejects = tmp_path / "rejects.jsonl"
    target = CheckingTarget(config={"reject_file": str(rejects)})
    lines = [
        schema({"type": "integer"}),
        record(n=1),
        schema({"type": "strin"}),
        record(n=2),
        schema({"type": ["integer", "null"]}),
        record(n=3),
        record(n="4"),
        record(n=5, extra="x"),
    ]

    with pytest.raises(SystemExit) as stop:
        target.listen(io.StringIO("".join(json.dumps(line) + "\n" for line in lines)))

    assert stop.value.code == 1
    assert [row["n"] for row in target.written] == [1, 3]
    reasons = [json.loads(line)["reason"] for line in rejects.read_text().splitlines()]
    assert reasons == [
        "input line 3: SCHEMA of stream 's' refused, not a valid JSON Schema at "
        "schema['properties']['n']['type']: 'strin' is not valid under any of the given "
        "schemas; the stream's records are rejected until a valid SCHEMA for it arrives",
        "input line 4: not written: the stream's SCHEMA (input line 3) was refused, so the "
        "record's properties cannot be checked",
        "input line 7: property 'n': '4' is not of type 'integer', 'null' (checked against "
        "the stream's SCHEMA)",
        "input line 8: property 'extra' is not declared in the stream's SCHEMA, so its value "
        "can be neither checked nor trusted; declare it in the SCHEMA or leave it out",
    ]
