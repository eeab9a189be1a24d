"""A tap's RECORD lines written without the SDK's per-record steps, in blocks.

Why: for every record the SDK copies it to look each property up in the selection mask,
conforms its values, runs it through the stream map, builds a message object and writes
the line with a flush: one system call per record (and, with `PYTHONUNBUFFERED`, one per
write). With the sync loop's partition and child step that was over half of
tap-marketo-opportunities' time, more than its bare loop (bench/bare_loops.py) spends on a
record in all. For a stream whose conformance level is NONE, whose one map is the identity
and whose tap writes with `RecordBlockWriter`, those steps only drop deselected top-level
properties, so `DirectRecordStream` does that and has the writer encode the same line (the
SDK's msgspec encoder, the same keys in the same order, `time_extracted` included). Any
other stream, or a property deselected below the top level, takes the SDK's path; so does
a record of a stream with a selected child or a state partition, for that step.

The writer holds the lines back and writes them as one block: before any other message
(a STATE never goes out before the records it covers), whenever the stream would write a
STATE (even one the SDK skips as unchanged), before the tap waits for the vendor's next
page (`flush_records`), once 64 KiB are held, and at exit.
"""

from __future__ import annotations

import sys
import typing as t
import weakref
from dataclasses import dataclass
from datetime import UTC, datetime

from singer_sdk.contrib.msgspec import MsgSpecWriter, encoder
from singer_sdk.helpers.conform import TypeConformanceLevel

from singer_commons.sdk.compat import StreamRecordSteps, stream_tap, stream_version
from singer_commons.sdk.direct_records import identity_map

if t.TYPE_CHECKING:
    from singer_sdk.helpers.types import Context
    from singer_sdk.mapper import StreamMap
    from singer_sdk.singerlib import SelectionMask
    from singer_sdk.singerlib.encoding.simple import Message
    from singer_sdk.streams import Stream

# RECORD lines held before they are written: a few pages' worth, one system call.
BLOCK_BYTES = 64 * 1024
# A breadcrumb of a top-level property: ("properties", name).
_TOP_LEVEL = 2


def _write_out(pending: bytearray) -> None:
    """Write `pending` to standard output entirely (a raw, unbuffered stdout may write less)."""
    if not pending:
        return
    out = sys.stdout.buffer
    with memoryview(pending) as view:
        written = out.write(view)
        while written < len(view):
            written += out.write(view[written:])
    pending.clear()
    sys.stdout.flush()


class RecordBlockWriter(MsgSpecWriter):
    """The SDK's msgspec writer; RECORD lines of direct streams are held and written in blocks."""

    def __init__(self) -> None:
        self._pending = bytearray()
        # Lines still held when the process ends (an error in a stream) are written then.
        weakref.finalize(self, _write_out, self._pending)

    def write_record(self, message: dict[str, t.Any]) -> None:
        """Add one RECORD message's line; write the block once it is BLOCK_BYTES."""
        encoder.encode_into(message, self._pending, -1)
        self._pending += b"\n"
        if len(self._pending) >= BLOCK_BYTES:
            _write_out(self._pending)

    def flush_records(self) -> None:
        """Write the RECORD lines held so far."""
        _write_out(self._pending)

    def write_message(self, message: Message) -> None:
        """Write the lines held, then `message` (a STATE after the records it covers)."""
        _write_out(self._pending)
        super().write_message(message)


@dataclass(frozen=True)
class RecordSteps:
    """What the SDK's per-record steps amount to for one selection and one set of maps.

    Attributes:
        selection: The selection mask this was worked out for.
        maps: The stream maps this was worked out for.
        writer: The writer RECORDs go to directly, or None for the SDK's path.
        deselected: Top-level properties dropped from each record (when direct).
        children: Whether a child stream is selected (its sync runs per record).
    """

    selection: SelectionMask
    maps: list[StreamMap]
    writer: RecordBlockWriter | None
    deselected: tuple[str, ...]
    children: bool


def record_steps(stream: Stream, selection: SelectionMask, maps: list[StreamMap]) -> RecordSteps:
    """Work out which of `stream`'s per-record steps can change a record."""
    writer = stream_tap(stream).message_writer
    nested = any(len(crumb) > _TOP_LEVEL and not chosen for crumb, chosen in selection.items())
    direct = (
        stream.TYPE_CONFORMANCE_LEVEL == TypeConformanceLevel.NONE
        and identity_map(maps, stream.name)
        and not nested
    )
    deselected = tuple(
        crumb[-1] for crumb, chosen in selection.items() if len(crumb) == _TOP_LEVEL and not chosen
    )
    return RecordSteps(
        selection,
        maps,
        writer if direct and isinstance(writer, RecordBlockWriter) else None,
        deselected,
        stream.has_selected_descendents,
    )


def flush_records(stream: Stream) -> None:
    """Write the RECORD lines the stream's tap holds (call before waiting for the vendor)."""
    writer = stream_tap(stream).message_writer
    if isinstance(writer, RecordBlockWriter):
        writer.flush_records()


class DirectRecordStream(StreamRecordSteps):
    """A stream that skips the SDK's per-record steps where they change nothing."""

    def record_steps(self) -> RecordSteps:
        """This sync's `RecordSteps`, worked out again when the selection or maps change."""
        selection, maps = self.mask, self.stream_maps
        steps: RecordSteps | None = self.__dict__.get("_record_steps")
        if steps is None or steps.selection is not selection or steps.maps is not maps:
            steps = self.__dict__["_record_steps"] = record_steps(self, selection, maps)
        return steps

    def sync_record_children(
        self, record: dict, child_context: Context | None, partition_context: Context | None
    ) -> None:
        """The SDK's partition and child step, only when there is a partition or a child."""
        if partition_context or self.record_steps().children:
            super().sync_record_children(record, child_context, partition_context)

    def write_record_message(self, record: dict) -> None:
        """Have the writer add the RECORD line the SDK would write (see module doc)."""
        steps = self.record_steps()
        if steps.writer is None:
            super().write_record_message(record)
            return
        for name in steps.deselected:
            record.pop(name, None)
        message: dict[str, t.Any] = {"type": "RECORD", "stream": self.name, "record": record}
        version = stream_version(self)
        if version is not None:
            message["version"] = version
        message["time_extracted"] = datetime.now(UTC)
        steps.writer.write_record(message)
        self.state_manager.is_flushed = False

    def write_state_message(self) -> None:
        """Write the records held, then the SDK's STATE step."""
        flush_records(self)
        super().write_state_message()
