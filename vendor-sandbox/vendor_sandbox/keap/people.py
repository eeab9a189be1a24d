"""Seeded records of Keap's CRM people resources.

Contacts, companies, users, notes, tasks, appointments and emails, with field names as
Keap v1 and the COZYROC seed spell them.

Each factory takes the record index and the current resource counts (so references such as
`contact_id` or `tag_ids` point at records that exist) and returns a fresh dict.
"""

from __future__ import annotations

import typing as t
from datetime import timedelta

from vendor_sandbox.keap.seedkit import (
    address,
    company_name,
    contact_ref,
    email,
    family_name,
    given_name,
    phone,
    pick,
    ref,
    stamp,
)

if t.TYPE_CHECKING:
    from collections.abc import Mapping

    from vendor_sandbox.keap.seedkit import Counts, Record

CREATED_BEFORE = timedelta(days=-30)
CONTACT_TYPES = ("Lead", "Customer", "Other")
TIME_ZONES = ("America/Denver", "Asia/Tokyo", "Europe/London")


def tag_ids(index: int, tags: int) -> list[int]:
    """The tags applied to contact `index`: one, and a second on every third contact."""
    if not tags:
        return []
    first = ref(index, tags)
    second = ref(index + 1, tags)
    return sorted({first, second}) if index % 3 == 0 else [first]


def contact(index: int, counts: Counts) -> Record:
    """Contact `index`; `last_updated` is the time `since`/`until` filter on."""
    company = ref(index, counts.get("companies", 0))
    return {
        "id": index + 1,
        "given_name": given_name(index),
        "middle_name": pick(("", "J.", "K."), index),
        "family_name": family_name(index),
        "preferred_name": given_name(index),
        "prefix": pick(("", "Ms.", "Mr.", "Dr."), index),
        "suffix": "",
        "email_addresses": [{"email": email(index), "field": "EMAIL1"}],
        "email_opted_in": index % 4 != 0,
        "email_status": "SingleOptIn" if index % 4 else "UnengagedMarketable",
        "phone_numbers": [phone(index)],
        "fax_numbers": [],
        "addresses": [address(index)],
        "company": (
            {"id": company, "company_name": company_name(company - 1)} if company else None
        ),
        "company_name": company_name(company - 1) if company else "",
        "date_created": stamp(index, CREATED_BEFORE),
        "last_updated": stamp(index),
        "owner_id": ref(index, counts.get("users", 0)) or None,
        "lead_source_id": index % 5 or None,
        "tag_ids": tag_ids(index, counts.get("tags", 0)),
        "job_title": pick(("Owner", "Manager", "Buyer"), index),
        "contact_type": pick(CONTACT_TYPES, index),
        "source_type": pick(("API", "WEBFORM", "IMPORT", "MANUAL"), index),
        "ScoreValue": str(index % 100),
        "preferred_locale": pick(("en_US", "ja_JP"), index),
        "time_zone": pick(TIME_ZONES, index),
        "website": f"https://example.com/contacts/{index + 1}",
        "birthday": stamp(index, timedelta(days=-9000 - index % 9000))[:10] + "T00:00:00.000Z",
        "anniversary": None,
        "spouse_name": "",
        "social_accounts": [],
    }


def company(index: int, counts: Counts) -> Record:
    """Company `index` (no time filter in Keap: connectors read the full table)."""
    del counts
    return {
        "id": index + 1,
        "company_name": company_name(index),
        "email_address": email(index, "company"),
        "email_opted_in": index % 2 == 0,
        "email_status": "SingleOptIn",
        "phone_number": phone(index),
        "fax_number": phone(index, "FAX1"),
        "address": address(index),
        "website": f"https://example.com/companies/{index + 1}",
        "notes": f"Seeded company {index + 1}",
    }


