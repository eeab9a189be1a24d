"""Writes of Keap's e-commerce records: orders, items, payments, products, plans, subscriptions.

Order items and payments belong to an order, subscription plans to a product.

Sources (B = Keap's v1 OpenAPI as ballerina-platform/openapi-connectors
`openapi/keap/openapi.yml` @81158a45a86f carries it; B n = its line n), with the schema
each body follows:

- `POST /orders` → 201 Order (B 4294): `CreateOrder` (B 8537), with `contact_id`, `order_date`,
  `order_items` [{`product_id`, `quantity` >= 1, `price` (a string >= 0), `description`}],
  `order_title` and `order_type` (`Online` or `Offline`) required.
- `DELETE /orders/{id}` → 204 (B 4402), only for "an order that does not have a payment";
  otherwise 400 (assumed).
- `POST /orders/{id}/items` → 201 OrderItem (B 4439): `CreateOrderItem` (B 7074), `product_id`
  and `quantity`.
- `DELETE /orders/{id}/items/{itemId}` → 204 (B 4481).
- `POST /orders/{id}/payments` → 201 PaymentResult (B 4615, 9612) {id, invoice_id,
  payment_amount, payment_status, transaction_id}: `CreatePayment` (B 10022), nothing required,
  `payment_amount` a string.
- `POST /products` → 201, `PATCH /products/{id}` → 200, `DELETE` → 204 (B 4776, 4937, 4901):
  `CreateProduct` (B 7094), `product_name` required.
- `POST /products/{id}/subscriptions` → 201 ProductSubscription (B 5059):
  `CreateProductSubscription` (B 9678), `cycle_type` (YEAR, MONTH, WEEK or DAY) and
  `plan_price`.
- `GET` → 200 ProductSubscription (B 5105) and `DELETE` → 204 (B 5146)
  `/products/{id}/subscriptions/{subscriptionId}`. A plan is kept, answered and listed in
  the product's `subscription_plans` (B 6650) with `ProductSubscription`'s fields alone
  (B 10049): id, active, cycle_type, frequency, number_of_cycles, plan_price,
  subscription_plan_index, subscription_plan_name and url; no product_id.
- `POST /subscriptions` → 201 Subscription (B 5337): `CreateSubscription` (B 8653), `contact_id`
  required; `first_bill_date` "must not be in the past"; `quantity` > 0.

With `allow_duplicate` false Keap itself checks "if there is already an identical
subscription for the contact"; the refusal is undocumented and answered here as 400
(assumed), an identical one being an active subscription of the same contact to the same
plan (assumed). Items, payments and plans written here get ids from 1,000,000,001 up, apart
from the seeded ones.
"""

from __future__ import annotations

import typing as t
from decimal import Decimal, InvalidOperation

from vendor_sandbox.keap import commerce, relations
from vendor_sandbox.keap.call import NO_CONTENT, Route
from vendor_sandbox.keap.errors import bad_request, not_found
from vendor_sandbox.keap.writes.base import (
    CREATE,
    CREATED,
    DELETE,
    Crud,
    Done,
    apply_fields,
    blank,
    contact_ref,
    existing,
    keep_custom,
    routes_of,
    write,
)
from vendor_sandbox.keap.writes.body import (
    choice,
    day,
    flag,
    items,
    moment,
    number,
    obj,
    text,
    whole,
    wrong,
)

if t.TYPE_CHECKING:
    from vendor_sandbox.keap.call import Call
    from vendor_sandbox.keap.seedkit import Record
    from vendor_sandbox.keap.writes.body import Body

