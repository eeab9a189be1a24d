"""Schemas of Keap's account-level resources.

The account profile, application settings, contact option types, countries and provinces,
REST hook subscriptions and files.
"""

from __future__ import annotations

from singer_sdk import typing as th

from tap_infusionsoft.schemas.fields import ADDRESS, booleans, datetimes, integers, schema, strings

ACCOUNT_PROFILE = schema(
    *strings(
        "business_primary_color",
        "business_secondary_color",
        "business_type",
        "currency_code",
        "email",
        "language_tag",
        "logo_url",
        "name",
        "phone",
        "phone_ext",
        "time_zone",
        "website",
    ),
    th.Property("address", ADDRESS),
    th.Property("business_goals", th.ArrayType(th.StringType)),
)
_SECTION = th.ObjectType(additional_properties=True)
APPLICATION_CONFIGURATION = schema(
    *[
        th.Property(section, _SECTION)
        for section in (
            "affiliate",
            "application",
            "appointment",
            "contact",
            "ecommerce",
            "email",
            "forms",
            "fulfillment",
            "invoice",
            "note",
            "opportunity",
            "task",
            "template",
        )
    ],
    *booleans("enabled"),
)
CONTACT_OPTION_TYPES = schema(*strings("option_type"))
COUNTRIES = schema(*strings("code", "name"))
PROVINCES = schema(*strings("country_code", "code", "name"))
HOOKS = schema(*strings("key", "eventKey", "hookUrl", "status"))

# `FileDescriptor`, the items of `GET /files` (Keap's v1 OpenAPI as carried by
# ballerina-platform/openapi-connectors openapi/keap/openapi.yml @81158a45a86f, line 10165).
_FILE_DESCRIPTOR = (
    *integers("id", "contact_id", "created_by", "file_size"),
    *strings("file_name", "category", "file_box_type", "download_url", "remote_file_key"),
    *booleans("public"),
    *datetimes("date_created", "last_updated"),
)
FILES = schema(*_FILE_DESCRIPTOR)
# With the `file_data` setting: the base64 content of `FileInformation` (line 9966).
FILES_WITH_DATA = schema(*_FILE_DESCRIPTOR, *strings("file_data"))
