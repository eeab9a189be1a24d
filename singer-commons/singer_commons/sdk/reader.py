r"""A Singer message reader that rejects a malformed line instead of ending the whole load.

Why: the SDK's reader raises on the first line that is not valid JSON, lacks a key, names an
unknown message type or sends a RECORD before its SCHEMA, so one bad line from a tap (or a
hand-made file) stops a load of millions. Here each such line is checked before the target
sees it and handed to a callback (the target's reject file) with the line number and what is
wrong; every other line goes on. The checks are on the message's shape only: whether a
record's values suit the vendor is each target's own business.

Lines the SDK (or msgspec) crashed on, each found by a target's bad-input corpus:

- bytes that are not UTF-8: the input is read as UTF-8 whatever the locale, undecodable
  bytes kept as lone surrogates (`surrogateescape`); a strict decoder raised at the first
  such byte, and msgspec raised UnicodeEncodeError on the surrogate;
- the JSON escape of a lone surrogate (`"\ud800"`): valid JSON grammar that msgspec refuses.
  A line msgspec cannot read for either reason is read with the standard JSON parser (NaN,
  Infinity and numbers out of range still refused), so that a RECORD reaches the sink, whose
  checks name the record and the field (`singer_commons.text`); any other message holding
  one is rejected here, naming the byte or escape and where it is;
- nesting deeper than `MAX_NESTING`: msgspec raised RecursionError on very deep input, and
  shallower but still deep input broke later steps (copying, validating, writing a reject);
- a BATCH message (no target here declares the `batch` capability), and an ACTIVATE_VERSION
  for a stream without a SCHEMA or with a version that is not an integer.

`line_number` is the number of the line being processed, so a target can say where a record
or SCHEMA it refuses came from, in the numbering of the rejected lines.
"""

from __future__ import annotations

import contextlib
import io
import json
import math
import re
import sys
import typing as t
from collections import Counter

import msgspec
from singer_sdk.contrib.msgspec import MsgSpecReader
from singer_sdk.singerlib.exceptions import InvalidInputLine

from singer_commons.text import escaped_byte

if t.TYPE_CHECKING:
    from collections.abc import Callable

# What a rejected line is reported as: its stream (or ""), the line as far as it could be
# read, and why it was refused.
MalformedLineHandler = t.Callable[[str, dict[str, t.Any], str], None]
KNOWN_TYPES = frozenset({"SCHEMA", "RECORD", "STATE", "ACTIVATE_VERSION", "BATCH"})
# Deeper input is refused as a line: copying, validating or writing it to the reject file
# would exceed Python's recursion limit and end the run. A Singer message needs a few levels.
MAX_NESTING = 100
TOO_DEEP = f"not valid JSON for this target (nested deeper than {MAX_NESTING} levels)"
BATCH_REFUSED = (
    "BATCH messages are not supported: field 'type' must be SCHEMA, RECORD, STATE or "
    "ACTIVATE_VERSION (this target does not declare the batch capability)"
)
# A \uD800-\uDBFF escape not followed by a \uDC00-\uDFFF one, or the latter alone.
_LONE_SURROGATE_ESCAPE = re.compile(
    r"\\u[dD][89abAB][0-9a-fA-F]{2}(?!\\u[dD][c-fC-F][0-9a-fA-F]{2})"
    r"|(?<!\\u[dD][89abAB][0-9a-fA-F]{2})\\u[dD][c-fC-F][0-9a-fA-F]{2}"
)
_decoder = msgspec.json.Decoder()


def _raise_invalid(stream: str, message: dict[str, t.Any], reason: str) -> None:  # noqa: ARG001
    """The SDK's behaviour, for a reader nobody gave a reject file to."""
    raise InvalidInputLine(reason)


def read_as_utf8(stream: t.IO[str]) -> None:
    """Decode `stream` as UTF-8, undecodable bytes kept as lone surrogates, whatever the locale.

    A stream that cannot be reconfigured (a StringIO, or one already partly read) is left as
    it is.
    """
    reconfigure = getattr(stream, "reconfigure", None)
    if reconfigure is not None:
        with contextlib.suppress(io.UnsupportedOperation):
            reconfigure(encoding="utf-8", errors="surrogateescape")


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


