"""Keap's REST v1 write endpoints: every Create, Update and Delete a writer needs.

One module per family (`contacts`, `crm`, `commerce`, `marketing`, `account`), each with its
`ROUTES`; `base` holds the write pipeline (check the body, apply, log) and `body` the field
checks and Keap's 400 answers. What is written is read back through the read endpoints
(`api.py`), and logged in `store.written` for tests (control `written/<resource>`).
"""

from __future__ import annotations

from vendor_sandbox.keap.writes import account, commerce, contacts, crm, marketing

ROUTES = (
    *contacts.ROUTES,
    *crm.ROUTES,
    *commerce.ROUTES,
    *marketing.ROUTES,
    *account.ROUTES,
)

# The resources writes are logged under: the stream names a writer uses.
RESOURCES = (
    "account_profile", "affiliates", "appointments", "campaign_sequence_contacts", "companies",
    "contact_tags", "contacts", "emails", "files", "hooks", "notes", "opportunities",
    "order_items", "order_payments", "orders", "product_subscriptions", "products",
    "subscriptions", "tags", "tasks", "users",
)  # fmt: skip

__all__ = ["RESOURCES", "ROUTES", "account", "marketing"]
