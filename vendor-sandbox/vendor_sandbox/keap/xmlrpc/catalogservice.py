"""The by-id services: discounts and trials, files, invoices, inventory, shipping, web forms.

Each lookup of one record answers fault 5 for an id nothing has, which is how a connector
walking ids 1..n knows where a kind ends.
"""

from __future__ import annotations

import typing as t

from vendor_sandbox.keap.xmlrpc import catalog
from vendor_sandbox.keap.xmlrpc.faults import not_found

if t.TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    from vendor_sandbox.keap.xmlrpc.store import XmlRpcStore

    Row = dict[str, t.Any]


def by_id(records: Mapping[int, Row], what: str) -> Callable[[XmlRpcStore, int], Row]:
    """A handler returning one record of a fixed catalogue (fault 5 when unknown)."""

    def handler(store: XmlRpcStore, record_id: int) -> Row:
        del store
        record = records.get(record_id)
        if record is None:
            raise not_found(f"{what} {record_id} was not found")
        return dict(record)

    return handler


def category_assignments(store: XmlRpcStore, discount_id: int) -> list[Row]:
    """The products a category discount applies to."""
    by_id(catalog.CATEGORY_DISCOUNTS, "Category discount")(store, discount_id)
    return [dict(row) for row in catalog.CATEGORY_ASSIGNMENTS if row["SpecialId"] == discount_id]


def get_file(store: XmlRpcStore, file_id: int) -> str:
    """A file's content, base64 in a plain string (not `<base64>`), as Keap sends it."""
    del store
    content = catalog.file_base64(file_id)
    if content is None:
        raise not_found(f"File {file_id} was not found")
    return content


def _invoice(store: XmlRpcStore, invoice_id: int) -> Row:
    invoice = store.find("Invoice", invoice_id)
    if invoice is None:
        raise not_found(f"Invoice {invoice_id} was not found")
    return invoice


def amount_owed(store: XmlRpcStore, invoice_id: int) -> float:
    """What is still due on an invoice."""
    invoice = _invoice(store, invoice_id)
    return round(float(invoice["InvoiceTotal"] or 0) - float(invoice["TotalPaid"] or 0), 2)


def payments(store: XmlRpcStore, invoice_id: int) -> list[Row]:
    """The payments made against an invoice."""
    return catalog.invoice_payments(_invoice(store, invoice_id))


def payment_options(store: XmlRpcStore) -> dict[str, str]:
    """`{code: label}` of the payment types the account takes."""
    del store
    return dict(catalog.PAYMENT_OPTIONS)


def invoice_shipping_options(store: XmlRpcStore) -> list[Row]:
    """`InvoiceService.getAllShippingOptions`: Id, Name, Type of every option."""
    del store
    return catalog.all_shipping_options(with_active=False)


def shipping_options(store: XmlRpcStore) -> list[Row]:
    """`ShippingService.getAllShippingOptions`: as above, with `Active`."""
    del store
    return catalog.all_shipping_options(with_active=True)


def shipping_option(kind: str) -> Callable[[XmlRpcStore, int], Row]:
    """A handler returning option `id` of one shipping type (fault 5 when unknown)."""

    def handler(store: XmlRpcStore, option_id: int) -> Row:
        del store
        option = catalog.shipping_option(kind, option_id)
        if option is None:
            raise not_found(f"Shipping option {option_id} ({kind}) was not found")
        return option

    return handler


def order_total_ranges(store: XmlRpcStore, option_id: int) -> list[Row]:
    """The price bands of an order-total shipping option."""
    shipping_option("order_total")(store, option_id)
    return catalog.order_total_ranges(option_id)


def inventory(store: XmlRpcStore, product_id: int) -> int:
    """Units in stock of a product."""
    if store.find("Product", product_id) is None:
        raise not_found(f"Product {product_id} was not found")
    return catalog.inventory(product_id)


def web_forms(store: XmlRpcStore) -> dict[str, str]:
    """`{formId: name}` of the web forms, ids as strings (XML-RPC struct keys)."""
    del store
    return dict(catalog.WEB_FORMS)
