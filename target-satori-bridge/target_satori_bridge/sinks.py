"""The sink of every input stream: checks each record, then writes batches of up to 10,000.

A record SATORI would refuse is rejected here, before anything is sent, with the property
named; a later record claiming an email an earlier customer of the run holds is rejected as a
conflict. `process_batch` returns only when SATORI has confirmed (or refused) every record of
the batch, so the STATE the SDK emits after it never runs ahead of SATORI.
"""

from __future__ import annotations

import typing as t

from singer_sdk.sinks import BatchSink

from singer_commons.rejects import as_sent
from target_satori_bridge.bulk import MAX_ROWS_PER_BULK
from target_satori_bridge.customers import RecordRejected
from target_satori_bridge.fields import EMAIL
from target_satori_bridge.writer import CustomerWriter, Pending

if t.TYPE_CHECKING:
    from target_satori_bridge.target import TargetSatoriBridge

DELETED_AT = "_sdc_deleted_at"


class SatoriCustomerSink(BatchSink):
    """Upserts (and, for records with `_sdc_deleted_at`, deletes) SATORI customers."""

    def __init__(
        self,
        target: TargetSatoriBridge,
        stream_name: str,
        schema: dict,
        key_properties: t.Sequence[str] | None,
    ) -> None:
        self.owner = target
        super().__init__(target, stream_name, schema, key_properties)
        self.writer = CustomerWriter(
            connection=target.connection,
            shape=target.shape,
            rejects=target.rejects,
            stream=stream_name,
            bulk_threshold=target.bulk_threshold,
            poll=target.poll,
            row_mapper=target.row_mapper,
            sleep=target.sleep,
            logger=self.logger,
            counts=target.counts,
        )

    @property
    def max_size(self) -> int:
        """One bulk request's worth of rows (or the smaller `batch_size_rows`)."""
        return min(super().max_size, MAX_ROWS_PER_BULK)

    @property
    def include_sdc_metadata_properties(self) -> bool:
        """Keep `_sdc_deleted_at`: it turns a record into a delete."""
        return True

    def _validate_and_parse(self, record: dict) -> dict:
        """Leave checks to `process_record`, which rejects a bad record instead of stopping."""
        return record

    def _singer_validate_message(self, record: dict) -> None:
        """A record missing a key property is still written by its identity; nothing to stop."""

    def process_record(self, record: dict, context: dict) -> None:
        """Check the record and queue it for the batch, or reject it naming the property."""
        shape = self.owner.shape
        try:
            if record.get(DELETED_AT):
                item = Pending(as_sent(record), shape.identity_of(record))
            else:
                change = shape.change(record)
                owner_key = (
                    change.identity.lower() if shape.identity_type == EMAIL else change.identity
                )
                if conflict := self.owner.email_owners.conflict(owner_key, change.email):
                    raise RecordRejected(conflict)
                item = Pending(as_sent(record), change.identity, change)
        except RecordRejected as exc:
            self.owner.rejects.write(self.stream_name, as_sent(record), str(exc))
            return
        context.setdefault("records", []).append(item)

    def process_batch(self, context: dict) -> None:
        """Write the batch; return once SATORI has answered for every record."""
        batch: list[Pending] = context.get("records", [])
        if batch:
            self.logger.info(
                "Writing %d record(s) of stream '%s' to SATORI", len(batch), self.stream_name
            )
            self.writer.write(batch)
