"""The sinks: each record checked and planned as it is read, written to Keap one call at a time.

Keap has no bulk write API: every record is its own call (plus a look-up where an answer was
lost, plus a tag created once per new tag name). A batch of records is written in the writer
thread (`VendorTarget.write_behind`) while the next one is read and checked, in input order;
the SDK writes STATE only once every write before it was answered.
"""

from __future__ import annotations

import json
import typing as t

from keap_client.connection import LEDGER_API
from keap_client.custom_fields import PROPERTY_PREFIX
from keap_client.errors import KeapRefusal
from singer_commons.errors import RecordRejected
from singer_commons.rejects import SDC_PREFIX
from singer_commons.sdk.sinks import CheckingSink
from target_infusionsoft.plan import plan_action
from target_infusionsoft.resources import BY_STREAM
from target_infusionsoft.writer import ANSWERED

if t.TYPE_CHECKING:
    from target_infusionsoft.plan import Action
    from target_infusionsoft.resources import Resource
    from target_infusionsoft.target import TargetInfusionsoft

# Records per batch: one call each, so a batch is about 25 s of an API key's 4 calls a
# second, and STATE follows every batch.
RECORDS_PER_BATCH = 100
HTTP_TOO_LARGE = 413


class KeapSink(CheckingSink):
    """Writes one stream's records to its Keap resource (see `resources.py`)."""

    owner: TargetInfusionsoft

    def __init__(self, *args: t.Any, **kwargs: t.Any) -> None:
        super().__init__(*args, **kwargs)
        self.resource: Resource = BY_STREAM[self.stream_name]
        # What a record may hold that is sent: body fields and path parameters.
        self._sent = frozenset(self.resource.fields) | {
            name for call in self.resource.calls.values() for name in call.parameters
        }
        self._warned_unsent: set[str] = set()

    @property
    def max_size(self) -> int:
        """Records per batch (`RECORDS_PER_BATCH`)."""
        return RECORDS_PER_BATCH

    def process_record(self, record: dict, context: dict) -> None:
        """Check and plan the record now; reject it if Keap could only refuse it."""
        target = self.owner
        try:
            action = plan_action(
                self.resource,
                record,
                target.settings.operations[self.stream_name],
                label=self._label(record),
                custom_fields=lambda: target.custom_fields(self.resource),
                duplicate_option=target.settings.duplicate_option,
            )
        except RecordRejected as exc:
            target.reject(self.stream_name, record, str(exc))
            return
        self._warn_of_unsent(record)
        target.progress.accept()
        context.setdefault("actions", []).append(action)

    def process_batch(self, context: dict) -> None:
        """Write the batch in the writer thread, one record after another."""
        actions = list(context.get("actions", []))
        self.owner.write_later(self, lambda: self._write_all(actions))

    def _write_all(self, actions: list[Action]) -> None:
        """Write the batch's records in order; a refused record is rejected, the rest go on.

        A budget that cannot cover one call per record stops the run (exit 75) before the
        batch's first call, not part-way: checked here, once the batch before was written.
        """
        target = self.owner
        target.connection.ledger.ensure(LEDGER_API, len(actions))
        for action in actions:
            try:
                written = target.write(action)
            except KeapRefusal as exc:
                self._reject(
                    action,
                    refusal_reason(action, exc),
                    {"status": exc.status, "message": exc.keap_message},
                )
                continue
            except RecordRejected as exc:
                self._reject(action, str(exc), exc.vendor_response)
                continue
            target.progress.wrote(already=written.how != ANSWERED)
            self.tally_record_written(1)

    def _reject(self, action: Action, reason: str, response: t.Any) -> None:
        reason = reason if reason.startswith(action.label) else f"{action.label}: {reason}"
        self.owner.reject(self.stream_name, action.record, reason, vendor_response=response)
        self.owner.progress.refused()

    def _label(self, record: dict[str, t.Any]) -> str:
        """How reasons name the record: its input line, stream and Keap id (if it has one)."""
        position = self.owner.input_position
        label = (
            f"{position}: {self.stream_name} record" if position else f"{self.stream_name} record"
        )
        id_property = self.resource.id_property
        if id_property and record.get(id_property) is not None:
            label += f" {id_property}={record[id_property]!r}"
        return label

    def _warn_of_unsent(self, record: dict[str, t.Any]) -> None:
        """Name, once each, the properties Keap's body for this stream does not take."""
        unsent = {
            name
            for name, value in record.items()
            if value is not None
            and name not in self._sent
            and not name.startswith((SDC_PREFIX, PROPERTY_PREFIX))
            and name not in self._warned_unsent
        }
        if unsent:
            self._warned_unsent |= unsent
            self.logger.warning(
                "Stream '%s': Keap's %s body has no field %s; not sent.",
                self.stream_name,
                self.resource.stream,
                ", ".join(repr(name) for name in sorted(unsent)),
            )


def refusal_reason(action: Action, refusal: KeapRefusal) -> str:
    """Keap's refusal of the record, as the reject's reason.

    A body too large for Keap (413) names its largest property: Keap's answer names none.
    """
    reason = f"Keap refused it (HTTP {refusal.status}): {refusal.keap_message}"
    if refusal.status == HTTP_TOO_LARGE and action.body:
        sizes = {name: len(json.dumps(value)) for name, value in action.body.items()}
        largest = max(sizes, key=sizes.__getitem__)
        reason += f" (the largest property is {largest!r}: {sizes[largest]:,} characters of JSON)"
    return reason


class UnwritableStreamSink(CheckingSink):
    """A stream with no Keap resource: each record is rejected with the streams there are."""

    owner: TargetInfusionsoft

    def process_record(self, record: dict, context: dict) -> None:  # noqa: ARG002
        """Reject the record, saying which streams this target writes."""
        position = self.owner.input_position
        reason = (
            f"{position + ': ' if position else ''}stream '{self.stream_name}' names no Keap "
            f"resource this target writes ({', '.join(BY_STREAM)}); rename it with a stream "
            'map, e.g. stream_maps: {"' + self.stream_name + '": {"__alias__": "contacts"}}'
        )
        self.owner.reject(self.stream_name, record, reason)

    def process_batch(self, context: dict) -> None:
        """Nothing to send: every record was rejected as it came."""
