r"""The shared reject file, made safe for records holding lone surrogates.

A record read from bytes that are not UTF-8, or from a `"\ud800"` escape (reader.py),
holds lone surrogates, which the shared `RejectWriter` cannot write to its UTF-8 file: the
rejection that should report it would stop the run instead. Such characters are spelled
out, as target-marketo-opportunities does: a byte that was not UTF-8 as `\xe9`, a lone
surrogate as `\ud800`.
"""

from __future__ import annotations

import re
import typing as t

from singer_commons.rejects import RejectWriter
from target_satori_bridge.values import ESCAPED_BYTE_BASE, ESCAPED_BYTES, SURROGATE


def _spelled(match: re.Match[str]) -> str:
    character = match.group()
    if ESCAPED_BYTES[0] <= character <= ESCAPED_BYTES[1]:
        return f"\\x{ord(character) - ESCAPED_BYTE_BASE:02x}"
    return f"\\u{ord(character):04x}"


def storable(value: t.Any) -> t.Any:
    """The value with every lone surrogate (in keys too) spelled out as an escape."""
    if isinstance(value, str):
        return SURROGATE.sub(_spelled, value)
    if isinstance(value, dict):
        return {storable(key): storable(item) for key, item in value.items()}
    if isinstance(value, list):
        return [storable(item) for item in value]
    return value


class StorableRejectWriter(RejectWriter):
    """`RejectWriter` whose lines are always valid UTF-8."""

    def write(
        self,
        stream: str,
        record: t.Mapping[str, t.Any],
        reason: str,
        vendor_response: t.Any = None,
    ) -> None:
        """Append one rejected record (lone surrogates spelled out) and log the reason."""
        super().write(storable(stream), storable(dict(record)), storable(reason), vendor_response)
