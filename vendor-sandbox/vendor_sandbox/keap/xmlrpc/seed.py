"""Seeded rows of the `DataService` tables: every value a pure function of its index and now.

Times are spread over the days before the instance clock's "now" at seed time (strictly
before it), so an incremental query `LastUpdated ~>=~ <bookmark>` finds exactly the rows a
test touches or creates afterwards. References (CompanyID, Groups, ContactId) only point at
rows that exist in the seeded counts.
"""

from __future__ import annotations

import typing as t
from datetime import datetime, timedelta

from vendor_sandbox.keap.xmlrpc.dates import days_before

if t.TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    Row = dict[str, t.Any]
    Factory = Callable[[int, datetime, Mapping[str, int]], Row]

# Contact 3 has a Japanese first name, so clients must round-trip UTF-8.
FIRST_NAMES = ("Aiko", "Ben", "花子", "Daisuke", "Emma", "Felix", "Grace", "Haruto", "Isla")
LAST_NAMES = ("Tanaka", "Smith", "Garcia", "山田", "Brown", "Müller", "Sato", "Wilson")
# Every fifth contact (ids 1, 6, 11, ...) lives in Ogden, the city the Domo seed queries.
CITIES = (
    ("Ogden", "UT", "84401"),
    ("Austin", "TX", "73301"),
    ("Portland", "OR", "97201"),
    ("Boston", "MA", "02108"),
    ("Denver", "CO", "80202"),
)
# Contact 4 has no address at all: a `~null~` query finds it, and it comes back without City.
CITYLESS_INDEX = 3
COMPANY_NAMES = ("Acme", "Globex", "Initech", "Umbrella", "Hooli", "Stark", "Wayne")
JOB_TITLES = ("Owner", "Manager", "Buyer", "Engineer")
REGIONS = ("East", "West", "North", "South", None)
INDUSTRIES = ("Retail", "Software", "Manufacturing", "Health", None)
TAG_NAMES = ("Newsletter", "Customer", "VIP", "Lead", "Partner", "展示会 2026")
PRODUCT_NAMES = ("Starter Kit", "Pro Plan", "Widget", "Gadget", "Ebook")


def ref(index: int, count: int) -> int | None:
    """The id (1..count) of a related row for row `index`; None when none exist."""
    return index % count + 1 if count else None


def first_name(index: int) -> str:
    """The first name of person `index` (contacts, affiliates)."""
    return FIRST_NAMES[index % len(FIRST_NAMES)]


