"""From a Singer record to the change it asks of one SATORI customer, checked before sending.

A record is refused here, with the property and the reason, whenever SATORI would refuse it:
a missing identity, an invalid or over-long email (SATORI: at most 255 half-width
characters), a value that is not text, text SATORI cannot store (values.py), a tag SATORI
cannot hold. Formula-like values are neutralised or refused as `formula_cells` says, the same
way for single calls and bulk CSV. Blank values never erase what SATORI holds unless the user
asks (`clear_blank_values`): SATORI's bulk CSV ignores blank cells anyway, so the target
behaves the same whichever endpoint it uses.
"""

from __future__ import annotations

import math
import typing as t
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property

from singer_commons.csvcodec import FormulaCells
from singer_commons.emails import email_problem
from singer_commons.errors import RecordRejected
from singer_commons.text import text_problem
from target_satori_bridge.fields import COLLECTION_DATE, EMAIL, HASHCODE
from target_satori_bridge.mappings import ValueRejected, is_blank
from target_satori_bridge.values import (
    SATORI,
    ValueProblem,
    checked_text,
    date_text,
    email_text_problem,
)

if t.TYPE_CHECKING:
    from collections.abc import Mapping

    from target_satori_bridge.fields import FieldLink
    from target_satori_bridge.mappings import PermissionMapping, TagMapping

DELIVERY_PERMISSION = "delivery_permission"
APPEND_TAGS = "append_tags"
DELETE_TAGS = "delete_tags"
IDENTITY_TYPES = (EMAIL, HASHCODE)
MAX_SATORI_EMAIL_LENGTH = 255  # SATORI's bulk API documentation: email, at most 255 characters
DELETED_AT = "_sdc_deleted_at"  # set: the record deletes its customer
MAX_SHOWN_IDENTITY = 80  # a reason quotes the email or hashcode; a 300-character one is cut


class CustomerChange(t.NamedTuple):
    """What one record asks of one SATORI customer (a NamedTuple: one is built per record).

    Attributes:
        identity: The email or hashcode that finds the customer.
        email: The email the customer has after the change (the identity, or a Writable email).
        cells: SATORI field key → text, only non-blank values of Writable fields.
        clears: Writable fields the record explicitly blanks (sent only with
            `clear_blank_values`).
        delivery_permission: 許可, 拒否 or None (unchanged): the bulk CSV's words
            (single_form.py translates them for a single call).
        append_tags: Tags to add.
        delete_tags: Tags to remove (bulk CSV only).
        neutralised: Properties whose formula-like value was sent with a leading `'`.
    """

    identity: str
    email: str | None
    cells: dict[str, str]
    clears: tuple[str, ...] = ()
    delivery_permission: str | None = None
    append_tags: tuple[str, ...] = ()
    delete_tags: tuple[str, ...] = ()
    neutralised: tuple[str, ...] = ()


