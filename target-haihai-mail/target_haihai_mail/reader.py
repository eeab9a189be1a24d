"""The input reader: the shared rejecting reader, plus bytes that are not UTF-8 and line numbers.

Why a subclass: `singer_commons.sdk.reader.RejectingReader` refuses malformed lines, but stdin
decoded with `surrogateescape` (what Python does in a C or POSIX locale) turns bytes that are
not UTF-8 — a lone surrogate written raw, a Shift_JIS file piped in — into lone surrogates
msgspec cannot encode, and the UnicodeEncodeError ended the whole load with a traceback.
Here stdin is always read as UTF-8 with `surrogateescape`, so such bytes arrive in exactly
that form, and a line holding them is refused like any other malformed line, with its
number. The reader also counts lines, so a refused record or SCHEMA can be named by the
input line it came on, in the same numbering as the malformed lines.
"""

from __future__ import annotations

import io
import re
import sys
import typing as t
from functools import cached_property

from singer_commons.sdk.reader import RejectingReader

if t.TYPE_CHECKING:
    from collections import Counter
    from collections.abc import Callable, Iterable, Iterator

# surrogateescape maps an undecodable byte 0xXY to the lone surrogate U+DCXY.
_ESCAPED_BYTE_BASE = 0xDC00
_NOT_JSON = "not valid JSON"
# A \uD800-\uDBFF escape not followed by a \uDC00-\uDFFF one, or the latter alone.
_LONE_SURROGATE = re.compile(
    r"\\u[dD][89abAB][0-9a-fA-F]{2}(?!\\u[dD][c-fC-F][0-9a-fA-F]{2})"
    r"|(?<!\\u[dD][89abAB][0-9a-fA-F]{2})\\u[dD][c-fC-F][0-9a-fA-F]{2}"
)


class InputReader(RejectingReader):
    """Refuses lines that are not UTF-8 (instead of crashing) and knows the current line."""

    def __init__(self) -> None:
        super().__init__()
        self.line_number = 0

    @cached_property
    def default_input(self) -> t.IO[str]:  # type: ignore[override]
        """Standard input as UTF-8; bytes that are not become lone surrogates `_parse` refuses."""
        if isinstance(sys.stdin, io.TextIOWrapper):
            sys.stdin.reconfigure(encoding="utf-8", errors="surrogateescape")
        return sys.stdin

    def process_lines(
        self,
        file_input: t.IO[str] | None,
        callbacks: dict[str, Callable[[dict], None]],
    ) -> Counter[str]:
        """The shared reader's loop over the input, counting lines as they are read."""
        return super().process_lines(
            t.cast("t.IO[str]", self._counted(file_input or self.default_input)), callbacks
        )

    def _counted(self, lines: Iterable[str]) -> Iterator[str]:
        for number, line in enumerate(lines, start=1):
            self.line_number = number
            yield line

    def _parse(self, line: str) -> tuple[dict[str, t.Any], str | None]:
        try:
            message, problem = super()._parse(line)
        except UnicodeEncodeError as exc:
            raw = line.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
            code = ord(line[exc.start])
            byte = f"0x{code - _ESCAPED_BYTE_BASE:02X}" if code > _ESCAPED_BYTE_BASE else "?"
            problem = f"not valid UTF-8 (byte {byte} at character {exc.start + 1})"
            return {"line": raw.rstrip("\r\n")}, problem
        # msgspec says "Input data was truncated" for a lone "\ud800": say what it is.
        lone = _LONE_SURROGATE.search(line) if problem and problem.startswith(_NOT_JSON) else None
        if lone is not None:
            problem = (
                f"{_NOT_JSON} (a lone surrogate {lone.group()} at character "
                f"{lone.start() + 1}: JSON text must be valid Unicode)"
            )
        return message, problem
