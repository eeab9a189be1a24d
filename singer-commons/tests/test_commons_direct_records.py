"""Records going straight to their sink, and the SDK's path for streams it would change."""

import io
import json
from functools import cached_property

from commons_settings import RejectsOnly
from singer_sdk import typing as th

from singer_commons.sdk import settings as common
from singer_commons.sdk.direct_records import direct_sink
from singer_commons.sdk.plugins import VendorTarget
from singer_commons.sdk.sinks import CheckingSink


class CollectingSink(CheckingSink):
    """Keeps each record with its batch's context; drains every `max_size` records."""

    max_size = 2

    def process_record(self, record, context):
        self.owner.received.append((self, dict(record), context))

    def process_batch(self, context):
        self.owner.batches.append(len({id(seen) for _, _, seen in self.owner.received}))
        del context


class CollectingTarget(VendorTarget):
    name = "target-collecting"
    default_sink_class = CollectingSink
    config_jsonschema = th.PropertiesList(common.reject_file(), common.fail_on_reject()).to_dict()

    def __init__(self, *args, **kwargs):
        self.received = []
        self.batches = []
        super().__init__(*args, **kwargs)

    @cached_property
    def settings(self):
        return RejectsOnly.from_config(self.config)


SCHEMA = {
    "type": "SCHEMA",
    "stream": "s",
    "schema": {
        "properties": {
            "n": {"type": "integer"},
            "inner": {"type": ["object", "null"], "properties": {"a": {"type": "string"}}},
        }
    },
}


def record(**values):
    return {"type": "RECORD", "stream": "s", "record": values}


def run(config, *messages):
    target = CollectingTarget(config=config)
    target.listen(io.StringIO("".join(json.dumps(message) + "\n" for message in messages)))
    return target


def test_records_of_a_stream_without_maps_reach_their_sink_as_sent_but_the_sdk_stamps(tmp_path):
    stamps = {"_sdc_extracted_at": "2026-11-23T00:00:00Z", "_sdc_sequence": 1}
    target = run(
        {"reject_file": str(tmp_path / "r.jsonl")},
        SCHEMA,
        record(n=1, inner={"a": "x"}),
        record(n=2, **stamps),
        record(n=3, _sdc_deleted_at="2026-11-23T00:00:00Z", **stamps),
    )

    assert direct_sink(target, "s") is target.get_sink("s")
    assert [seen for _, seen, _ in target.received] == [
        {"n": 1, "inner": {"a": "x"}},
        {"n": 2},
        {"n": 3, "_sdc_deleted_at": "2026-11-23T00:00:00Z"},
    ]
    contexts = [context for _, _, context in target.received]
    assert contexts[0] is contexts[1]  # one context per batch of max_size
    assert contexts[2] is not contexts[0]
    assert target.batches == [1, 2]  # drained when full, then at the end
    assert target.get_sink("s")._total_records_read == 3


def test_a_stream_map_or_flattening_takes_the_sdks_path(tmp_path):
    maps = {"stream_maps": {"s": {"doubled": "n * 2", "inner": "__NULL__"}}}
    mapped = run({"reject_file": str(tmp_path / "r.jsonl"), **maps}, SCHEMA, record(n=2))
    flattened = run(
        {
            "reject_file": str(tmp_path / "f.jsonl"),
            "flattening_enabled": True,
            "flattening_max_depth": 1,
        },
        SCHEMA,
        record(n=1, inner={"a": "x"}),
    )

    assert direct_sink(mapped, "s") is None
    assert [seen for _, seen, _ in mapped.received] == [{"n": 2, "doubled": 4}]
    assert direct_sink(flattened, "s") is None
    assert [seen for _, seen, _ in flattened.received] == [{"n": 1, "inner__a": "x"}]


def test_a_new_schema_sends_the_next_records_to_its_new_sink(tmp_path):
    changed = {**SCHEMA, "schema": {"properties": {"n": {"type": "integer"}, "m": {}}}}
    target = run(
        {"reject_file": str(tmp_path / "r.jsonl")}, SCHEMA, record(n=1), changed, record(n=2)
    )

    first, second = (sink for sink, _, _ in target.received)
    assert first is not second
    assert "m" in second.schema["properties"]
    assert "m" not in first.schema["properties"]
