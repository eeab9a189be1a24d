"""The sink of every input stream: checks each record and hands its row to the upload plan.

Memory stays flat: accepted rows go to the run's `UploadPlan`, which spools them to disk
(at most a thousand wait in memory, to have their addresses claimed together); refused
ones go to the reject file in input order, each reason starting with the record's input
line, stream and (when it has a usable one) address. The SDK drains the sink only at the
end of the input (the sink never reports full), and draining applies the whole plan, so
STATE is written once 配配メール has applied every row before it.
"""

from __future__ import annotations

import sys
import typing as t

from singer_commons.rejects import Refusal, as_sent
from singer_commons.sdk.sinks import CheckingSink
from target_haihai_mail.operations import Operation
from target_haihai_mail.plan import CheckedRow
from target_haihai_mail.rows import RecordRejected, record_cells

if t.TYPE_CHECKING:
    from target_haihai_mail.target import TargetHaihaiMail

DELETED_AT = "_sdc_deleted_at"


class HaihaiSink(CheckingSink):
    """Turns one stream's records into rows of the run's bulk uploads."""

    owner: TargetHaihaiMail

    def __init__(
        self,
        target: TargetHaihaiMail,
        stream_name: str,
        schema: dict,
        key_properties: t.Sequence[str] | None,
    ) -> None:
        super().__init__(target, stream_name, schema, key_properties)
        self.columns = target.stream_columns(stream_name, schema.get("properties", {}))
        self.operation = target.operation_of(stream_name)
        self._neutralised: set[str] = set()
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

    def process_record(self, record: dict, context: dict) -> None:
        """Check the record and hand its row to the plan, or reject it naming the field."""
        del context
        operation = Operation.DELETE if record.get(DELETED_AT) else self.operation
        columns = self.columns
        email_field = columns.fields[columns.email_property]
        try:
            self._check_against_schema(record, operation)
            cells, neutralised = record_cells(
                record,
                columns,
                all_fields=operation.sends_fields,
                csv_format=self.owner.connection.csv_format,
                formulas=self.owner.formula_cells,
            )
        except RecordRejected as exc:
            label = self.owner.address_label(self.stream_name, record.get(columns.email_property))
            self.owner.plan.add(Refusal(self.stream_name, as_sent(record), f"{label}: {exc}"))
            return
        address = cells[email_field]  # checked by record_cells
        label = self.owner.address_label(self.stream_name, address, checked=True)
        for field in neutralised:
            if field not in self._neutralised:
                self._neutralised.add(field)
                self.logger.warning(
                    "Stream '%s': a cell of %s starts with a formula character; sent with a "
                    "leading ' (formula_cells: neutralise). Reported once per field.",
                    self.stream_name,
                    field,
                )
        row = CheckedRow(
            operation=operation,
            stream=self.stream_name,
            record=as_sent(record),
            cells=cells,
            address=address,
            email_property=columns.email_property,
            label=label,
        )
        self.owner.plan.add(row)

    def _check_against_schema(self, record: dict, operation: Operation) -> None:
        """Refuse a value the SCHEMA does not declare, or a sent value of another type.

        A value under an undeclared property is refused whether or not `validate_records`
        is set: the mapping to 配配メール fields was made from the SCHEMA, so the value would
        vanish silently. Types are checked with `validate_records` (the default), and only
        for what is sent: for a delete or status change, the address alone.

        Raises:
            RecordRejected: naming the property (and the field it is sent to).
        """
        columns = self.columns
        if operation.sends_fields and (problem := self.record_schema.undeclared_problem(record)):
            raise RecordRejected(problem)
        if not self.validate_schema:
            return
        sent = (
            columns.fields
            if operation.sends_fields
            else {columns.email_property: columns.fields[columns.email_property]}
        )
        if problem := self.record_schema.type_problem(
            record, sent, name=lambda name: f"field '{name}' ({sent[name]})"
        ):
            raise RecordRejected(problem)

    def process_batch(self, context: dict) -> None:
        """Apply every spooled row of the run (all streams) before the SDK writes STATE."""
        del context
        self.owner.plan.apply()
