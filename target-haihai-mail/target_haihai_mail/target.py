"""target-haihai-mail: bulk register, delete and status changes through 配配メール's CSV API."""

from __future__ import annotations

import typing as t
from functools import cached_property

from haihai_mail_client.apis import DATABASE_FIELDS, FIELD_NAME_COLUMN
from haihai_mail_client.connection import HaihaiConnection
from singer_commons.connection import retry_sleep
from singer_commons.emails import email_problem
from singer_commons.sdk.plugins import line_position
from singer_commons.sdk.schema_target import SchemaCheckingTarget
from target_haihai_mail.fields import stream_columns
from target_haihai_mail.plan import UploadPlan
from target_haihai_mail.settings import SETTINGS_SCHEMA, HaihaiTargetSettings
from target_haihai_mail.sinks import HaihaiSink

if t.TYPE_CHECKING:
    from collections.abc import Iterable, Mapping, Sequence

    from target_haihai_mail.fields import StreamColumns
    from target_haihai_mail.operations import Operation


class TargetHaihaiMail(SchemaCheckingTarget):
    """Writes Singer records to 配配メール as one CSV upload per operation per run."""

    name = "target-haihai-mail"
    default_sink_class = HaihaiSink
    # The sinks are drained once, at the end of the input (see sinks.py), never on a timer.
    _MAX_RECORD_AGE_IN_MINUTES = float("inf")

    config_jsonschema = SETTINGS_SCHEMA

    @cached_property
    def settings(self) -> HaihaiTargetSettings:
        """This run's settings (see `settings.HaihaiTargetSettings`)."""
        return HaihaiTargetSettings.from_config(self.config)

    @cached_property
    def connection(self) -> HaihaiConnection:
        """The single connection (and call ledger) of this run."""
        return HaihaiConnection(self.settings.connection)

    @cached_property
    def account_fields(self) -> frozenset[str]:
        """The account's database field names: one call (顧客データベース項目一覧) per run."""
        rows = self.connection.fetch_rows(DATABASE_FIELDS)
        names = frozenset(row.get(FIELD_NAME_COLUMN, "").strip() for row in rows) - {""}
        self.logger.info("配配メール database fields: %s", ", ".join(sorted(names)))
        return names

    def stream_columns(self, stream: str, properties: Iterable[str]) -> StreamColumns:
        """How a stream's properties map to the account's fields (checked; see fields.py)."""
        return stream_columns(
            stream,
            properties,
            field_map=self.settings.records.field_map,
            account_fields=self.account_fields,
            email_field=self.settings.records.email_field,
        )

    def operation_of(self, stream: str) -> Operation:
        """The operation of a stream's records (a record's _sdc_deleted_at overrides it)."""
        return self.settings.records.operation_of(stream)

    def address_label(
        self, stream: str, email: t.Any = None, *, line: int | None = None, checked: bool = False
    ) -> str:
        """How a reject names a record: its input line, stream and (when usable) address.

        `line`: the record's input line, when it is not the one being read.
        `checked`: the address is known to be valid, so it is not checked again.
        """
        position = self.input_position if line is None else line_position(line)
        where = f"{position}, stream '{stream}'" if position else f"stream '{stream}'"
        if checked or (isinstance(email, str) and email_problem(email) is None):
            return f"{where} ({email})"
        return where

    def address_labels(
        self, stream: str, lines: Sequence[int], addresses: Sequence[str]
    ) -> list[str]:
        """`address_label` of many records with checked addresses, by their input lines."""
        return [
            self.address_label(stream, address, line=line, checked=True)
            for line, address in zip(lines, addresses, strict=True)
        ]

    def record_label(self, stream: str, record: Mapping[str, t.Any]) -> str:
        """`address_label` of a record, its address found through `field_map`."""
        rules = self.settings.records
        email = next(
            (
                value
                for name, value in record.items()
                if rules.field_map.get(name, name) == rules.email_field
            ),
            None,
        )
        return self.address_label(stream, email)

    @cached_property
    def plan(self) -> UploadPlan:
        """The run's uploads, shared by every sink."""
        return UploadPlan(
            self.connection,
            self.settings,
            rejects=self.rejects,
            sleep=retry_sleep(),
            logger=self.logger,
        )

    def process_endofpipe(self) -> None:
        """Apply everything (then STATE and the reject summary); always remove the spool."""
        try:
            super().process_endofpipe()
        finally:
            if "plan" in self.__dict__:
                self.plan.close()


if __name__ == "__main__":
    TargetHaihaiMail.cli()
