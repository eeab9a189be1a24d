"""Customer search (the data-integration API's): filters, pages of at most 500, id order.

Offered so taps can read customers back and tests can check what a target wrote through
the vendor's own eyes. Filters combine: `email` (any case), `hashcode`, `tag`, and
`updated_from` (ISO 8601, inclusive; JST without an offset). An empty filter value is no
filter.
"""

from __future__ import annotations

import typing as t

from vendor_sandbox.satori.clock import parse_iso
from vendor_sandbox.satori.errors import bad_request

if t.TYPE_CHECKING:
    from collections.abc import Mapping
    from datetime import datetime

    from vendor_sandbox.satori.store import Customer, SatoriData

MAX_PER_PAGE = 500


def _positive(fields: Mapping[str, str], name: str, default: int) -> int:
    value = fields.get(name) or ""
    if not value:
        return default
    if not value.isdigit() or int(value) < 1:
        msg = f"{name}は1以上の整数で指定してください"
        raise bad_request(msg)
    return int(value)


def _updated_from(fields: Mapping[str, str]) -> datetime | None:
    value = fields.get("updated_from") or ""
    if not value:
        return None
    moment = parse_iso(value)
    if moment is None:
        raise bad_request("updated_fromはISO 8601形式で指定してください")
    return moment


def _candidates(email: str, hashcode: str, data: SatoriData) -> list[Customer]:
    """Every customer, or the one an email (else a hashcode) names, through the indexes."""
    if email:
        found = data.by_email(email)
    elif hashcode:
        found = data.by_hashcode(hashcode)
    else:
        return list(data.customers.values())
    return [] if found is None else [found]


def _matches(fields: Mapping[str, str], data: SatoriData) -> list[Customer]:
    email, hashcode, tag = (fields.get(name) or "" for name in ("email", "hashcode", "tag"))
    updated_from = _updated_from(fields)
    return [
        customer
        for customer in _candidates(email, hashcode, data)
        if (not hashcode or customer.hashcode == hashcode)
        and (not tag or tag in customer.tags)
        and (updated_from is None or customer.updated_at >= updated_from)
    ]


def search(fields: Mapping[str, str], data: SatoriData) -> dict[str, t.Any]:
    """One page of the customers matching the filters, in id order.

    Raises:
        SatoriError: 400 for a bad page, per_page (over 500 included) or updated_from.
    """
    page = _positive(fields, "page", 1)
    per_page = _positive(fields, "per_page", MAX_PER_PAGE)
    if per_page > MAX_PER_PAGE:
        msg = f"per_pageは{MAX_PER_PAGE}以下で指定してください"
        raise bad_request(msg)
    matches = _matches(fields, data)
    start = (page - 1) * per_page
    return {
        "customers": [customer.as_dict() for customer in matches[start : start + per_page]],
        "page": page,
        "per_page": per_page,
        "total": len(matches),
    }