def _state_problem(message: dict[str, t.Any]) -> str | None:
    return None if "value" in message else "field 'value' is missing from the STATE message"


def _batch_problem(message: dict[str, t.Any]) -> str:  # noqa: ARG001
    """No target here declares the `batch` capability; the SDK would raise on one."""
    return BATCH_REFUSED


def _unread(line: str) -> dict[str, t.Any]:
    """What the reject file holds of a line that could not be read: the line itself."""
    return {"line": line.rstrip("\r\n")}


def _not_utf8(line: str, index: int) -> str:
    """The reason for a line holding a lone surrogate at `index` (0-based)."""
    character = line[index]
    byte = escaped_byte(character)
    what = f"byte 0x{byte:02x}" if byte is not None else f"lone surrogate U+{ord(character):04X}"
    return f"not valid UTF-8 ({what} at character {index + 1})"


def _refuse_constant(name: str) -> t.NoReturn:
    """NaN and Infinity are not JSON, though the standard parser reads them."""
    msg = f"{name} is not a JSON value"
    raise ValueError(msg)


def _finite(text: str) -> float:
    """A JSON number as a float; one out of range (e.g. 1e400) is refused, as msgspec does."""
    number = float(text)
    if not math.isfinite(number):
        msg = f"number {text} is out of range"
        raise ValueError(msg)
    return number


def _nested_too_deep(line: str, message: dict[str, t.Any]) -> bool:
    """Whether containers nest deeper than `MAX_NESTING` (checked without recursion).

    Counting brackets first (at C speed) spares the walk for every ordinary line; callers
    on the hot path count them before calling.
    """
    if line.count("[") + line.count("{") <= MAX_NESTING:
        return False
    stack: list[tuple[t.Any, int]] = [(message, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict | list):
            if depth > MAX_NESTING:
                return True
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, depth + 1) for child in children)
    return False