ORDERS = "orders"
PRODUCTS = "products"
FIRST_WRITTEN_ID = 1_000_000_001
PLAN_NAMES = {"YEAR": "Yearly", "MONTH": "Monthly", "WEEK": "Weekly", "DAY": "Daily"}
CYCLES = tuple(PLAN_NAMES)
ORDER_ITEM = {
    "description": text(),
    "price": text(),
    "product_id": whole().needed(),
    "quantity": whole().needed(),
}
SHIPPING = obj(
    company=text(), country_code=text(), first_name=text(), is_invoice_to_company=flag(),
    last_name=text(), line1=text(), line2=text(), locality=text(), middle_name=text(),
    phone=text(), region=text(), zip_code=text(), zip_four=text(),
)  # fmt: skip
ORDER = {
    "contact_id": whole().needed(),
    "lead_affiliate_id": whole(),
    "order_date": moment().needed(),
    "order_items": items(obj(**ORDER_ITEM)).needed(),
    "order_title": text().needed(),
    "order_type": choice("Online", "Offline").needed(),
    "promo_codes": items(text()),
    "sales_affiliate_id": whole(),
    "shipping_address": SHIPPING,
}
PAYMENT = {
    "apply_to_commissions": flag(),
    "charge_now": flag(),
    "credit_card_id": whole(),
    "date": moment(),
    "notes": text(),
    "payment_amount": text(),
    "payment_gateway_id": text(),
    "payment_method_type": choice("CREDIT_CARD", "CASH", "CHECK"),
}
PRODUCT = {
    "active": flag(),
    "product_desc": text(),
    "product_name": text().needed(),
    "product_price": number(),
    "product_short_desc": text(),
    "sku": text(),
    "subscription_only": flag(),
}
PLAN = {
    "active": flag(),
    "cycle_type": choice(*CYCLES).needed(),
    "frequency": whole(),
    "number_of_cycles": whole(),
    "plan_price": number().needed(),
    "subscription_plan_index": whole(),
}
SUBSCRIPTION = {
    "allow_duplicate": flag(),
    "allow_tax": flag(),
    "auto_charge": flag(),
    "billing_amount": number(),
    "contact_id": whole().needed(),
    "credit_card_id": whole(),
    "first_bill_date": day(),
    "payment_gateway_id": whole(),
    "quantity": whole(),
    "sale_affiliate_id": whole(),
    "subscription_plan_id": whole(),
}


def _amount(value: str | None, where: str) -> float | None:
    """A decimal amount sent as a string (`price`, `payment_amount`), at least 0."""
    if value is None:
        return None
    try:
        amount = Decimal(value.strip())
    except InvalidOperation:
        amount = Decimal(-1)
    if not amount.is_finite() or amount < 0:
        raise wrong(where, "a decimal number >= 0 as a string")
    return float(amount)


def _product_summary(call: Call, product_id: int, where: str) -> Record:
    """The `product` an order item embeds, from the product as stored."""
    index = existing(call, PRODUCTS, product_id, where)
    product = call.store.table(PRODUCTS).get(index) or {}
    return commerce.product_summary(index) | {
        "name": product.get("product_name"),
        "sku": product.get("sku"),
        "description": product.get("product_desc"),
    }


def _item(call: Call, values: dict[str, t.Any], where: str) -> Record:
    """An order item as `GET /orders/{id}` shows it."""
    if values["quantity"] < 1:
        raise wrong(f"{where}quantity", "at least 1")
    product = _product_summary(call, values["product_id"], f"{where}product_id")
    stored = call.store.table(PRODUCTS).get(values["product_id"] - 1) or {}
    price = _amount(values.get("price"), f"{where}price")
    return {
        "id": call.store.next_id("order_items", FIRST_WRITTEN_ID),
        "name": product["name"],
        "description": values.get("description") or product["description"],
        "type": "Product",
        "notes": "",
        "quantity": values["quantity"],
        "cost": None,
        "price": stored.get("product_price") if price is None else price,
        "discount": 0.0,
        "product": product,
    }


def _totals(record: Record) -> None:
    """An order's total and what is due, after its items or payments changed."""
    total = sum(float(item["price"] or 0) * item["quantity"] for item in record["order_items"])
    record["total"] = round(total, 2)
    record["total_due"] = round(max(0.0, total - float(record.get("total_paid") or 0)), 2)
    record["status"] = "PAID" if record["total"] and not record["total_due"] else "UNPAID"