def user(index: int, counts: Counts) -> Record:
    """User `index`: the account's staff (owners of contacts, tasks and opportunities)."""
    del counts
    return {
        "id": index + 1,
        "given_name": given_name(index + 3),
        "middle_name": "",
        "family_name": family_name(index + 3),
        "preferred_name": given_name(index + 3),
        "email_address": email(index, "user"),
        "company_name": "Sandbox Inc.",
        "job_title": pick(("Sales", "Support", "Admin"), index),
        "address": address(index, "OTHER"),
        "phone_numbers": [phone(index, "PHONE2")],
        "fax_numbers": [],
        "global_user_id": 900_000 + index,
        "infusionsoft_id": email(index, "user"),
        "partner": False,
        "admin": index == 0,
        "status": "Active",
        "time_zone": pick(TIME_ZONES, index),
        "website": "",
        "created_by": 1,
        "date_created": stamp(index, CREATED_BEFORE),
        "last_updated": stamp(index),
        "last_updated_by": 1,
    }


def note(index: int, counts: Counts) -> Record:
    """Note `index` on a contact."""
    user_id = ref(index, counts.get("users", 0))
    return {
        "id": index + 1,
        "title": f"Note {index + 1}",
        "body": f"Called about order {index + 1}.",
        "type": pick(("Call", "Email", "Fax", "Letter", "Other"), index),
        "contact_id": ref(index, counts.get("contacts", 0)),
        "user_id": user_id,
        "date_created": stamp(index, CREATED_BEFORE),
        "last_updated": stamp(index),
        "last_updated_by": {
            "user_id": user_id,
            "given_name": given_name(user_id + 2),
            "family_name": family_name(user_id + 2),
        },
    }


def task(index: int, counts: Counts) -> Record:
    """Task `index`; `modification_date` is its `since`/`until` field."""
    contact_index = ref(index, counts.get("contacts", 0)) - 1
    done = index % 3 == 0
    return {
        "id": index + 1,
        "title": f"Task {index + 1}",
        "description": f"Follow up on task {index + 1}",
        "type": pick(("Call", "Email", "Appointment", "Other"), index),
        "priority": index % 3 + 1,
        "completed": done,
        "completion_date": stamp(index) if done else None,
        "creation_date": stamp(index, CREATED_BEFORE),
        "modification_date": stamp(index),
        "due_date": stamp(index, timedelta(days=7)),
        "remind_time": pick((None, 5, 15, 30), index),
        "url": f"https://sandbox.infusionsoft.com/task/{index + 1}",
        "user_id": ref(index, counts.get("users", 0)),
        "contact": _person(contact_index) if contact_index >= 0 else None,
    }


def appointment(index: int, counts: Counts) -> Record:
    """Appointment `index`; `start_date` is its `since`/`until` field."""
    return {
        "id": index + 1,
        "title": f"Appointment {index + 1}",
        "description": "Product demo",
        "location": pick(("Office", "Zoom", "Phone"), index),
        "start_date": stamp(index),
        "end_date": stamp(index, timedelta(hours=1)),
        "remind_time": pick((None, 10, 60), index),
        "contact_id": ref(index, counts.get("contacts", 0)),
        "user": ref(index, counts.get("users", 0)),
    }


def email_record(index: int, counts: Counts) -> Record:
    """Sent email `index` (the `Email` template); `sent_date` is its time field."""
    contact_index = ref(index, counts.get("contacts", 0)) - 1
    opened = index % 2 == 0
    return {
        "id": index + 1,
        "subject": f"Newsletter {index + 1}",
        "contact_id": contact_index + 1,
        "sent_to_address": email(contact_index),
        "sent_to_cc_addresses": None,
        "sent_to_bcc_addresses": None,
        "sent_from_address": "news@example.com",
        "sent_from_reply_address": "reply@example.com",
        "sent_date": stamp(index),
        "received_date": stamp(index, timedelta(seconds=5)),
        "opened_date": stamp(index, timedelta(hours=2)) if opened else None,
        "clicked_date": stamp(index, timedelta(hours=3)) if index % 4 == 0 else None,
        "original_provider": "UNKNOWN",
        "original_provider_id": None,
        "headers": None,
        "html_content": "PGh0bWw+PGJvZHk+SGVsbG88L2JvZHk+PC9odG1sPg==",
        "plain_content": "SGVsbG8=",
    }


def _person(contact_index: int) -> Mapping[str, t.Any]:
    """The short contact reference tasks embed."""
    full = contact_ref(contact_index)
    return {key: full[key] for key in ("id", "email", "first_name", "last_name")}
