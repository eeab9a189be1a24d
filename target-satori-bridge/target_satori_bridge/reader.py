r"""The shared rejecting reader, plus what else a run must survive before a sink sees a line.

`singer_commons.sdk.reader.RejectingReader` rejects lines that are not Singer messages. A few
more kinds of line used to stop this target with a traceback, losing the load:

- bytes that are not UTF-8 (stdin is read as UTF-8 whatever the locale, undecodable bytes
  kept as lone surrogates), and the JSON escape of a lone surrogate (`"\ud800"`), which
  is valid JSON grammar that msgspec refuses: such a line is read with the standard JSON
  parser instead, so a RECORD reaches the sink, whose checks name the record and the
  property SATORI could not store; any other message holding one is rejected here;
- JSON nested deeper than the parser's recursion limit (msgspec raised RecursionError);
- an ACTIVATE_VERSION without a known stream or an integer version;
- any BATCH message: this target reads RECORD messages only.

Each goes to the reject file as `input line N: …`, and the reader keeps the number of the
line being processed (`line_number`) so the target can name where a rejected record or
SCHEMA came from. (A SCHEMA that is not a valid JSON Schema is the target's to refuse, since
the stream's later records are refused with it: target.py.)
"""

from __future__ import annotations

import json
import sys
import typing as t

from singer_commons.sdk.reader import RejectingReader
from target_satori_bridge.values import SURROGATE

if t.TYPE_CHECKING:
    from collections import Counter
    from collections.abc import Callable, Iterable, Iterator

NOT_JSON = "not valid JSON"  # how the shared reader starts the reason of an unreadable line
MAX_QUOTED = 10_000  # a line nested too deeply is kept this far in the reject file


def has_surrogate(value: object) -> bool:
    """Whether a decoded JSON value holds a lone surrogate anywhere (keys included)."""
    if isinstance(value, str):
        return SURROGATE.search(value) is not None
    if isinstance(value, dict):
        return any(has_surrogate(key) or has_surrogate(item) for key, item in value.items())
    if isinstance(value, list):
        return any(has_surrogate(item) for item in value)
    return False


def _refuse_constant(name: str) -> t.NoReturn:
    msg = f"{name} is not JSON"
    raise ValueError(msg)


class SatoriMessageReader(RejectingReader):
    """`RejectingReader` that also survives bad bytes, lone surrogates, bad schemas, BATCH."""

    def __init__(self) -> None:
        super().__init__()
        self.line_number: int | None = None

    @property
    def default_input(self) -> t.IO[str]:  # type: ignore[override]
        """The standard input as UTF-8, undecodable bytes kept (as surrogates), never raising."""
        stdin = sys.stdin
        reconfigure = getattr(stdin, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(encoding="utf-8", errors="surrogateescape")
        return stdin

    def process_lines(
        self,
        file_input: t.IO[str] | None,
        callbacks: dict[str, Callable[[dict], None]],
    ) -> Counter[str]:
        """The shared reader's loop, keeping the current line's number in `line_number`."""
        lines = self._numbered(file_input or self.default_input)
        return super().process_lines(t.cast("t.IO[str]", lines), callbacks)

    def _numbered(self, lines: Iterable[str]) -> Iterator[str]:
        for number, line in enumerate(lines, start=1):
            self.line_number = number
            yield line

    def _parse(self, line: str) -> tuple[dict[str, t.Any], str | None]:
        """Parse with msgspec, or the standard parser for what only it reads (lone surrogates)."""
        if SURROGATE.search(line) is not None:  # bytes that were not UTF-8
            return self._parse_standard(line) or (
                {"line": line.rstrip("\r\n")},
                f"{NOT_JSON} (and not UTF-8 either)",
            )
        try:
            parsed, problem = super()._parse(line)
        except RecursionError:
            return {"line": line[:MAX_QUOTED]}, f"{NOT_JSON} (nested too deeply)"
        if problem is None or not problem.startswith(NOT_JSON) or "\\u" not in line:
            return parsed, problem
        return self._parse_standard(line) or (parsed, problem)

    def _parse_standard(self, line: str) -> tuple[dict[str, t.Any], str | None] | None:
        """The message as the standard parser reads it, or None when it cannot either."""
        try:
            message = json.loads(line, parse_constant=_refuse_constant)
        except (ValueError, RecursionError):
            return None
        if not isinstance(message, dict):
            return {"line": line.rstrip("\r\n")}, "not a JSON object"
        if message.get("type") != "RECORD" and has_surrogate(message):
            return message, (
                "holds a lone UTF-16 surrogate (a bad \\u escape, or bytes that are not "
                "UTF-8), which no text encoding can hold"
            )
        return message, self._problem(message)

    def _problem(self, message: dict[str, t.Any]) -> str | None:
        kind = message.get("type")
        problem = super()._problem(message)
        if problem is not None:
            return problem
        if kind == "BATCH":
            return "BATCH messages are not supported: target-satori-bridge reads RECORD messages"
        if kind == "ACTIVATE_VERSION":
            return self._activate_version_problem(message)
        return None

    def _activate_version_problem(self, message: dict[str, t.Any]) -> str | None:
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
