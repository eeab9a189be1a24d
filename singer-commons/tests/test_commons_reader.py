"""The reader that rejects malformed Singer lines and passes the rest on."""

from __future__ import annotations

import io
import json

import pytest
from singer_sdk.singerlib.exceptions import InvalidInputLine

from singer_commons.sdk.reader import RejectingReader

SCHEMA = {"type": "SCHEMA", "stream": "s", "schema": {"properties": {}}, "key_properties": []}
RECORD = {"type": "RECORD", "stream": "s", "record": {"id": 1}}
STATE = {"type": "STATE", "value": {"bookmarks": {}}}


def read(*lines: str) -> tuple[list[dict], list[tuple[str, dict, str]], dict]:
    """Run the reader over lines; what reached the callbacks, what was rejected, the stats."""
    passed: list[dict] = []
    rejected: list[tuple[str, dict, str]] = []
    reader = RejectingReader()
    reader.on_malformed = lambda stream, message, reason: rejected.append((stream, message, reason))
    callbacks = {kind: passed.append for kind in ("SCHEMA", "RECORD", "STATE")}
    stats = reader.process_lines(io.StringIO("".join(line + "\n" for line in lines)), callbacks)
    return passed, rejected, dict(stats)


def test_well_formed_lines_pass_in_order():
    passed, rejected, stats = read(json.dumps(SCHEMA), json.dumps(RECORD), json.dumps(STATE))

    assert passed == [SCHEMA, RECORD, STATE]
    assert rejected == []
    assert stats == {"SCHEMA": 1, "RECORD": 1, "STATE": 1}


@pytest.mark.parametrize(
    ("line", "stream", "reason"),
    [
        ('{"type": "RECORD", "stream": "s", "record": {', "", "input line 2: not valid JSON"),
        ("[1, 2]", "", "input line 2: not a JSON object"),
        ('{"stream": "s", "record": {}}', "s", "input line 2: field 'type' must be one of"),
        ('{"type": "RECORDS", "stream": "s"}', "s", "got 'RECORDS'"),
        ('{"type": "RECORD", "record": {"id": 2}}', "", "field 'stream' must be a non-empty"),
        ('{"type": "RECORD", "stream": "s", "record": [2]}', "s", "field 'record' must be"),
        ('{"type": "RECORD", "stream": "t", "record": {}}', "t", "'t' came before its SCHEMA"),
        ('{"type": "SCHEMA", "stream": "u", "schema": {}}', "u", "field 'schema' must be"),
        (
            '{"type": "SCHEMA", "stream": "u", "schema": {"properties": {}}, '
            '"key_properties": "a"}',
            "u",
            "field 'key_properties' must be a list",
        ),
        ('{"type": "STATE"}', "", "field 'value' is missing"),
    ],
)
def test_a_malformed_line_is_rejected_with_its_number_and_field_and_the_rest_goes_on(
    line, stream, reason
):
    passed, rejected, stats = read(json.dumps(SCHEMA), line, json.dumps(RECORD))

    assert passed == [SCHEMA, RECORD]
    [(rejected_stream, message, why)] = rejected
    assert rejected_stream == stream
    assert reason in why
    assert message == (json.loads(line) if "JSON" not in reason else {"line": line})
    assert stats["REJECTED"] == 1


def test_blank_lines_are_skipped_and_line_numbers_count_them():
    passed, rejected, _ = read(json.dumps(SCHEMA), "", "not json")

    assert passed == [SCHEMA]
    assert rejected[0][2].startswith("input line 3: not valid JSON")


def test_without_a_handler_a_malformed_line_raises_like_the_sdk():
    reader = RejectingReader()

    with pytest.raises(InvalidInputLine, match="input line 1: not valid JSON"):
        reader.process_lines(io.StringIO("nope\n"), {})


def read_all(*lines: str) -> tuple[list[dict], list[tuple[str, dict, str]], list[int]]:
    """Messages passed on, lines rejected, and the line number each message was seen at."""
    reader = RejectingReader()
    rejected: list[tuple[str, dict, str]] = []
    reader.on_malformed = lambda stream, message, reason: rejected.append((stream, message, reason))
    passed: list[dict] = []
    numbers: list[int] = []

    def keep(message: dict) -> None:
        passed.append(message)
        numbers.append(reader.line_number)

    callbacks = dict.fromkeys(("SCHEMA", "RECORD", "STATE", "ACTIVATE_VERSION", "BATCH"), keep)
    reader.process_lines(io.StringIO("".join(line + "\n" for line in lines)), callbacks)
    return passed, rejected, numbers


def test_line_number_is_the_line_being_processed_blank_lines_included():
    passed, rejected, numbers = read_all(json.dumps(SCHEMA), "", json.dumps(RECORD))

    assert passed == [SCHEMA, RECORD]
    assert numbers == [1, 3]
    assert rejected == []


