"""CRM streams.

Contacts, companies, tags, notes, tasks, appointments, opportunities, campaigns, emails and
users.
"""

from __future__ import annotations

import typing as t

from keap_client.custom_fields import VALUES_KEY
from tap_infusionsoft.schemas import crm as schemas
from tap_infusionsoft.streams.base import ChildStream, KeapStream

if t.TYPE_CHECKING:
    from collections.abc import Iterable

    from singer_sdk.helpers.types import Context

    from tap_infusionsoft.settings import KeapTapSettings

LAST_UPDATED = "last_updated"


class ContactsStream(KeapStream):
    """Contacts, incremental on last_updated (Keap's documented `since` + ascending order)."""

    name = "contacts"
    path = "/contacts"
    records_key = "contacts"
    since_param = "since"
    until_param = "until"
    replication_key = LAST_UPDATED
    time_ordered = True
    extra_params: t.ClassVar[dict[str, str]] = {
        "order": LAST_UPDATED,
        "order_direction": "ASCENDING",
    }
    primary_keys = ("id",)
    static_schema = schemas.CONTACTS
    model_path = "/contacts/model"
    custom_fields_on_request = True
    child_context_fields: t.ClassVar[dict[str, str]] = {"contact_id": "id"}


class ContactTagsStream(ChildStream):
    """Tags applied to each contact.

    Not selected by default: it costs one call per contact read, while `tagged_contacts`
    gives the same pairs with one call per tag.
    """

    name = "contact_tags"
    path = "/contacts/{contact_id}/tags"
    parent_stream_type = ContactsStream
    records_key = "tags"
    selected_by_default = False
    primary_keys = ("contact_id", "tag_id")
    static_schema = schemas.CONTACT_TAGS

    def flatten(self, row: dict[str, t.Any]) -> dict[str, t.Any]:
        """`{tag: {id, name, category}, date_applied}` → flat columns.

        Keap names the category here (a string); an object form is read by its name.
        """
        tag = row.get("tag") or {}
        category = tag.get("category")
        return {
            "tag_id": tag.get("id"),
            "tag_name": tag.get("name"),
            "tag_category": category.get("name") if isinstance(category, dict) else category,
            "date_applied": row.get("date_applied"),
        }


class CompaniesStream(KeapStream):
    """Companies (full table: no time filter), with their custom fields typed."""

    name = "companies"
    path = "/companies"
    records_key = "companies"
    primary_keys = ("id",)
    static_schema = schemas.COMPANIES
    model_path = "/companies/model"
    custom_fields_on_request = True


class TagsStream(KeapStream):
    """Tags (full table)."""

    name = "tags"
    path = "/tags"
    records_key = "tags"
    primary_keys = ("id",)
    static_schema = schemas.TAGS
    child_context_fields: t.ClassVar[dict[str, str]] = {"tag_id": "id"}


class TaggedContactsStream(ChildStream):
    """Contacts carrying each tag."""

    name = "tagged_contacts"
    path = "/tags/{tag_id}/contacts"
    parent_stream_type = TagsStream
    records_key = "contacts"
    primary_keys = ("tag_id", "contact_id")
    static_schema = schemas.TAGGED_CONTACTS

    def flatten(self, row: dict[str, t.Any]) -> dict[str, t.Any]:
        """`{contact: {id, email, first_name, last_name}, date_applied}` → flat columns."""
        contact = row.get("contact") or {}
        return {
            "contact_id": contact.get("id"),
            "email": contact.get("email"),
            "first_name": contact.get("first_name"),
            "last_name": contact.get("last_name"),
            "date_applied": row.get("date_applied"),
        }


class TaggedCompaniesStream(ChildStream):
    """Companies carrying each tag."""

    name = "tagged_companies"
    path = "/tags/{tag_id}/companies"
    parent_stream_type = TagsStream
    records_key = "companies"
    primary_keys = ("tag_id", "company_id")
    static_schema = schemas.TAGGED_COMPANIES

    def flatten(self, row: dict[str, t.Any]) -> dict[str, t.Any]:
        """`{company: {id, company_name, email}, date_applied}` → flat columns."""
        company = row.get("company") or {}
        return {
            "company_id": company.get("id"),
            "company_name": company.get("company_name"),
            "email": company.get("email"),
            "date_applied": row.get("date_applied"),
        }


class NotesStream(KeapStream):
    """Notes; Keap cannot filter them by time, so last_updated is a client-side bookmark."""

    name = "notes"
    path = "/notes"
    records_key = "notes"
    replication_key = LAST_UPDATED
    primary_keys = ("id",)
    static_schema = schemas.NOTES


class TasksStream(KeapStream):
    """Tasks, incremental on modification_date."""

    name = "tasks"
    path = "/tasks"
    records_key = "tasks"
    since_param = "since"
    until_param = "until"
    replication_key = "modification_date"
    primary_keys = ("id",)
    static_schema = schemas.TASKS