def create_order(call: Call, body: Body) -> Done:
    """`POST /orders`: a new unpaid order (201)."""
    values = body.values
    contact = contact_ref(call, values["contact_id"], "contact_id")
    for name in ("lead_affiliate_id", "sales_affiliate_id"):
        if values.get(name):
            existing(call, "affiliates", values[name], name)
    order_items = [
        _item(call, item, f"order_items[{position}].")
        for position, item in enumerate(values["order_items"])
    ]
    table = call.store.table(ORDERS)
    index = table.next_index
    now = call.store.now(ORDERS)
    shipping = values.get("shipping_address") or {}
    record = blank(call, ORDERS, index) | {
        "id": index + 1,
        "title": values["order_title"],
        "recurring": False,
        "total_paid": 0.0,
        "refund_total": 0.0,
        "contact": contact,
        "order_date": values["order_date"],
        "creation_date": now,
        "modification_date": now,
        "lead_affiliate_id": values.get("lead_affiliate_id"),
        "sales_affiliate_id": values.get("sales_affiliate_id"),
        "source_type": "API",
        "allow_payment": True,
        "allow_paypal": False,
        "notes": "",
        "terms": "",
        "order_items": order_items,
        "shipping_information": {**shipping, "field": "SHIPPING"} if shipping else None,
    }
    _totals(record)
    call.store.payments[index] = []
    keep_custom(call, ORDERS, index, {}, new=True)
    call.store.put(ORDERS, index, record)
    return Done(
        CREATED, call.store.with_custom_fields(table.spec, index, dict(record)), id=index + 1
    )


def delete_order(call: Call, body: Body) -> Done:
    """`DELETE /orders/{id}`: 204 for an order without payments, else 400 (assumed)."""
    del body
    index = call.index(ORDERS)
    if relations.order_payments(call.store, index):
        raise bad_request(f"Order {index + 1} has payments and cannot be deleted")
    call.store.remove(ORDERS, index)
    return Done(NO_CONTENT, id=index + 1)


def _changed_order(call: Call, index: int, record: Record) -> None:
    _totals(record)
    record["modification_date"] = call.store.now(ORDERS)
    call.store.put(ORDERS, index, record)


def add_item(call: Call, body: Body) -> Done:
    """`POST /orders/{id}/items`: 201 OrderItem; the order's totals follow."""
    index = call.index(ORDERS)
    item = _item(call, body.values, "")
    record = call.store.table(ORDERS).get(index) or {}
    record["order_items"] = [*record["order_items"], item]
    _changed_order(call, index, record)
    return Done(CREATED, item, id=item["id"], note={"order_id": index + 1})


def remove_item(call: Call, body: Body) -> Done:
    """`DELETE /orders/{id}/items/{itemId}`: 204; 404 for an item the order lacks."""
    del body
    index = call.index(ORDERS)
    item_id = int(call.ids[1])
    record = call.store.table(ORDERS).get(index) or {}
    kept = [item for item in record["order_items"] if item["id"] != item_id]
    if len(kept) == len(record["order_items"]):
        raise not_found(f"order item with id {item_id} not found on order {index + 1}")
    record["order_items"] = kept
    _changed_order(call, index, record)
    return Done(NO_CONTENT, id=item_id, note={"order_id": index + 1})


