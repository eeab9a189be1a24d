"""The contract of every singer-sdk contact point fenced in `singer_commons.sdk.compat`.

Each test fails with a message naming the SDK member that moved and the compat adapter or
function that relies on it, so trying a newer singer-sdk shows exactly what to adapt (see
singer-commons/README.md, "Upgrading singer-sdk"). The shape table checks that each member
still exists and takes the same parameters; the behaviour tests check that the SDK still
calls (or still does) what the adapter relies on.
"""

from __future__ import annotations

import inspect
import io
import json
import re
from importlib.metadata import version
from pathlib import Path

import pytest
import requests
from click.testing import CliRunner
from singer_sdk import Stream, Tap, Target
from singer_sdk import typing as th
from singer_sdk.exceptions import ConfigValidationError
from singer_sdk.pagination import BaseAPIPaginator, SinglePagePaginator
from singer_sdk.plugin_base import PluginBase
from singer_sdk.sinks import BatchSink, Sink
from singer_sdk.streams import RESTStream

from singer_commons.errors import config_error
from singer_commons.sdk import compat
from singer_commons.sdk.compat import (
    LoadOutcome,
    SettingsCheck,
    SinkHooks,
    StreamRecordSteps,
    SyncEnd,
    TargetHooks,
)

SDK = f"singer-sdk {version('singer-sdk')}"
REPOSITORY = Path(__file__).resolve().parents[2]
POSITIONAL = inspect.Parameter.POSITIONAL_OR_KEYWORD
KEYWORD = inspect.Parameter.KEYWORD_ONLY

# (SDK class, member, its parameters after self as (name, kind), what in compat relies on it)
CONTACTS = [
    (PluginBase, "_validate_config", [("raise_errors", KEYWORD)], "SettingsCheck"),
    (Tap, "sync_all", [], "SyncEnd"),
    (Target, "listen", [("file_input", POSITIONAL)], "LoadOutcome"),
    (Target, "_process_schema_message", [("message_dict", POSITIONAL)], "TargetHooks"),
    (Target, "_process_record_message", [("message_dict", POSITIONAL)], "TargetHooks"),
    (Target, "_process_state_message", [("message_dict", POSITIONAL)], "TargetHooks"),
    (Target, "_write_state_message", [("state", POSITIONAL)], "TargetHooks"),
    (Target, "_handle_max_record_age", [], "drain_aged_records"),
    (Sink, "_remove_sdc_metadata_from_schema", [], "SinkHooks"),
    (Sink, "_remove_sdc_metadata_from_record", [("record", POSITIONAL)], "SinkHooks"),
    (Sink, "_validate_and_parse", [("record", POSITIONAL)], "SinkHooks"),
    (Sink, "_singer_validate_message", [("record", POSITIONAL)], "SinkHooks"),
    (BatchSink, "_get_context", [("record", POSITIONAL)], "batch_context"),
    (
        RESTStream,
        "_request",
        [("prepared_request", POSITIONAL), ("context", POSITIONAL)],
        "request_sender",
    ),
    (RESTStream, "_prepare_request", [("context", KEYWORD), ("page", KEYWORD)], "prepare_request"),
    (
        Stream,
        "_increment_stream_state",
        [("latest_record", POSITIONAL), ("context", KEYWORD)],
        "advance_bookmark",
    ),
    (Stream, "_write_state_message", [], "write_stream_state"),
    (
        Stream,
        "_process_record",
        [("record", POSITIONAL), ("child_context", POSITIONAL), ("partition_context", POSITIONAL)],
        "StreamRecordSteps",
    ),
    (Stream, "_write_record_message", [("record", POSITIONAL)], "StreamRecordSteps"),
    (Stream, "_write_state_message", [], "StreamRecordSteps"),
]


def moved(owner: type, member: str, relied_on_by: str, what: str) -> str:
    return (
        f"{SDK}: {owner.__qualname__}.{member} {what}; singer_commons.sdk.compat."
        f"{relied_on_by} relies on it (see singer-commons/README.md, 'Upgrading singer-sdk')"
    )


