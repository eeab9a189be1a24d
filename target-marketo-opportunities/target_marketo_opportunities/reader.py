r"""The commons' rejecting reader, plus what this target needs to name every bad record.

`singer_commons.sdk.reader.RejectingReader` rejects malformed lines with their line number.
This reader adds these, each so that bad input is refused by record and field instead of
ending the run or being refused as an anonymous line:

- the number of the line being processed (`line_number`), so a sink can say where a record
  without a usable key is;
- the input is read as UTF-8 with undecodable bytes kept as surrogate escapes, whatever the
  locale: a strict one would raise at the first byte that is not UTF-8 and end the run;
- a RECORD line msgspec cannot read because of a lone surrogate escape (`"\ud800"`, valid
  JSON grammar that msgspec refuses) or a byte that is not UTF-8 (which msgspec cannot
  encode: it ended the run) is parsed by the standard library, so the sink rejects it naming
  the record and the field; any other such line is rejected here as not JSON or not UTF-8;
- a line nested deeper than `MAX_NESTING` is refused as a line: msgspec raised
  RecursionError on very deep input, and shallower but still deep input broke later steps;
- a BATCH message, and an ACTIVATE_VERSION for a stream without a SCHEMA, are rejected: the
  SDK would raise on both and end the run.

Everything here belongs in the commons' reader; it lives here until it moves there.
"""

from __future__ import annotations

import contextlib
import io
import json
import typing as t

import msgspec

from singer_commons.sdk.reader import RejectingReader

if t.TYPE_CHECKING:
    from collections import Counter
    from collections.abc import Callable, Iterable, Iterator

_decoder = msgspec.json.Decoder()
# Deeper input is refused as a line: copying, printing or writing it to the reject file would
# exceed Python's recursion limit and end the run. A Singer message needs a few levels.
MAX_NESTING = 100
TOO_DEEP = f"not valid JSON for this target (nested deeper than {MAX_NESTING} levels)"
# The first and last code points Python uses for bytes that were not UTF-8 (PEP 383).
_ESCAPED_BYTES = ("\udc80", "\udcff")


def printable(value: t.Any) -> t.Any:
    r"""The value with every surrogate spelled out, so it can be written as UTF-8.

    A byte that was not UTF-8 reads back as `\xff`, a lone surrogate as `\ud800`; other
    values, and containers' other items, are kept as they are.
    """
    if isinstance(value, str):
        if not any("\ud800" <= character <= "\udfff" for character in value):
            return value
        return "".join(_spelled(character) for character in value)
    if isinstance(value, dict):
        return {printable(key): printable(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [printable(item) for item in value]
    return value


def _spelled(character: str) -> str:
    if _ESCAPED_BYTES[0] <= character <= _ESCAPED_BYTES[1]:
        return f"\\x{ord(character) - 0xDC00:02x}"
    if "\ud800" <= character <= "\udfff":
        return f"\\u{ord(character):04x}"
    return character


def _nested_too_deep(value: t.Any, limit: int = MAX_NESTING) -> bool:
    """Whether containers nest deeper than `limit` (checked without recursion)."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict | list):
            if depth > limit:
                return True
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, depth + 1) for child in children)
    return False


def _refuse_constant(name: str) -> t.NoReturn:
    """NaN and Infinity are not JSON; the standard library would read them."""
    raise ValueError(name)


def _lenient_record(line: str) -> dict[str, t.Any] | None:
    """The RECORD message the standard library reads where msgspec cannot, else None."""
    try:
        message = json.loads(line, parse_constant=_refuse_constant)
    except (ValueError, RecursionError):
        return None
    if isinstance(message, dict) and message.get("type") == "RECORD":
        return message
    return None


def _why_unreadable(exc: msgspec.DecodeError | UnicodeEncodeError) -> str:
    if isinstance(exc, UnicodeEncodeError):
        character = exc.object[exc.start]
        what = (
            f"byte 0x{ord(character) - 0xDC00:02x}"
            if _ESCAPED_BYTES[0] <= character <= _ESCAPED_BYTES[1]
            else _spelled(character)
        )
        return f"not valid UTF-8 ({what} at character {exc.start + 1})"
    return f"not valid JSON ({exc})"


class MarketoInputReader(RejectingReader):
    """RejectingReader with line numbers, tolerant stdin decoding and surrogate-aware parsing."""

    def __init__(self) -> None:
        super().__init__()
        self.line_number = 0

    def process_lines(
        self,
        file_input: t.IO[str] | None,
        callbacks: dict[str, Callable[[dict], None]],
    ) -> Counter[str]:
        """Read every line (undecodable bytes kept), counting them for `line_number`."""
        source = file_input or self.default_input
        reconfigure = getattr(source, "reconfigure", None)
        if reconfigure is not None:
            with contextlib.suppress(io.UnsupportedOperation):  # already partly read
                reconfigure(encoding="utf-8", errors="surrogateescape")
        return super().process_lines(t.cast("t.IO[str]", self._numbered(source)), callbacks)

    def _numbered(self, lines: Iterable[str]) -> Iterator[str]:
        for self.line_number, line in enumerate(lines, start=1):
            yield line

    def _parse(self, line: str) -> tuple[dict[str, t.Any], str | None]:
        """The commons' parse, with a second chance for RECORDs msgspec cannot read."""
        try:
            message = _decoder.decode(line)
        except RecursionError:  # msgspec raises it, rather than DecodeError, on deep nesting
            return {"line": printable(line.rstrip("\r\n"))}, TOO_DEEP
        except (msgspec.DecodeError, UnicodeEncodeError) as exc:
            message = _lenient_record(line)
            if message is None:
                return {"line": printable(line.rstrip("\r\n"))}, _why_unreadable(exc)
        if not isinstance(message, dict):
            return {"line": line.rstrip("\r\n")}, "not a JSON object"
        if _nested_too_deep(message):
            return {"line": printable(line.rstrip("\r\n"))}, TOO_DEEP
        return message, self._problem(message)

    def _problem(self, message: dict[str, t.Any]) -> str | None:
        """The commons' checks, plus the two messages the SDK would crash on here."""
        problem = super()._problem(message)
        if problem is not None:
            return problem
        if message["type"] == "BATCH":  # the target does not declare the `batch` capability
            return "field 'type': BATCH messages are not read by this target; send RECORDs"
        stream = message.get("stream")
        if message["type"] == "ACTIVATE_VERSION" and stream not in self._schemas:
            return f"field 'stream' must name a stream that had a SCHEMA, got {stream!r}"
        return None
