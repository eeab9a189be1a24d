"""Seeded records of Keap's e-commerce resources.

Orders, transactions, products, subscriptions, merchant accounts, and the payments of an
order.

Order `i`, its transactions and its payments reference each other consistently: transaction
`j` pays order `j % orders + 1`, so `/orders/{id}/transactions` is the matching subset of
`/transactions`.
"""

from __future__ import annotations

import typing as t
from datetime import timedelta

from vendor_sandbox.keap.seedkit import address, contact_ref, pick, ref, stamp

if t.TYPE_CHECKING:
    from vendor_sandbox.keap.seedkit import Counts, Record

CREATED_BEFORE = timedelta(days=-2)
ORDER_STATUSES = ("PAID", "UNPAID", "DRAFT", "REFUNDED")


def _price(index: int) -> float:
    return round(19.0 + index % 40 * 5.0, 2)


def product_summary(index: int) -> Record:
    """The `product` object embedded in an order item."""
    return {
        "id": index + 1,
        "name": f"Product {index + 1}",
        "sku": f"SKU-{index + 1:05d}",
        "description": f"Seeded product {index + 1}",
        "shippable": index % 2 == 0,
        "taxable": index % 3 != 0,
    }


def order(index: int, counts: Counts) -> Record:
    """Order `index`; `modification_date` is its `since`/`until` field."""
    contact_index = ref(index, counts.get("contacts", 0)) - 1
    product_index = ref(index, counts.get("products", 0)) - 1
    quantity = index % 3 + 1
    price = _price(product_index)
    total = round(price * quantity, 2)
    paid = total if pick(ORDER_STATUSES, index) == "PAID" else 0.0
    return {
        "id": index + 1,
        "title": f"Order {index + 1}",
        "status": pick(ORDER_STATUSES, index),
        "recurring": index % 5 == 0,
        "total": total,
        "total_paid": paid,
        "total_due": round(total - paid, 2),
        "refund_total": total if pick(ORDER_STATUSES, index) == "REFUNDED" else 0.0,
        "contact": contact_ref(contact_index) if contact_index >= 0 else None,
        "order_date": stamp(index, CREATED_BEFORE),
        "creation_date": stamp(index, CREATED_BEFORE),
        "modification_date": stamp(index),
        "lead_affiliate_id": ref(index, counts.get("affiliates", 0)),
        "sales_affiliate_id": 0,
        "source_type": pick(("API", "ORDER_FORM", "SHOPPING_CART", "MANUAL"), index),
        "allow_payment": True,
        "allow_paypal": index % 2 == 0,
        "notes": "",
        "terms": "Net 30",
        "order_items": [
            {
                "id": index * 10 + 1,
                "name": f"Product {product_index + 1}",
                "description": "Seeded order item",
                "type": "Product",
                "notes": "",
                "quantity": quantity,
                "cost": round(price / 2, 2),
                "price": price,
                "discount": 0.0,
                "product": product_summary(product_index),
            }
        ]
        if product_index >= 0
        else [],
        "payment_plan": {
            "auto_charge": index % 2 == 0,
            "credit_card_id": index % 7,
            "days_between_payments": 30,
            "initial_payment_amount": total,
            "initial_payment_date": stamp(index, CREATED_BEFORE),
            "number_of_payments": 1,
            "payment_gateway": {"merchant_account_id": 1, "use_default": True},
            "plan_start_date": stamp(index, CREATED_BEFORE),
        },
        "shipping_information": {
            **address(index, "SHIPPING"),
            "company": "",
            "first_name": contact_ref(max(contact_index, 0))["first_name"],
            "last_name": contact_ref(max(contact_index, 0))["last_name"],
            "middle_name": "",
            "phone": contact_ref(max(contact_index, 0))["phone_number"],
        },
    }


def transaction(index: int, counts: Counts) -> Record:
    """Transaction `index`, paying order `index % orders + 1`; `transaction_date` filters."""
    order_id = ref(index, counts.get("orders", 0))
    return {
        "id": index + 1,
        "amount": _price(index),
        "collection_method": pick(("AUTOMATIC", "MANUAL"), index),
        "contact_id": ref(index, counts.get("contacts", 0)),
        "currency": "USD",
        "errors": None,
        "gateway": pick(("Stripe", "Keap Payments"), index),
        "gateway_account_name": "Sandbox gateway",
        "order_ids": str(order_id) if order_id else "",
        "orders": [],
        "status": pick(("Approved", "Approved", "Declined"), index),
        "test": True,
        "transaction_date": stamp(index),
        "type": "Sale",
    }


