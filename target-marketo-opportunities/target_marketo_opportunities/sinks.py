"""Sinks that write Marketo opportunities and roles within its call limits, per-record acks."""

from __future__ import annotations

import typing as t
from functools import cached_property

from marketo_client.api import (
    MAX_BODY_BYTES,
    MAX_RECORDS_PER_CALL,
    OPPORTUNITIES_DELETE_PATH,
    OPPORTUNITIES_DESCRIBE_PATH,
    OPPORTUNITIES_PATH,
    ROLES_DELETE_PATH,
    ROLES_DESCRIBE_PATH,
    ROLES_PATH,
)
from marketo_client.connection import LEDGER_API
from marketo_client.errors import (
    ACCESS_DENIED,
    ALREADY_EXISTS,
    BLOCKED_BY_CRM_SYNC,
    PAYLOAD_TOO_LARGE,
    MarketoError,
)
from singer_commons.errors import FatalConnectorError, RecordRejected, VendorError
from singer_commons.sdk.sinks import CheckingSink
from target_marketo_opportunities.batches import PlannedCall, encode, plan_calls
from target_marketo_opportunities.records import (
    DELETE,
    SINGER_METADATA_PREFIX,
    UPSERT,
    Operation,
    WriteMode,
    prepare,
)
from target_marketo_opportunities.settings import CREATE_ONLY, UPDATE_ONLY

if t.TYPE_CHECKING:
    from marketo_client.connection import MarketoConnection
    from marketo_client.describe import ObjectDescription
    from target_marketo_opportunities.target import TargetMarketoOpportunities

WRITABLE_STREAMS = ("opportunities", "opportunity_roles")
KINDS = (UPSERT, DELETE)


class MarketoReadOnlyError(FatalConnectorError):
    """Marketo blocks writes to this object (CRM sync on); retrying or rejecting cannot help."""


class RejectingSink(CheckingSink):
    """A sink that judges each record against Marketo's describe and rejects it, never stops.

    The SCHEMA is not used to judge records (a SCHEMA that is not even a valid JSON Schema
    changes nothing): what Marketo accepts is what its describe says.
    """

    owner: TargetMarketoOpportunities  # the connection, rejects and describes are the target's