class AppointmentsStream(KeapStream):
    """Appointments, full table.

    Keap's `since` here filters on an undocumented field and appointments carry no
    last-changed time, so an incremental read could silently miss a rescheduled or
    back-dated appointment.
    """

    name = "appointments"
    path = "/appointments"
    records_key = "appointments"
    primary_keys = ("id",)
    static_schema = schemas.APPOINTMENTS


class OpportunitiesStream(KeapStream):
    """Opportunities; last_updated is a client-side bookmark.

    Keap's list neither returns custom fields nor takes `optional_properties`; only
    `GET /opportunities/{id}?optional_properties=custom_fields` does (v1 OpenAPI,
    listOpportunities and getOpportunity, as carried by ballerina-platform/openapi-connectors
    openapi/keap/openapi.yml). So they are read per opportunity, and only with
    `opportunity_custom_fields` on: one call per opportunity emitted (after the client-side
    bookmark filter, so an incremental run pays only for the changed ones).
    """

    name = "opportunities"
    path = "/opportunities"
    records_key = "opportunities"
    replication_key = LAST_UPDATED
    primary_keys = ("id",)
    static_schema = schemas.OPPORTUNITIES
    model_path = "/opportunities/model"

    @classmethod
    def reads_custom_fields(cls, settings: KeapTapSettings) -> bool:
        """Only with `opportunity_custom_fields` on too: they cost a call per opportunity."""
        return super().reads_custom_fields(settings) and settings.opportunity_custom_fields

    def get_records(self, context: Context | None) -> Iterable[dict[str, t.Any]]:
        """The listed opportunities, each with its custom field values read by id if enabled.

        The values go in the record's `custom_fields`, which `post_process` types.
        """
        for record in super().get_records(context):
            if self.custom_fields is not None:
                record[VALUES_KEY] = self._custom_field_values(record)
            yield record

    def _custom_field_values(self, record: dict[str, t.Any]) -> list[dict[str, t.Any]]:
        """`GET /opportunities/{id}?optional_properties=custom_fields` (one call)."""
        detail = self.read_by_id(record, {"optional_properties": VALUES_KEY}, "custom fields")
        return list(detail.get(VALUES_KEY) or [])


class StagePipelineStream(KeapStream):
    """Opportunity stages of the pipeline (a bare array)."""

    name = "opportunity_stage_pipeline"
    path = "/opportunity/stage_pipeline"
    paginated = False
    primary_keys = ("stage_id",)
    static_schema = schemas.STAGE_PIPELINE


class CampaignsStream(KeapStream):
    """Campaigns (full table)."""

    name = "campaigns"
    path = "/campaigns"
    records_key = "campaigns"
    primary_keys = ("id",)
    static_schema = schemas.CAMPAIGNS
    child_context_fields: t.ClassVar[dict[str, str]] = {"campaign_id": "id"}


class CampaignSequencesStream(ChildStream):
    """Sequences of each campaign (one call per campaign: the list omits them)."""

    name = "campaign_sequences"
    path = "/campaigns/{campaign_id}"
    parent_stream_type = CampaignsStream
    records_key = "sequences"
    paginated = False
    extra_params: t.ClassVar[dict[str, str]] = {"optional_properties": "sequences"}
    primary_keys = ("campaign_id", "id")
    static_schema = schemas.CAMPAIGN_SEQUENCES


class EmailsStream(KeapStream):
    """Sent emails, incremental on sent_date (Keap's since_sent_date).

    Keap's v1 OpenAPI says `since_sent_date` "must be present if untilDate is provided"
    (listEmails, in ballerina-platform/openapi-connectors openapi/keap/openapi.yml): a first
    run without `start_date` reads every email with neither bound.
    """

    name = "emails"
    path = "/emails"
    records_key = "emails"
    since_param = "since_sent_date"
    until_param = "until_sent_date"
    until_needs_since = True
    replication_key = "sent_date"
    primary_keys = ("id",)
    static_schema = schemas.EMAILS


class UsersStream(KeapStream):
    """Users; last_updated is a client-side bookmark (no time filter at Keap)."""

    name = "users"
    path = "/users"
    records_key = "users"
    # Keap lists active staff only unless asked; a full export wants everyone.
    extra_params: t.ClassVar[dict[str, str]] = {
        "include_inactive": "true",
        "include_partners": "true",
    }
    replication_key = LAST_UPDATED
    primary_keys = ("id",)
    static_schema = schemas.USERS


class UserInfoStream(KeapStream):
    """The user the credentials act as (OAuth userinfo; one record)."""

    name = "user_info"
    path = "/oauth/connect/userinfo"
    paginated = False
    primary_keys = ("global_user_id",)
    static_schema = schemas.USER_INFO
