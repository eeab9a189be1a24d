"""The settings of target-satori-bridge, declared once and read into one object at start.

The connection's settings live in `satori_client.settings`, the summary mail's in
`singer_commons.sdk.notifying`; here are what only this target reads. Every default is its
schema property's, and every check (the linkage rules of SATORI's data-integration option,
the mappings, the values that cannot work) runs while the object is built, before any call,
raising `config_error` naming the setting.
"""

from __future__ import annotations

import typing as t
from dataclasses import dataclass

from singer_sdk import typing as th

from satori_client.settings import CONNECTION_PROPERTIES, SatoriConnectionSettings
from singer_commons.csvcodec import FormulaCells
from singer_commons.errors import config_error
from singer_commons.polling import PollSchedule
from singer_commons.sdk import settings as common
from singer_commons.sdk.notifying import error_notification, mail_settings
from target_satori_bridge.bulk import MAX_POLL_WAIT
from target_satori_bridge.customers import IDENTITY_TYPES, CustomerShape
from target_satori_bridge.fields import (
    EMAIL,
    LinkageError,
    known_fields,
    parse_field_linkage,
)
from target_satori_bridge.mappings import MappingError, PermissionMapping, TagMapping
from target_satori_bridge.rows import RowNumbering
from target_satori_bridge.rules import CustomerRules
from target_satori_bridge.single_form import APPROVAL, SingleForm

if t.TYPE_CHECKING:
    from collections.abc import Mapping

    from singer_commons.notify import MailSettings

_MAPPING_OBJECT = th.ObjectType(
    th.Property("property", th.StringType, description="Record property holding the value."),
    additional_properties=True,
)

SETTINGS_SCHEMA = th.PropertiesList(
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
        # Assumed: no public source shows the single API's word for 拒否 (single_form.py).
        default="reject",
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
        default=100,
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
        default=5.0,
        description="First wait between bulk status checks; waits double up to a minute.",
    ),
    th.Property(
        "bulk_timeout_minutes",
        th.NumberType,
        default=60,
        description=(
            "Stop waiting for a bulk job after this long (exit code 75, no STATE past it; "
            "a re-run sends the same upserts again)."
        ),
    ),
    th.Property(
        "linkage_timing",
        th.StringType,
        default="every pipeline run (schedule it after SATORI's 02:00 and 11:00 generation)",
        description="連携タイミング written on the requirements sheet (when the job runs).",
    ),
    common.reject_file(),
    common.fail_on_reject(),
    *error_notification(),
).to_dict()


@dataclass(frozen=True)
class SatoriTargetSettings:
    """Every setting of target-satori-bridge, read and checked once at start.

    Attributes:
        connection: The SATORI connection's (base URL, the four keys, request timeout).
        rules: What records are checked and written by (`rules.CustomerRules`).
        failed_row_numbering: What a failed bulk row's `row_number` counts (rows.py).
        linkage_timing: 連携タイミング, for the requirements sheet.
        rejects: The reject file and whether rejects fail the run.
        notification: The summary mail's settings, None without an address.
    """

    connection: SatoriConnectionSettings
    rules: CustomerRules
    failed_row_numbering: RowNumbering
    linkage_timing: str
    rejects: common.RejectSettings
    notification: MailSettings | None

    @classmethod
    def from_config(cls, config: Mapping[str, t.Any]) -> SatoriTargetSettings:
        """Read the target's validated config.

        Raises:
            ConfigValidationError: naming the `field_linkage` entry and the rule it breaks,
                the mapping that cannot work, or any other setting that cannot work.
        """
        values = common.SettingValues(config, SETTINGS_SCHEMA)
        shape = _customer_shape(values)
        return cls(
            connection=SatoriConnectionSettings.from_config(config),
            rules=CustomerRules(
                shape=shape,
                form=SingleForm(shape.identity_type, _refusal_value(values)),
                bulk_threshold=_bulk_threshold(values),
                poll=PollSchedule(
                    first_wait=values.positive_number("poll_interval_seconds"),
                    max_wait=MAX_POLL_WAIT,
                    timeout_seconds=60.0 * values.positive_number("bulk_timeout_minutes"),
                ),
            ),
            failed_row_numbering=RowNumbering(values.text("failed_row_numbering")),
            # Only the requirements sheet shows it: a blank one is the default, not an error.
            linkage_timing=values.optional_text("linkage_timing")
            or str(values.default("linkage_timing")),
            rejects=common.RejectSettings.from_config(config),
            notification=mail_settings(config),
        )


def _customer_shape(values: common.SettingValues) -> CustomerShape:
    """How records become customer changes, checked against the option's rules.

    Raises:
        ConfigValidationError: naming the entry and the rule it breaks.
    """
    identity_type = values.text("identity_type")
    try:
        fields = known_fields(values.mapping("extra_standard_fields"))
        shape = CustomerShape(
            identity_type=identity_type,
            identity_property=values.optional_text("identity_property") or identity_type,
            links=parse_field_linkage(values.mapping("field_linkage"), fields),
            permission=PermissionMapping.from_setting(values.value("delivery_permission")),
            append_tags=TagMapping.from_setting("append_tags", values.value("append_tags")),
            delete_tags=TagMapping.from_setting("delete_tags", values.value("delete_tags")),
            clear_blank_values=values.flag("clear_blank_values"),
            formulas=FormulaCells(values.text("formula_cells")),
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


def _refusal_value(values: common.SettingValues) -> str:
    """The single API's word for 拒否: a word, and not the one that allows delivery.

    Raises:
        ConfigValidationError: a blank value or `approval`.
    """
    name = "single_api_refusal_value"
    refusal = str(values.value(name)).strip()
    if not refusal or refusal == APPROVAL:
        msg = (
            f"{name} must be the word that refuses delivery, not {refusal!r} "
            f"(default {values.default(name)!r})."
        )
        raise config_error(msg)
    return refusal


def _bulk_threshold(values: common.SettingValues) -> int:
    """Batches above this many upserts go by bulk upload; 0 sends every batch by bulk.

    Raises:
        ConfigValidationError: a negative threshold.
    """
    threshold = values.integer("bulk_threshold")
    if threshold < 0:
        msg = "bulk_threshold must be 0 or more."
        raise config_error(msg)
    return threshold
