"""What one SATORI company holds: its customers, custom fields and extra standard fields.

Customers are kept by id in insertion order (ids only grow, so that is id order) and
indexed by lower-cased email, by hashcode and by the value of every unique custom field,
so a 10,000-row bulk job looks up each row at once instead of scanning. Every change of
an indexed value goes through a method here, which keeps the indexes true. Hashcodes
come from a seeded generator: the same calls give the same hashcodes on every run.

A company's standard fields are the keys public callers send (`STANDARD_FIELDS`) plus any
a test declares (`extra_standard`, empty by default): a real company may have standard
fields no public caller shows, and a plugin's declared keys can only be proven against
a company that has them.
"""

from __future__ import annotations

import random
import typing as t
from dataclasses import dataclass, field

from vendor_sandbox.satori.clock import iso_jst
from vendor_sandbox.satori.fields import (
    ALLOWED,
    CUSTOM_PREFIX,
    DEFAULT_STATUS,
    DELIVERABLE,
    MAIL_NORMAL,
    STANDARD_FIELDS,
)

if t.TYPE_CHECKING:
    from collections.abc import Iterable
    from datetime import datetime

HASHCODE_SEED = 20_240_401


@dataclass(frozen=True)
class CustomField:
    """One custom field definition.

    Attributes:
        key: The English key, used as `customer[custom:<key>]` and `custom:<key>`.
        label: The Japanese label the messages name.
        unique: No two customers may hold the same value.
    """

    key: str
    label: str
    unique: bool = False

    def as_dict(self) -> dict[str, t.Any]:
        """The definition as JSON for control responses."""
        return {"key": self.key, "label": self.label, "unique": self.unique}


DEFAULT_CUSTOM_FIELDS = (
    CustomField("member_id", "会員ID", unique=True),
    CustomField("industry", "業種"),
    CustomField("source_system", "連携元システム"),
    CustomField("last_reaction", "最終反応"),
)


@dataclass(slots=True)
class Customer:
    """One customer.

    Attributes:
        id: The customer ID, sequential from 1.
        hashcode: 32 lowercase hex characters, the other identity a plugin can use.
        email: The address as registered, or None.
        fields: Standard field values by key (public keys and the company's extra ones);
            empty ones are absent.
        custom: Custom field values by key (without `custom:`); empty ones are absent.
        delivery_permission: 許可 or 拒否.
        tags: Tag names.
        created_at: When the customer was created.
        updated_at: When it last changed.
        score: The score (never written through the API).
        status: The customer status (never written through the API).
        delivery_status: The delivery status (never written through the API).
        mail_status: The mail status (never written through the API).
    """

    id: int
    hashcode: str
    email: str | None
    created_at: datetime
    updated_at: datetime
    fields: dict[str, str] = field(default_factory=dict)
    custom: dict[str, str] = field(default_factory=dict)
    delivery_permission: str = ALLOWED
    tags: set[str] = field(default_factory=set)
    score: int = 0
    status: str = DEFAULT_STATUS
    delivery_status: str = DELIVERABLE
    mail_status: str = MAIL_NORMAL

    def as_dict(self) -> dict[str, t.Any]:
        """The flat record the control dump and the search API show."""
        record: dict[str, t.Any] = {"id": self.id, "hashcode": self.hashcode, "email": self.email}
        record.update((key, self.fields[key]) for key in STANDARD_FIELDS if key in self.fields)
        extra = {key: value for key, value in self.fields.items() if key not in STANDARD_FIELDS}
        record.update(sorted(extra.items()))
        record.update((CUSTOM_PREFIX + key, value) for key, value in self.custom.items())
        record["delivery_permission"] = self.delivery_permission
        record["tags"] = sorted(self.tags)
        record["score"] = self.score
        record["status"] = self.status
        record["delivery_status"] = self.delivery_status
        record["mail_status"] = self.mail_status
        record["created_at"] = iso_jst(self.created_at)
        record["updated_at"] = iso_jst(self.updated_at)
        return record