def order_payments(order_index: int) -> list[Record]:
    """`GET /orders/{id}/payments` (the `Payment` template).

    One payment per order, two for every fourth, so clients see both shapes.
    """
    count = 2 if order_index % 4 == 0 else 1
    return [
        {
            "id": order_index * 10 + position + 1,
            "payment_id": order_index * 10 + position + 1,
            "invoice_id": order_index + 1,
            "amount": round(_price(order_index) / count, 2),
            "pay_date": stamp(order_index, timedelta(hours=position)),
            "pay_status": "Paid",
            "note": "",
            "last_updated": stamp(order_index, timedelta(hours=position)),
            "refund_invoice_payment_id": 0,
            "skip_commission": False,
        }
        for position in range(count)
    ]


def product(index: int, counts: Counts) -> Record:
    """Product `index`, with its subscription plans and product options.

    A plan has the fields of Keap's `ProductSubscription`, which `Product.subscription_plans`
    holds (Keap's v1 OpenAPI, ballerina-platform/openapi-connectors `openapi/keap/openapi.yml`
    @81158a45a86f, lines 6650 and 10049): its period is `cycle_type` (YEAR, MONTH, WEEK or
    DAY), not the integer `cycle` of the `SubscriptionPlan` an order's item carries (6500).
    """
    del counts
    return {
        "id": index + 1,
        "product_name": f"Product {index + 1}",
        "product_desc": f"Seeded product {index + 1}",
        "product_short_desc": "Seeded",
        "product_price": _price(index),
        "sku": f"SKU-{index + 1:05d}",
        "status": 1,
        "active": True,
        "subscription_only": index % 4 == 3,
        "url": f"https://example.com/products/{index + 1}",
        "subscription_plans": [
            {
                "id": index * 10 + 1,
                "active": True,
                "cycle_type": "MONTH",
                "frequency": 1,
                "number_of_cycles": 0,
                "plan_price": _price(index),
                "subscription_plan_index": 0,
                "subscription_plan_name": f"Monthly {index + 1}",
                "url": f"https://example.com/products/{index + 1}/monthly",
            }
        ]
        if index % 2 == 0
        else [],
        "product_options": [
            {
                "id": index * 10 + 1,
                "name": "size",
                "label": "Size",
                "type": "FixedList",
                "required": False,
                "display_index": 0,
                "values": [{"id": 1, "label": "Small"}, {"id": 2, "label": "Large"}],
                "allow_spaces": None,
                "can_contain_character": None,
                "can_contain_number": None,
                "can_end_with_character": None,
                "can_end_with_number": None,
                "can_start_with_character": None,
                "can_start_with_number": None,
                "max_chars": None,
                "min_chars": None,
                "text_message": None,
            }
        ]
        if index % 3 == 0
        else [],
    }


def subscription(index: int, counts: Counts) -> Record:
    """Subscription `index` of a contact to a product."""
    return {
        "id": index + 1,
        "active": index % 5 != 4,
        "allow_tax": False,
        "auto_charge": True,
        "billing_amount": _price(index),
        "billing_cycle": "MONTH",
        "billing_frequency": 1,
        "contact_id": ref(index, counts.get("contacts", 0)),
        "credit_card_id": index % 7,
        "end_date": None,
        "next_bill_date": stamp(index, timedelta(days=30))[:10],
        "payment_gateway_id": 1,
        "product_id": ref(index, counts.get("products", 0)),
        "quantity": 1,
        "sale_affiliate_id": ref(index, counts.get("affiliates", 0)),
        "start_date": stamp(index)[:10],
        "subscription_plan_id": max(0, ref(index, counts.get("products", 0)) * 10 - 9),
        "use_default_payment_gateway": True,
    }


def merchant(index: int, counts: Counts) -> Record:
    """Merchant account `index`."""
    del counts
    return {
        "id": index + 1,
        "account_name": f"Merchant {index + 1}",
        "type": pick(("Stripe", "PayPal", "Authorize.net"), index),
        "is_test": index == 0,
    }
