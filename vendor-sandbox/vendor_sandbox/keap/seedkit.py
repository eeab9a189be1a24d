"""Building blocks of seeded Keap records: every value is a pure function of an index.

Nothing is stored for seeded records: record `i` of a resource has id `i + 1` and its time
field (the one `since`/`until` filter on) is `moment(i)`, one minute after record `i - 1`,
so 200,000 contacts cost no memory and their time order is the index order.
"""

from __future__ import annotations

import re
import typing as t
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime, timedelta

from vendor_sandbox.keap.clock import iso_millis

Record = dict[str, t.Any]
Counts = Mapping[str, int]
"""Records per resource, so seeded references point at records that exist."""
BASE_TIME = datetime(2026, 1, 1, tzinfo=UTC)
STEP = timedelta(minutes=1)
GIVEN_NAMES = ("Aiko", "Ben", "Chloe", "Daisuke", "Emma", "Felix", "Grace", "Haruto", "Isla")
FAMILY_NAMES = ("Tanaka", "Smith", "Garcia", "Suzuki", "Brown", "Müller", "Sato", "Wilson")
COMPANY_NAMES = ("Acme", "Globex", "Initech", "Umbrella", "Hooli", "Stark", "Wayne")
CITIES = (("Ogden", "UT", "84401"), ("Austin", "TX", "73301"), ("Portland", "OR", "97201"))


def moment(index: int) -> datetime:
    """The time of seeded record `index`: its `since`/`until` field, increasing with the index."""
    return BASE_TIME + index * STEP


def stamp(index: int, offset: timedelta = timedelta()) -> str:
    """`moment(index) + offset` as Keap writes timestamps (`2026-01-01T00:00:00.000Z`)."""
    return iso_millis(moment(index) + offset)


def pick(values: Sequence[t.Any], index: int) -> t.Any:
    """A value cycling through `values` with the index."""
    return values[index % len(values)]


def ref(index: int, count: int) -> int:
    """The id of a related record (1..count) for record `index`; 0 when none exist."""
    return index % count + 1 if count else 0


def given_name(index: int) -> str:
    """The given name of person `index` (contacts, users, affiliates)."""
    return pick(GIVEN_NAMES, index)


def family_name(index: int) -> str:
    """The family name of person `index`; cycles at another period than given names."""
    return pick(FAMILY_NAMES, index // len(GIVEN_NAMES) + index)


def email(index: int, kind: str = "contact") -> str:
    """A unique, reserved-domain email address."""
    return f"{kind}{index + 1}@example.com"


def email_index(address: str, kind: str = "contact") -> int | None:
    """The index whose `email(index, kind)` is `address` (case-insensitive), or None."""
    match = re.fullmatch(rf"{kind}([1-9]\d*)@example\.com", address.strip(), flags=re.IGNORECASE)
    return int(match.group(1)) - 1 if match else None


def company_name(index: int) -> str:
    """The name of company `index`."""
    return f"{pick(COMPANY_NAMES, index)} {index + 1}"


def contact_ref(contact_index: int) -> Record:
    """The `Contact` template Keap embeds in orders and opportunities."""
    return {
        "id": contact_index + 1,
        "email": email(contact_index),
        "first_name": given_name(contact_index),
        "last_name": family_name(contact_index),
        "company_name": company_name(contact_index),
        "job_title": pick(("Owner", "Manager", "Buyer"), contact_index),
        "phone_number": phone(contact_index)["number"],
    }


def address(index: int, field: str = "BILLING") -> Record:
    """The `Address` template."""
    city, region, postal = pick(CITIES, index)
    return {
        "line1": f"{index + 1} Main Street",
        "line2": "",
        "locality": city,
        "region": region,
        "postal_code": postal,
        "zip_code": postal,
        "zip_four": f"{index % 10_000:04d}",
        "country_code": "USA",
        "field": field,
    }


def phone(index: int, field: str = "PHONE1") -> Record:
    """The `PhoneNum` template."""
    return {
        "number": f"555-{index // 10_000 % 1000:03d}-{index % 10_000:04d}",
        "field": field,
        "type": pick(("Work", "Mobile", "Home"), index),
        "extension": "",
    }