class SatoriData:
    """Everything the company holds, with the indexes that keep lookups constant-time."""

    def __init__(self, definitions: Iterable[CustomField] = DEFAULT_CUSTOM_FIELDS) -> None:
        self.customers: dict[int, Customer] = {}
        self.definitions: dict[str, CustomField] = {}
        self.extra_standard: dict[str, str] = {}
        self._by_email: dict[str, Customer] = {}
        self._by_hashcode: dict[str, Customer] = {}
        self._unique: dict[str, dict[str, Customer]] = {}
        self._last_id = 0
        self._random = random.Random(HASHCODE_SEED)  # noqa: S311 - reproducible, not secret
        self.define(list(definitions))

    def is_standard(self, key: str) -> bool:
        """Whether `key` is a standard field of this company (public or extra)."""
        return key in STANDARD_FIELDS or key in self.extra_standard

    def define_extra_standard(self, fields: dict[str, str]) -> None:
        """Replace the extra standard fields (key → label); values of removed ones are dropped.

        The caller makes sure no key is a public standard key or any other customer key.
        """
        self.extra_standard = dict(fields)
        for customer in self.customers.values():
            customer.fields = {k: v for k, v in customer.fields.items() if self.is_standard(k)}

    def by_email(self, email: str) -> Customer | None:
        """The customer with this address, whatever its case."""
        return self._by_email.get(email.lower())

    def by_hashcode(self, hashcode: str) -> Customer | None:
        """The customer with this hashcode."""
        return self._by_hashcode.get(hashcode)

    def holder(self, key: str, value: str) -> Customer | None:
        """The customer holding `value` in the unique custom field `key`, if any."""
        return self._unique.get(key, {}).get(value)

    def new_hashcode(self) -> str:
        """A hashcode no customer has, from the seeded generator."""
        while True:
            hashcode = f"{self._random.getrandbits(128):032x}"
            if hashcode not in self._by_hashcode:
                return hashcode

    def create(self, email: str | None, now: datetime, hashcode: str | None = None) -> Customer:
        """Add a customer with the next id (and a new hashcode unless one is given)."""
        self._last_id += 1
        customer = Customer(self._last_id, hashcode or self.new_hashcode(), email, now, now)
        self.customers[customer.id] = customer
        self._by_hashcode[customer.hashcode] = customer
        if email is not None:
            self._by_email[email.lower()] = customer
        return customer

    def remove(self, customer: Customer) -> None:
        """Delete a customer and every index entry pointing at it."""
        del self.customers[customer.id]
        del self._by_hashcode[customer.hashcode]
        self.set_email(customer, None)
        for key in list(customer.custom):
            self.set_custom(customer, key, None)

    def set_email(self, customer: Customer, email: str | None) -> None:
        """Change (None: clear) a customer's address."""
        if customer.email is not None:
            self._by_email.pop(customer.email.lower(), None)
        customer.email = email
        if email is not None:
            self._by_email[email.lower()] = customer

    def set_custom(self, customer: Customer, key: str, value: str | None) -> None:
        """Change (None or empty: clear) a custom value of a defined field."""
        index = self._unique.get(key)
        old = customer.custom.pop(key, None)
        if index is not None and old is not None:
            index.pop(old, None)
        if value:
            customer.custom[key] = value
            if index is not None:
                index[value] = customer

    def define(self, definitions: list[CustomField]) -> None:
        """Replace the custom field definitions; values of removed fields are dropped.

        The caller makes sure no two customers already hold a value of a field that
        becomes unique (see `duplicated`).
        """
        self.definitions = {item.key: item for item in definitions}
        self._unique = {item.key: {} for item in definitions if item.unique}
        for customer in self.customers.values():
            customer.custom = {k: v for k, v in customer.custom.items() if k in self.definitions}
            for key, value in customer.custom.items():
                if key in self._unique:
                    self._unique[key][value] = customer

    def duplicated(self, key: str) -> str | None:
        """A value of custom field `key` that two customers hold, if any."""
        seen: set[str] = set()
        for customer in self.customers.values():
            value = customer.custom.get(key)
            if value is None:
                continue
            if value in seen:
                return value
            seen.add(value)
        return None
