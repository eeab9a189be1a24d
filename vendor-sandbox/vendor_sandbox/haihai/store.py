"""What one 配配メール account holds: its customer database and its measured results.

Customers are keyed by their lower-cased address (配配メール treats addresses
case-insensitively) in a dict, so a million-row import looks each row up at once and the
dump keeps insertion order. Results (mails, opens, clicks, visits, reactions, form
answers) are plain lists: the retrieval APIs filter them by day.
"""

from __future__ import annotations

import typing as t
from dataclasses import dataclass, field

from vendor_sandbox.haihai.clock import JST

if t.TYPE_CHECKING:
    from datetime import date, datetime

ACTIVE, STOPPED, FORBIDDEN = "配信中", "配信停止", "配信禁止"
STATUSES = (ACTIVE, STOPPED, FORBIDDEN)
EMAIL_FIELD = "メールアドレス"
EMAIL, TEXT, DATE, NUMBER = "email", "text", "date", "number"
FIELD_TYPES = (EMAIL, TEXT, DATE, NUMBER)
BROADCAST, STEP = "一斉配信", "ステップメール"
MAIL_KINDS = (BROADCAST, STEP)
REACTION_TYPES = ("open", "click", "conversion")


@dataclass(frozen=True)
class Field:
    """One customer database field (顧客データベース項目)."""

    id: int
    name: str
    type: str
    required: bool

    def as_dict(self) -> dict[str, t.Any]:
        """The field as JSON for control responses."""
        return {"id": self.id, "name": self.name, "type": self.type, "required": self.required}


@dataclass(slots=True)
class Customer:
    """One customer record.

    Attributes:
        mail_address: The address as registered (its lower-cased form is the key).
        fields: Values of the other database fields by 項目名; empty ones are absent.
        status: 配信中, 配信停止 or 配信禁止.
        groups: Ids of the groups the customer belongs to.
        step_plans: Ids of the step mail plans the customer follows.
        updated_at: When the record or its status last changed (the 更新日時 column).
    """

    mail_address: str
    fields: dict[str, str]
    status: str
    groups: list[int]
    step_plans: list[int]
    updated_at: datetime

    def as_dict(self) -> dict[str, t.Any]:
        """The record as JSON for the control dump."""
        return {
            "mail_address": self.mail_address,
            "fields": dict(self.fields),
            "status": self.status,
            "groups": list(self.groups),
            "step_plans": list(self.step_plans),
            "updated_at": self.updated_at.astimezone(JST).isoformat(),
        }


@dataclass(frozen=True)
class Mail:
    """A mail sent (メール一覧): 配信種別 is 一斉配信 or ステップメール, 配信数 its recipients."""

    mail_id: int
    subject: str
    sent_at: datetime
    kind: str
    delivered: int


@dataclass(frozen=True)
class Open:
    """An HTML mail opened by a customer."""

    mail_id: int
    subject: str
    mail_address: str
    at: datetime


@dataclass(frozen=True)
class Click:
    """A URL in a mail clicked by a customer."""

    mail_id: int
    subject: str
    mail_address: str
    url: str
    at: datetime


@dataclass(frozen=True)
class Visit:
    """A customer's site visits on one day (Bridge)."""

    day: date
    mail_address: str
    count: int


@dataclass(frozen=True)
class Reaction:
    """A responder of one measurement type (open, click, conversion) on one day."""

    day: date
    type: str
    mail_id: int
    mail_address: str
    at: datetime


@dataclass(frozen=True)
class Form:
    """A Bridge form and the labels of its questions (one CSV column each)."""

    form_id: int
    name: str
    created_at: datetime
    questions: tuple[str, ...]


@dataclass(frozen=True)
class Answer:
    """One answer to a form: a value per question, in the form's order."""

    form_id: int
    answer_id: int
    mail_address: str
    answered_at: datetime
    values: tuple[str, ...]


@dataclass
class HaihaiData:
    """Everything the account holds; a re-seed replaces the whole object."""

    fields: list[Field] = field(default_factory=list)
    groups: dict[int, str] = field(default_factory=dict)
    step_plans: dict[int, str] = field(default_factory=dict)
    customers: dict[str, Customer] = field(default_factory=dict)
    mails: list[Mail] = field(default_factory=list)
    opens: list[Open] = field(default_factory=list)
    clicks: list[Click] = field(default_factory=list)
    visits: list[Visit] = field(default_factory=list)
    reactions: list[Reaction] = field(default_factory=list)
    forms: dict[int, Form] = field(default_factory=dict)
    answers: list[Answer] = field(default_factory=list)

    def customer(self, mail_address: str) -> Customer | None:
        """The customer with this address, whatever its case."""
        return self.customers.get(mail_address.lower())

    def put(self, customer: Customer) -> None:
        """Add a customer, or replace the one with the same address in its place."""
        self.customers[customer.mail_address.lower()] = customer

    def fields_by_name(self) -> dict[str, Field]:
        """The database fields by 項目名 (the CSV header names)."""
        return {item.name: item for item in self.fields}
