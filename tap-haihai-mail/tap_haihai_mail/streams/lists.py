"""Streams of the list APIs: each read whole on every run.

These APIs take no date (配信停止/禁止顧客一覧, フォーム一覧, グループ名・ステップメール名一覧,
顧客データベース項目一覧), so a run spends one call on each; フォーム回答一覧 one per form and
顧客閲覧URL生成 one per configured address.
"""

from __future__ import annotations

import typing as t
from datetime import datetime

from haihai_mail_client import apis
from haihai_mail_client.errors import HTTP_BAD_REQUEST, HaihaiError
from tap_haihai_mail.columns import Column, Kind
from tap_haihai_mail.streams.base import HaihaiStream
from tap_haihai_mail.streams.daily import EMAIL

if t.TYPE_CHECKING:
    from collections.abc import Iterator

    from singer_sdk.helpers.types import Context

FORM_ID = Column("フォームID", "form_id", description="ID of the form.")
UPDATED_AT = "updated_at"


class ListStream(HaihaiStream):
    """A list API read with one call per run."""

    def read(self, context: Context | None) -> Iterator[dict[str, t.Any]]:
        """All rows of the list."""
        del context
        yield from self.records_of(self.connection.fetch_rows(self.api))


class UnsubscribedCustomersStream(ListStream):
    """配信停止/禁止顧客一覧: customers whose delivery is stopped or forbidden.

    The API answers the whole list (one call), but a pipeline should pass on only what
    changed: rows are emitted from the bookmark on (更新日時, inclusive as Singer bookmarks
    are, so a change in the bookmark's own second is never missed; those rows repeat).
    """

    name = "unsubscribed_customers"
    replication_key = UPDATED_AT
    # The list has no documented order; the SDK then keeps the highest value it saw.
    is_sorted = False
    api = apis.UNSUBSCRIBED
    summary = "customers whose delivery is stopped (配信停止) or forbidden (配信禁止)."
    columns = (
        EMAIL,
        Column(
            "状態",
            "status",
            description="Delivery status",
            english_values={"配信停止": "stopped", "配信禁止": "forbidden"},
        ),
        Column("更新日時", UPDATED_AT, Kind.DATETIME, "When the status last changed."),
    )
    primary_keys = ("email",)

    def read(self, context: Context | None) -> Iterator[dict[str, t.Any]]:
        """Rows changed at or after the bookmark (or `start_date`); every row at first."""
        since = self._since(context)
        for record in super().read(context):
            changed = record.get(UPDATED_AT)
            if since is None or changed is None or datetime.fromisoformat(changed) >= since:
                yield record

    def _since(self, context: Context | None) -> datetime | None:
        """The bookmark, or `start_date` taken in the account's time zone."""
        start = self.get_starting_replication_key_value(context)
        if not start:
            return None
        since = datetime.fromisoformat(str(start))
        zone = self.owner.settings.connection.time_zone
        return since if since.tzinfo else since.replace(tzinfo=zone)


class GroupsAndStepPlansStream(ListStream):
    """グループ名・ステップメール名一覧: the groups and step-mail plans of the account."""

    name = "groups_and_step_plans"
    api = apis.GROUPS
    summary = "groups and step-mail plans (the target's group_id and step_plan_id)."
    columns = (
        Column(
            "種別",
            "kind",
            description="Group or step-mail plan",
            english_values={"グループ": "group", "ステップメール": "step_plan"},
        ),
        Column("ID", "id", description="ID of the group or step-mail plan."),
        Column("名前", "name", description="Name of the group or step-mail plan."),
    )
    primary_keys = ("kind", "id")


class DatabaseFieldsStream(ListStream):
    """顧客データベース項目一覧: the customer database fields (the target's CSV headers)."""

    name = "database_fields"
    api = apis.DATABASE_FIELDS
    summary = "customer database fields; their names are the CSV headers of uploads."
    columns = (
        Column("項目ID", "field_id", description="ID of the field."),
        Column(
            apis.FIELD_NAME_COLUMN, "field_name", description="Name of the field (a CSV header)."
        ),
        Column("型", "field_type", description="Type of the field."),
        Column("必須", "required", Kind.BOOLEAN, "Whether every customer must have a value."),
    )
    primary_keys = ("field_id",)


class FormsStream(ListStream):
    """フォーム一覧: the forms of the account (Bridge plan)."""

    name = "forms"
    api = apis.FORMS
    summary = "forms of the account."
    columns = (
        FORM_ID,
        Column("フォーム名", "form_name", description="Name of the form."),
        Column("作成日時", "created_at", Kind.DATETIME, "When the form was created."),
    )
    primary_keys = ("form_id",)

    def get_child_context(self, record: dict, context: Context | None) -> dict[str, t.Any]:
        """Each form's answers are read with its ID."""
        del context
        return {"form_id": record["form_id"]}


class FormAnswersStream(HaihaiStream):
    """フォーム回答一覧: the answers of each form, one call per form (Bridge plan)."""

    name = "form_answers"
    api = apis.FORM_ANSWERS
    parent_stream_type = FormsStream
    state_partitioning_keys: t.ClassVar[list[str]] = []
    summary = "answers to each form (one call per form)."
    columns = (
        FORM_ID,
        Column("回答ID", "answer_id", description="ID of the answer."),
        EMAIL,
        Column("回答日時", "answered_at", Kind.DATETIME, "When the form was answered."),
    )
    extras_name = "answers"
    extras_description = "The answer to each question of the form, keyed by the question label."
    primary_keys = ("form_id", "answer_id")

    def read(self, context: Context | None) -> Iterator[dict[str, t.Any]]:
        """The answers of the parent form."""
        form_id = str((context or {})["form_id"])
        yield from self.records_of(self.connection.fetch_rows(self.api, {"form_id": form_id}))


class CustomerViewUrlsStream(HaihaiStream):
    """顧客閲覧URL生成: the customer view URL of each address in `customer_view_emails`."""

    name = "customer_view_urls"
    api = apis.CUSTOMER_VIEW_URL
    summary = "customer view URLs of the addresses in customer_view_emails (one call each)."
    columns = (
        EMAIL,
        Column("顧客閲覧URL", "view_url", description="URL of the customer's page."),
    )
    primary_keys = ("email",)

    def read(self, context: Context | None) -> Iterator[dict[str, t.Any]]:
        """One call per configured address; an address 配配メール does not know is skipped."""
        del context
        addresses = self.owner.settings.customer_view_emails
        if not addresses:
            self.logger.info("%s: customer_view_emails is empty; nothing to read.", self.name)
        for address in addresses:
            try:
                rows = self.connection.fetch_rows(self.api, {"mail_address": address})
                yield from self.records_of(rows)
            except HaihaiError as exc:
                if exc.status != HTTP_BAD_REQUEST:
                    raise
                self.logger.warning(
                    "%s: skipped %s, which 配配メール refused (%s).", self.name, address, exc.detail
                )