@pytest.mark.parametrize(
    ("owner", "member", "parameters", "relied_on_by"),
    CONTACTS,
    ids=[f"{owner.__name__}.{member}" for owner, member, _, _ in CONTACTS],
)
def test_each_contact_point_still_exists_with_its_parameters(
    owner, member, parameters, relied_on_by
):
    function = inspect.getattr_static(owner, member, None)
    assert callable(function), moved(owner, member, relied_on_by, "is gone")
    found = [
        (parameter.name, parameter.kind)
        for parameter in inspect.signature(function).parameters.values()
    ][1:]
    assert found == parameters, moved(
        owner,
        member,
        relied_on_by,
        f"now takes ({', '.join(name for name, _ in found)}) instead of "
        f"({', '.join(name for name, _ in parameters)})",
    )


def test_no_module_but_compat_uses_a_private_member_or_overrides_a_final_one():
    private = sorted({member for _, member, _, _ in CONTACTS if member.startswith("_")})
    final = sorted({member for _, member, _, _ in CONTACTS if not member.startswith("_")})
    pattern = re.compile(rf"(\.|def )({'|'.join(private)})\b|def ({'|'.join(final)})\(")
    packages = [
        folder / folder.name.replace("-", "_")
        for folder in REPOSITORY.iterdir()
        if (folder / folder.name.replace("-", "_")).is_dir()
    ]
    assert len(packages) >= 10
    offenders = [
        f"{path.relative_to(REPOSITORY)}:{number}: {line.strip()}"
        for package in packages
        for path in package.rglob("*.py")
        if path.name != "compat.py"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if pattern.search(line)
    ]
    assert offenders == [], "singer-sdk contact points outside singer_commons.sdk.compat"


# --- plugins ---------------------------------------------------------------------------


class Numbers(Stream):
    """Three records, bookmarked by `n`."""

    name = "numbers"
    primary_keys = ("n",)
    replication_key = "n"
    is_sorted = True
    schema = th.PropertiesList(th.Property("n", th.IntegerType)).to_dict()

    def get_records(self, context):
        yield from ({"n": n} for n in (1, 2, 3))


class CheckedTap(SettingsCheck, SyncEnd):
    """A tap with a setting JSON Schema cannot check, told when its sync ends."""

    name = "tap-checked"
    config_jsonschema = th.PropertiesList(th.Property("size", th.IntegerType)).to_dict()

    def discover_streams(self):
        return [Numbers(self)]

    def validate_settings(self):
        if self.config.get("size", 0) < 0:
            raise config_error("size must be 0 or more.")

    def after_sync_all(self):
        raise SyncEnded(self)


class SyncEnded(Exception):
    """Raised by `after_sync_all`, so a test sees the hook ran and its error escaped."""

    def __init__(self, tap):
        super().__init__("every stream ran")
        self.tap = tap


def test_settings_checks_run_where_the_sdk_checks_the_config():
    with pytest.raises(ConfigValidationError) as caught:
        CheckedTap(config={"size": -1}, validate_config=True)
    assert caught.value.errors == ["size must be 0 or more."], moved(
        PluginBase, "_validate_config", "SettingsCheck", "no longer runs validate_settings"
    )
    with pytest.raises(ConfigValidationError) as schema_first:
        CheckedTap(config={"size": "x"}, validate_config=True)
    assert schema_first.value.errors != ["size must be 0 or more."]
    assert CheckedTap(config={"size": -1}, validate_config=False).config["size"] == -1


def test_sync_end_runs_after_every_stream_and_its_error_ends_the_cli_run(tmp_path):
    config = tmp_path / "config.json"
    config.write_text(json.dumps({"size": 1}), encoding="utf-8")
    result = CliRunner().invoke(CheckedTap.cli, ["--config", str(config)])

    assert isinstance(result.exception, SyncEnded), moved(
        Tap, "sync_all", "SyncEnd", "is no longer the CLI run's last step"
    )
    records = [
        json.loads(line)["record"]["n"]
        for line in result.stdout.splitlines()
        if line.startswith("{") and json.loads(line)["type"] == "RECORD"
    ]
    assert records == [1, 2, 3]


