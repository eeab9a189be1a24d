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
