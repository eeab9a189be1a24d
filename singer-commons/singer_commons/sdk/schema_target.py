"""A target that refuses a SCHEMA which is not a valid JSON Schema, with its stream's records.

Why: the SDK builds each sink's validator from the SCHEMA and raises on an invalid one,
which ends the whole load. For a target that checks records against their SCHEMA
(`singer_commons.sdk.record_schema`), such a SCHEMA goes to the reject file naming where it
is wrong, and the stream's records are refused until a valid SCHEMA for it arrives: checking
them against the previous one would judge values by types the tap no longer declares. A
target that judges records by other means (e.g. the vendor's describe) does not need this.
"""

from __future__ import annotations

import typing as t

from singer_commons.rejects import as_sent
from singer_commons.sdk.plugins import VendorTarget, line_position
from singer_commons.sdk.record_schema import schema_problem

if t.TYPE_CHECKING:
    from collections.abc import Mapping


class SchemaCheckingTarget(VendorTarget):
    """`VendorTarget` refusing invalid SCHEMAs and their streams' records (see module doc)."""

    def __init__(self, *args: t.Any, **kwargs: t.Any) -> None:
        # Stream → where its last SCHEMA was refused.
        self._refused_schemas: dict[str, str] = {}
        super().__init__(*args, **kwargs)

    def record_label(self, stream: str, record: Mapping[str, t.Any]) -> str:  # noqa: ARG002
        """How a reason names a record: its input line; targets add its identity."""
        return self.record_position(stream)

    def record_position(self, stream: str, line: int | None = None) -> str:
        """Where a record is: its input line (or its stream, if unknown).

        `line`: the record's input line, when it is not the one being read.
        """
        position = self.input_position if line is None else line_position(line)
        return position or f"a record of stream '{stream}'"

    def handle_schema_message(self, message_dict: dict) -> None:
        """Refuse a SCHEMA that is not a valid JSON Schema instead of crashing on it."""
        stream = message_dict["stream"]
        if problem := schema_problem(message_dict["schema"]):
            where = self.input_position or f"a SCHEMA of stream '{stream}'"
            self._refused_schemas[stream] = where
            reason = (
                f"{where}: SCHEMA of stream '{stream}' refused, {problem}; the stream's "
                "records are rejected until a valid SCHEMA for it arrives"
            )
            self.rejects.write(stream, message_dict, reason)
            return
        self._refused_schemas.pop(stream, None)
        super().handle_schema_message(message_dict)

    def handle_record_message(self, message_dict: dict) -> None:
        """Refuse the records of a stream whose SCHEMA was refused; the SDK takes the rest."""
        stream = message_dict["stream"]
        refused = self._refused_schemas.get(stream)
        if refused is None:
            super().handle_record_message(message_dict)
            return
        record = message_dict["record"]
        reason = (
            f"{self.record_label(stream, record)}: not written: the stream's SCHEMA "
            f"({refused}) was refused, so the record's properties cannot be checked"
        )
        self.rejects.write(stream, as_sent(record), reason)
