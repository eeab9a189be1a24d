"""Seeded records of Keap's affiliate resources.

Affiliates, programs, redirect links, summaries, commissions, and each affiliate's
clawbacks and payments.

Commissions and clawbacks carry `date_earned`, the field their `since`/`until` filter on.
"""

from __future__ import annotations

import typing as t
from datetime import timedelta

from vendor_sandbox.keap.seedkit import family_name, given_name, pick, ref, stamp

if t.TYPE_CHECKING:
    from vendor_sandbox.keap.seedkit import Counts, Record

CLAWBACKS_PER_AFFILIATE = 2
PAYMENTS_PER_AFFILIATE = 2


def affiliate(index: int, counts: Counts) -> Record:
    """Affiliate `index`, a contact who earns commissions."""
    return {
        "id": index + 1,
        "code": f"AFF{index + 1:04d}",
        "contact_id": ref(index, counts.get("contacts", 0)),
        "name": f"{given_name(index)} {family_name(index)}",
        "notify_on_lead": index % 2 == 0,
        "notify_on_sale": True,
        "parent_id": 0 if index < 2 else index // 2,
        "status": "active" if index % 6 else "inactive",
        "track_leads_for": 30,
    }


def program(index: int, counts: Counts) -> Record:
    """Commission program `index`."""
    return {
        "id": index + 1,
        "affiliate_id": ref(index, counts.get("affiliates", 0)),
        "name": f"Program {index + 1}",
        "notes": "",
        "priority": index % 3,
    }


def redirect(index: int, counts: Counts) -> Record:
    """Affiliate redirect link `index`."""
    return {
        "id": index + 1,
        "affiliate_id": ref(index, counts.get("affiliates", 0)),
        "local_url_code": f"go{index + 1}",
        "name": f"Link {index + 1}",
        "program_ids": [ref(index, counts.get("programs", 0))],
        "redirect_url": f"https://example.com/landing/{index + 1}",
    }


def summary(index: int, counts: Counts) -> Record:
    """Earnings summary of affiliate `index + 1`."""
    del counts
    earned = round(100.0 + index * 12.5, 2)
    return {
        "affiliate_id": index + 1,
        "amount_earned": earned,
        "balance": round(earned / 2, 2),
        "clawbacks": round(earned / 10, 2),
    }


def commission(index: int, counts: Counts) -> Record:
    """Commission `index`; `date_earned` is its `since`/`until` field."""
    contact_index = ref(index, counts.get("contacts", 0)) - 1
    return {
        "invoice_id": index + 1,
        "amount_earned": round(5.0 + index % 20, 2),
        "contact_id": contact_index + 1,
        "contact_first_name": given_name(contact_index),
        "contact_last_name": family_name(contact_index),
        "date_earned": stamp(index),
        "description": f"Commission on invoice {index + 1}",
        "product_name": f"Product {index % 7 + 1}",
        "sales_affiliate_id": ref(index, counts.get("affiliates", 0)),
        "sold_by_first_name": given_name(index + 3),
        "sold_by_last_name": family_name(index + 3),
    }


def clawbacks(affiliate_index: int) -> list[Record]:
    """`/affiliates/{id}/clawbacks`; `date_earned` increases with the position."""
    return [
        {
            "id": affiliate_index * CLAWBACKS_PER_AFFILIATE + position + 1,
            "amount": round(2.5 + position, 2),
            "contact_id": affiliate_index + 1,
            "date_earned": stamp(affiliate_index * CLAWBACKS_PER_AFFILIATE + position),
            "description": "Refunded sale",
            "family_name": family_name(affiliate_index),
            "given_name": given_name(affiliate_index),
            "invoice_id": affiliate_index + 1,
            "product_name": f"Product {position + 1}",
            "sale_affiliate_id": affiliate_index + 1,
            "sold_by_family_name": family_name(affiliate_index + 3),
            "sold_by_given_name": given_name(affiliate_index + 3),
            "subscription_plan_name": pick(("", "Monthly"), position),
        }
        for position in range(CLAWBACKS_PER_AFFILIATE)
    ]


def payments(affiliate_index: int) -> list[Record]:
    """`/affiliates/{id}/payments`: what the affiliate was paid out."""
    return [
        {
            "id": affiliate_index * PAYMENTS_PER_AFFILIATE + position + 1,
            "amount": round(50.0 + position * 10, 2),
            "date": stamp(affiliate_index, timedelta(days=position)),
            "notes": "",
            "type": pick(("Check", "Credit"), position),
        }
        for position in range(PAYMENTS_PER_AFFILIATE)
    ]
