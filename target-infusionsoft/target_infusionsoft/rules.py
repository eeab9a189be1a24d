"""Keap's requirements that span fields, which a body's field table cannot say on its own.

Each comes from the text of Keap's REST v1 OpenAPI (ballerina-platform/openapi-connectors
`openapi/keap/openapi.yml`: the operation or schema, and the line of its text, beside it) or
from the answers Keap is known to give (the README's vendor contract).
"""

from __future__ import annotations

import typing as t

from target_infusionsoft.lookups import dig

if t.TYPE_CHECKING:
    from collections.abc import Mapping

Body = t.Mapping[str, t.Any]
Rule = t.Callable[[Body], str | None]


def _given(value: t.Any) -> bool:
    return value not in (None, "", [], {})


def reachable_contact(body: Body) -> str | None:
    """A new contact "must contain at least one item in email_addresses or phone_numbers".

    createContact (line 1870) and createOrUpdateContact (line 1816), for a new contact.
    """
    if _given(body.get("email_addresses")) or _given(body.get("phone_numbers")):
        return None
    return (
        "a new Keap contact needs at least one of email_addresses or phone_numbers "
        "(e.g. email_addresses: [{email: ann@example.com, field: EMAIL1}])"
    )


def email_to_match(body: Body) -> str | None:
    """An upsert matches by email (`duplicate_option` Email or EmailAndName): it needs one.

    Without an address `PUT /contacts` always creates (Keap's v2 OpenAPI: "When
    duplicate_option is not specified, a new contact is always created"), so a re-run would
    duplicate the contact.
    """
    if _given(dig(body, "email_addresses.0.email")):
        return None
    return (
        "an upsert matches contacts by email address: email_addresses[0].email is required "
        "(send contacts without one with stream_operations {contacts: create})"
    )


def _region_without_country(address: t.Any) -> bool:
    return (
        isinstance(address, dict)
        and _given(address.get("region"))
        and not _given(address.get("country_code"))
    )


def country_with_region(body: Body) -> str | None:
    """An address with a region needs its country_code (createContact 1870, createCompany 1466)."""
    for index, address in enumerate(body.get("addresses") or []):
        if _region_without_country(address):
            return f"property 'addresses'[{index}]: country_code is required when region is set"
    if _region_without_country(body.get("address")):
        return "property 'address': country_code is required when region is set"
    return None


def title_or_body(body: Body) -> str | None:
    """A note: "Either a title or body is required" (createNote, line 3643)."""
    if _given(body.get("title")) or _given(body.get("body")):
        return None
    return "a Keap note needs a title or a body"


def contact_for_contact_files(body: Body) -> str | None:
    """contact_id "is required only when file_association is CONTACT" (createFile, 2980)."""
    if body.get("file_association") == "CONTACT" and not _given(body.get("contact_id")):
        return "property 'contact_id' is required when file_association is CONTACT"
    return None


def positive_quantities(body: Body) -> str | None:
    """Order item quantities: "must be greater than or equal to 1" (CreateOrderItem, 7092)."""
    items = body.get("order_items")
    quantities = (
        [(f"order_items[{i}]", item.get("quantity")) for i, item in enumerate(items)]
        if isinstance(items, list)
        else [("quantity", body.get("quantity"))]
    )
    for where, quantity in quantities:
        if isinstance(quantity, int | float) and quantity < 1:
            return f"property '{where}': quantity must be at least 1, got {quantity}"
    return None


def identified(*alternatives: str) -> Rule:
    """One of these properties must be given (e.g. a tag by tag_id or by tag_name)."""

    def rule(body: Mapping[str, t.Any]) -> str | None:
        if any(_given(body.get(name)) for name in alternatives):
            return None
        return f"one of {' or '.join(repr(name) for name in alternatives)} is required"

    return rule
