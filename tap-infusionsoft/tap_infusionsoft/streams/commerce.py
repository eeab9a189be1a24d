"""E-commerce streams.

Orders with their items, payments and transactions; transactions; subscriptions; products with
their subscription plans; merchant accounts.
"""

from __future__ import annotations

import typing as t

from tap_infusionsoft.schemas import commerce as schemas
from tap_infusionsoft.streams.base import ChildStream, EmbeddedChildStream, KeapStream


class OrdersStream(KeapStream):
    """Orders, incremental on modification_date, with their custom fields typed."""

    name = "orders"
    path = "/orders"
    records_key = "orders"
    since_param = "since"
    until_param = "until"
    replication_key = "modification_date"
    primary_keys = ("id",)
    static_schema = schemas.ORDERS
    model_path = "/orders/model"
    child_context_fields: t.ClassVar[dict[str, str]] = {"order_id": "id"}
    embedded_fields = ("order_items",)


class OrderItemsStream(EmbeddedChildStream):
    """Items of each order, from the order itself (no extra call)."""

    name = "order_items"
    parent_stream_type = OrdersStream
    embedded_field = "order_items"
    primary_keys = ("order_id", "id")
    static_schema = schemas.ORDER_ITEMS


class OrderPaymentsStream(ChildStream):
    """Payments of each order (one call per order read)."""

    name = "order_payments"
    path = "/orders/{order_id}/payments"
    parent_stream_type = OrdersStream
    paginated = False
    primary_keys = ("order_id", "id")
    static_schema = schemas.ORDER_PAYMENTS


class OrderTransactionsStream(ChildStream):
    """Transactions of each order (one call per order read)."""

    name = "order_transactions"
    path = "/orders/{order_id}/transactions"
    parent_stream_type = OrdersStream
    records_key = "transactions"
    primary_keys = ("order_id", "id")
    static_schema = schemas.ORDER_TRANSACTIONS


class TransactionsStream(KeapStream):
    """All payment transactions, incremental on transaction_date."""

    name = "transactions"
    path = "/transactions"
    records_key = "transactions"
    since_param = "since"
    until_param = "until"
    replication_key = "transaction_date"
    primary_keys = ("id",)
    static_schema = schemas.TRANSACTIONS


class SubscriptionsStream(KeapStream):
    """Subscriptions (full table: no time filter)."""

    name = "subscriptions"
    path = "/subscriptions"
    records_key = "subscriptions"
    primary_keys = ("id",)
    static_schema = schemas.SUBSCRIPTIONS


class ProductsStream(KeapStream):
    """Products (full table: no time filter)."""

    name = "products"
    path = "/products"
    records_key = "products"
    primary_keys = ("id",)
    static_schema = schemas.PRODUCTS
    child_context_fields: t.ClassVar[dict[str, str]] = {"product_id": "id"}
    embedded_fields = ("subscription_plans",)


class ProductSubscriptionsStream(EmbeddedChildStream):
    """Subscription plans of each product, from the product itself (no extra call)."""

    name = "product_subscriptions"
    parent_stream_type = ProductsStream
    embedded_field = "subscription_plans"
    primary_keys = ("product_id", "id")
    static_schema = schemas.PRODUCT_SUBSCRIPTIONS


class MerchantsStream(KeapStream):
    """Merchant (payment gateway) accounts."""

    name = "merchants"
    path = "/merchants"
    records_key = "merchant_accounts"
    primary_keys = ("id",)
    static_schema = schemas.MERCHANTS
