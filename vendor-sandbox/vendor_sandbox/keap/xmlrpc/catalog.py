"""By-id lookups of the small services: discounts, trials, files, shipping, payments, forms.

Each kind has records 1 and 2 (shipping options: 1 and 2 of every type, each type its own
id space as the per-type getters look them up), so a connector can be tested on every
method. Invoice payments and product inventory are derived from the tables, so they follow
seeds and changes.
"""

from __future__ import annotations

import base64
import typing as t
from datetime import timedelta

if t.TYPE_CHECKING:
    Row = dict[str, t.Any]

CATEGORY_DISCOUNTS: dict[int, Row] = {
    number: {
        "Id": number,
        "Name": f"Category discount {number}",
        "Description": f"{5 * number}% off a product category",
        "ApplyDiscountToCommission": number % 2,
        "Amt": 5.0 * number,
    }
    for number in (1, 2)
}
# Category discount 1 covers products 1 and 2, discount 2 product 3.
CATEGORY_ASSIGNMENTS: tuple[Row, ...] = (
    {"Id": 1, "SpecialId": 1, "ProductId": 1},
    {"Id": 2, "SpecialId": 1, "ProductId": 2},
    {"Id": 3, "SpecialId": 2, "ProductId": 3},
)
ORDER_TOTAL_DISCOUNTS: dict[int, Row] = {
    number: {
        "Id": number,
        "Name": f"Order total discount {number}",
        "Description": f"Discount on orders, variant {number}",
        "ApplyDiscountToCommission": 1,
        "PercentOrAmt": number % 2,
        "PayType": ("Gross", "Net")[number - 1],
        "Amt": 10.0 * number,
    }
    for number in (1, 2)
}
PRODUCT_TOTAL_DISCOUNTS: dict[int, Row] = {
    number: {
        "Id": number,
        "Name": f"Product total discount {number}",
        "Description": f"Discount on product {number}",
        "ApplyDiscountToCommission": 0,
        "ProductId": number,
        "PercentOrAmt": 1,
        "PayType": "Gross",
        "Amt": 2.5 * number,
    }
    for number in (1, 2)
}
SHIPPING_TOTAL_DISCOUNTS: dict[int, Row] = {
    number: {
        "Id": number,
        "Name": f"Shipping discount {number}",
        "Description": "Cheaper shipping",
        "ApplyDiscountToCommission": 0,
        "PercentOrAmt": number % 2,
        "Amt": 3.0 * number,
    }
    for number in (1, 2)
}
FREE_TRIALS: dict[int, Row] = {
    number: {
        "Id": number,
        "Name": f"Free trial {number}",
        "Description": f"{14 * number} days free",
        "FreeTrialDays": 14 * number,
        "HidePrice": number - 1,
        "ApplyDiscountToCommission": 0,
        "SubscriptionPlanId": number,
    }
    for number in (1, 2)
}
FILES: dict[int, bytes] = {
    1: "Hello from the Keap sandbox — ファイル 1\n".encode(),
    2: b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(16)),
}
PAYMENT_OPTIONS: dict[str, str] = {
    "CREDIT_CARD": "Credit Card",
    "CHECK": "Check",
    "CASH": "Cash",
    "PAYPAL": "PayPal",
}
WEB_FORMS: dict[str, str] = {
    "12": "Newsletter signup",
    "14": "Contact us",
    "21": "Webinar registration",
}
# Shipping types and the type-specific fields their getters return.
SHIPPING_TYPES: dict[str, tuple[str, t.Callable[[int], Row]]] = {
    "flat_rate": ("Flat Rate", lambda n: {"Price": 4.95 * n}),
    "order_quantity": (
        "Order Quantity",
        lambda n: {"FirstItemPrice": 5.0 * n, "AdditionalItemPrice": 1.0 * n},
    ),
    "order_total": ("Order Total", lambda n: {"IsPercentage": n - 1}),
    "product_based": ("Product Based", lambda n: {"ProductId": n, "Price": 2.0 * n}),
    "ups": ("UPS", lambda n: {"UpsService": ("Ground", "2nd Day Air")[n - 1], "Markup": 1.0}),
    "weight_based": ("Weight Based", lambda n: {"PricePerUnit": 0.75 * n, "WeightUnit": "lb"}),
}


def file_base64(file_id: int) -> str | None:
    """A file's bytes base64-encoded, the string `FileService.getFile` returns."""
    content = FILES.get(file_id)
    return None if content is None else base64.b64encode(content).decode("ascii")


def shipping_option(kind: str, option_id: int) -> Row | None:
    """Option `option_id` of a shipping type with its type's fields; None if unknown."""
    if option_id not in (1, 2):
        return None
    label, extras = SHIPPING_TYPES[kind]
    return {"Id": option_id, "Name": f"{label} {option_id}", **extras(option_id)}


def all_shipping_options(*, with_active: bool) -> list[Row]:
    """Every option of every type (`ShippingService` adds `Active`)."""
    options = []
    for label, _ in SHIPPING_TYPES.values():
        for option_id in (1, 2):
            row: Row = {"Id": option_id, "Name": f"{label} {option_id}", "Type": label}
            if with_active:
                row["Active"] = option_id == 1
            options.append(row)
    return options


def order_total_ranges(option_id: int) -> list[Row]:
    """The price bands of an order-total shipping option."""
    bands = ((0.0, 50.0, 7.5), (50.0, 100.0, 5.0), (100.0, 1_000_000.0, 0.0))
    return [
        {
            "Id": 10 * option_id + position,
            "OptionId": option_id,
            "MinTotal": low,
            "MaxTotal": high,
            "Price": price * option_id,
        }
        for position, (low, high, price) in enumerate(bands, start=1)
    ]


def invoice_payments(invoice: Row) -> list[Row]:
    """Payments adding up to an invoice's TotalPaid: one, or two halves when not paid off."""
    paid = float(invoice.get("TotalPaid") or 0)
    if paid <= 0:
        return []
    amounts = (
        [paid] if invoice.get("PayStatus") == 1 else [round(paid / 2, 2), paid - round(paid / 2, 2)]
    )
    created = invoice["DateCreated"]
    return [
        {
            "Id": 10 * invoice["Id"] + position,
            "InvoiceId": invoice["Id"],
            "Amt": round(amount, 2),
            "PayDate": created + timedelta(hours=position),
            "PayStatus": "Paid",
            "PaymentId": 1000 + 10 * invoice["Id"] + position,
        }
        for position, amount in enumerate(amounts, start=1)
    ]


def inventory(product_id: int) -> int:
    """Units in stock of a product."""
    return (product_id * 7) % 40 + 3
