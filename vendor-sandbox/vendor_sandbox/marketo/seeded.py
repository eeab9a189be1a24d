"""Seeded records computed from their index, so millions of them cost no memory.

Opportunity `i` (0-based) is `OPP-{i:08d}` with a marketoGUID that encodes `i`, and role `r`
of an instance seeded with `k` roles per opportunity belongs to opportunity `r // k` with
leadId `1000000 + r`. Every key parses back to its index in O(1), which is what lets a
query for 300 keys among 5,000,000 seeded records answer at once.
"""

from __future__ import annotations

import re
import typing as t
from datetime import UTC, datetime, timedelta

# Before any "now", so an update always moves updatedAt forward past every seeded record.
BASE_TIME = datetime(2024, 1, 1, tzinfo=UTC)
LEAD_ID_BASE = 1_000_000
OPPORTUNITY_VARIANT = "8000"
ROLE_VARIANT = "9000"
STAGES = (
    ("Prospecting", 10),
    ("Qualification", 20),
    ("Proposal", 50),
    ("Negotiation", 75),
    ("Closed Won", 100),
    ("Closed Lost", 0),
)
TYPES = ("New Business", "Existing Business", "Renewal")
LEAD_SOURCES = ("Web", "Inbound Sales Call/Email", "Partner", "Trade Show")
ROLES = ("Decision Maker", "Influencer", "Economic Buyer")
_GUID = re.compile(r"([0-9a-f]{8})-0000-4000-(8000|9000)-([0-9a-f]{12})")
_EXTERNAL_ID = re.compile(r"OPP-(\d{8,})")


def iso_datetime(moment: datetime) -> str:
    """Marketo's timestamp format: UTC, second resolution, `Z` suffix."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def now() -> str:
    """The current time as Marketo stamps createdAt/updatedAt."""
    return iso_datetime(datetime.now(UTC))


def guid(index: int, variant: str) -> str:
    """The marketoGUID of record `index` (variant 8000: opportunities, 9000: roles)."""
    return f"{index & 0xFFFFFFFF:08x}-0000-4000-{variant}-{index:012x}"


def guid_index(value: t.Any, variant: str) -> int | None:
    """The index a sandbox marketoGUID encodes, or None for any other string."""
    match = _GUID.fullmatch(value) if isinstance(value, str) else None
    if match is None or match.group(2) != variant:
        return None
    index = int(match.group(3), 16)
    return index if int(match.group(1), 16) == index & 0xFFFFFFFF else None


def external_id(index: int) -> str:
    """The externalOpportunityId of seeded opportunity `index`."""
    return f"OPP-{index:08d}"


def external_id_index(value: t.Any) -> int | None:
    """The index a seeded externalOpportunityId encodes, or None (`OPP-1` is not `OPP-00000001`)."""
    match = _EXTERNAL_ID.fullmatch(value) if isinstance(value, str) else None
    if match is None:
        return None
    index = int(match.group(1))
    return index if external_id(index) == value else None


def created_at(index: int) -> datetime:
    """When seeded opportunity `index` was created: one second after its predecessor."""
    return BASE_TIME + timedelta(seconds=index)


def opportunity(index: int) -> dict[str, t.Any]:
    """Seeded opportunity `index`, every standard field computed from the index."""
    stage, probability = STAGES[index % len(STAGES)]
    created = created_at(index)
    close = created.date() + timedelta(days=30 + index % 365)
    amount = round(1000 + (index % 997) * 12.5, 2)
    record: dict[str, t.Any] = {
        "marketoGUID": guid(index, OPPORTUNITY_VARIANT),
        "externalOpportunityId": external_id(index),
        "createdAt": iso_datetime(created),
        "updatedAt": iso_datetime(created),
        "name": f"Opportunity {index}",
        "description": f"Seeded opportunity {index}",
        "type": TYPES[index % len(TYPES)],
        "stage": stage,
        "amount": amount,
        "closeDate": close.isoformat(),
        "isClosed": stage.startswith("Closed"),
        "isWon": stage == "Closed Won",
        "probability": probability,
        "expectedRevenue": round(amount * probability / 100, 2),
        "fiscalQuarter": (close.month - 1) // 3 + 1,
        "fiscalYear": close.year,
        "lastActivityDate": (close - timedelta(days=7)).isoformat(),
        "leadSource": LEAD_SOURCES[index % len(LEAD_SOURCES)],
        "externalCompanyId": f"CMP-{index % 1000:06d}",
        "externalSalesPersonId": f"REP-{index % 50:03d}",
        "externalCreatedDate": iso_datetime(created),
    }
    if not record["isClosed"]:  # closed deals have no next step: shows an omitted value
        record["nextStep"] = "Follow up"
    return record


def role(index: int, per_opportunity: int) -> dict[str, t.Any]:
    """Seeded role `index`: role `index % k` of opportunity `index // k`."""
    owner, position = divmod(index, per_opportunity)
    created = iso_datetime(created_at(owner))
    return {
        "marketoGUID": guid(index, ROLE_VARIANT),
        "externalOpportunityId": external_id(owner),
        "leadId": LEAD_ID_BASE + index,
        "role": ROLES[position % len(ROLES)],
        "isPrimary": position == 0,
        "externalCreatedDate": created,
        "createdAt": created,
        "updatedAt": created,
    }
