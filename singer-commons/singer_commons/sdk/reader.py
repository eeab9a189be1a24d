"""A Singer message reader that rejects a malformed line instead of ending the whole load.

Why: the SDK's reader raises on the first line that is not valid JSON, lacks a key, names an
unknown message type or sends a RECORD before its SCHEMA, so one bad line from a tap (or a
hand-made file) stops a load of millions. Here each such line is checked before the target
sees it and handed to a callback (the target's reject file) with the line number and what is
wrong; every other line goes on. The checks are on the message's shape only: whether a
record's values suit the vendor is each target's own business.
"""

from __future__ import annotations

import typing as t
from collections import Counter

import msgspec
from singer_sdk.contrib.msgspec import MsgSpecReader
from singer_sdk.singerlib.exceptions import InvalidInputLine

if t.TYPE_CHECKING:
    from collections.abc import Callable

# What a rejected line is reported as: its stream (or ""), the line as far as it could be
# read, and why it was refused.
MalformedLineHandler = t.Callable[[str, dict[str, t.Any], str], None]
KNOWN_TYPES = frozenset({"SCHEMA", "RECORD", "STATE", "ACTIVATE_VERSION", "BATCH"})
_decoder = msgspec.json.Decoder()


def _raise_invalid(stream: str, message: dict[str, t.Any], reason: str) -> None:  # noqa: ARG001
    """The SDK's behaviour, for a reader nobody gave a reject file to."""
    raise InvalidInputLine(reason)


def _stream_problem(message: dict[str, t.Any]) -> str | None:
    stream = message.get("stream")
    if not isinstance(stream, str) or not stream:
        return f"field 'stream' must be a non-empty string, got {stream!r}"
    return None


def _schema_problem(message: dict[str, t.Any]) -> str | None:
    schema = message.get("schema")
    if not isinstance(schema, dict) or not isinstance(schema.get("properties"), dict):
        return "field 'schema' must be a JSON Schema object with 'properties'"
    keys = message.get("key_properties", [])
    if keys is not None and (
        not isinstance(keys, list) or not all(isinstance(key, str) for key in keys)
    ):
        return f"field 'key_properties' must be a list of property names, got {keys!r}"
    return None


class RejectingReader(MsgSpecReader):
    """The SDK's msgspec reader, with each malformed line handed to `on_malformed`."""

    def __init__(self) -> None:
        super().__init__()
        self.on_malformed: MalformedLineHandler = _raise_invalid
        self._schemas: set[str] = set()

    def process_lines(
        self,
        file_input: t.IO[str] | None,
        callbacks: dict[str, Callable[[dict], None]],
    ) -> Counter[str]:
        """Check each line's shape, then pass it to its message type's callback."""
        stats: Counter[str] = Counter()
        for number, line in enumerate(file_input or self.default_input, start=1):
            if not line.strip():
                continue
            self._current_message = line
            message, problem = self._parse(line)
            if problem is not None:
                stream = message.get("stream")
                self.on_malformed(
                    stream if isinstance(stream, str) else "",
                    message,
                    f"input line {number}: {problem}",
                )
                stats["REJECTED"] += 1
                continue
            callback = callbacks.get(message["type"])
            if callback is not None:
                callback(message)
            stats[message["type"]] += 1
        return stats

    def _parse(self, line: str) -> tuple[dict[str, t.Any], str | None]:
        """The message and, when it cannot be processed, why (naming the field)."""
        try:
            message = _decoder.decode(line)
        except msgspec.DecodeError as exc:
            return {"line": line.rstrip("\r\n")}, f"not valid JSON ({exc})"
        if not isinstance(message, dict):
            return {"line": line.rstrip("\r\n")}, "not a JSON object"
        return message, self._problem(message)

    def _problem(self, message: dict[str, t.Any]) -> str | None:
        kind = message.get("type")
        if kind not in KNOWN_TYPES:
            return f"field 'type' must be one of {', '.join(sorted(KNOWN_TYPES))}, got {kind!r}"
        if kind == "SCHEMA":
            problem = _stream_problem(message) or _schema_problem(message)
            if problem is None:
                self._schemas.add(message["stream"])
            return problem
        if kind == "RECORD":
            return _stream_problem(message) or self._record_problem(message)
        if kind == "STATE" and "value" not in message:
            return "field 'value' is missing from the STATE message"
        return None

    def _record_problem(self, message: dict[str, t.Any]) -> str | None:
        if message["stream"] not in self._schemas:
            return f"a RECORD of stream '{message['stream']}' came before its SCHEMA"
        if not isinstance(message.get("record"), dict):
            return "field 'record' must be a JSON object"
        return None
