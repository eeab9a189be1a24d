"""Keap's nested lists, derived from the seeded tables so they agree with them.

`/contacts/{id}/tags`, `/tags/{id}/contacts`, `/tags/{id}/companies`,
`/orders/{id}/payments`, `/orders/{id}/transactions`, `/affiliates/{id}/clawbacks`,
`/affiliates/{id}/payments`.

Each function receives the store and the parent's index (already known to exist) and
returns every entry; the API pages and filters them.
"""

from __future__ import annotations

import typing as t

from vendor_sandbox.keap import affiliates, commerce, marketing
from vendor_sandbox.keap.people import tag_ids

if t.TYPE_CHECKING:
    from vendor_sandbox.keap.seedkit import Record
    from vendor_sandbox.keap.store import KeapStore


def contact_tags(store: KeapStore, contact_index: int) -> list[Record]:
    """The tags applied to a contact, from its `tag_ids` (tags as the tags table holds them).

    A tag applied through the API shows the time it was applied.
    """
    record = store.table("contacts").get(contact_index) or {}
    tags = store.table("tags")
    entries = []
    for tag_id in record["tag_ids"]:
        tag = tags.get(tag_id - 1)
        if tag is None:
            continue
        entry = marketing.applied_tag(tag_id - 1, contact_index)
        category = tag.get("category") or {}
        entry["tag"] = {"id": tag_id, "name": tag["name"], "category": category.get("name")}
        entry["date_applied"] = store.applied_tags.get(
            (contact_index, tag_id), entry["date_applied"]
        )
        entries.append(entry)
    return entries


def tag_contacts(store: KeapStore, tag_index: int) -> list[Record]:
    """The contacts carrying a tag.

    Seeded contacts by index arithmetic (no record is built); contacts changed or written
    (the table's overlay) by their own `tag_ids`, names and first email address.
    """
    tags = store.counts.get("tags", 0)
    table = store.table("contacts")
    entries = []
    for index in table.indexes():
        stored = table.overlay.get(index)
        if stored is None:
            if tag_index + 1 in tag_ids(index, tags):
                entries.append(marketing.tagged_contact(index))
            continue
        if tag_index + 1 not in stored["tag_ids"]:
            continue
        entry = marketing.tagged_contact(index)
        emails = stored.get("email_addresses") or [{}]
        entry["contact"] |= {
            "email": emails[0].get("email"),
            "first_name": stored.get("given_name"),
            "last_name": stored.get("family_name"),
        }
        entry["date_applied"] = store.applied_tags.get(
            (index, tag_index + 1), entry["date_applied"]
        )
        entries.append(entry)
    return entries


def tag_companies(store: KeapStore, tag_index: int) -> list[Record]:
    """The companies carrying a tag: company `i` carries tag `i % tags + 1`."""
    tags = store.counts.get("tags", 0)
    if not tags:
        return []
    held = store.table("companies").indexes()
    return [marketing.tagged_company(index) for index in held if index % tags == tag_index]


def order_payments(store: KeapStore, order_index: int) -> list[Record]:
    """The payments of an order (`/orders/{id}/payments` answers them as a bare array).

    An order created or paid through the API has its payments stored; a seeded one computes
    them.
    """
    stored = store.payments.get(order_index)
    return list(stored) if stored is not None else commerce.order_payments(order_index)


def order_transactions(store: KeapStore, order_index: int) -> list[Record]:
    """The transactions whose `order_ids` name this order."""
    table = store.table("transactions")
    wanted = str(order_index + 1)
    matches = (table.get(index) or {} for index in table.indexes())
    return [record for record in matches if wanted in str(record["order_ids"]).split(",")]


def affiliate_clawbacks(store: KeapStore, affiliate_index: int) -> list[Record]:
    """Commissions taken back from an affiliate (`date_earned` filters them)."""
    del store
    return affiliates.clawbacks(affiliate_index)


def affiliate_payments(store: KeapStore, affiliate_index: int) -> list[Record]:
    """What an affiliate was paid."""
    del store
    return affiliates.payments(affiliate_index)
