"""Schemas of Keap's e-commerce resources.

Orders and their items, payments and transactions; transactions; subscriptions; products and
their subscription plans.
"""

from __future__ import annotations

from singer_sdk import typing as th

from tap_infusionsoft.schemas.fields import (
    CUSTOM_FIELD_VALUE,
    ORDER_ITEM_FIELDS,
    PAYMENT_PLAN,
    PRODUCT_OPTION,
    SHIPPING_INFO,
    SHORT_CONTACT,
    SUBSCRIPTION_PLAN_FIELDS,
    TRANSACTION_FIELDS,
    array_of,
    booleans,
    datetimes,
    integers,
    numbers,
    schema,
    strings,
)

ORDERS = schema(
    *integers("id", "lead_affiliate_id", "sales_affiliate_id"),
    *strings("title", "status", "source_type", "notes", "terms", "order_type", "order_title"),
    *booleans("allow_payment", "allow_paypal", "recurring"),
    *numbers("total", "total_paid", "total_due", "refund_total"),
    *datetimes("order_date", "creation_date", "modification_date"),
    th.Property("contact", SHORT_CONTACT),
    th.Property("order_items", array_of(*ORDER_ITEM_FIELDS)),
    th.Property("payment_plan", PAYMENT_PLAN),
    th.Property("shipping_information", SHIPPING_INFO),
    th.Property("custom_fields", CUSTOM_FIELD_VALUE),
)
ORDER_ITEMS = schema(*integers("order_id"), *ORDER_ITEM_FIELDS)
ORDER_PAYMENTS = schema(
    *integers("order_id", "id", "invoice_id", "payment_id", "refund_invoice_payment_id"),
    *numbers("amount"),
    *strings("note", "pay_status"),
    *booleans("skip_commission"),
    *datetimes("last_updated", "pay_date"),
)
TRANSACTIONS = schema(*TRANSACTION_FIELDS)
ORDER_TRANSACTIONS = schema(*integers("order_id"), *TRANSACTION_FIELDS)
SUBSCRIPTIONS = schema(
    *integers(
        "id",
        "billing_frequency",
        "contact_id",
        "credit_card_id",
        "payment_gateway_id",
        "product_id",
        "quantity",
        "sale_affiliate_id",
        "subscription_plan_id",
    ),
    *booleans("active", "allow_tax", "auto_charge", "use_default_payment_gateway"),
    *numbers("billing_amount"),
    *strings("billing_cycle"),
    *datetimes("end_date", "next_bill_date", "start_date"),
)
PRODUCTS = schema(
    *integers("id", "status"),  # Keap: 1 active, 0 inactive
    *strings("product_desc", "product_name", "product_short_desc", "sku", "url"),
    *numbers("product_price"),
    *booleans("active", "shippable", "taxable", "subscription_only"),
    th.Property("product_options", th.ArrayType(PRODUCT_OPTION)),
    th.Property("subscription_plans", array_of(*SUBSCRIPTION_PLAN_FIELDS)),
)
PRODUCT_SUBSCRIPTIONS = schema(*SUBSCRIPTION_PLAN_FIELDS)
MERCHANTS = schema(*integers("id"), *strings("account_name", "type"), *booleans("is_test"))
