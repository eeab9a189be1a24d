"""The sink of every input stream: its records go, with its stream's rules, to the upload plan.

When a stream's SCHEMA arrives, its sink has the run's `UploadPlan` build the stream's rules
(`checks.StreamRules`: the mapping to the account's fields, checked before anything is
uploaded, the operation, the SCHEMA checks), a frozen value. Each record then goes to the
plan with those rules and its input line; the plan checks, spools and, at the end, uploads
(see plan.py for why one plan serves every stream). The SDK drains the sink only at the end
of the input (the sink never reports full), and draining applies the whole plan, so STATE
is written once 配配メール has applied every row before it.
"""

from __future__ import annotations

import sys
import typing as t

from singer_commons.sdk.sinks import CheckingSink

if t.TYPE_CHECKING:
    from target_haihai_mail.target import TargetHaihaiMail


class HaihaiSink(CheckingSink):
    """Hands one stream's records to the run's bulk uploads."""

    owner: TargetHaihaiMail

    def __init__(
        self,
        target: TargetHaihaiMail,
        stream_name: str,
        schema: dict,
        key_properties: t.Sequence[str] | None,
    ) -> None:
        super().__init__(target, stream_name, schema, key_properties)
        self.plan = target.plan
        self.rules = self.plan.stream_rules(
            stream_name,
            self.schema.get("properties", {}),
            self.record_schema,
            check_types=self.validate_schema,
        )
        if self.rules.columns.ignored:
            self.logger.info(
                "Stream '%s': not sent (map them with field_map to send them): %s",
                stream_name,
                ", ".join(self.rules.columns.ignored),
            )

    @property
    def max_size(self) -> int:
        """Never full: one upload per operation per run (split only at max_rows_per_upload)."""
        return sys.maxsize

    def process_record(self, record: dict, context: dict) -> None:
        """Hand the record to the plan, which judges it with the records around it."""
        del context
        self.plan.add(self.rules, self.owner.input_line, record)

    def process_batch(self, context: dict) -> None:
        """Apply every spooled row of the run (all streams) before the SDK writes STATE."""
        del context
        self.plan.apply()