def last_name(index: int) -> str:
    """The last name of person `index`; cycles at another period than first names."""
    return LAST_NAMES[(index // len(FIRST_NAMES) + index) % len(LAST_NAMES)]


def company_name(index: int) -> str:
    """The name of company `index`, also what its contacts carry in `Company`."""
    return f"{COMPANY_NAMES[index % len(COMPANY_NAMES)]} {index + 1}"


def phone(index: int) -> str:
    """A fictional 555 number."""
    return f"555-{index // 10_000 % 1000:03d}-{index % 10_000:04d}"


def midnight(moment: datetime) -> datetime:
    """The day of `moment` at 00:00:00: how Keap holds a Date field."""
    return datetime.combine(moment.date(), datetime.min.time())


def contact(index: int, now: datetime, counts: Mapping[str, int]) -> Row:
    """Contact `index` (id `index + 1`)."""
    number = index + 1
    companies = counts.get("Company", 0)
    company_id = ref(index, companies)
    tags = counts.get("ContactGroup", 0)
    groups = None
    if tags and index % 4 != 3:
        groups = ",".join(
            str(tag) for tag in sorted({index % tags + 1, (3 * index + 1) % tags + 1})
        )
    city = None if index == CITYLESS_INDEX else CITIES[index % len(CITIES)]
    updated = days_before(now, 1 + (index * 11) % 30) - timedelta(
        hours=(index * 5) % 24, minutes=index % 60, seconds=(index * 7) % 60
    )
    created = updated - timedelta(days=30 + index % 365)
    return {
        "Id": number,
        "FirstName": first_name(index),
        "LastName": last_name(index),
        "Email": f"contact{number}@example.com",
        "EmailAddress2": f"contact{number}.alt@example.org" if number % 4 == 2 else None,
        "EmailAddress3": f"contact{number}@work.example.net" if number % 10 == 7 else None,
        "Company": None if company_id is None else company_name(company_id - 1),
        "CompanyID": company_id,
        "City": city and city[0],
        "State": city and city[1],
        "PostalCode": city and city[2],
        "Country": None if city is None else "United States",
        "Phone1": phone(index),
        "JobTitle": JOB_TITLES[index % len(JOB_TITLES)],
        "Groups": groups,
        "LeadSourceId": index % 3 + 1,
        "OwnerID": index % 2 + 1,
        "Birthday": None
        if index % 3 == 2
        else datetime(1970 + index % 30, index % 12 + 1, 1 + index % 28),
        "DateCreated": created,
        "LastUpdated": updated,
        "_Region": REGIONS[index % len(REGIONS)],
        "_Score": (index * 37) % 101,
        "_SignupDate": midnight(created + timedelta(days=1)),
    }


def contact_group(index: int, now: datetime, counts: Mapping[str, int]) -> Row:
    """Tag `index`."""
    del now, counts
    name = TAG_NAMES[index % len(TAG_NAMES)]
    if index >= len(TAG_NAMES):
        name = f"{name} {index + 1}"
    return {
        "Id": index + 1,
        "GroupName": name,
        "GroupCategoryId": index % 2 + 1,
        "GroupDescription": f"Seeded tag {index + 1}",
    }


def company(index: int, now: datetime, counts: Mapping[str, int]) -> Row:
    """Company `index`."""
    del counts
    return {
        "Id": index + 1,
        "Company": company_name(index),
        "City": CITIES[index % len(CITIES)][0],
        "Email": f"info@company{index + 1}.example.com",
        "Phone1": phone(index + 5000),
        "DateCreated": days_before(now, 60 + index),
        "LastUpdated": days_before(now, 1 + (index * 3) % 20) - timedelta(hours=index % 24),
        "_Industry": INDUSTRIES[index % len(INDUSTRIES)],
    }


def affiliate(index: int, now: datetime, counts: Mapping[str, int]) -> Row:
    """Affiliate `index`: contact `index + 1`, the first one the parent of the others."""
    del now
    return {
        "Id": index + 1,
        "ContactId": ref(index, counts.get("Contact", 0)),
        "AffCode": f"AFF{index + 1:03d}",
        "AffName": f"{first_name(index)} {last_name(index)}",
        "ParentId": 0 if index == 0 else 1,
        "Status": 1,
        "LeadAmt": 1.5 * (index % 2),
        "SaleAmt": 10.0 + 2.5 * index,
        "PayoutType": 4 + index % 2,
    }


def product(index: int, now: datetime, counts: Mapping[str, int]) -> Row:
    """Product `index`."""
    del now, counts
    name = PRODUCT_NAMES[index % len(PRODUCT_NAMES)]
    return {
        "Id": index + 1,
        "ProductName": name if index < len(PRODUCT_NAMES) else f"{name} {index + 1}",
        "ProductPrice": round(19.99 + 10 * index, 2),
        "Sku": f"SKU-{index + 1:04d}",
        "Status": 0 if index % 4 == 3 else 1,
        "Weight": round(0.5 + 0.25 * index, 2),
        "Taxable": index % 2,
        "InventoryLimit": 10 * (index % 3),
    }


def invoice(index: int, now: datetime, counts: Mapping[str, int]) -> Row:
    """Invoice `index`: paid in full, unpaid or half paid, in turn."""
    total = round(50 + 12.5 * index, 2)
    paid = (total, 0.0, round(total / 2, 2))[index % 3]
    created = days_before(now, 2 + 4 * index) - timedelta(hours=index % 24)
    return {
        "Id": index + 1,
        "ContactId": ref(index, counts.get("Contact", 0)),
        "JobId": index + 1,
        "DateCreated": created,
        "InvoiceTotal": total,
        "TotalPaid": paid,
        "TotalDue": round(total - paid, 2),
        "PayStatus": 1 if paid == total else 0,
        "LastUpdated": created + timedelta(days=1),
    }


def lead(index: int, now: datetime, counts: Mapping[str, int]) -> Row:
    """Opportunity `index`."""
    return {
        "Id": index + 1,
        "OpportunityTitle": f"Opportunity {index + 1}",
        "ContactID": ref(index, counts.get("Contact", 0)),
        "StageID": index % 4 + 1,
        "DateCreated": days_before(now, 10 + 5 * index),
        "LastUpdated": days_before(now, 1 + index) - timedelta(hours=index % 24),
    }


FACTORIES: dict[str, Factory] = {
    "Contact": contact,
    "ContactGroup": contact_group,
    "Company": company,
    "Affiliate": affiliate,
    "Product": product,
    "Invoice": invoice,
    "Lead": lead,
}

# Keap's DataFormField.DataType codes of the seeded custom fields; FormId -1 is Contact,
# -6 Company.
TEXT, WHOLE_NUMBER, DATE_TYPE = 15, 12, 13
CUSTOM_FIELDS: tuple[Row, ...] = (
    {"Id": 1, "FormId": -1, "Name": "Region", "Label": "Region", "DataType": TEXT},
    {"Id": 2, "FormId": -1, "Name": "Score", "Label": "Score", "DataType": WHOLE_NUMBER},
    {"Id": 3, "FormId": -1, "Name": "SignupDate", "Label": "Signup Date", "DataType": DATE_TYPE},
    {"Id": 4, "FormId": -6, "Name": "Industry", "Label": "Industry", "DataType": TEXT},
)


def data_form_fields() -> list[Row]:
    """One DataFormField row per custom field of the seeded tables."""
    return [
        {"GroupId": 1, "DefaultValue": None, "Values": None, "ListRows": 0, **field}
        for field in CUSTOM_FIELDS
    ]


OGDEN_SEARCH_ID = 1
OPEN_INVOICES_SEARCH_ID = 2
SAVED_SEARCH_USER_ID = 1


def saved_filters() -> list[Row]:
    """The two saved searches (reports) SearchService serves, both owned by user 1."""
    return [
        {
            "Id": OGDEN_SEARCH_ID,
            "FilterName": "Ogden contacts",
            "ReportStoredName": "ContactSearch",
            "UserId": SAVED_SEARCH_USER_ID,
        },
        {
            "Id": OPEN_INVOICES_SEARCH_ID,
            "FilterName": "Open invoices",
            "ReportStoredName": "InvoiceSearch",
            "UserId": SAVED_SEARCH_USER_ID,
        },
    ]


def ogden_row(index: int, now: datetime) -> Row:
    """Generated row `index` of the Ogden search when a seed asks for `saved_search_rows`."""
    return {
        "Id": index + 1,
        "FirstName": first_name(index),
        "LastName": last_name(index),
        "Email": f"ogden{index + 1}@example.com",
        "City": "Ogden",
        "DateCreated": days_before(now, 1 + index % 365) - timedelta(minutes=index % 1440),
    }
