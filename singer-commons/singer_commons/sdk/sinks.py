"""A batch sink that judges each record itself and rejects it, instead of the SDK ending the run.

Why: for every record the SDK validates it against the stream's SCHEMA and then either
raises (ending the load) or logs and passes the bad record on, and it raises on a record
missing a key property; it also compiles the SCHEMA into a validator and raises if it is not
a valid JSON Schema. A target of this project rejects a bad record to its reject file,
naming the record and the field, and goes on: `process_record` does every check, against
the vendor's rules and (optionally) `record_schema`.

A record keeps `_sdc_deleted_at`, which makes it a delete, and none of the SDK's other
`_sdc_` stamps: the SDK only keeps the one by stamping all seven on every record (two
timestamps formatted per record, about a tenth of a target's time), and no vendor here
stores them.
"""

from __future__ import annotations

import typing as t
from functools import cached_property

from singer_commons.sdk.compat import SinkHooks
from singer_commons.sdk.record_schema import DELETED_AT, RecordSchema

if t.TYPE_CHECKING:
    from collections.abc import Sequence

    from singer_commons.sdk.plugins import VendorTarget

# The properties the SDK stamps (and strips): a record holding none needs no stripping.
SDK_STAMPS = frozenset(
    {
        "_sdc_extracted_at",
        "_sdc_received_at",
        "_sdc_batched_at",
        DELETED_AT,
        "_sdc_sequence",
        "_sdc_table_version",
        "_sdc_sync_started_at",
    }
)


class CheckingSink(SinkHooks):
    """`BatchSink` leaving every check of a record to `process_record` (see module doc)."""

    # The target whose reject file, connection and settings the sink uses (a subclass
    # narrows the type to its own target).
    owner: VendorTarget

    def __init__(
        self,
        target: VendorTarget,
        stream_name: str,
        schema: dict,
        key_properties: Sequence[str] | None,
    ) -> None:
        self.owner = target
        super().__init__(target, stream_name, schema, key_properties)

    @property
    def include_sdc_metadata_properties(self) -> bool:
        """No SDK stamps (see module doc); `_sdc_deleted_at` is kept all the same."""
        return False

    def strip_sdc_schema(self) -> None:
        """Drop the SDK's `_sdc_` columns but declare `_sdc_deleted_at`, which records carry."""
        super().strip_sdc_schema()
        self.schema["properties"][DELETED_AT] = {
            "type": ["null", "string"],
            "format": "date-time",
        }

    def strip_sdc_record(self, record: dict) -> None:
        """Drop the SDK's `_sdc_` stamps a record may carry, keeping `_sdc_deleted_at`."""
        if record.keys().isdisjoint(SDK_STAMPS):  # nearly every record: nothing to strip
            return
        deleted_at = record.get(DELETED_AT)
        super().strip_sdc_record(record)
        if deleted_at is not None:
            record[DELETED_AT] = deleted_at

    def clean_up(self) -> None:
        """Wait for this run's write in flight before the sink goes (see `WriteBehind`)."""
        self.owner.write_behind.wait()
        super().clean_up()

    def get_validator(self) -> None:
        """No SDK validator: `record_schema` checks what the target wants checked."""

    def validate_and_parse(self, record: dict) -> dict:
        """Leave checks to `process_record`, which rejects a bad record instead of stopping."""
        return record

    def check_key_properties(self, record: dict) -> None:
        """Let a record missing a key property reach `process_record`: bad input, not a stop."""

    @cached_property
    def record_schema(self) -> RecordSchema:
        """The stream's SCHEMA as a check of records (built on first use).

        Whether to check types follows `validate_records` (the SDK's `validate_schema`);
        each target says which checks it applies.
        """
        return RecordSchema(self.schema)
