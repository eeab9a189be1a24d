"""target-satori-bridge: SATORI customer upserts that obey the data-integration option's rules."""

from __future__ import annotations

import sys
import typing as t
from functools import cached_property

import click
from singer_sdk import typing as th

from satori_client.connection import SatoriConnection
from satori_client.settings import CONNECTION_PROPERTIES
from singer_commons.connection import retry_sleep
from singer_commons.csvcodec import FormulaCells
from singer_commons.errors import config_error
from singer_commons.sdk import settings as common
from singer_commons.sdk.notifying import NotifyingTarget, error_notification
from singer_commons.sdk.schema_target import SchemaCheckingTarget
from target_satori_bridge.bulk import FIRST_POLL_WAIT, PollSettings
from target_satori_bridge.conflicts import EmailOwners
from target_satori_bridge.customers import IDENTITY_TYPES, CustomerShape
from target_satori_bridge.fields import (
    EMAIL,
    Linkage,
    LinkageError,
    known_fields,
    parse_field_linkage,
)
from target_satori_bridge.mappings import MappingError, PermissionMapping, TagMapping
from target_satori_bridge.rows import FailedRowMapper, RowNumbering
from target_satori_bridge.sheet import FORMATS, as_csv, as_markdown, sheet_rows
from target_satori_bridge.single_form import APPROVAL, DEFAULT_REFUSAL, SingleForm
from target_satori_bridge.sinks import SatoriCustomerSink
from target_satori_bridge.writer import WriteCounts

if t.TYPE_CHECKING:
    from collections.abc import Callable

DEFAULT_BULK_THRESHOLD = 100
DEFAULT_BULK_TIMEOUT_MINUTES = 60
DEFAULT_TIMING = "every pipeline run (schedule it after SATORI's 02:00 and 11:00 generation)"
_MAPPING_OBJECT = th.ObjectType(
    th.Property("property", th.StringType, description="Record property holding the value."),
    additional_properties=True,
)


