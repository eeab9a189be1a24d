"""Shorthands for declaring many properties of one type, and Keap's shared templates.

Keap's resources reuse a few shapes (Address, PhoneNum, the short Contact of orders and
opportunities, ...). Declaring them once keeps every resource using the same shape.
"""

from __future__ import annotations

from singer_sdk import typing as th


def strings(*names: str) -> list[th.Property]:
    """String properties."""
    return [th.Property(name, th.StringType) for name in names]


def integers(*names: str) -> list[th.Property]:
    """Integer properties (Keap's ids and counts)."""
    return [th.Property(name, th.IntegerType) for name in names]


def numbers(*names: str) -> list[th.Property]:
    """Decimal properties (amounts, prices)."""
    return [th.Property(name, th.NumberType) for name in names]


def booleans(*names: str) -> list[th.Property]:
    """Boolean properties."""
    return [th.Property(name, th.BooleanType) for name in names]


def datetimes(*names: str) -> list[th.Property]:
    """Date-time properties (Keap sends ISO 8601, e.g. 2017-01-01T22:17:59.039Z)."""
    return [th.Property(name, th.DateTimeType) for name in names]


def obj(*properties: th.Property) -> th.ObjectType:
    """A nested object."""
    return th.ObjectType(*properties)


def array_of(*properties: th.Property) -> th.ArrayType:
    """An array of nested objects."""
    return th.ArrayType(th.ObjectType(*properties))


def schema(*properties: th.Property | list[th.Property]) -> dict:
    """A stream schema from properties and lists of properties."""
    flat: list[th.Property] = []
    for item in properties:
        flat.extend(item if isinstance(item, list) else [item])
    return th.PropertiesList(*flat).to_dict()


ADDRESS = obj(
    *strings(
        "country_code",
        "field",
        "line1",
        "line2",
        "locality",
        "postal_code",
        "region",
        "zip_code",
        "zip_four",
    )
)
PHONE = obj(*strings("extension", "field", "number", "type"))
SHIPPING_INFO = obj(
    *integers("id"),
    *strings(
        "company",
        "first_name",
        "last_name",
        "middle_name",
        "phone",
        "city",
        "country",
        "state",
        "street1",
        "street2",
        "zip",
        "invoice_to_company",
    ),
)
SHORT_CONTACT = obj(
    *integers("id"),
    *strings("company_name", "email", "first_name", "last_name", "job_title", "phone_number"),
)
CUSTOM_FIELD_VALUE = array_of(th.Property("id", th.IntegerType), th.Property("content", th.AnyType))
PRODUCT = obj(
    *integers("id"),
    *strings("name", "sku", "description", "product_desc", "product_short_desc", "status", "url"),
    *numbers("price", "product_price"),
    *booleans("shippable", "taxable", "subscription_only"),
)
# Keap v1 `ProductSubscription` (ballerina-platform/openapi-connectors openapi/keap/openapi.yml,
# line 10049): `cycle_type`, no `cycle` (that integer is `SubscriptionPlan`'s, on order items).
SUBSCRIPTION_PLAN_FIELDS = [
    *integers("id", "frequency", "number_of_cycles", "subscription_plan_index", "product_id"),
    *booleans("active"),
    *strings("cycle_type", "subscription_plan_name", "url"),
    *numbers("plan_price"),
]
PRODUCT_OPTION = obj(
    *integers("id", "display_index", "max_chars", "min_chars"),
    *booleans(
        "allow_spaces",
        "can_contain_character",
        "can_contain_number",
        "can_end_with_character",
        "can_end_with_number",
        "can_start_with_character",
        "can_start_with_number",
        "required",
    ),
    *strings("label", "name", "text_message", "type"),
    th.Property("values", th.ArrayType(th.AnyType)),
)
ORDER_ITEM_FIELDS = [
    *integers("id", "quantity"),
    *numbers("cost", "price", "discount"),
    *strings("description", "name", "notes", "type"),
    th.Property("product", PRODUCT),
]
PAYMENT_PLAN = obj(
    *booleans("auto_charge"),
    *integers("credit_card_id", "days_between_payments", "number_of_payments"),
    th.Property("payment_gateway", obj(*integers("merchant_account_id"), *booleans("use_default"))),
    *numbers("initial_payment_amount"),
    *datetimes("initial_payment_date", "plan_start_date"),
)
TRANSACTION_FIELDS = [
    *integers("id", "contact_id"),
    *numbers("amount"),
    *strings(
        "collection_method",
        "currency",
        "errors",
        "gateway",
        "gateway_account_name",
        "order_ids",
        "status",
        "type",
    ),
    *booleans("test"),
    *datetimes("transaction_date"),
    th.Property("orders", th.ArrayType(th.AnyType)),
]