# --- targets ---------------------------------------------------------------------------


class RecordingSink(SinkHooks):
    """Records which hooks the SDK called, then does the SDK's step."""

    def __init__(self, target, stream_name, schema, key_properties):
        self.owner = target  # set first: the SDK strips the schema while it builds the sink
        super().__init__(target, stream_name, schema, key_properties)

    def strip_sdc_schema(self):
        self.owner.seen.append("strip_sdc_schema")
        super().strip_sdc_schema()

    def strip_sdc_record(self, record):
        self.owner.seen.append("strip_sdc_record")
        super().strip_sdc_record(record)

    def validate_and_parse(self, record):
        self.owner.seen.append("validate_and_parse")
        return super().validate_and_parse(record)

    def check_key_properties(self, record):
        self.owner.seen.append("check_key_properties")
        super().check_key_properties(record)

    def process_record(self, record, context):
        self.owner.written.append((dict(record), context))

    def process_batch(self, context):
        if self.owner.fail_batches:
            raise RuntimeError("the vendor refused the batch")


class RecordingTarget(LoadOutcome, TargetHooks):
    """Records the message hooks, the STATEs and how the load ended."""

    name = "target-recording"
    default_sink_class = RecordingSink
    config_jsonschema = th.PropertiesList().to_dict()

    def __init__(self, *args, **kwargs):
        self.seen = []
        self.written = []
        self.states = []
        self.outcomes = []
        self.fail_batches = False
        super().__init__(*args, **kwargs)

    def handle_schema_message(self, message_dict):
        self.seen.append("handle_schema_message")
        super().handle_schema_message(message_dict)

    def handle_record_message(self, message_dict):
        self.seen.append("handle_record_message")
        super().handle_record_message(message_dict)

    def handle_state_message(self, message_dict):
        self.seen.append("handle_state_message")
        super().handle_state_message(message_dict)

    def write_state(self, state):
        self.states.append(state)
        super().write_state(state)

    def after_listen(self, failure):
        self.outcomes.append(failure)


SCHEMA = {
    "type": "SCHEMA",
    "stream": "s",
    "schema": {"properties": {"n": {"type": "integer"}}},
    "key_properties": ["n"],
}
RECORD = {"type": "RECORD", "stream": "s", "record": {"n": 1, "_sdc_sequence": 5}}
STATE = {"type": "STATE", "value": {"bookmarks": {"s": {"n": 1}}}}


def lines(*messages):
    return io.StringIO("".join(json.dumps(message) + "\n" for message in messages))


def test_target_message_hooks_see_every_schema_record_and_state():
    target = RecordingTarget(config={})
    target.listen(lines(SCHEMA, RECORD, STATE))

    relied_on = {
        "handle_schema_message": (Target, "_process_schema_message", "TargetHooks"),
        "handle_record_message": (Target, "_process_record_message", "TargetHooks"),
        "handle_state_message": (Target, "_process_state_message", "TargetHooks"),
    }
    for hook, (owner, member, adapter) in relied_on.items():
        assert hook in target.seen, moved(owner, member, adapter, "is no longer called")
    assert target.states == [STATE["value"]], moved(
        Target, "_write_state_message", "TargetHooks", "no longer writes every STATE"
    )
    assert target.written[0][0] == {"n": 1}


def test_sink_hooks_are_the_sdks_per_record_and_schema_steps():
    target = RecordingTarget(config={})
    target.listen(lines(SCHEMA, RECORD))

    relied_on = {
        "strip_sdc_schema": (Sink, "_remove_sdc_metadata_from_schema"),
        "strip_sdc_record": (Sink, "_remove_sdc_metadata_from_record"),
        "validate_and_parse": (Sink, "_validate_and_parse"),
        "check_key_properties": (Sink, "_singer_validate_message"),
    }
    for hook, (owner, member) in relied_on.items():
        assert hook in target.seen, moved(owner, member, "SinkHooks", "is no longer called")


