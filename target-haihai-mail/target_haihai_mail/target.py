"""target-haihai-mail: bulk register, delete and status changes through 配配メール's CSV API."""

from __future__ import annotations

import typing as t
from functools import cached_property

from haihai_mail_client.connection import HaihaiConnection
from singer_commons.connection import retry_sleep
from singer_commons.sdk.schema_target import SchemaCheckingTarget
from target_haihai_mail.labels import row_label, usable_address
from target_haihai_mail.plan import UploadPlan
from target_haihai_mail.settings import SETTINGS_SCHEMA, HaihaiTargetSettings
from target_haihai_mail.sinks import HaihaiSink

if t.TYPE_CHECKING:
    from collections.abc import Mapping


class TargetHaihaiMail(SchemaCheckingTarget):
    """Writes Singer records to 配配メール as one CSV upload per operation per run."""

    name = "target-haihai-mail"
    # The distribution (the name is the executable): --about reads its version from it.
    package_name = "hashiwatashi-target-haihai-mail"
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

    def record_label(self, stream: str, record: Mapping[str, t.Any]) -> str:
        """How a reject names a record being read: its input line, stream and usable address.

        For a record refused before it reaches its sink (its stream's SCHEMA was refused);
        the address is found through `field_map`.
        """
        rules = self.settings.records
        email = next(
            (
                value
                for name, value in record.items()
                if rules.field_map.get(name, name) == rules.email_field
            ),
            None,
        )
        return row_label(stream, self.input_line, usable_address(email))

    @cached_property
    def plan(self) -> UploadPlan:
        """The run's record flow and uploads, shared by every sink (see plan.py)."""
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
