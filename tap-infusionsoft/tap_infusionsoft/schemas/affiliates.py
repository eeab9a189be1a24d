"""Schemas of Keap's affiliate resources.

Affiliates, their clawbacks and payments, commissions, programs, redirect links and summaries.
"""

from __future__ import annotations

from singer_sdk import typing as th

from tap_infusionsoft.schemas.fields import (
    booleans,
    datetimes,
    integers,
    numbers,
    schema,
    strings,
)

AFFILIATES = schema(
    *integers("id", "contact_id", "parent_id", "track_leads_for"),
    *strings("code", "name", "status"),
    *booleans("notify_on_lead", "notify_on_sale"),
)
AFFILIATE_CLAWBACKS = schema(
    *integers("affiliate_id", "id", "contact_id", "invoice_id", "sale_affiliate_id"),
    *numbers("amount"),
    *strings(
        "description",
        "family_name",
        "given_name",
        "product_name",
        "sold_by_family_name",
        "sold_by_given_name",
        "subscription_plan_name",
    ),
    *datetimes("date_earned"),
)
AFFILIATE_PAYMENTS = schema(
    *integers("affiliate_id", "id"),
    *numbers("amount"),
    *strings("notes", "type"),
    *datetimes("date"),
)
AFFILIATE_COMMISSIONS = schema(
    *integers("contact_id", "invoice_id", "sales_affiliate_id"),
    *numbers("amount_earned"),
    *strings(
        "contact_first_name",
        "contact_last_name",
        "description",
        "product_name",
        "sold_by_first_name",
        "sold_by_last_name",
    ),
    *datetimes("date_earned"),
)
AFFILIATE_PROGRAMS = schema(*integers("id", "affiliate_id", "priority"), *strings("name", "notes"))
AFFILIATE_REDIRECT_LINKS = schema(
    *integers("id", "affiliate_id"),
    *strings("local_url_code", "name", "redirect_url"),
    th.Property("program_ids", th.ArrayType(th.IntegerType)),
)
AFFILIATE_SUMMARIES = schema(
    *integers("affiliate_id"), *numbers("amount_earned", "balance", "clawbacks")
)
