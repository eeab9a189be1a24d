"""The settings of target-haihai-mail, declared once and read into one object at start.

The connection's settings are shared with the tap and live in `haihai_mail_client.settings`;
here are what only the target reads, in two frozen groups handed to the upload plan: how
records become rows (`RecordRules`: the operation per stream, the field map, the email field,
formula cells) and how rows are uploaded (`UploadSettings`: the form's options, the rows per
file, the waits for 完了). Then the reject file.
"""

from __future__ import annotations

import typing as t
from dataclasses import dataclass
from types import MappingProxyType

from singer_sdk import typing as th

from haihai_mail_client.settings import CONNECTION_PROPERTIES, HaihaiConnectionSettings
from singer_commons.csvcodec import FormulaCells
from singer_commons.errors import config_error
from singer_commons.polling import PollSchedule
from singer_commons.sdk import settings as common
from target_haihai_mail.operations import SETTING_NAMES, Operation, UploadOptions
from target_haihai_mail.results import MAX_POLL_WAIT

if t.TYPE_CHECKING:
    from collections.abc import Mapping

SECONDS_PER_MINUTE = 60.0

SETTINGS_SCHEMA = th.PropertiesList(
    *CONNECTION_PROPERTIES,
    th.Property(
        "operation",
        th.StringType(allowed_values=list(SETTING_NAMES)),
        default=Operation.REGISTER.setting,
        description=(
            "What records of every stream do, unless stream_operations says otherwise: "
            "register (一括登録), delete (一括削除), stop (配信停止), forbid (配信禁止) or "
            "allow (配信許可). A record with _sdc_deleted_at set is always a delete."
        ),
    ),
    th.Property(
        "stream_operations",
        th.ObjectType(additional_properties=th.StringType),
        description=(
            'Operation per stream, e.g. {"unsubscribes": "stop", "contacts": '
            '"register"}; other streams use operation.'
        ),
    ),
    th.Property(
        "field_map",
        th.ObjectType(additional_properties=th.StringType),
        default={},
        description=(
            'Singer property → 配配メール database field name (項目名), e.g. {"email": '
            '"メールアドレス", "name": "氏名"}. Properties named exactly like a field '
            "need no entry; others are not sent. Every name is checked against the "
            "account's fields before anything is uploaded."
        ),
    ),
    # Seed 001: the email field is required in every upload.
    th.Property(
        "email_field",
        th.StringType,
        default="メールアドレス",
        description="The account's email field (required in every upload).",
    ),
    th.Property(
        "group_id",
        th.StringType,
        description="Group (グループ) registered customers join (gid); see the tap's groups.",
    ),
    th.Property(
        "step_plan_id",
        th.StringType,
        description="Step-mail plan (ステップメール) registered customers join (spid).",
    ),
    th.Property(
        "overwrite",
        th.BooleanType,
        default=True,
        description=(
            "Update customers already registered (is_overwrite=1). When false they are "
            "left as they are and counted as その他."
        ),
    ),
    th.Property(
        "max_rows_per_upload",
        th.IntegerType,
        default=100_000,
        description="Rows per CSV file: an operation's rows are split into files this size.",
    ),
    th.Property(
        "formula_cells",
        th.StringType(allowed_values=[policy.value for policy in FormulaCells]),
        default=FormulaCells.NEUTRALISE.value,
        description=(
            "Cells starting with = + - @ (a spreadsheet would run them as formulas): "
            "neutralise (send with a leading ') or reject the record."
        ),
    ),
    th.Property(
        "poll_interval_seconds",
        th.NumberType,
        default=5.0,
        description=(
            "First wait before asking again whether an upload is 完了; waits double up "
            "to 5 minutes. Each question costs one call of the status API's quota."
        ),
    ),
    th.Property(
        "import_timeout_minutes",
        th.IntegerType,
        default=180,
        description=(
            "Stop waiting for 完了 after this long (exit code 75); a re-run resumes "
            "waiting for the same import without uploading again."
        ),
    ),
    common.reject_file(),
    common.fail_on_reject(),
).to_dict()


@dataclass(frozen=True)
class RecordRules:
    """How records become CSV rows, the same for every stream but its operation.

    Attributes:
        operation: The operation of a stream `stream_operations` does not name.
        stream_operations: Operation per stream.
        field_map: Singer property → database field name.
        email_field: The account's email field, required in every upload.
        formula_cells: Reject or neutralise formula-like cells.
    """

    operation: Operation
    stream_operations: Mapping[str, Operation]
    field_map: Mapping[str, str]
    email_field: str
    formula_cells: FormulaCells

    def operation_of(self, stream: str) -> Operation:
        """The operation of a stream's records (a record's _sdc_deleted_at overrides it)."""
        return self.stream_operations.get(stream, self.operation)


@dataclass(frozen=True)
class UploadSettings:
    """How spooled rows are uploaded: the form's options, rows per file, waits for 完了."""

    options: UploadOptions
    max_rows_per_upload: int
    poll: PollSchedule


@dataclass(frozen=True)
class HaihaiTargetSettings:
    """Every setting of target-haihai-mail, read and checked once at start."""

    connection: HaihaiConnectionSettings
    records: RecordRules
    uploads: UploadSettings
    rejects: common.RejectSettings

    @classmethod
    def from_config(cls, config: Mapping[str, t.Any]) -> HaihaiTargetSettings:
        """Read the target's validated config.

        Raises:
            ConfigValidationError: for a stream_operations entry naming no operation, fewer
                than 1 row per upload, a wait that is not above 0, or a setting that cannot
                work.
        """
        values = common.SettingValues(config, SETTINGS_SCHEMA)
        return cls(
            connection=HaihaiConnectionSettings.from_config(config),
            records=RecordRules(
                operation=_operation(values.text("operation"), "operation"),
                stream_operations=MappingProxyType(
                    {
                        str(stream): _operation(setting, f"stream_operations.{stream}")
                        for stream, setting in values.mapping("stream_operations").items()
                    }
                ),
                field_map=MappingProxyType(
                    {str(name): str(field) for name, field in values.mapping("field_map").items()}
                ),
                # A blank email_field names the declared one, as a field left out does.
                email_field=values.optional_text("email_field") or values.default("email_field"),
                formula_cells=FormulaCells(values.text("formula_cells")),
            ),
            uploads=UploadSettings(
                options=UploadOptions(
                    overwrite=values.flag("overwrite"),
                    group_id=values.optional_text("group_id"),
                    step_plan_id=values.optional_text("step_plan_id"),
                ),
                max_rows_per_upload=values.integer("max_rows_per_upload", minimum=1),
                poll=PollSchedule(
                    first_wait=values.positive_number("poll_interval_seconds"),
                    max_wait=MAX_POLL_WAIT,
                    timeout_seconds=SECONDS_PER_MINUTE
                    * values.integer("import_timeout_minutes", minimum=1),
                ),
            ),
            rejects=common.RejectSettings.from_config(config),
        )


def _operation(setting: t.Any, name: str) -> Operation:
    """The operation a setting names.

    Raises:
        ConfigValidationError: naming the setting and the operations there are.
    """
    try:
        return Operation.named(str(setting))
    except ValueError:
        msg = f"{name} is {setting!r}; use one of {', '.join(SETTING_NAMES)}."
        raise config_error(msg) from None
