"""RECORD lines written without the SDK's per-record steps: the SDK's lines, in blocks."""

import io
import json
import re
import types
from decimal import Decimal

from singer_sdk import Stream, Tap
from singer_sdk import typing as th
from singer_sdk.helpers.conform import TypeConformanceLevel

from singer_commons.sdk import direct_output
from singer_commons.sdk.direct_output import DirectRecordStream, RecordBlockWriter

SCHEMA = th.PropertiesList(
    th.Property("n", th.IntegerType),
    th.Property("text", th.StringType),
    th.Property("amount", th.NumberType),
    th.Property("inner", th.ObjectType(th.Property("a", th.StringType))),
    th.Property("tags", th.ArrayType(th.StringType)),
).to_dict()
RECORDS = [
    {"n": 1, "text": "一", "amount": Decimal("1.50"), "inner": {"a": "x"}, "tags": ["p"]},
    {"n": 2, "text": None, "amount": 2.25, "inner": None, "tags": []},
    {"n": 3, "text": "three", "amount": 3, "inner": {"a": "z"}, "tags": ["q", "r"]},
]


class Direct(DirectRecordStream):
    """The stream under test: its records may skip the SDK's steps."""

    name = "s"
    replication_key = "n"
    is_sorted = True
    schema = SCHEMA
    TYPE_CONFORMANCE_LEVEL = TypeConformanceLevel.NONE
    STATE_MSG_FREQUENCY = 2

    def get_records(self, context):
        yield from (dict(record, inner=dict(record["inner"] or {}) or None) for record in RECORDS)


class ViaSdk(Stream):
    """The same stream on the SDK's own path: the lines to match."""

    name = Direct.name
    replication_key = Direct.replication_key
    is_sorted = True
    schema = SCHEMA
    TYPE_CONFORMANCE_LEVEL = TypeConformanceLevel.NONE
    STATE_MSG_FREQUENCY = 2
    get_records = Direct.get_records


class Conformed(Direct):
    TYPE_CONFORMANCE_LEVEL = TypeConformanceLevel.ROOT_ONLY


class FullTable(Direct):
    replication_key = None
    is_sorted = False


def tap_of(stream_class, config=None, deselect=()):
    """A tap with one stream of `stream_class`, the properties at `deselect` deselected."""

    class OneStreamTap(Tap):
        name = "tap-one"
        config_jsonschema = th.PropertiesList().to_dict()
        message_writer_class = RecordBlockWriter

        def discover_streams(self):
            return [stream_class(self)]

    catalog = OneStreamTap(config=config or {}).catalog_dict
    for entry in catalog["streams"][0]["metadata"]:
        if tuple(entry["breadcrumb"]) in deselect:
            entry["metadata"]["selected"] = False
    return OneStreamTap(config=config or {}, catalog=catalog)


def lines(capsys, tap):
    """What a sync of the tap's stream writes, with `time_extracted` blanked."""
    tap.streams["s"].sync()
    out = capsys.readouterr().out
    return [
        re.sub(r'"time_extracted":"[^"]+"', '"time_extracted":""', line) for line in out.split("\n")
    ]


def test_direct_lines_are_the_sdks_lines_states_included(capsys):
    deselect = {("properties", "text")}
    direct = tap_of(Direct, deselect=deselect)
    written = lines(capsys, direct)

    assert direct.streams["s"].record_steps().writer is direct.message_writer
    assert written == lines(capsys, tap_of(ViaSdk, deselect=deselect))
    messages = [json.loads(line) for line in written if line]
    assert [message["type"] for message in messages] == [
        "SCHEMA",
        "RECORD",
        "RECORD",
        "STATE",
        "RECORD",
        "STATE",
    ]
    assert messages[1]["record"] == {"n": 1, "amount": 1.50, "inner": {"a": "x"}, "tags": ["p"]}
    assert '"time_extracted":""' in written[1]


def test_a_property_deselected_inside_an_object_takes_the_sdks_path(capsys):
    deselect = {("properties", "inner", "properties", "a")}
    direct = tap_of(Direct, deselect=deselect)
    written = lines(capsys, direct)

    assert direct.streams["s"].record_steps().writer is None
    assert written == lines(capsys, tap_of(ViaSdk, deselect=deselect))


def test_conformed_or_mapped_streams_take_the_sdks_path(capsys):
    conformed = tap_of(Conformed)
    mapped = tap_of(Direct, config={"stream_maps": {"s": {"double": "n * 2"}}})
    mapped_lines = lines(capsys, mapped)

    assert conformed.streams["s"].record_steps().writer is None
    assert mapped.streams["s"].record_steps().writer is None
    records = [json.loads(line)["record"] for line in mapped_lines if '"RECORD"' in line]
    assert [record["double"] for record in records] == [2, 4, 6]


def test_records_go_out_at_the_stream_end_even_when_the_state_is_unchanged(capsys):
    tap = tap_of(FullTable)
    first = lines(capsys, tap)
    tap.streams["s"].sync()  # the same state: the SDK writes no STATE this time
    again = [json.loads(line) for line in capsys.readouterr().out.splitlines()]

    assert sum('"RECORD"' in line for line in first) == len(RECORDS)
    assert [message["record"]["n"] for message in again if message["type"] == "RECORD"] == [1, 2, 3]


class ShortWrites:
    """A raw standard output that takes at most 7 bytes per write."""

    def __init__(self):
        self.data = io.BytesIO()

    def write(self, data):
        return self.data.write(bytes(data[:7]))


def test_held_lines_are_written_whole_to_a_stdout_that_writes_less(monkeypatch):
    raw = ShortWrites()
    monkeypatch.setattr("sys.stdout", types.SimpleNamespace(buffer=raw, flush=lambda: None))
    writer = RecordBlockWriter()
    for n in range(3):
        writer.write_record({"type": "RECORD", "stream": "s", "record": {"n": n}})
    assert raw.data.getvalue() == b""
    writer.flush_records()

    assert raw.data.getvalue().decode().splitlines() == [
        json.dumps({"type": "RECORD", "stream": "s", "record": {"n": n}}, separators=(",", ":"))
        for n in range(3)
    ]


def test_a_full_block_is_written_without_waiting(monkeypatch):
    raw = ShortWrites()
    monkeypatch.setattr("sys.stdout", types.SimpleNamespace(buffer=raw, flush=lambda: None))
    monkeypatch.setattr(direct_output, "BLOCK_BYTES", 100)
    writer = RecordBlockWriter()
    for n in range(10):
        writer.write_record({"type": "RECORD", "stream": "s", "record": {"n": n}})

    written = raw.data.getvalue()
    assert len(written) >= 100
    assert written.endswith(b"\n")
