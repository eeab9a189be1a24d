"""The sink of every input stream: checks each record and spools it for its operation.

Nothing is kept in memory per record: accepted rows go to the run's `UploadPlan` on disk,
refused ones to the reject file. The SDK drains the sink only at the end of the input (the
sink never reports full), and draining applies the whole plan, so STATE is written once
配配メール has applied every row before it.
"""

from __future__ import annotations

import sys
import typing as t

from singer_sdk.sinks import BatchSink

from singer_commons.rejects import as_sent
from target_haihai_mail.operations import Operation
from target_haihai_mail.rows import RecordRejected, record_cells

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
        """Check the record and spool its row, or reject it with the field named."""
        del context
        operation = Operation.DELETE if record.get(DELETED_AT) else self.operation
        try:
            cells, neutralised = record_cells(
                record,
                self.columns,
                all_fields=operation.sends_fields,
                csv_format=self.owner.connection.csv_format,
                formulas=self.owner.formula_cells,
            )
        except RecordRejected as exc:
            self.owner.rejects.write(self.stream_name, as_sent(record), str(exc))
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
        self.owner.plan.add(operation, self.stream_name, as_sent(record), cells)

    def process_batch(self, context: dict) -> None:
        """Apply every spooled row of the run (all streams) before the SDK writes STATE."""
        del context
        self.owner.plan.apply()
