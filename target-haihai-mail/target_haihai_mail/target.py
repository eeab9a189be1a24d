"""target-haihai-mail: bulk register, delete and status changes through 配配メール's CSV API."""

from __future__ import annotations

import typing as t
from functools import cached_property

from singer_sdk import typing as th

from haihai_mail_client.apis import DATABASE_FIELDS, FIELD_NAME_COLUMN
from haihai_mail_client.connection import HaihaiConnection
from haihai_mail_client.settings import CONNECTION_PROPERTIES, validate_connection
from singer_commons.connection import retry_sleep
from singer_commons.csvcodec import FormulaCells
from singer_commons.emails import email_problem
from singer_commons.errors import config_error
from singer_commons.sdk import settings as common
from singer_commons.sdk.plugins import line_position
from singer_commons.sdk.schema_target import SchemaCheckingTarget
from target_haihai_mail.fields import stream_columns
from target_haihai_mail.operations import SETTING_NAMES, Operation
from target_haihai_mail.plan import UploadOptions, UploadPlan
from target_haihai_mail.results import FIRST_POLL_WAIT, PollSettings
from target_haihai_mail.sinks import HaihaiSink

if t.TYPE_CHECKING:
    from collections.abc import Iterable, Mapping, Sequence

    from target_haihai_mail.fields import StreamColumns

EMAIL_FIELD = "メールアドレス"  # seed 001: the email field is required in every upload
DEFAULT_MAX_ROWS_PER_UPLOAD = 100_000
DEFAULT_IMPORT_TIMEOUT_MINUTES = 180


class TargetHaihaiMail(SchemaCheckingTarget):
    """Writes Singer records to 配配メール as one CSV upload per operation per run."""

    name = "target-haihai-mail"
    default_sink_class = HaihaiSink
    # The sinks are drained once, at the end of the input (see sinks.py), never on a timer.
    _MAX_RECORD_AGE_IN_MINUTES = float("inf")

    config_jsonschema = th.PropertiesList(
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
        th.Property(
            "email_field",
            th.StringType,
            default=EMAIL_FIELD,
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
            default=DEFAULT_MAX_ROWS_PER_UPLOAD,
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
            default=FIRST_POLL_WAIT,
            description=(
                "First wait before asking again whether an upload is 完了; waits double up "
                "to 5 minutes. Each question costs one call of the status API's quota."
            ),
        ),
        th.Property(
            "import_timeout_minutes",
            th.IntegerType,
            default=DEFAULT_IMPORT_TIMEOUT_MINUTES,
            description=(
                "Stop waiting for 完了 after this long (exit code 75); a re-run resumes "
                "waiting for the same import without uploading again."
            ),
        ),
        common.reject_file(),
        common.fail_on_reject(),
    ).to_dict()

    def validate_settings(self) -> None:
        """Check what JSON Schema cannot, before any call."""
        validate_connection(self.config)
        for stream, setting in (self.config.get("stream_operations") or {}).items():
            if setting not in SETTING_NAMES:
                msg = (
                    f"stream_operations.{stream} is {setting!r}; use one of "
                    f"{', '.join(SETTING_NAMES)}."
                )
                raise config_error(msg)
        if int(self.config.get("max_rows_per_upload", 1)) < 1:
            msg = "max_rows_per_upload must be at least 1."
            raise config_error(msg)

    @cached_property
    def connection(self) -> HaihaiConnection:
        """The single connection (and call ledger) of this run."""
        return HaihaiConnection(self.config)

    @cached_property
    def formula_cells(self) -> FormulaCells:
        """Reject or neutralise formula-like cells."""
        return FormulaCells(self.config.get("formula_cells") or FormulaCells.NEUTRALISE.value)

    @cached_property
    def email_field(self) -> str:
        """The account's email field name."""
        return str(self.config.get("email_field") or EMAIL_FIELD)

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
            field_map=self.config.get("field_map") or {},
            account_fields=self.account_fields,
            email_field=self.email_field,
        )

    def operation_of(self, stream: str) -> Operation:
        """The operation of a stream's records (a record's _sdc_deleted_at overrides it)."""
        per_stream = self.config.get("stream_operations") or {}
        return Operation.named(str(per_stream.get(stream) or self.config.get("operation")))

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
        field_map = self.config.get("field_map") or {}
        email = next(
            (
                value
                for name, value in record.items()
                if field_map.get(name, name) == self.email_field
            ),
            None,
        )
        return self.address_label(stream, email)

    @cached_property
    def plan(self) -> UploadPlan:
        """The run's uploads, shared by every sink."""
        return UploadPlan(
            self.connection,
            self.config,
            options=UploadOptions(
                overwrite=bool(self.config.get("overwrite", True)),
                group_id=self.config.get("group_id"),
                step_plan_id=self.config.get("step_plan_id"),
            ),
            max_rows=int(self.config.get("max_rows_per_upload") or DEFAULT_MAX_ROWS_PER_UPLOAD),
            email_field=self.email_field,
            csv_format=self.connection.csv_format,
            rejects=self.rejects,
            poll=PollSettings(
                first_wait=float(self.config.get("poll_interval_seconds") or FIRST_POLL_WAIT),
                timeout_seconds=60.0 * int(self.config.get("import_timeout_minutes") or 1),
            ),
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