class TargetSatoriBridge(NotifyingTarget, SchemaCheckingTarget):
    """Upserts SATORI customers by email or hashcode, single calls or bulk CSV."""

    name = "target-satori-bridge"
    default_sink_class = SatoriCustomerSink

    config_jsonschema = th.PropertiesList(
        *CONNECTION_PROPERTIES,
        th.Property(
            "identity_type",
            th.StringType(allowed_values=list(IDENTITY_TYPES)),
            default=EMAIL,
            description=(
                "How a record finds its customer: email (creates customers it does not find) "
                "or hashcode (updates existing customers only)."
            ),
        ),
        th.Property(
            "identity_property",
            th.StringType,
            description="Record property holding the email or hashcode (default: identity_type).",
        ),
        th.Property(
            "field_linkage",
            th.ObjectType(additional_properties=True),
            default={},
            description=(
                "One entry per SATORI field: its linkage type (NG, Readable, Writable, "
                "ReadableWritable), the Singer property a Writable field is written from, and "
                'for custom fields whether values are unique, e.g. {"lead_company_name": '
                '{"linkage": "Writable", "property": "company"}, "custom:member_id": '
                '{"linkage": "NG", "unique": true}}. Checked at start against the option\'s '
                "rules; only Writable and ReadableWritable fields are sent."
            ),
        ),
        th.Property(
            "extra_standard_fields",
            th.ObjectType(additional_properties=th.StringType),
            default={},
            description=(
                "Standard customer fields of your SATORI company beyond the keys public "
                "sources show (email, last_name, first_name, last_name_reading, "
                "first_name_reading, lead_company_name, phone_number, mobile_phone_number, "
                "address, memo, collection_route, collection_date), declared as key → "
                'Japanese name, e.g. {"department": "部署"}; they may then be linked in '
                "field_linkage and are sent as customer[<key>] and as a bulk CSV header. "
                "Keys are never guessed: check them with SATORI first."
            ),
        ),
        th.Property(
            "delivery_permission",
            _MAPPING_OBJECT,
            description=(
                "Where メール配信可否 comes from: "
                '{"property": "opted_in"} (booleans, 許可/拒否, yes/no), with "values" to '
                'translate other words, and/or a fixed {"value": "拒否"}. Unset: unchanged. '
                "Sent as 許可/拒否 in the bulk CSV, as approval/single_api_refusal_value by "
                "the single API."
            ),
        ),
        th.Property(
            "single_api_refusal_value",
            th.StringType,
            default=DEFAULT_REFUSAL,
            description=(
                "What the single API (customer/upsert.json) is sent as "
                "customer[delivery_permission] for a record that refuses delivery (拒否). "
                "Public callers show approval for 許可, but no public source shows the "
                "single API's refusal word: reject is assumed; set the word SATORI's API v4 "
                "manual gives you. The bulk CSV always gets 許可/拒否."
            ),
        ),
        th.Property(
            "append_tags",
            _MAPPING_OBJECT,
            description=(
                'Tags to add: {"property": "tags"} (a list or comma-separated text) and/or '
                'fixed {"tags": ["配配メール開封"]}.'
            ),
        ),
        th.Property(
            "delete_tags",
            _MAPPING_OBJECT,
            description=(
                "Tags to remove, like append_tags. Only SATORI's bulk CSV removes tags, so "
                "batches with tags to remove always go by bulk upload."
            ),
        ),
        th.Property(
            "clear_blank_values",
            th.BooleanType,
            default=False,
            description=(
                "When a record's value is empty or null, clear SATORI's value. Default false: "
                "blank values never erase data in SATORI."
            ),
        ),
        th.Property(
            "formula_cells",
            th.StringType(allowed_values=[policy.value for policy in FormulaCells]),
            default=FormulaCells.NEUTRALISE.value,
            description=(
                "Values and tags starting with = + - @ tab or CR (spreadsheets run them as "
                "formulas, SATORI's own CSV exports included): neutralise (store them with a "
                "leading ', single calls and bulk CSV alike) or reject the record. An email "
                "starting so is always rejected."
            ),
        ),
        th.Property(
            "bulk_threshold",
            th.IntegerType,
            default=DEFAULT_BULK_THRESHOLD,
            description=(
                "Batches of more customers than this go by bulk CSV upload (10,000 rows a "
                "request); smaller ones one single upsert call per customer."
            ),
        ),
        th.Property(
            "failed_row_numbering",
            th.StringType(allowed_values=[numbering.value for numbering in RowNumbering]),
            default=RowNumbering.AUTO.value,
            description=(
                "What the row_number of a failed bulk row counts: data_row (1 = first "
                "customer), file_line (1 = header) or auto: worked out from the answer, and "
                "when it does not tell, by one one-row probe upload SATORI must refuse (an "
                "address without @), once per run. The probe changes nothing in SATORI."
            ),
        ),
        th.Property(
            "poll_interval_seconds",
            th.NumberType,
            default=FIRST_POLL_WAIT,
            description="First wait between bulk status checks; waits double up to a minute.",
        ),
        th.Property(
            "bulk_timeout_minutes",
            th.NumberType,
            default=DEFAULT_BULK_TIMEOUT_MINUTES,
            description=(
                "Stop waiting for a bulk job after this long (exit code 75, no STATE past it; "
                "a re-run sends the same upserts again)."
            ),
        ),
        th.Property(
            "linkage_timing",
            th.StringType,
            default=DEFAULT_TIMING,
            description="連携タイミング written on the requirements sheet (when the job runs).",
        ),
        common.reject_file(),
        common.fail_on_reject(),
        *error_notification(),
    ).to_dict()

    def validate_settings(self) -> None:
        """Check the linkage rules and mappings before any call (see fields.py)."""
        for link in self.shape.links:
            if link.linkage is Linkage.READABLE_WRITABLE:
                self.logger.warning(
                    "field_linkage.%s is ReadableWritable: SATORI does not recommend it (two "
                    "systems then overwrite each other); prefer Writable or Readable",
                    link.key,
                )
        if int(self.config.get("bulk_threshold", 0)) < 0:
            msg = "bulk_threshold must be 0 or more."
            raise config_error(msg)
        refusal = self.single_form.refusal_value
        if not refusal or refusal == APPROVAL:
            msg = (
                f"single_api_refusal_value must be the word that refuses delivery, not "
                f"{refusal!r} (default {DEFAULT_REFUSAL!r})."
            )
            raise config_error(msg)

    @cached_property
    def shape(self) -> CustomerShape:
        """How records become customer changes, checked against the option's rules.

        Raises:
            ConfigValidationError: naming the entry and the rule it breaks.
        """
        config = self.config
        identity_type = str(config.get("identity_type") or EMAIL)
        try:
            fields = known_fields(config.get("extra_standard_fields") or {})
            links = parse_field_linkage(config.get("field_linkage") or {}, fields)
            shape = CustomerShape(
                identity_type=identity_type,
                identity_property=str(config.get("identity_property") or identity_type),
                links=links,
                permission=PermissionMapping.from_setting(config.get("delivery_permission")),
                append_tags=TagMapping.from_setting("append_tags", config.get("append_tags")),
                delete_tags=TagMapping.from_setting("delete_tags", config.get("delete_tags")),
                clear_blank_values=bool(config.get("clear_blank_values", False)),
                formulas=FormulaCells(config.get("formula_cells") or FormulaCells.NEUTRALISE.value),
            )
        except (LinkageError, MappingError) as exc:
            raise config_error(str(exc)) from None
        if identity_type == EMAIL and any(link.key == EMAIL for link in shape.writable):
            msg = (
                "field_linkage.email cannot be Writable with identity_type email: the email is "
                "the identity (set identity_property to the property holding it)."
            )
            raise config_error(msg)
        return shape

    @cached_property
    def single_form(self) -> SingleForm:
        """How one customer is posted to the single API."""
        return SingleForm(
            identity_type=self.shape.identity_type,
            refusal_value=str(self.config.get("single_api_refusal_value", DEFAULT_REFUSAL)).strip(),
        )

    def record_label(self, stream: str, record: t.Mapping[str, t.Any]) -> str:
        """How a reason names a record: its input line, and its email or hashcode if any."""
        return self.shape.label(self.record_position(stream), record)

    @cached_property
    def connection(self) -> SatoriConnection:
        """The single connection of this run."""
        return SatoriConnection(self.config)

    @cached_property
    def counts(self) -> WriteCounts:
        """What SATORI confirmed in this run, over every stream."""
        return WriteCounts()

    @cached_property
    def email_owners(self) -> EmailOwners:
        """Emails claimed so far in this run, over every stream."""
        return EmailOwners(self.shape.identity_type)

    @property
    def bulk_threshold(self) -> int:
        """Batches above this many upserts go by bulk upload."""
        return int(self.config.get("bulk_threshold", DEFAULT_BULK_THRESHOLD))

    @property
    def poll(self) -> PollSettings:
        """How bulk jobs are waited for."""
        return PollSettings(
            first_wait=float(self.config.get("poll_interval_seconds") or FIRST_POLL_WAIT),
            timeout_seconds=60.0 * float(self.config.get("bulk_timeout_minutes") or 1),
        )

    @cached_property
    def row_mapper(self) -> FailedRowMapper:
        """Maps failed bulk rows to records; learns SATORI's numbering once per run."""
        numbering = RowNumbering(self.config.get("failed_row_numbering") or RowNumbering.AUTO.value)
        return FailedRowMapper(numbering, self.logger)

    @cached_property
    def sleep(self) -> Callable[[float], None]:
        """The wait between status checks (scaled in tests)."""
        return retry_sleep()

    def summary_lines(self) -> list[str]:
        """Counts of the run for the summary mail."""
        return self.counts.lines()

    def process_endofpipe(self) -> None:
        """Drain every sink (then STATE), log what SATORI confirmed, report rejects."""
        try:
            super().process_endofpipe()
        finally:
            self.email_owners.close()
            self.logger.info("SATORI run summary: %s", "; ".join(self.counts.lines()))

    def requirements_sheet(self, output_format: str) -> str:
        """The 連携要件連絡書 of this configuration, as Markdown or CSV."""
        timing = str(self.config.get("linkage_timing") or DEFAULT_TIMING)
        rows = sheet_rows(self.shape, self.config, timing, self.single_form.refusal_value)
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
