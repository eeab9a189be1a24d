"""The sink of every input stream: checks each record and spools it for its operation.

Nothing is kept in memory per record: accepted rows go to the run's `UploadPlan` on disk,
refused ones to the reject file, each reason starting with the record's input line, stream
and (when it has a usable one) address. The SDK drains the sink only at the end of the
input (the sink never reports full), and draining applies the whole plan, so STATE is
written once 配配メール has applied every row before it.
"""

from __future__ import annotations

import sys
import typing as t

from singer_sdk.sinks import BatchSink

from singer_commons.rejects import as_sent
from target_haihai_mail.operations import Operation
from target_haihai_mail.rows import RecordRejected, record_cells
from target_haihai_mail.schemas import DeclaredTypes, check_declared

if t.TYPE_CHECKING:
    from target_haihai_mail.target import TargetHaihaiMail

DELETED_AT = "_sdc_deleted_at"


class HaihaiSink(BatchSink):
    """Turns one stream's records into rows of the run's bulk uploads."""

    def __init__(
        self,
        target: TargetHaihaiMail,
        stream_name: str,
        schema: dict,
        key_properties: t.Sequence[str] | None,
    ) -> None:
        self.owner = target
        super().__init__(target, stream_name, schema, key_properties)
        self.columns = target.stream_columns(stream_name, schema.get("properties", {}))
        self.operation = target.operation_of(stream_name)
        self._neutralised: set[str] = set()
        # Built on the SDK's validator of the stream's SCHEMA (none when validate_records is
        # false): a value of the wrong type is a reject naming the property, not a stop.
        validator = getattr(self._validator, "validator", None)
        self._types = DeclaredTypes(validator, schema.get("properties", {})) if validator else None
        if self.columns.ignored:
            self.logger.info(
                "Stream '%s': not sent (map them with field_map to send them): %s",
                stream_name,
                ", ".join(self.columns.ignored),
            )

    @property
    def max_size(self) -> int:
        """Never full: one upload per operation per run (split only at max_rows_per_upload)."""
        return sys.maxsize

    @property
    def include_sdc_metadata_properties(self) -> bool:
        """Keep `_sdc_deleted_at`: it turns a record into a delete."""
        return True

    def _validate_and_parse(self, record: dict) -> dict:
        """Leave checks to `process_record`, which rejects a bad record instead of stopping."""
        return record

    def _singer_validate_message(self, record: dict) -> None:
        """A record missing a key property is still written by its email; nothing to stop."""

    def process_record(self, record: dict, context: dict) -> None:
        """Check the record and spool its row, or reject it with the record and field named."""
        del context
        operation = Operation.DELETE if record.get(DELETED_AT) else self.operation
        columns = self.columns
        label = self.owner.record_label(self.stream_name, record.get(columns.email_property))
        email_field = columns.fields[columns.email_property]
        try:
            if operation.sends_fields:
                check_declared(record, self.schema.get("properties", {}))
            if self._types is not None:
                sent = (
                    columns.fields
                    if operation.sends_fields
                    else {columns.email_property: email_field}
                )
                self._types.check(record, sent)
            cells, neutralised = record_cells(
                record,
                columns,
                all_fields=operation.sends_fields,
                csv_format=self.owner.connection.csv_format,
                formulas=self.owner.formula_cells,
            )
        except RecordRejected as exc:
            self.owner.rejects.write(self.stream_name, as_sent(record), f"{label}: {exc}")
            return
        if earlier := self.owner.plan.earlier_row(operation, cells[email_field], label):
            reason = (
                f"{label}: field '{columns.email_property}' ({email_field}): this run's "
                f"{operation.japanese_name} ({operation.setting}) upload already has a row for "
                f"this address ({earlier}); two rows for one address in one import are "
                "ambiguous, so the first is kept and this one is not sent"
            )
            self.owner.rejects.write(self.stream_name, as_sent(record), reason)
            return
        for field in neutralised:
            if field not in self._neutralised:
                self._neutralised.add(field)
                self.logger.warning(
                    "Stream '%s': a cell of %s starts with a formula character; sent with a "
                    "leading ' (formula_cells: neutralise). Reported once per field.",
                    self.stream_name,
                    field,
                )
        self.owner.plan.add(operation, self.stream_name, as_sent(record), cells, label=label)

    def process_batch(self, context: dict) -> None:
        """Apply every spooled row of the run (all streams) before the SDK writes STATE."""
        del context
        self.owner.plan.apply()
