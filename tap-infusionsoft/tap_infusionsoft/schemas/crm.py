"""Schemas of Keap's CRM resources.

Contacts, companies, tags, notes, tasks, appointments, opportunities, campaigns, emails and
users.
"""

from __future__ import annotations

from singer_sdk import typing as th

from tap_infusionsoft.schemas.fields import (
    ADDRESS,
    PHONE,
    SHORT_CONTACT,
    array_of,
    booleans,
    datetimes,
    integers,
    obj,
    schema,
    strings,
)

CONTACTS = schema(
    *integers("id", "lead_source_id", "owner_id"),
    *strings(
        "ScoreValue",
        "contact_type",
        "email_status",
        "family_name",
        "given_name",
        "job_title",
        "middle_name",
        "preferred_locale",
        "preferred_name",
        "prefix",
        "source_type",
        "spouse_name",
        "suffix",
        "time_zone",
        "website",
        "company_name",
    ),
    *booleans("email_opted_in"),
    *datetimes("anniversary", "birthday", "date_created", "last_updated"),
    th.Property("addresses", th.ArrayType(ADDRESS)),
    th.Property("company", obj(*integers("id"), *strings("company_name"))),
    th.Property("email_addresses", array_of(*strings("email", "field"))),
    th.Property("fax_numbers", th.ArrayType(PHONE)),
    th.Property("phone_numbers", th.ArrayType(PHONE)),
    th.Property("social_accounts", array_of(*strings("name", "type"))),
    th.Property("tag_ids", th.ArrayType(th.IntegerType)),
)
COMPANIES = schema(
    *integers("id"),
    *strings("company_name", "email_address", "email_status", "notes", "website"),
    *booleans("email_opted_in"),
    th.Property("address", ADDRESS),
    th.Property("fax_number", PHONE),
    th.Property("phone_number", PHONE),
)
TAG_CATEGORY = obj(*integers("id"), *strings("description", "name"))
TAGS = schema(
    *integers("id"),
    *strings("description", "name"),
    th.Property("category", TAG_CATEGORY),
)
CONTACT_TAGS = schema(
    *integers("contact_id", "tag_id"),
    *strings("tag_name", "tag_category"),
    *datetimes("date_applied"),
)
TAGGED_CONTACTS = schema(
    *integers("tag_id", "contact_id"),
    *strings("email", "first_name", "last_name"),
    *datetimes("date_applied"),
)
TAGGED_COMPANIES = schema(
    *integers("tag_id", "company_id"),
    *strings("company_name", "email"),
    *datetimes("date_applied"),
)
NOTES = schema(
    *integers("id", "contact_id", "user_id"),
    *strings("body", "title", "type"),
    *datetimes("date_created", "last_updated"),
    th.Property(
        "last_updated_by", obj(*integers("user_id"), *strings("family_name", "given_name"))
    ),
)
TASKS = schema(
    *integers("id", "priority", "remind_time", "user_id"),
    *booleans("completed"),
    *strings("description", "title", "type", "url"),
    *datetimes("completion_date", "creation_date", "due_date", "modification_date"),
    th.Property("contact", obj(*integers("id"), *strings("email", "first_name", "last_name"))),
)
APPOINTMENTS = schema(
    *integers("id", "contact_id", "remind_time", "user"),
    *strings("description", "location", "title"),
    *datetimes("end_date", "start_date"),
)
OPPORTUNITIES = schema(
    *integers(
        "id",
        "affiliate_id",
        "include_in_forecast",
        "projected_revenue_high",
        "projected_revenue_low",
    ),
    *strings("next_action_notes", "opportunity_notes", "opportunity_title"),
    *datetimes("date_created", "estimated_close_date", "last_updated", "next_action_date"),
    th.Property("contact", SHORT_CONTACT),
    th.Property(
        "stage",
        obj(
            *integers("id"),
            *strings("name"),
            th.Property("details", th.ObjectType(additional_properties=True)),
            th.Property("reasons", th.ArrayType(th.AnyType)),
        ),
    ),
    th.Property("user", obj(*integers("id"), *strings("first_name", "last_name"))),
    # No raw `custom_fields`: Keap's list never returns them (see OpportunitiesStream).
)
STAGE_PIPELINE = schema(
    *integers("stage_id", "stage_count", "stage_order", "target_number_days"),
    *strings("stage_name"),
    *booleans("end_stage", "is_default"),
)
CAMPAIGN_SEQUENCE_FIELDS = [
    *integers(
        "id",
        "active_contact_count",
        "active_contact_count_completed",
        "historical_contact_count",
    ),
    *strings("name"),
    th.Property("paths", th.ArrayType(th.AnyType)),
]
CAMPAIGNS = schema(
    *integers("id", "active_contact_count", "completed_contact_count", "created_by_global_id"),
    *strings("error_message", "name", "published_time_zone", "time_zone"),
    *booleans("locked", "published_status"),
    *datetimes("date_created", "published_date"),
    th.Property(
        "goals",
        array_of(
            *integers("id"),
            *strings("name", "type"),
            th.Property("historical_contact_counts", th.IntegerType),
            th.Property("next_sequence_ids", th.ArrayType(th.IntegerType)),
            th.Property("previous_sequence_ids", th.ArrayType(th.IntegerType)),
        ),
    ),
    th.Property("sequences", array_of(*CAMPAIGN_SEQUENCE_FIELDS)),
)
CAMPAIGN_SEQUENCES = schema(*integers("campaign_id"), *CAMPAIGN_SEQUENCE_FIELDS)
EMAILS = schema(
    *integers("id", "contact_id"),
    *strings(
        "headers",
        "original_provider",
        "original_provider_id",
        "sent_from_address",
        "sent_from_reply_address",
        "sent_to_address",
        "sent_to_bcc_addresses",
        "sent_to_cc_addresses",
        "subject",
    ),
    *datetimes("clicked_date", "opened_date", "received_date", "sent_date"),
)
USERS = schema(
    *integers("id", "created_by", "global_user_id", "last_updated_by"),
    *strings(
        "company_name",
        "email_address",
        "family_name",
        "given_name",
        "infusionsoft_id",
        "job_title",
        "middle_name",
        "preferred_name",
        "status",
        "time_zone",
        "website",
    ),
    *booleans("admin", "partner"),
    *datetimes("date_created", "last_updated"),
    th.Property("address", ADDRESS),
    th.Property("fax_numbers", array_of(*strings("field", "number", "type"))),
    th.Property("phone_numbers", th.ArrayType(PHONE)),
)
USER_INFO = schema(
    *strings(
        "sub",
        "email",
        "given_name",
        "family_name",
        "middle_name",
        "preferred_name",
        "infusionsoft_id",
    ),
    *integers("global_user_id"),
)
# Not a Keap resource: what the tap reports for a contact that left the contact list.
DELETED_CONTACTS = schema(
    th.Property("id", th.IntegerType, required=True, description="The deleted contact's id."),
    th.Property(
        "email",
        th.StringType,
        required=True,
        description="Its first email address, as the previous run saw it.",
    ),
    th.Property(
        "detected_at",
        th.DateTimeType,
        required=True,
        description="When a run found it gone (UTC); it was deleted since the run before.",
    ),
)