class MarketoObjectSink(RejectingSink):
    """Writes one Marketo object: validates, batches 300 a call, maps results back by `seq`."""

    object_label: t.ClassVar[str]
    sync_path: t.ClassVar[str]
    delete_path: t.ClassVar[str]
    describe_path: t.ClassVar[str]

    @property
    def max_size(self) -> int:
        """Marketo's batch: a full batch is exactly one call."""
        return MAX_RECORDS_PER_CALL

    @property
    def connection(self) -> MarketoConnection:
        """The target's single Marketo connection."""
        return self.owner.connection

    @cached_property
    def description(self) -> ObjectDescription:
        """The object's describe, fetched once per run and shared by sinks (kept per sink)."""
        return self.owner.describe(self.describe_path)

    @cached_property
    def write_mode(self) -> WriteMode:
        """The action and key fields from the settings and the describe (once per sink).

        Cached: the settings and the describe do not change during a run, and building it
        for every record was ~7% of the target's time.
        """
        return WriteMode.of(self.owner.settings, self.description)

    def setup(self) -> None:
        """Refuse to start writing an object Marketo exposes read-only (CRM sync)."""
        super().setup()
        try:
            description = self.description
        except MarketoError as exc:
            if exc.code == ACCESS_DENIED:  # roles under CRM sync
                raise MarketoReadOnlyError(_read_only_message(self.object_label)) from exc
            raise
        if not description.writable_fields - set(description.dedupe_fields):
            raise MarketoReadOnlyError(_read_only_message(self.object_label))
        self._warn_of_unknown_properties(description)

    def _warn_of_unknown_properties(self, description: ObjectDescription) -> None:
        """Say once, at the SCHEMA, which of its properties Marketo has no field for.

        Records are judged one by one (a null there is harmless); the warning explains in
        advance why those carrying a value will be rejected (or dropped, if so configured).
        """
        unknown = sorted(
            name
            for name in self.schema.get("properties", {})
            if name not in description.fields and not name.startswith(SINGER_METADATA_PREFIX)
        )
        if unknown:
            rejecting = self.write_mode.reject_unknown_fields
            self.logger.warning(
                "Stream '%s' has properties Marketo's %s does not have: %s; values in them are %s.",
                self.stream_name,
                self.object_label,
                ", ".join(repr(name) for name in unknown),
                "rejected with their records" if rejecting else "left out",
            )

    def process_record(self, record: dict, context: dict) -> None:
        """Validate and shape the record; reject it now if Marketo could only refuse it."""
        try:
            operation = prepare(
                record, self.description, self.write_mode, position=self.owner.input_position
            )
        except RecordRejected as exc:
            self.owner.reject(self.stream_name, record, str(exc))
            return
        context.setdefault("operations", []).append(operation)

    def process_batch(self, context: dict) -> None:
        """Send the batch while the next one is read; STATE waits for Marketo's answer.

        The calls go out in the writer thread (`VendorTarget.write_behind`), one batch at
        a time and in order; the SDK writes STATE only after they are answered.
        """
        operations = list(context.get("operations", []))
        self.owner.write_later(self, lambda: self._send_all(operations))

    def _send_all(self, operations: list[Operation]) -> None:
        plan = plan_calls(operations, self._envelope_bytes)
        for operation, body_bytes in plan.oversized:
            self._reject(
                operation,
                f"its {'delete' if operation.kind == DELETE else 'sync'} call alone would "
                f"carry a {body_bytes:,}-byte JSON body, over Marketo's request limit of "
                f"{MAX_BODY_BYTES:,} bytes (HTTP 413); shorten its longest text fields",
                None,
            )
        # A batch is sent whole or not at all: a budget that cannot cover it stops the run
        # (exit 75) before its first call, never between two of its calls. Checked here,
        # in the writer thread, once the calls of the batch before were spent.
        self.connection.ledger.ensure(LEDGER_API, len(plan.calls))
        for call in plan.calls:
            self._send(call)

    @cached_property
    def _envelope_bytes(self) -> dict[str, int]:
        """Per kind, the size of a call's body around its inputs (settings fix it per run)."""
        return {kind: len(encode(self._envelope(kind) | {"input": []})) for kind in KINDS}

    def _envelope(self, kind: str) -> dict[str, t.Any]:
        """A call's body without its records: what to do, and by which key."""
        if kind == DELETE:
            return {"deleteBy": self.owner.settings.dedupe_by}
        envelope: dict[str, t.Any] = {"action": self.write_mode.action}
        if self.write_mode.action == UPDATE_ONLY:  # Marketo: dedupeBy only with updateOnly
            envelope["dedupeBy"] = self.owner.settings.dedupe_by
        return envelope

    def _send(self, call: PlannedCall) -> None:
        """One sync or delete call; per-record results are matched back by `seq`.

        A 413 (Marketo's front end found the body too large, which the plan should have
        prevented) cuts the call in two and sends each half; a record refused alone is
        rejected. The run goes on either way.
        """
        deleting = call.kind == DELETE
        path = self.delete_path if deleting else self.sync_path
        body = encode(self._envelope(call.kind) | {"input": call.inputs})
        try:
            answer = self.connection.write(path, body)
        except VendorError as exc:
            if exc.code != PAYLOAD_TOO_LARGE:
                raise
            self._split_refused(call, exc)
            return
        self._record_results(
            call.operations, answer.results, maybe_applied=answer.maybe_applied, deleting=deleting
        )

    def _split_refused(self, call: PlannedCall, exc: VendorError) -> None:
        """Resend a call Marketo refused as too large in two halves, or reject its record."""
        if len(call.operations) == 1:
            self._reject(
                call.operations[0],
                f"Marketo refused its call as too large even with this record alone "
                f"({exc.message}); shorten its longest text fields",
                {"http_status": 413, "message": exc.message},
            )
            return
        self.logger.warning(
            "Marketo refused a call of %d %s record(s) (%d bytes) as too large (%s); "
            "sending it in two halves.",
            len(call.operations),
            self.object_label,
            call.body_bytes,
            exc.message,
        )
        self.connection.ledger.ensure(LEDGER_API, 2)
        for half in call.halves(self._envelope_bytes[call.kind]):
            self._send(half)

    def _record_results(
        self,
        call: list[Operation],
        results: list[dict[str, t.Any]],
        *,
        maybe_applied: bool,
        deleting: bool,
    ) -> None:
        by_seq = {int(result.get("seq", index)): result for index, result in enumerate(results)}
        if results and all(_codes(result) == {BLOCKED_BY_CRM_SYNC} for result in results):
            raise MarketoReadOnlyError(_read_only_message(self.object_label))
        written = 0
        for seq, operation in enumerate(call):
            result = by_seq.get(seq)
            if result is None:
                self._reject(operation, "Marketo returned no result for this record", results)
                continue
            status = result.get("status")
            if status in {"created", "updated", "deleted"}:
                written += 1
            elif (
                maybe_applied
                and self.write_mode.action == CREATE_ONLY
                and _codes(result) == {ALREADY_EXISTS}
            ):
                # An attempt whose answer was lost created it; it is this run's own write.
                written += 1
            else:
                reasons = "; ".join(
                    f"[{reason.get('code')}] {reason.get('message')}"
                    for reason in result.get("reasons", [])
                )
                self._reject(operation, f"Marketo {status or 'failed'}: {reasons}", result)
        self.logger.info(
            "%s %d %s record(s) in one call (%d rejected)",
            "Deleted" if deleting else "Wrote",
            written,
            self.object_label,
            len(call) - written,
        )
        self.tally_record_written(written)

    def _reject(self, operation: Operation, reason: str, response: t.Any) -> None:
        self.owner.reject(
            self.stream_name,
            operation.record,
            f"{operation.label}: {reason}" if operation.label else reason,
            vendor_response=response,
        )


