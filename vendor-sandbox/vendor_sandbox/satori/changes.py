"""Writing one customer: the rules the single API and every bulk row share.

A `Change` is what one call (or one CSV row) asks for, already read from its form or
row. `apply` finds the customer it names, checks every rule that depends on the data
(existing email, unknown hashcode, an email or unique custom value another customer
holds), and only then writes: a refused change leaves the company exactly as it was.
An empty value clears a field; the bulk reader leaves blank cells out of the change, so
in a CSV a blank never overwrites. `key` names a change's customer in the write log.
"""

from __future__ import annotations

import typing as t
from dataclasses import dataclass, field

from vendor_sandbox.satori.errors import bad_request, conflict, not_found
from vendor_sandbox.satori.fields import EMAIL, HASHCODE, checked_email, checked_field

if t.TYPE_CHECKING:
    from datetime import datetime

    from vendor_sandbox.satori.store import Customer, SatoriData

REGISTRATION, UPSERT = "registration", "upsert"
CREATE, UPDATE, DELETE = "create", "update", "delete"  # what a write did (the write log)
NO_HASHCODE_REGISTRATION = "identity_typeがhashcodeの場合は登録できません"
ALREADY_REGISTERED = "このメールアドレスは既に登録されています"
EMAIL_IN_USE = "このメールアドレスは既に使用されています"


@dataclass
class Change:
    """What one write asks for.

    Attributes:
        identity_type: `email` or `hashcode`: how the customer is named.
        identity: The address or hashcode naming it (empty when not given).
        email: A new address for a customer named by hashcode; "" clears it, None
            leaves it.
        fields: Standard field values; "" clears one.
        custom: Custom field values by key (without `custom:`); "" clears one.
        delivery_permission: 許可 or 拒否, or None to leave it.
        append_tags: Tag names to add.
        delete_tags: Tag names to remove (bulk only).
    """

    identity_type: str
    identity: str
    email: str | None = None
    fields: dict[str, str] = field(default_factory=dict)
    custom: dict[str, str] = field(default_factory=dict)
    delivery_permission: str | None = None
    append_tags: list[str] = field(default_factory=list)
    delete_tags: list[str] = field(default_factory=list)


def key(change: Change) -> dict[str, str]:
    """How a change names its customer, as SATORI matches it (an email lower-cased)."""
    identity = change.identity.lower() if change.identity_type == EMAIL else change.identity
    return {change.identity_type: identity}


def _named(data: SatoriData, change: Change) -> Customer | None:
    """The customer the change names (None: no customer has that email).

    Raises:
        SatoriError: 400 for a missing or malformed identity, 404 for an unknown hashcode.
    """
    if change.identity_type == EMAIL:
        if not change.identity:
            raise bad_request("メールアドレスを指定してください")
        return data.by_email(checked_email(change.identity))
    if not change.identity:
        raise bad_request("hashcodeを指定してください")
    customer = data.by_hashcode(change.identity)
    if customer is None:
        raise not_found()
    return customer


def _target(data: SatoriData, change: Change, mode: str) -> Customer | None:
    """The customer to update, or None when the change creates one."""
    if mode == REGISTRATION and change.identity_type == HASHCODE:
        raise bad_request(NO_HASHCODE_REGISTRATION)
    customer = _named(data, change)
    if mode == REGISTRATION and customer is not None:
        raise bad_request(ALREADY_REGISTERED)
    return customer


def _new_email(data: SatoriData, change: Change, target: Customer | None) -> str | None:
    """The checked new address ("" clears), or None when the change keeps the address.

    Only a customer named by hashcode can change its address; by email, it is the identity.
    """
    if change.identity_type == EMAIL:
        return None
    if not change.email:
        return change.email
    holder = data.by_email(checked_email(change.email))
    if holder is not None and holder is not target:
        raise conflict(EMAIL_IN_USE)
    return change.email


def _check_known(data: SatoriData, change: Change) -> None:
    """Every field the change writes must exist in the company.

    The single API checks this while reading its form; a bulk job is checked at upload
    and applied later, when the company's fields may have changed.
    """
    for key, value in change.fields.items():
        if not data.is_standard(key):
            msg = f"{key}は存在しない項目です"
            raise bad_request(msg)
        checked_field(key, value)
    for key in change.custom:
        if key not in data.definitions:
            msg = f"カスタム項目 '{key}' は存在しません"
            raise bad_request(msg)


def _check_unique(data: SatoriData, change: Change, target: Customer | None) -> None:
    for key, value in change.custom.items():
        definition = data.definitions[key]
        if not value or not definition.unique:
            continue
        holder = data.holder(key, value)
        if holder is not None and holder is not target:
            msg = f"カスタム項目 '{definition.label}' の値は既に使用されています"
            raise conflict(msg)


def apply(data: SatoriData, change: Change, mode: str, now: datetime) -> tuple[Customer, str]:
    """Create or update the customer a change names; every check comes before any write.

    Args:
        data: The company's data.
        change: What to write.
        mode: `registration` (create only) or `upsert` (update, or create by email).
        now: The time stamped on the customer.

    Returns:
        The customer written, and what the write did: `create` or `update`.

    Raises:
        SatoriError: 400, 404 or 409 with the vendor's message; nothing was written.
    """
    _check_known(data, change)
    target = _target(data, change, mode)
    email = _new_email(data, change, target)
    _check_unique(data, change, target)
    operation = UPDATE
    if target is None:
        target = data.create(change.identity, now)
        operation = CREATE
    if email is not None:
        data.set_email(target, email or None)
    for key, value in change.fields.items():
        if value:
            target.fields[key] = value
        else:
            target.fields.pop(key, None)
    for key, value in change.custom.items():
        data.set_custom(target, key, value)
    if change.delivery_permission is not None:
        target.delivery_permission = change.delivery_permission
    target.tags.update(change.append_tags)
    target.tags.difference_update(change.delete_tags)
    target.updated_at = now
    return target, operation


def delete(data: SatoriData, change: Change) -> None:
    """Delete the customer a change names.

    Raises:
        SatoriError: 400 for a missing or malformed identity, 404 for an unknown customer.
    """
    customer = _named(data, change)
    if customer is None:
        raise not_found()
    data.remove(customer)
