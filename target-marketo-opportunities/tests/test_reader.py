"""The input reader: every line either reaches the target or is rejected with its number."""

from __future__ import annotations

import io
import json

import pytest

from target_marketo_opportunities.reader import MarketoInputReader, printable

SCHEMA = {
    "type": "SCHEMA",
    "stream": "opportunities",
    "key_properties": ["externalOpportunityId"],
    "schema": {"properties": {"externalOpportunityId": {"type": "string"}}},
}


def read(*lines: str) -> tuple[list[dict], list[tuple[str, dict, str]], list[int]]:
    """Messages passed on, lines rejected, and the line number each message was seen at."""
    reader = MarketoInputReader()
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


def test_line_numbers_follow_the_input_blank_lines_included() -> None:
    record = json.dumps({"type": "RECORD", "stream": "opportunities", "record": {}})
    passed, rejected, numbers = read(json.dumps(SCHEMA), "", record)
    assert [m["type"] for m in passed] == ["SCHEMA", "RECORD"]
    assert numbers == [1, 3]
    assert rejected == []


@pytest.mark.parametrize(
    "line",
    [
        # A lone surrogate escape: valid JSON grammar msgspec refuses.
        '{"type": "RECORD", "stream": "opportunities", "record": {"name": "a\\ud800"}}',
        # A byte that was not UTF-8, as stdin decodes it (surrogateescape).
        '{"type": "RECORD", "stream": "opportunities", "record": {"name": "a\udcff"}}',
    ],
    ids=["surrogate-escape", "byte-not-utf8"],
)
def test_records_msgspec_cannot_read_reach_the_sink_to_be_named(line: str) -> None:
    passed, rejected, _ = read(json.dumps(SCHEMA), line)
    assert rejected == []
    assert passed[-1]["record"]["name"][0] == "a"


@pytest.mark.parametrize(
    ("line", "why"),
    [
        ('{"type": "STATE", "value": "\udcfe"}', "not valid UTF-8 (byte 0xfe at character 29)"),
        ('{"type": "STATE", "value": "\\ud800"}', "not valid JSON"),
        ('{"type": "RECORD", "stream": "opportunities", "record": {"a": NaN}}', "not valid JSON"),
        ("[" * 100_000, "nested deeper than 100 levels"),
        (
            '{"type": "RECORD", "stream": "opportunities", "record": {"a": '
            + "[" * 120
            + "]" * 120
            + "}}",
            "nested deeper than 100 levels",
        ),
        ('{"type": "BATCH", "stream": "opportunities", "manifest": []}', "BATCH messages"),
        ('{"type": "ACTIVATE_VERSION", "stream": "deals", "version": 1}', "'deals'"),
    ],
    ids=[
        "byte-not-utf8",
        "surrogate-outside-a-record",
        "nan",
        "deep-array",
        "deep-record",
        "batch",
        "activate-version-unknown-stream",
    ],
)
def test_lines_the_sdk_would_crash_on_are_rejected_with_their_number(line: str, why: str) -> None:
    passed, rejected, _ = read(json.dumps(SCHEMA), line)
    assert len(passed) == 1
    ((_, message, reason),) = rejected
    assert reason.startswith("input line 2: ")
    assert why in reason
    json.dumps(printable(message)).encode()  # writable to the UTF-8 reject file


def test_printable_spells_out_surrogates_only() -> None:
    assert printable({"k\ud800": ["a\udcff", 1, None], "ok": "東京"}) == {
        "k\\ud800": ["a\\xff", 1, None],
        "ok": "東京",
    }