class OpportunitySink(MarketoObjectSink):
    """Upserts (sync) and deletes opportunities."""

    object_label = "opportunity"
    sync_path = OPPORTUNITIES_PATH
    delete_path = OPPORTUNITIES_DELETE_PATH
    describe_path = OPPORTUNITIES_DESCRIBE_PATH


class OpportunityRoleSink(MarketoObjectSink):
    """Upserts (sync) and deletes opportunity roles (compound key opportunity+lead+role)."""

    object_label = "opportunity role"
    sync_path = ROLES_PATH
    delete_path = ROLES_DELETE_PATH
    describe_path = ROLES_DESCRIBE_PATH


class UnwritableStreamSink(RejectingSink):
    """A stream this target has no Marketo object for: its SCHEMA and records are rejected.

    Each goes to the reject file with the fix (rename the stream with a stream map), and the
    other streams are written; stopping the whole load at the SCHEMA would leave them unwritten.
    """

    def setup(self) -> None:
        """Reject the SCHEMA itself, so even a stream without records fails the run visibly."""
        super().setup()
        schema = {
            "type": "SCHEMA",
            "stream": self.stream_name,
            "schema": self.original_schema,
            "key_properties": list(self.key_properties or ()),
        }
        self.owner.reject(self.stream_name, schema, self._reason("SCHEMA"))

    def process_record(self, record: dict, context: dict) -> None:  # noqa: ARG002
        """Reject the record, naming it by its key properties where it has them."""
        keys = ", ".join(f"{name}={record.get(name)!r}" for name in self.key_properties or ())
        self.owner.reject(self.stream_name, record, self._reason(f"record {keys}".rstrip()))

    def process_batch(self, context: dict) -> None:
        """Nothing to send: every record was rejected as it came."""

    def _reason(self, what: str) -> str:
        position = self.owner.input_position
        return (
            f"{position + ': ' if position else ''}{what} of stream '{self.stream_name}': "
            f"{self.owner.name} writes streams {', '.join(WRITABLE_STREAMS)}. Rename the "
            'stream with a stream map (stream_maps: {"'
            + self.stream_name
            + '": {"__alias__": "opportunities"}}).'
        )


class FieldMetadataSink(RejectingSink):
    """Accepts tap-marketo-opportunities' `opportunity_fields` stream and writes nothing.

    Field metadata describes Marketo's schema; it is not data to load. Skipping it lets the
    tap be piped straight into this target.
    """

    def setup(self) -> None:
        """Say once why this stream's records are not written."""
        super().setup()
        self.logger.info("Stream '%s' is field metadata; it is not written.", self.stream_name)

    def process_batch(self, context: dict) -> None:
        """Nothing to send."""


def _codes(result: dict[str, t.Any]) -> set[str]:
    return {str(reason.get("code")) for reason in result.get("reasons", [])}


def _read_only_message(label: str) -> str:
    return (
        f"Marketo does not allow writing {label} records on this instance: with Salesforce or "
        "Microsoft Dynamics CRM sync enabled, the Opportunity API is read-only and roles are "
        "unavailable. Write opportunities through the CRM instead. No records were sent."
    )
