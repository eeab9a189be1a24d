"""The sink of every input stream: judges its records and hands their rows to the upload plan.

Memory stays flat: records go to the run's `UploadPlan`, which holds at most a thousand
before it asks each stream's sink to judge its run of them (`judged`: the whole run at once
when it is clean, see batch_check.py, else record by record), claims their addresses and
spools the accepted rows to disk; refused ones go to the reject file in input order, each
reason starting with the record's input line, stream and (when it has a usable one)
address. The SDK drains the sink only at the end of the input (the sink never reports
full), and draining applies the whole plan, so STATE is written once 配配メール has applied
every row before it.
"""

from __future__ import annotations

import sys
import typing as t

from singer_commons.errors import RecordRejected
from singer_commons.rejects import Refusal, as_sent
from singer_commons.sdk.sinks import CheckingSink
from target_haihai_mail.batch_check import clean_columns
from target_haihai_mail.operations import Operation
from target_haihai_mail.plan import CheckedRow, CleanRows
from target_haihai_mail.rows import record_cells
from target_haihai_mail.spool import SpoolRows

if t.TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

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
        self._sent = self._fields_sent(self.operation)
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
        """Hand the record to the plan, which has it judged with the records around it."""
        del context
        self.owner.plan.add(self, self.owner.input_line, record)

    def judged(
        self, arrivals: Sequence[tuple[int, dict]]
    ) -> CleanRows | list[CheckedRow | Refusal]:
        """This stream's run of (input line, record): all clean at once, or one by one."""
        records = [record for _, record in arrivals]
        columns = clean_columns(
            records,
            list(self._sent),
            email_property=self.columns.email_property,
            schema=self.record_schema,
            check_types=self.validate_schema,
            encoding=self.owner.settings.connection.csv_format.encoding,
        )
        if columns is None:
            return [self._judged_one(line, record) for line, record in arrivals]
        addresses = columns[list(self._sent).index(self.columns.email_property)]
        return CleanRows(
            operation=self.operation,
            email_property=self.columns.email_property,
            addresses=addresses,
            rows=SpoolRows(
                stream=self.stream_name,
                fields=list(self._sent.values()),
                cells=list(zip(*columns, strict=True)),
                labels=self.owner.address_labels(
                    self.stream_name, [line for line, _ in arrivals], addresses
                ),
                records=records,
            ),
        )

    def _judged_one(self, line: int, record: dict) -> CheckedRow | Refusal:
        """The record's row, or its refusal naming the field."""
        operation = Operation.DELETE if record.get(DELETED_AT) else self.operation
        columns = self.columns
        email_field = columns.fields[columns.email_property]
        try:
            self._check_against_schema(record, operation)
            cells, neutralised = record_cells(
                record,
                columns,
                all_fields=operation.sends_fields,
                csv_format=self.owner.settings.connection.csv_format,
                formulas=self.owner.settings.records.formula_cells,
            )
        except RecordRejected as exc:
            address = record.get(columns.email_property)
            label = self.owner.address_label(self.stream_name, address, line=line)
            return Refusal(self.stream_name, as_sent(record), f"{label}: {exc}")
        address = cells[email_field]  # checked by record_cells
        label = self.owner.address_label(self.stream_name, address, line=line, checked=True)
        for field in neutralised:
            if field not in self._neutralised:
                self._neutralised.add(field)
                self.logger.warning(
                    "Stream '%s': a cell of %s starts with a formula character; sent with a "
                    "leading ' (formula_cells: neutralise). Reported once per field.",
                    self.stream_name,
                    field,
                )
        return CheckedRow(
            operation=operation,
            stream=self.stream_name,
            record=as_sent(record),
            cells=cells,
            address=address,
            email_property=columns.email_property,
            label=label,
        )

    def _check_against_schema(self, record: dict, operation: Operation) -> None:
        """Refuse a value the SCHEMA does not declare, or a sent value of another type.

        A value under an undeclared property is refused whether or not `validate_records`
        is set: the mapping to 配配メール fields was made from the SCHEMA, so the value would
        vanish silently. Types are checked with `validate_records` (the default), and only
        for what is sent: for a delete or status change, the address alone.

        Raises:
            RecordRejected: naming the property (and the field it is sent to).
        """
        if operation.sends_fields and (problem := self.record_schema.undeclared_problem(record)):
            raise RecordRejected(problem)
        if not self.validate_schema:
            return
        sent = self._fields_sent(operation)
        if problem := self.record_schema.type_problem(
            record, sent, name=lambda name: f"field '{name}' ({sent[name]})"
        ):
            raise RecordRejected(problem)

    def _fields_sent(self, operation: Operation) -> Mapping[str, str]:
        """Property → field of what `operation` sends: every mapped one, or the address alone."""
        columns = self.columns
        if operation.sends_fields:
            return columns.fields
        return {columns.email_property: columns.fields[columns.email_property]}

    def process_batch(self, context: dict) -> None:
        """Apply every spooled row of the run (all streams) before the SDK writes STATE."""
        del context
        self.owner.plan.apply()
