"""target-satori-bridge: SATORI customer upserts that obey the data-integration option's rules."""

from __future__ import annotations

import sys
import typing as t
from functools import cached_property

import click

from satori_client.connection import SatoriConnection
from singer_commons.sdk.notifying import NotifyingTarget
from singer_commons.sdk.schema_target import SchemaCheckingTarget
from target_satori_bridge.conflicts import EmailOwners
from target_satori_bridge.fields import Linkage
from target_satori_bridge.rows import FailedRowMapper
from target_satori_bridge.run import SatoriRun
from target_satori_bridge.settings import SETTINGS_SCHEMA, SatoriTargetSettings
from target_satori_bridge.sheet import FORMATS, as_csv, as_markdown, sheet_rows
from target_satori_bridge.sinks import SatoriCustomerSink


class TargetSatoriBridge(NotifyingTarget, SchemaCheckingTarget):
    """Upserts SATORI customers by email or hashcode, single calls or bulk CSV."""

    name = "target-satori-bridge"
    # The distribution (the name is the executable): --about reads its version from it.
    package_name = "hashiwatashi-target-satori-bridge"
    default_sink_class = SatoriCustomerSink

    config_jsonschema = SETTINGS_SCHEMA

    @cached_property
    def settings(self) -> SatoriTargetSettings:
        """This run's settings, linkage rules and mappings checked (see `settings`)."""
        return SatoriTargetSettings.from_config(self.config)

    def validate_settings(self) -> None:
        """Check the settings before any call; warn of links SATORI advises against."""
        super().validate_settings()
        for link in self.settings.rules.shape.links:
            if link.linkage is Linkage.READABLE_WRITABLE:
                self.logger.warning(
                    "field_linkage.%s is ReadableWritable: SATORI does not recommend it (two "
                    "systems then overwrite each other); prefer Writable or Readable",
                    link.key,
                )

    def record_label(self, stream: str, record: t.Mapping[str, t.Any]) -> str:
        """How a reason names a record: its input line, and its email or hashcode if any."""
        return self.settings.rules.shape.label(self.record_position(stream), record)

    @cached_property
    def run(self) -> SatoriRun:
        """What every sink of this run shares: connection, rejects, claims, counts."""
        return SatoriRun(
            connection=SatoriConnection(self.settings.connection),
            rejects=self.rejects,
            email_owners=EmailOwners(self.settings.rules.shape.identity_type),
            row_mapper=FailedRowMapper(self.settings.failed_row_numbering, self.logger),
        )

    def summary_lines(self) -> list[str]:
        """Counts of the run for the summary mail."""
        return self.run.counts.lines()

    def process_endofpipe(self) -> None:
        """Drain every sink (then STATE), log what SATORI confirmed, report rejects."""
        try:
            super().process_endofpipe()
        finally:
            self.run.email_owners.close()
            self.logger.info("SATORI run summary: %s", "; ".join(self.run.counts.lines()))

    def requirements_sheet(self, output_format: str) -> str:
        """The 連携要件連絡書 of this configuration, as Markdown or CSV."""
        rows = sheet_rows(self.settings)
        return as_csv(rows) if output_format == "csv" else as_markdown(rows, plugin=self.name)

    @classmethod
    def get_singer_command(cls) -> click.Command:
        """The SDK's command plus `--requirements-sheet [markdown|csv]`."""
        command = super().get_singer_command()
        command.params.append(
            click.Option(
                ["--requirements-sheet", "requirements_sheet"],
                type=click.Choice(FORMATS, case_sensitive=False),
                default=None,
                help="Print the 連携要件連絡書 generated from --config, then exit.",
            )
        )
        return command

    @classmethod
    def invoke(cls, *, requirements_sheet: str | None = None, **kwargs: t.Any) -> None:
        """Run as a target, or print the requirements sheet of the config and exit."""
        if requirements_sheet is None:
            super().invoke(**kwargs)
            return
        config = kwargs.get("config")
        target = cls(
            config=config.config if config else None,
            validate_config=True,
            parse_env_config=bool(config and config.parse_env),
        )
        sys.stdout.write(target.requirements_sheet(requirements_sheet.lower()))


if __name__ == "__main__":
    TargetSatoriBridge.cli()