@pytest.mark.parametrize(
    "line",
    [
        # A lone surrogate escape: valid JSON grammar msgspec refuses.
        '{"type": "RECORD", "stream": "s", "record": {"name": "a\\ud800"}}',
        # A byte that was not UTF-8, as the input decodes it (surrogateescape).
        '{"type": "RECORD", "stream": "s", "record": {"name": "a\udcff"}}',
        # Bytes that are not UTF-8: Shift_JIS text piped in.
        '{"type": "RECORD", "stream": "s", "record": {"name": "'
        + "髙橋".encode("cp932").decode("utf-8", "surrogateescape")
        + '"}}',
    ],
    ids=["surrogate-escape", "byte-not-utf8", "shift-jis"],
)
def test_records_msgspec_cannot_read_reach_the_sink_to_be_named(line):
    passed, rejected, _ = read_all(json.dumps(SCHEMA), line)

    assert rejected == []
    assert passed[-1]["record"]["name"] == json.loads(line)["record"]["name"]


@pytest.mark.parametrize(
    ("line", "why"),
    [
        ('{"type": "STATE", "value": "\udcfe"}', "not valid UTF-8 (byte 0xfe at character 29)"),
        (
            '{"type": "STATE", "value": {"note": "x\\udc00"}}',
            "not valid JSON (a lone surrogate \\udc00 at character 39: JSON text must be "
            "valid Unicode)",
        ),
        (
            '{"type": "SCHEMA", "stream": "s\\ud800", "schema": {"properties": {}}}',
            "a lone surrogate \\ud800 at character 32",
        ),
        ('{"type": "RECORD", "stream": "s", \udcff\udcfe}', "not valid JSON (Expecting property"),
        ('{"type": "RECORD", "stream": "s", \udcff\udcfe}', "and not valid UTF-8 (byte 0xff"),
        ('{"type": "RECORD", "stream": "s", "record": {"a": NaN}}', "not valid JSON"),
        (
            '{"type": "RECORD", "stream": "s", "record": {"a": "\\ud800", "b": NaN}}',
            "not valid JSON (NaN is not a JSON value)",
        ),
        (
            '{"type": "RECORD", "stream": "s", "record": {"a": "\\ud800", "b": 1e400}}',
            "not valid JSON (number 1e400 is out of range)",
        ),
        ("[" * 100_000, "not valid JSON for this target (nested deeper than 100 levels)"),
        (
            '{"type": "RECORD", "stream": "s", "record": {"a": ' + "[" * 120 + "]" * 120 + "}}",
            "nested deeper than 100 levels",
        ),
        (
            '{"type": "RECORD", "stream": "s", "record": {"a": "\\ud800", "b": '
            + "[" * 120
            + "]" * 120
            + "}}",
            "nested deeper than 100 levels",
        ),
        ('{"type": "BATCH", "stream": "s", "manifest": []}', "BATCH messages are not supported"),
        ('{"type": "BATCH", "stream": "s", "manifest": []}', "field 'type' must be SCHEMA"),
        (
            '{"type": "ACTIVATE_VERSION", "stream": "deals", "version": 1}',
            "field 'stream' of ACTIVATE_VERSION must name a stream with a SCHEMA, got 'deals'",
        ),
        ('{"type": "ACTIVATE_VERSION", "version": 1}', "field 'stream' of ACTIVATE_VERSION"),
        (
            '{"type": "ACTIVATE_VERSION", "stream": "s", "version": "2"}',
            "field 'version' of ACTIVATE_VERSION must be an integer, got '2'",
        ),
        ('{"type": "ACTIVATE_VERSION", "stream": "s", "version": true}', "field 'version'"),
    ],
    ids=[
        "byte-not-utf8-outside-a-record",
        "surrogate-escape-outside-a-record",
        "surrogate-escape-in-a-schema",
        "neither-json-nor-utf8",
        "neither-json-nor-utf8-names-the-byte",
        "nan",
        "nan-beside-a-surrogate-escape",
        "out-of-range-beside-a-surrogate-escape",
        "deep-array",
        "deep-record",
        "deep-record-beside-a-surrogate-escape",
        "batch",
        "batch-names-the-field",
        "activate-version-of-a-stream-without-schema",
        "activate-version-without-stream",
        "activate-version-text-version",
        "activate-version-boolean-version",
    ],
)
def test_lines_the_sdk_would_crash_on_are_rejected_with_their_number(line, why):
    passed, rejected, _ = read_all(json.dumps(SCHEMA), line, json.dumps(STATE))

    assert passed == [SCHEMA, STATE]
    [(_, _, reason)] = rejected
    assert reason.startswith("input line 2: ")
    assert why in reason


def test_a_schema_with_a_surrogate_is_not_registered():
    schema = '{"type": "SCHEMA", "stream": "s\\ud800", "schema": {"properties": {}}}'
    record = json.dumps({"type": "RECORD", "stream": "s\ud800", "record": {}})
    _, rejected, _ = read_all(schema, record)

    assert "came before its SCHEMA" in rejected[-1][2]


def test_a_well_formed_activate_version_passes():
    valid = {"type": "ACTIVATE_VERSION", "stream": "s", "version": 3}
    passed, rejected, _ = read_all(json.dumps(SCHEMA), json.dumps(valid))

    assert passed == [SCHEMA, valid]
    assert rejected == []


def test_standard_input_is_read_as_utf8_with_undecodable_bytes_kept(monkeypatch):
    raw = b'{"type": "STATE", "value": "caf\xe9"}\n'
    stdin = io.TextIOWrapper(io.BytesIO(raw), encoding="ascii", errors="strict")
    monkeypatch.setattr("sys.stdin", stdin)
    reader = RejectingReader()

    assert reader.default_input.read() == '{"type": "STATE", "value": "caf\udce9"}\n'