class RejectingReader(MsgSpecReader):
    """The SDK's msgspec reader, with each malformed line handed to `on_malformed`."""

    def __init__(self) -> None:
        super().__init__()
        self.on_malformed: MalformedLineHandler = _raise_invalid
        self.line_number = 0  # of the line being processed; 0 before the first
        self._schemas: set[str] = set()

    @property
    def default_input(self) -> t.IO[str]:  # type: ignore[override]
        """Standard input, read as UTF-8 whatever the locale (see `read_as_utf8`)."""
        read_as_utf8(sys.stdin)
        return sys.stdin

    def process_lines(
        self,
        file_input: t.IO[str] | None,
        callbacks: dict[str, Callable[[dict], None]],
    ) -> Counter[str]:
        """Check each line's shape, then pass it to its message type's callback."""
        if file_input is not None:
            read_as_utf8(file_input)  # `--input FILE` is opened in the locale's encoding
        stats: Counter[str] = Counter()
        on_record = callbacks.get("RECORD")
        records = 0  # RECORD lines taken by the fast path below, added to `stats` at the end
        for number, line in enumerate(file_input or self.default_input, start=1):
            self.line_number = number
            if not line or line.isspace():  # isspace: no stripped copy of every line
                continue
            if (message := self._plain_record(line)) is not None:
                if on_record is not None:
                    on_record(message)
                records += 1
                continue
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
        if records:
            stats["RECORD"] += records
        return stats

    def _plain_record(self, line: str) -> dict[str, t.Any] | None:
        """The line's message if it is a RECORD that `_parse` would pass, else None.

        Nearly every line is one: a record of a stream with a SCHEMA, decoded at the first
        try, not nested deep. Checking that in one step spares five calls a line; any other
        line (None) goes through `_parse`, which decodes it again and says what is wrong.
        """
        try:
            message = _decoder.decode(line)
        except (msgspec.DecodeError, RecursionError, UnicodeEncodeError):
            return None
        if (
            type(message) is dict
            and message.get("type") == "RECORD"
            and type(stream := message.get("stream")) is str
            and stream in self._schemas
            and type(message.get("record")) is dict
            and line.count("[") + line.count("{") <= MAX_NESTING
        ):
            return message
        return None

    def _parse(self, line: str) -> tuple[dict[str, t.Any], str | None]:
        """The message and, when it cannot be processed, why (naming the field)."""
        try:
            message = _decoder.decode(line)
        except RecursionError:  # msgspec raises it, not DecodeError, on very deep nesting
            return _unread(line), TOO_DEEP
        except UnicodeEncodeError as exc:  # a lone surrogate msgspec cannot encode
            return self._reread(line, _not_utf8(line, exc.start), not_utf8=True)
        except msgspec.DecodeError as exc:
            lone = _LONE_SURROGATE_ESCAPE.search(line) if "\\" in line else None
            if lone is None:
                return _unread(line), f"not valid JSON ({exc})"
            return self._reread(
                line,
                f"not valid JSON (a lone surrogate {lone.group()} at character "
                f"{lone.start() + 1}: JSON text must be valid Unicode)",
                not_utf8=False,
            )
        return self._checked(line, message)

    def _reread(
        self, line: str, unicode_problem: str, *, not_utf8: bool
    ) -> tuple[dict[str, t.Any], str | None]:
        """A line msgspec refused for a lone surrogate, read by the standard parser.

        A RECORD goes on (its sink names the field holding the surrogate); any other
        message is refused for `unicode_problem`, and a line the standard parser cannot
        read either as not valid JSON (and, for bytes, `unicode_problem` too).
        """
        try:
            message = json.loads(line, parse_constant=_refuse_constant, parse_float=_finite)
        except RecursionError:
            return _unread(line), TOO_DEEP
        except ValueError as exc:
            problem = f"not valid JSON ({exc})"
            return _unread(line), f"{problem}, and {unicode_problem}" if not_utf8 else problem
        if isinstance(message, dict) and message.get("type") != "RECORD":
            if _nested_too_deep(line, message):
                return _unread(line), TOO_DEEP
            return message, unicode_problem
        return self._checked(line, message)

    def _checked(self, line: str, message: t.Any) -> tuple[dict[str, t.Any], str | None]:
        """The decoded line as a message, and why it cannot be processed (or None)."""
        if not isinstance(message, dict):
            return _unread(line), "not a JSON object"
        if line.count("[") + line.count("{") > MAX_NESTING and _nested_too_deep(line, message):
            return _unread(line), TOO_DEEP
        return message, self._problem(message)

    def _problem(self, message: dict[str, t.Any]) -> str | None:
        kind = message.get("type")
        if kind == "RECORD":  # nearly every line
            return self._record_problem(message)
        if kind not in KNOWN_TYPES:
            return f"field 'type' must be one of {', '.join(sorted(KNOWN_TYPES))}, got {kind!r}"
        checks: dict[str, Callable[[dict[str, t.Any]], str | None]] = {
            "SCHEMA": self._schema_message_problem,
            "STATE": _state_problem,
            "ACTIVATE_VERSION": self._activate_version_problem,
            "BATCH": _batch_problem,
        }
        return checks[kind](message)

    def _schema_message_problem(self, message: dict[str, t.Any]) -> str | None:
        problem = _stream_problem(message) or _schema_problem(message)
        if problem is None:
            self._schemas.add(message["stream"])
        return problem

    def _record_problem(self, message: dict[str, t.Any]) -> str | None:
        if problem := _stream_problem(message):
            return problem
        if message["stream"] not in self._schemas:
            return f"a RECORD of stream '{message['stream']}' came before its SCHEMA"
        if not isinstance(message.get("record"), dict):
            return "field 'record' must be a JSON object"
        return None

    def _activate_version_problem(self, message: dict[str, t.Any]) -> str | None:
        """The SDK raises on an ACTIVATE_VERSION without a known stream or integer version."""
        stream = message.get("stream")
        if not isinstance(stream, str) or stream not in self._schemas:
            return (
                "field 'stream' of ACTIVATE_VERSION must name a stream with a SCHEMA, "
                f"got {stream!r}"
            )
        version = message.get("version")
        if not isinstance(version, int) or isinstance(version, bool):
            return f"field 'version' of ACTIVATE_VERSION must be an integer, got {version!r}"
        return None
