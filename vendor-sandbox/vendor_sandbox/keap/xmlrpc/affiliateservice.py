"""Affiliate reports (`APIAffiliateService`), programs and redirect links.

Reports filter on DateEarned (commissions, clawbacks) or PayDate (payouts) within
[startDate, endDate], both ends included; a summary sums one period, running totals all
time. An affiliate or program id nothing belongs to gives an empty array, except a program
id no program has (fault 5), which is how a connector learns it is gone.
"""

from __future__ import annotations

import typing as t

from vendor_sandbox.keap.xmlrpc.faults import not_found

if t.TYPE_CHECKING:
    from datetime import datetime

    from vendor_sandbox.keap.xmlrpc.store import XmlRpcStore

    Row = dict[str, t.Any]

EARNED = "DateEarned"
PAID = "PayDate"


def _within(rows: list[Row], field: str, start: datetime, end: datetime) -> list[Row]:
    return sorted((row for row in rows if start <= row[field] <= end), key=lambda row: row[field])


def aff_commissions(
    store: XmlRpcStore, affiliate_id: int, start: datetime, end: datetime
) -> list[Row]:
    """Commissions the affiliate earned in the period."""
    rows = store.affiliate_data.commissions.get(affiliate_id, [])
    return _within(rows, EARNED, start, end)


def aff_clawbacks(
    store: XmlRpcStore, affiliate_id: int, start: datetime, end: datetime
) -> list[Row]:
    """Commissions taken back in the period."""
    return _within(store.affiliate_data.clawbacks.get(affiliate_id, []), EARNED, start, end)


def aff_payouts(store: XmlRpcStore, affiliate_id: int, start: datetime, end: datetime) -> list[Row]:
    """Payments made to the affiliate in the period."""
    return _within(store.affiliate_data.payouts.get(affiliate_id, []), PAID, start, end)


def _totals(
    store: XmlRpcStore, affiliate_id: int, start: datetime | None, end: datetime | None
) -> Row:
    data = store.affiliate_data

    def total(rows: list[Row], field: str, amount: str) -> float:
        chosen = [
            row
            for row in rows
            if (start is None or row[field] >= start) and (end is None or row[field] <= end)
        ]
        return round(float(sum(row[amount] for row in chosen)), 2)

    earned = total(data.commissions.get(affiliate_id, []), EARNED, "AmtEarned")
    clawbacks = total(data.clawbacks.get(affiliate_id, []), EARNED, "Amount")
    payments = total(data.payouts.get(affiliate_id, []), PAID, "PayAmt")
    return {
        "AffiliateId": affiliate_id,
        "AmountEarned": earned,
        "Clawbacks": clawbacks,
        "Payments": payments,
        "RunningBalance": round(earned - clawbacks - payments, 2),
    }


def aff_summary(
    store: XmlRpcStore, affiliate_ids: list[int], start: datetime, end: datetime
) -> list[Row]:
    """Earned, clawed back, paid and the balance of each known affiliate in the period."""
    known = store.affiliate_data.commissions
    return [_totals(store, number, start, end) for number in affiliate_ids if number in known]


def aff_running_totals(store: XmlRpcStore, affiliate_ids: list[int]) -> list[Row]:
    """The same sums over all time."""
    known = store.affiliate_data.commissions
    return [_totals(store, number, None, None) for number in affiliate_ids if number in known]


def redirect_links(store: XmlRpcStore, affiliate_id: int) -> list[Row]:
    """The affiliate's redirect (tracking) links."""
    return list(store.affiliate_data.links.get(affiliate_id, []))


def affiliate_programs(store: XmlRpcStore) -> list[Row]:
    """Every affiliate program."""
    return list(store.affiliate_data.programs)


def programs_for_affiliate(store: XmlRpcStore, affiliate_id: int) -> list[Row]:
    """The programs the affiliate belongs to."""
    data = store.affiliate_data
    return [
        program for program in data.programs if affiliate_id in data.members.get(program["Id"], [])
    ]


def _members(store: XmlRpcStore, program_id: int) -> list[int]:
    members = store.affiliate_data.members.get(program_id)
    if members is None:
        raise not_found(f"Affiliate program {program_id} was not found")
    return members


def affiliates_by_program(store: XmlRpcStore, program_id: int) -> list[Row]:
    """The program's affiliates with their contact's name and email."""
    rows = []
    for number in _members(store, program_id):
        affiliate = store.find("Affiliate", number)
        if affiliate is None:
            continue
        contact = store.find("Contact", affiliate.get("ContactId") or 0) or {}
        row = {
            "Id": number,
            "AffCode": affiliate["AffCode"],
            "AffName": affiliate["AffName"],
            "ContactId": affiliate.get("ContactId"),
            "FirstName": contact.get("FirstName"),
            "LastName": contact.get("LastName"),
            "Email": contact.get("Email"),
            "Status": affiliate["Status"],
        }
        rows.append({name: value for name, value in row.items() if value not in (None, "")})
    return rows


def program_resources(store: XmlRpcStore, program_id: int) -> list[Row]:
    """Banners, links and emails offered to the program's affiliates."""
    _members(store, program_id)
    wanted = str(program_id)
    return [
        resource
        for resource in store.affiliate_data.resources
        if wanted in resource["ProgramIds"].split(",")
    ]
