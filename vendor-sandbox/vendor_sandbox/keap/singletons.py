"""Keap endpoints that answer one fixed object, a map or a bare array rather than a page.

Account profile, application settings, the user behind the token, locales, REST hooks
(the hooks themselves live in a table, `resources.STORED`, so they can be written).
"""

from __future__ import annotations

import typing as t

from vendor_sandbox.keap.seedkit import address, pick

if t.TYPE_CHECKING:
    from vendor_sandbox.keap.seedkit import Counts, Record

COUNTRIES = {
    "US": "United States",
    "JP": "Japan",
    "GB": "United Kingdom",
    "CA": "Canada",
    "DE": "Germany",
}
PROVINCES = {
    "US": {"CA": "California", "NY": "New York", "TX": "Texas", "UT": "Utah"},
    "JP": {"13": "Tokyo", "27": "Osaka", "01": "Hokkaido"},
    "CA": {"ON": "Ontario", "QC": "Quebec"},
}
CONTACT_OPTION_TYPES = "Lead,Customer,Other"


def account_profile() -> Record:
    """`GET /account/profile`."""
    return {
        "address": address(0, "BILLING"),
        "business_goals": ["Grow revenue"],
        "business_primary_color": "#2F6DB5",
        "business_secondary_color": "#FFFFFF",
        "business_type": "Software",
        "currency_code": "USD",
        "email": "owner@example.com",
        "language_tag": "en-US",
        "logo_url": "",
        "name": "Sandbox Inc.",
        "phone": "555-000-0000",
        "phone_ext": "",
        "time_zone": "America/Denver",
        "website": "https://example.com",
    }


def application_configuration() -> Record:
    """`GET /setting/application/configuration` (a subset of Keap's sections)."""
    return {
        "application": {
            "company": "Sandbox Inc.",
            "default_view_locale": "en_US",
            "features_enabled": {"ecommerce": True, "opportunity": True},
            "time_zone": "America/Denver",
        },
        "contact": {
            "contact_types": CONTACT_OPTION_TYPES,
            "default_new_contact_form": "",
            "disable_contact_edit_in_client_login": False,
            "fax_types": "Work,Home",
            "phone_types": "Work,Home,Mobile,Other",
            "suffix_types": "Jr,Sr",
            "title_types": "Dr.,Mr.,Mrs.,Ms.",
            "address_labels": "Billing,Shipping,Other",
        },
        "ecommerce": {
            "currency": "USD",
            "default_country": "United States",
            "track_inventory": False,
            "track_cost_per_unit": False,
            "payment_types": "Credit Card,Cash,Check",
        },
        "opportunity": {"default_stage": "New Opportunity", "states": "Open,Won,Lost"},
        "forms": {"spam_filters_enabled": True},
        "template": {"default_country_code": "US", "default_user_id": 1},
    }


def user_info() -> Record:
    """`GET /oauth/connect/userinfo`: the user the credentials act as."""
    return {
        "sub": "1",
        "email": "user1@example.com",
        "given_name": "Daisuke",
        "family_name": "Suzuki",
        "middle_name": "",
        "preferred_name": "Daisuke",
        "global_user_id": 900_000,
        "infusionsoft_id": "user1@example.com",
    }


# `GET /hooks/event_keys` answers the account's event keys (Keap's catalogue is per
# application: B `list_hook_event_types`). These are the keys public Keap clients subscribe
# to, in Keap's `noun.verb` form; the exact set of a real account is assumed.
HOOK_EVENT_KEYS = tuple(
    f"{noun}.{verb}"
    for noun, verbs in (
        ("appointment", ("add", "delete", "edit")),
        ("company", ("add", "delete", "edit")),
        ("contact", ("add", "delete", "edit", "redact")),
        ("contactGroup", ("add", "applied", "delete", "edit", "removed")),
        ("invoice", ("add", "delete", "edit")),
        ("invoice.payment", ("add", "delete", "edit")),
        ("leadsource", ("add", "delete", "edit")),
        ("note", ("add", "delete", "edit")),
        ("opportunity", ("add", "delete", "edit", "stage_move")),
        ("order", ("add", "delete", "edit")),
        ("product", ("add", "delete", "edit")),
        ("subscription", ("add", "delete", "edit")),
        ("task", ("add", "complete", "delete", "edit", "incomplete")),
        ("user", ("activate", "add", "edit")),
    )
    for verb in verbs
)
SEEDED_HOOKS = (
    ("contact.add", "https://example.com/hooks/contact-add", "Verified"),
    ("order.add", "https://example.com/hooks/order-add", "Unverified"),
)


def hook(index: int, counts: Counts) -> Record:
    """REST hook subscription `index` (camelCase, as Keap sends it; `key` is a string).

    `GET /hooks` answers every subscription as a bare array.
    """
    del counts
    event_key, url, status = pick(SEEDED_HOOKS, index)
    return {"key": str(index + 1), "eventKey": event_key, "hookUrl": url, "status": status}