@dataclass(frozen=True)
class CustomerShape:
    """How records of this run become customer changes (from the settings, checked at start).

    What follows from the settings alone (the fields sent, the properties read, the CSV
    header) is worked out once, on first use, not for every record.
    """

    identity_type: str
    identity_property: str
    links: tuple[FieldLink, ...]
    permission: PermissionMapping | None = None
    append_tags: TagMapping | None = None
    delete_tags: TagMapping | None = None
    clear_blank_values: bool = False
    formulas: FormulaCells = FormulaCells.NEUTRALISE

    @cached_property
    def writable(self) -> tuple[FieldLink, ...]:
        """The fields this target sends (Writable and Readable/Writable)."""
        return tuple(link for link in self.links if link.linkage.writes)

    @cached_property
    def read_properties(self) -> tuple[str, ...]:
        """The record properties this target reads (the others are never sent)."""
        mappings = (self.permission, self.append_tags, self.delete_tags)
        names = (
            self.identity_property,
            *(t.cast("str", link.singer_property) for link in self.writable),
            *(mapping.property for mapping in mappings if mapping and mapping.property),
            DELETED_AT,
        )
        return tuple(dict.fromkeys(names))

    @cached_property
    def email_property(self) -> str:
        """The record property holding the customer's email (the identity, or a Writable one)."""
        if self.identity_type == EMAIL:
            return self.identity_property
        for link in self.writable:
            if link.key == EMAIL:
                return t.cast("str", link.singer_property)
        return EMAIL

    @cached_property
    def header(self) -> tuple[str, ...]:
        """The bulk CSV's English header: identity, Writable fields, then the extras in use."""
        extras = (
            (DELIVERY_PERMISSION, self.permission),
            (APPEND_TAGS, self.append_tags),
            (DELETE_TAGS, self.delete_tags),
        )
        return (
            self.identity_type,
            *(link.key for link in self.writable if link.key != self.identity_type),
            *(name for name, mapping in extras if mapping is not None),
        )

    def label(self, where: str, record: Mapping[str, t.Any]) -> str:
        """How a reason names a record: `where` it is (its input line), and its identity."""
        identity = record.get(self.identity_property)
        if not isinstance(identity, str) or not identity.strip():
            return where
        shown = identity.strip()
        if len(shown) > MAX_SHOWN_IDENTITY:
            shown = shown[:MAX_SHOWN_IDENTITY] + "…"
        return f"{where}, {self.identity_type} {shown!r}"

    @cached_property
    def _sent_fields(self) -> tuple[tuple[FieldLink, str, str], ...]:
        """Each written field, its record property, and how a reason names both."""
        sent = []
        for link in self.writable:
            prop = t.cast("str", link.singer_property)
            sent.append(
                (link, prop, f"property '{prop}' (SATORI field '{link.key}', {link.label})")
            )
        return tuple(sent)

    def change(self, record: Mapping[str, t.Any]) -> CustomerChange:
        """The checked change a record asks for.

        Raises:
            RecordRejected: naming the property and why SATORI would refuse it.
        """
        identity = self._identity(record)
        email = identity if self.identity_type == EMAIL else None
        cells: dict[str, str] = {}
        clears: list[str] = []
        neutralised: list[str] = []
        for link, prop, where in self._sent_fields:
            if prop not in record:
                continue
            value = record[prop]
            if is_blank(value):
                if self.clear_blank_values and link.key != EMAIL:
                    clears.append(link.key)
                continue
            if link.key == EMAIL:
                email = cells[link.key] = _checked_email(value, prop)
                continue
            text = _text(value, where)
            if link.key == COLLECTION_DATE:
                text = _date(text, where)
            elif isinstance(value, str):
                text, changed = self._formula_checked(text, where)
                if changed:
                    neutralised.append(prop)
            cells[link.key] = text
        try:
            permission = self.permission.permission(record) if self.permission else None
            append_tags = self._tags(self.append_tags, record, neutralised)
            delete_tags = self._tags(self.delete_tags, record, neutralised)
        except ValueRejected as exc:
            raise RecordRejected(str(exc)) from None
        return CustomerChange(
            identity=identity,
            email=email,
            cells=cells,
            clears=tuple(clears),
            delivery_permission=permission,
            append_tags=append_tags,
            delete_tags=delete_tags,
            neutralised=tuple(dict.fromkeys(neutralised)),
        )

    def _formula_checked(self, text: str, where: str) -> tuple[str, bool]:
        try:
            return checked_text(text, self.formulas)
        except ValueProblem as exc:
            msg = f"{where}: {exc}"
            raise RecordRejected(msg) from None

    def _tags(
        self, mapping: TagMapping | None, record: Mapping[str, t.Any], neutralised: list[str]
    ) -> tuple[str, ...]:
        """A mapping's tags for this record, formula-like names handled like values."""
        if mapping is None:
            return ()
        names = []
        for name in mapping.names(record):
            where = f"property '{mapping.property}' ({mapping.setting}), tag {name!r}"
            text, changed = self._formula_checked(name, where)
            if changed:
                neutralised.append(str(mapping.property or mapping.setting))
            names.append(text)
        return tuple(dict.fromkeys(names))

    def identity_of(self, record: Mapping[str, t.Any]) -> str:
        """The identity alone (a delete needs nothing else).

        Raises:
            RecordRejected: the identity is missing or not valid.
        """
        return self._identity(record)

    def _identity(self, record: Mapping[str, t.Any]) -> str:
        value = record.get(self.identity_property)
        if is_blank(value):
            msg = (
                f"property '{self.identity_property}' (the customer's {self.identity_type}, "
                "identity_property) is missing"
            )
            raise RecordRejected(msg)
        if self.identity_type == EMAIL:
            return _checked_email(value, self.identity_property)
        if (
            not isinstance(value, str)
            or any(char.isspace() for char in value.strip())
            or text_problem(value, SATORI)
        ):
            msg = f"property '{self.identity_property}' = {value!r} is not a SATORI hashcode"
            raise RecordRejected(msg)
        return value.strip()


def _checked_email(value: object, prop: str) -> str:
    problem = email_problem(value)
    if problem is None and len(str(value)) > MAX_SATORI_EMAIL_LENGTH:
        problem = f"longer than {MAX_SATORI_EMAIL_LENGTH} characters"
    if problem is None:
        problem = email_text_problem(t.cast("str", value))
    if problem:
        msg = f"property '{prop}': {problem}"
        raise RecordRejected(msg)
    return t.cast("str", value)


def _date(text: str, where: str) -> str:
    try:
        return date_text(text)
    except ValueProblem as exc:
        msg = f"{where}: {exc}"
        raise RecordRejected(msg) from None


def _text(value: object, where: str) -> str:
    """The value as the text SATORI stores: numbers without a spurious .0, booleans spelled.

    Raises:
        RecordRejected: not a scalar, not a finite number, or text SATORI cannot store.
    """
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | Decimal):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            msg = f"{where}: {value!r} is not a number SATORI can store"
            raise RecordRejected(msg)
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, str):
        if problem := text_problem(value, SATORI):
            msg = f"{where}: {problem}"
            raise RecordRejected(msg)
        return value
    msg = f"{where}: SATORI fields hold text, got {type(value).__name__} {value!r}"[:300]
    raise RecordRejected(msg)