def add_payment(call: Call, body: Body) -> Done:
    """`POST /orders/{id}/payments`: 201 PaymentResult; the payment lists under the order.

    Without `payment_amount` the amount due is paid (assumed).
    """
    index = call.index(ORDERS)
    values = body.values
    record = call.store.table(ORDERS).get(index) or {}
    amount = _amount(values.get("payment_amount"), "payment_amount")
    if amount is None:
        amount = float(record.get("total_due") or 0)
    payment_id = call.store.next_id("payments", FIRST_WRITTEN_ID)
    now = call.store.now(ORDERS)
    payment = {
        "id": payment_id,
        "payment_id": payment_id,
        "invoice_id": index + 1,
        "amount": amount,
        "pay_date": values.get("date") or now,
        "pay_status": "Paid",
        "note": values.get("notes") or "",
        "last_updated": now,
        "refund_invoice_payment_id": 0,
        "skip_commission": not values.get("apply_to_commissions", False),
    }
    call.store.payments[index] = [*relations.order_payments(call.store, index), payment]
    record["total_paid"] = round(float(record.get("total_paid") or 0) + amount, 2)
    _changed_order(call, index, record)
    result = {
        "id": payment_id,
        "invoice_id": index + 1,
        "payment_amount": amount,
        "payment_status": "Paid",
        "transaction_id": call.store.next_id("transactions", FIRST_WRITTEN_ID),
    }
    return Done(CREATED, result, id=payment_id, note={"order_id": index + 1})


def _fill_product(call: Call, record: Record, values: dict[str, t.Any]) -> None:
    apply_fields(
        record,
        values,
        ("product_name", "product_desc", "product_price", "product_short_desc", "sku",
         "subscription_only", "active"),
    )  # fmt: skip
    record["status"] = 1 if record.get("active") is not False else 0
    for name in ("subscription_plans", "product_options"):
        record[name] = record.get(name) or []
    record["url"] = record.get("url") or f"https://example.com/products/{record['id']}"
    del call


def add_plan(call: Call, body: Body) -> Done:
    """`POST /products/{id}/subscriptions`: 201 ProductSubscription, listed on the product."""
    index = call.index(PRODUCTS)
    values = body.values
    record = call.store.table(PRODUCTS).get(index) or {}
    plans = list(record.get("subscription_plans") or [])
    plan_id = call.store.next_id("plans", FIRST_WRITTEN_ID)
    plan = {
        "id": plan_id,
        "active": values.get("active", True),
        "cycle_type": values["cycle_type"],
        "frequency": values.get("frequency", 1),
        "number_of_cycles": values.get("number_of_cycles", 0),
        "plan_price": values["plan_price"],
        "subscription_plan_index": values.get("subscription_plan_index", len(plans)),
        "subscription_plan_name": f"{PLAN_NAMES[values['cycle_type']]} {index + 1}",
        "url": f"https://example.com/products/{index + 1}/plans/{plan_id}",
    }
    record["subscription_plans"] = [*plans, plan]
    call.store.put(PRODUCTS, index, record)
    return Done(CREATED, dict(plan), id=plan_id, note={"product_id": index + 1})


def _plan_of(call: Call) -> tuple[int, Record, Record]:
    index = call.index(PRODUCTS)
    plan_id = int(call.ids[1])
    record = call.store.table(PRODUCTS).get(index) or {}
    for plan in record.get("subscription_plans") or []:
        if plan["id"] == plan_id:
            return index, record, plan
    raise not_found(f"product subscription with id {plan_id} not found on product {index + 1}")


def get_plan(call: Call) -> Record:
    """`GET /products/{id}/subscriptions/{subscriptionId}`: ProductSubscription."""
    _index, _record, plan = _plan_of(call)
    return dict(plan)


def remove_plan(call: Call, body: Body) -> Done:
    """`DELETE /products/{id}/subscriptions/{subscriptionId}`: 204."""
    del body
    index, record, plan = _plan_of(call)
    record["subscription_plans"] = [
        other for other in record["subscription_plans"] if other["id"] != plan["id"]
    ]
    call.store.put(PRODUCTS, index, record)
    return Done(NO_CONTENT, id=plan["id"], note={"product_id": index + 1})


def find_plan(call: Call, plan_id: int) -> tuple[int, Record] | None:
    """The product index and plan of a subscription plan id, or None."""
    table = call.store.table(PRODUCTS)
    for index in table.indexes():
        for plan in (table.get(index) or {}).get("subscription_plans") or []:
            if plan["id"] == plan_id:
                return index, plan
    return None


