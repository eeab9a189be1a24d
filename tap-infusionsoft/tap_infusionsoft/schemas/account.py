"""Schemas of Keap's account-level resources.

The account profile, application settings, contact option types, countries and provinces, and
REST hook subscriptions.
"""

from __future__ import annotations

from singer_sdk import typing as th

from tap_infusionsoft.schemas.fields import ADDRESS, booleans, schema, strings

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