def test_load_outcome_sees_a_clean_load_and_a_failed_one_then_the_error_goes_on():
    target = RecordingTarget(config={})
    target.listen(lines(SCHEMA, RECORD))
    failing = RecordingTarget(config={})
    failing.fail_batches = True
    with pytest.raises(RuntimeError, match="refused the batch"):
        failing.listen(lines(SCHEMA, RECORD))

    assert target.outcomes == [None]
    [failure] = failing.outcomes
    assert isinstance(failure, RuntimeError)


def test_load_outcome_runs_at_the_end_of_the_cli_run(tmp_path):
    config = tmp_path / "config.json"
    config.write_text("{}", encoding="utf-8")
    data = tmp_path / "input.jsonl"
    data.write_text(lines(SCHEMA, RECORD).getvalue(), encoding="utf-8")

    class FailingAtTheEnd(RecordingTarget):
        def after_listen(self, failure):
            raise SyncEnded(self)

    result = CliRunner().invoke(FailingAtTheEnd.cli, ["--config", str(config), "--input", data])

    assert isinstance(result.exception, SyncEnded), moved(
        Target, "listen", "LoadOutcome", "is no longer the CLI run's last step"
    )
    assert result.exception.tap.written[0][0] == {"n": 1}


def test_batch_context_is_one_per_batch():
    target = RecordingTarget(config={})
    target.listen(lines(SCHEMA))
    sink = target.get_sink("s")

    first = compat.batch_context(sink, {"n": 1})
    assert compat.batch_context(sink, {"n": 2}) is first, moved(
        BatchSink, "_get_context", "batch_context", "no longer keeps one context per batch"
    )
    assert "batch_id" in first
    sink.tally_record_read(2)
    target.drain_one(sink)
    assert compat.batch_context(sink, {"n": 3}) is not first


def test_drain_aged_records_keeps_young_records():
    target = RecordingTarget(config={})
    target.listen(lines(SCHEMA))
    sink = target.get_sink("s")
    sink.tally_record_read()

    compat.drain_aged_records(target)

    assert sink.current_size == 1


# --- streams ---------------------------------------------------------------------------


class Pages(RESTStream):
    """GET /items?page=N."""

    name = "items"
    path = "/items"
    url_base = "https://vendor.example"
    schema = th.PropertiesList(th.Property("id", th.IntegerType)).to_dict()

    def get_url_params(self, context, next_page_token):
        return {"page": next_page_token}


class PageTwo(BaseAPIPaginator[int]):
    def get_next(self, response):
        return None


def test_prepare_request_builds_the_paginators_page_and_request_sender_sends_it(
    requests_mock,
):
    requests_mock.get("https://vendor.example/items?page=2", json=[{"id": 7}])
    stream = Pages(CheckedTap(config={}))

    prepared = compat.prepare_request(stream, None, PageTwo(2))
    response = compat.request_sender(stream)(prepared, None)

    assert prepared.url == "https://vendor.example/items?page=2", moved(
        RESTStream, "_prepare_request", "prepare_request", "builds another request"
    )
    assert isinstance(response, requests.Response)
    assert response.json() == [{"id": 7}]
    first = compat.prepare_request(stream, None, SinglePagePaginator())
    assert first.url == "https://vendor.example/items"


class Bookmarked(Stream):
    """Bookmarks a unit its records do not show (5), then STATE before the next record."""

    name = "bookmarked"
    replication_key = "n"
    is_sorted = True
    STATE_MSG_FREQUENCY = 10**12
    schema = th.PropertiesList(th.Property("n", th.IntegerType)).to_dict()

    def get_records(self, context):
        yield {"n": 1}
        compat.advance_bookmark(self, {"n": 5}, context)
        compat.write_stream_state(self)
        yield {"n": 6}