def _check_subscription(call: Call, values: dict[str, t.Any]) -> None:
    existing(call, "contacts", values["contact_id"], "contact_id")
    if values.get("quantity") is not None and values["quantity"] < 1:
        raise wrong("quantity", "greater than 0")
    today = call.store.now("subscriptions")[:10]
    if values.get("first_bill_date") and values["first_bill_date"] < today:
        raise bad_request(f"'first_bill_date' must not be in the past: {values['first_bill_date']}")
    if values.get("sale_affiliate_id"):
        existing(call, "affiliates", values["sale_affiliate_id"], "sale_affiliate_id")
    plan_id = values.get("subscription_plan_id")
    if plan_id is not None and find_plan(call, plan_id) is None:
        raise bad_request(f"'subscription_plan_id': product subscription {plan_id} not found")
    if values.get("allow_duplicate"):
        return
    table = call.store.table("subscriptions")
    for index in table.indexes():
        other = table.get(index) or {}
        if (
            other.get("active")
            and other.get("contact_id") == values["contact_id"]
            and other.get("subscription_plan_id") == plan_id
        ):
            raise bad_request(
                f"Contact {values['contact_id']} already has an identical subscription "
                f"(id {index + 1}); set allow_duplicate to add another"
            )


def _fill_subscription(call: Call, record: Record, values: dict[str, t.Any]) -> None:
    plan_id = values.get("subscription_plan_id")
    found = None if plan_id is None else find_plan(call, plan_id)
    product_index, plan = found if found else (None, {})
    today = call.store.now("subscriptions")[:10]
    record |= {
        "active": True,
        "allow_tax": values.get("allow_tax", False),
        "auto_charge": values.get("auto_charge", True),
        "billing_amount": values.get("billing_amount", plan.get("plan_price")),
        "billing_cycle": plan.get("cycle_type"),
        "billing_frequency": plan.get("frequency"),
        "contact_id": values["contact_id"],
        "credit_card_id": values.get("credit_card_id"),
        "next_bill_date": values.get("first_bill_date") or today,
        "payment_gateway_id": values.get("payment_gateway_id"),
        "product_id": None if product_index is None else product_index + 1,
        "quantity": values.get("quantity", 1),
        "sale_affiliate_id": values.get("sale_affiliate_id"),
        "start_date": today,
        "subscription_plan_id": values.get("subscription_plan_id"),
        "use_default_payment_gateway": values.get("payment_gateway_id") is None,
    }


PRODUCTS_CRUD = Crud(PRODUCTS, _fill_product)
SUBSCRIPTIONS = Crud("subscriptions", _fill_subscription, check=_check_subscription)

ROUTES = (
    write("/orders", "POST", ORDERS, CREATE, create_order, schema=ORDER),
    write("/orders/{id}", "DELETE", ORDERS, DELETE, delete_order),
    write("/orders/{id}/items", "POST", "order_items", CREATE, add_item, schema=ORDER_ITEM),
    write("/orders/{id}/items/{item_id}", "DELETE", "order_items", DELETE, remove_item),
    write("/orders/{id}/payments", "POST", "order_payments", CREATE, add_payment, schema=PAYMENT),
    *routes_of(PRODUCTS_CRUD, "/products", PRODUCT, delete=True),
    write(
        "/products/{id}/subscriptions",
        "POST",
        "product_subscriptions",
        CREATE,
        add_plan,
        schema=PLAN,
    ),
    Route("/products/{id}/subscriptions/{plan_id}", get_plan),
    write(
        "/products/{id}/subscriptions/{plan_id}",
        "DELETE",
        "product_subscriptions",
        DELETE,
        remove_plan,
    ),
    *routes_of(SUBSCRIPTIONS, "/subscriptions", SUBSCRIPTION, update=None),
)
