"""Affiliate data only XML-RPC serves: commissions, clawbacks, payouts, programs, links.

Every affiliate gets commissions, clawbacks and payouts spread over the 60 days before the
seed's "now", so a report over any sub-period has something to filter. Program 1 holds every
affiliate, program 2 the even ones; both have resources.
"""

from __future__ import annotations

import typing as t
from dataclasses import dataclass, field
from datetime import timedelta

from vendor_sandbox.keap.xmlrpc.dates import days_before
from vendor_sandbox.keap.xmlrpc.seed import PRODUCT_NAMES, first_name, last_name, ref

if t.TYPE_CHECKING:
    from collections.abc import Mapping
    from datetime import datetime

    Row = dict[str, t.Any]

COMMISSIONS_PER_AFFILIATE = 6
CLAWBACKS_PER_AFFILIATE = 2
PAYOUTS_PER_AFFILIATE = 3
REPORT_DAYS = 60
SOLD_BY = ("Sam", "Seller")
PAY_TYPES = ("Check", "PayPal", "Direct deposit")


@dataclass
class AffiliateData:
    """Report rows per affiliate id, the programs, their members, resources and links."""

    commissions: dict[int, list[Row]] = field(default_factory=dict)
    clawbacks: dict[int, list[Row]] = field(default_factory=dict)
    payouts: dict[int, list[Row]] = field(default_factory=dict)
    programs: list[Row] = field(default_factory=list)
    members: dict[int, list[int]] = field(default_factory=dict)
    resources: list[Row] = field(default_factory=list)
    links: dict[int, list[Row]] = field(default_factory=dict)


def _when(now: datetime, affiliate: int, item: int, spread: int) -> datetime:
    """A moment within the report window, different for every (affiliate, item)."""
    day = (affiliate * 7 + item * spread) % (REPORT_DAYS - 2) + 1
    return days_before(now, day) - timedelta(hours=(affiliate + item) % 12)


def _sale(affiliate: int, item: int, counts: Mapping[str, int]) -> Row:
    """Who bought what: the fields commissions and clawbacks share."""
    person = affiliate * COMMISSIONS_PER_AFFILIATE + item
    contact_id = ref(person, counts.get("Contact", 0))
    invoice_id = ref(person, counts.get("Invoice", 0))
    return {
        "ContactId": contact_id,
        "InvoiceId": invoice_id,
        "ProductName": PRODUCT_NAMES[person % len(PRODUCT_NAMES)],
        "SaleAffId": affiliate + 1,
        "SoldByFirstName": SOLD_BY[0],
        "SoldByLastName": SOLD_BY[1],
        "_person": person,
    }


def _commission(affiliate: int, item: int, now: datetime, counts: Mapping[str, int]) -> Row:
    sale = _sale(affiliate, item, counts)
    person = sale.pop("_person")
    return {
        **sale,
        "ContactFirstName": first_name(person),
        "ContactLastName": last_name(person),
        "AmtEarned": round(5 + 2.25 * item + affiliate, 2),
        "DateEarned": _when(now, affiliate, item, 11),
        "Description": f"Commission on invoice {sale['InvoiceId']}",
    }


def _clawback(affiliate: int, item: int, now: datetime, counts: Mapping[str, int]) -> Row:
    sale = _sale(affiliate, item, counts)
    person = sale.pop("_person")
    return {
        **sale,
        "FirstName": first_name(person),
        "LastName": last_name(person),
        "Amount": round(2.5 + item + 0.5 * affiliate, 2),
        "DateEarned": _when(now, affiliate, item + 3, 17),
        "Description": f"Refund of invoice {sale['InvoiceId']}",
    }


def _payout(affiliate: int, item: int, now: datetime) -> Row:
    return {
        "AffPayoutId": affiliate * PAYOUTS_PER_AFFILIATE + item + 1,
        "PayAmt": round(4.0 + 3 * item + affiliate, 2),
        "PayDate": _when(now, affiliate, item + 1, 19),
        "PayNote": f"Payout {item + 1} of affiliate {affiliate + 1}",
        "PayType": PAY_TYPES[(affiliate + item) % len(PAY_TYPES)],
    }


def _resources() -> list[Row]:
    specs = (
        ("Banner 468x60", "Banner", "1"),
        ("Text link", "Text", "1"),
        ("Launch email", "Email", "1,2"),
        ("Reseller kit", "Download", "2"),
    )
    return [
        {
            "Id": number,
            "Title": title,
            "Notes": f"{kind} resource {number}",
            "ResourceType": kind,
            "ResourceHTML": f'<a href="https://example.com/r/{number}">{title}</a>',
            "ResourceHREF": f"https://example.com/r/{number}",
            "ResourceOrder": number,
            "ProgramIds": programs,
        }
        for number, (title, kind, programs) in enumerate(specs, start=1)
    ]


def seed_affiliate_data(affiliates: int, now: datetime, counts: Mapping[str, int]) -> AffiliateData:
    """Report rows and links for affiliates `1..affiliates`, programs 1 and 2."""
    data = AffiliateData()
    for index in range(affiliates):
        number = index + 1
        data.commissions[number] = [
            _commission(index, item, now, counts) for item in range(COMMISSIONS_PER_AFFILIATE)
        ]
        data.clawbacks[number] = [
            _clawback(index, item, now, counts) for item in range(CLAWBACKS_PER_AFFILIATE)
        ]
        data.payouts[number] = [_payout(index, item, now) for item in range(PAYOUTS_PER_AFFILIATE)]
        data.links[number] = [
            {
                "AffiliateId": number,
                "LocalUrlCode": f"aff{number}-{item + 1}",
                "Name": f"Landing page {item + 1}",
                "RedirectId": 2 * index + item + 1,
                "RedirectUrl": f"https://example.com/landing/{item + 1}?aff={number}",
                "ProgramIds": "1",
            }
            for item in range(2)
        ]
    data.programs = [
        {"Id": 1, "Name": "Partner program", "Notes": "Every affiliate", "Priority": 1},
        {"Id": 2, "Name": "Reseller program", "Notes": "Even affiliate ids", "Priority": 2},
    ]
    every = list(range(1, affiliates + 1))
    data.members = {1: every, 2: [number for number in every if number % 2 == 0]}
    data.resources = _resources()
    return data