class BookmarkingTap(Tap):
    name = "tap-bookmarking"
    config_jsonschema = th.PropertiesList().to_dict()

    def discover_streams(self):
        return [Bookmarked(self)]


def test_advance_bookmark_and_write_stream_state_emit_the_bookmark_before_the_next_record(
    capsys,
):
    BookmarkingTap(config={}).streams["bookmarked"].sync()

    messages = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    kinds = [message["type"] for message in messages if message["type"] != "SCHEMA"]
    assert kinds[:3] == ["RECORD", "STATE", "RECORD"], moved(
        Stream, "_write_state_message", "write_stream_state", "did not write the STATE then"
    )
    state = next(message for message in messages if message["type"] == "STATE")
    bookmark = state["value"]["bookmarks"]["bookmarked"]["replication_key_value"]
    assert bookmark == 5, moved(
        Stream, "_increment_stream_state", "advance_bookmark", "did not move the bookmark"
    )


class Stepped(StreamRecordSteps):
    """Two records bookmarked by `n`, with a note of each per-record step the SDK took."""

    name = "stepped"
    replication_key = "n"
    is_sorted = True
    schema = th.PropertiesList(th.Property("n", th.IntegerType)).to_dict()

    def __init__(self, tap):
        self.steps = []
        super().__init__(tap)

    def get_records(self, context):
        yield from ({"n": n} for n in (1, 2))

    def sync_record_children(self, record, child_context, partition_context):
        self.steps.append(("children", record["n"]))
        super().sync_record_children(record, child_context, partition_context)

    def write_record_message(self, record):
        self.steps.append(("record", record["n"]))
        super().write_record_message(record)

    def write_state_message(self):
        self.steps.append(("state", None))
        super().write_state_message()


class SteppedTap(Tap):
    name = "tap-stepped"
    config_jsonschema = th.PropertiesList().to_dict()

    def discover_streams(self):
        return [Stepped(self)]


def test_stream_record_steps_see_each_record_and_each_state_step(capsys):
    tap = SteppedTap(config={})
    stream = tap.streams["stepped"]
    stream.sync()

    relied_on = {
        "children": "_process_record",
        "record": "_write_record_message",
        "state": "_write_state_message",
    }
    for step, member in relied_on.items():
        assert any(seen == step for seen, _ in stream.steps), moved(
            Stream, member, "StreamRecordSteps", "is no longer called by the sync loop"
        )
    assert stream.steps[:4] == [("children", 1), ("record", 1), ("children", 2), ("record", 2)]
    assert stream.steps[-1] == ("state", None)
    messages = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [m["record"]["n"] for m in messages if m["type"] == "RECORD"] == [1, 2]
    assert compat.stream_tap(stream) is tap, "Stream._tap no longer holds the stream's tap"
    assert compat.stream_version(stream) is None, "Stream._stream_version is gone"


OTHER_SCHEMA = {**SCHEMA, "stream": "t"}


def test_state_covered_by_is_the_latest_state_while_no_other_sink_holds_records():
    target = RecordingTarget(config={})
    target.listen(lines(SCHEMA, OTHER_SCHEMA))
    sink, other = target.get_sink("s"), target.get_sink("t")
    sink.tally_record_read()
    target.process_lines(lines(STATE))

    covered = compat.state_covered_by(target, sink)
    assert covered == STATE["value"], moved(
        Target, "_latest_state", "state_covered_by", "no longer holds the last STATE read"
    )
    assert covered is not target._latest_state  # a copy: later STATEs cannot change it
    other.tally_record_read()
    assert compat.state_covered_by(target, sink) is None, moved(
        Target, "_sinks_active", "state_covered_by", "no longer lists the sinks with records"
    )
    assert compat.state_covered_by(target, other) is None
    target.drain_one(other)
    assert compat.state_covered_by(target) is None  # `s` still holds its record
    target.drain_one(sink)
    assert compat.state_covered_by(target) == STATE["value"]
