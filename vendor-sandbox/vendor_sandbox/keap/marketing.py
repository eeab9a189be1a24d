"""Seeded records of Keap's marketing resources.

Tags (and who carries them), campaigns (with their sequences) and opportunities.

Contact `i` carries the tags `people.tag_ids(i, tags)` and company `i` carries tag
`i % tags + 1`, so `/contacts/{id}/tags`, `/tags/{id}/contacts` and `/tags/{id}/companies`
agree with each other and with the contacts' `tag_ids`.
"""

from __future__ import annotations

import typing as t
from datetime import timedelta

from vendor_sandbox.keap.seedkit import (
    company_name,
    contact_ref,
    email,
    family_name,
    given_name,
    pick,
    ref,
    stamp,
)

if t.TYPE_CHECKING:
    from vendor_sandbox.keap.seedkit import Counts, Record

TAG_CATEGORIES = ("Lead source", "Interest", "Status")
STAGES = ("New Opportunity", "Qualified", "Proposal Sent", "Won", "Lost")
CREATED_BEFORE = timedelta(days=-10)


def tag(index: int, counts: Counts) -> Record:
    """Tag `index`, in one of three categories."""
    del counts
    category = index % len(TAG_CATEGORIES)
    return {
        "id": index + 1,
        "name": f"Tag {index + 1}",
        "description": f"Seeded tag {index + 1}",
        "category": {
            "id": category + 1,
            "name": TAG_CATEGORIES[category],
            "description": f"{TAG_CATEGORIES[category]} tags",
        },
    }


def applied_tag(tag_index: int, contact_index: int) -> Record:
    """One entry of `/contacts/{id}/tags`."""
    full = tag(tag_index, {})
    return {
        "tag": {"id": full["id"], "name": full["name"], "category": full["category"]["name"]},
        "date_applied": stamp(contact_index, CREATED_BEFORE),
    }


def tagged_contact(contact_index: int) -> Record:
    """One entry of `/tags/{id}/contacts`."""
    return {
        "contact": {
            "id": contact_index + 1,
            "email": email(contact_index),
            "first_name": given_name(contact_index),
            "last_name": family_name(contact_index),
        },
        "date_applied": stamp(contact_index, CREATED_BEFORE),
    }


def tagged_company(company_index: int) -> Record:
    """One entry of `/tags/{id}/companies`."""
    return {
        "company": {
            "id": company_index + 1,
            "company_name": company_name(company_index),
            "email": email(company_index, "company"),
        },
        "date_applied": stamp(company_index, CREATED_BEFORE),
    }


def campaign(index: int, counts: Counts) -> Record:
    """Campaign `index` as `/campaigns` lists it (no goals nor sequences)."""
    del counts
    return {
        "id": index + 1,
        "name": f"Campaign {index + 1}",
        "active_contact_count": index * 7 % 50,
        "completed_contact_count": index * 3 % 20,
        "created_by_global_id": 900_000,
        "date_created": stamp(index, CREATED_BEFORE),
        "error_message": None,
        "locked": False,
        "published_date": stamp(index),
        "published_status": index % 4 != 3,
        "published_time_zone": "America/Denver",
        "time_zone": "America/Denver",
    }


def campaign_sequences(index: int) -> list[Record]:
    """The sequences `/campaigns/{id}?optional_properties=sequences` adds."""
    return [
        {
            "id": index * 10 + position + 1,
            "name": f"Sequence {position + 1}",
            "active_contact_count": (index + position) % 10,
            "active_contact_count_completed": position,
            "historical_contact_count": 10 + position,
            "paths": [],
        }
        for position in range(2)
    ]


def opportunity(index: int, counts: Counts) -> Record:
    """Opportunity `index` (custom fields are added by the store)."""
    contact_index = ref(index, counts.get("contacts", 0)) - 1
    user_id = ref(index, counts.get("users", 0))
    stage = index % len(STAGES)
    return {
        "id": index + 1,
        "opportunity_title": f"Opportunity {index + 1}",
        "contact": contact_ref(contact_index) if contact_index >= 0 else None,
        "stage": {
            "id": stage + 1,
            "name": STAGES[stage],
            "details": {
                "stage_order": stage + 1,
                "target_num_days": 7,
                "probability": (stage + 1) * 20 if STAGES[stage] != "Lost" else 0,
                "check_list_items": [],
            },
            "reasons": [] if STAGES[stage] != "Lost" else ["Price"],
        },
        "user": {
            "id": user_id,
            "first_name": given_name(user_id + 2),
            "last_name": family_name(user_id + 2),
        }
        if user_id
        else None,
        "date_created": stamp(index, CREATED_BEFORE),
        "last_updated": stamp(index),
        "estimated_close_date": stamp(index, timedelta(days=30)),
        "projected_revenue_low": 1000 + index % 10 * 100,
        "projected_revenue_high": 2000 + index % 10 * 200,
        "include_in_forecast": index % 2,
        "next_action_date": stamp(index, timedelta(days=3)),
        "next_action_notes": pick(("Call back", "Send quote"), index),
        "opportunity_notes": "",
        "affiliate_id": ref(index, counts.get("affiliates", 0)),
    }


def stage_pipeline() -> list[Record]:
    """`GET /opportunity/stage_pipeline`: a bare array of the pipeline's stages."""
    return [
        {
            "stage_id": position + 1,
            "stage_name": name,
            "stage_order": position + 1,
            "stage_count": 0,
            "is_default": position == 0,
            "end_stage": name in {"Won", "Lost"},
            "target_number_days": 7,
        }
        for position, name in enumerate(STAGES)
    ]
