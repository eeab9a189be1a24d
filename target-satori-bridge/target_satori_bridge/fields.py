"""SATORI's customer fields and the linkage rules of its data-integration option (seed 004).

Every field of a customer gets a linkage type: NG (not linked), Readable (SATORI → the other
tool), Writable (the other tool → SATORI) or Readable/Writable (both; SATORI advises against
it, since two systems then overwrite each other). The option refuses some combinations, and so
does this target, at start and before any call:
- score, status, hashcode and customer ID can never be Writable;
- delivery status, mail status and custom fields whose values must be unique across customers
  can never be linked at all.
A target writes, so only Writable (and Readable/Writable) fields are ever sent.

The standard keys are the ones public callers of the single API send, each with
`customer[<key>]` (Ippei-f/toshinjyuken.co.jp, src/hiraya/temp_php/form/satori.php and
src/kodate/temp_php/form/satori.php; `lead_company_name` and `memo` appear there too) and
the ones SATORI's bulk CSV documents (`email`, `hashcode`:
https://satorihelp.zendesk.com/hc/ja/articles/360000796993). Custom fields are
`custom:<key>`. SATORI's field list itself is not public, so no other key is guessed: a
company's other standard fields (a department, a postal code, ...) are declared by the
user in `extra_standard_fields`, with their Japanese names, and sent as declared. The
English keys of the read-only fields below are assumed (they are only checked, never sent).

The key table and the rules stay in the target rather than in satori-client: they are what
the target checks its `field_linkage` against before sending anything; no SATORI call names a
field by itself (the client sends the forms and CSV files the target builds).
"""

from __future__ import annotations

import enum
import re
import typing as t
from dataclasses import dataclass

if t.TYPE_CHECKING:
    from collections.abc import Mapping

CUSTOM_PREFIX = "custom:"
EMAIL = "email"
HASHCODE = "hashcode"
COLLECTION_DATE = "collection_date"  # sent as YYYY-MM-DD, as public callers do
EXTRA_KEY_SHAPE = re.compile(r"[a-z][a-z0-9_]*")
# Names the single API's form uses beside the fields: never a declared field's key.
RESERVED_KEYS = frozenset({"identity_type", "delivery_permission", "append_tags", "delete_tags"})


class LinkageError(ValueError):
    """A `field_linkage` entry SATORI's option would refuse; the message says which and why."""


class Linkage(enum.Enum):
    """How one field is linked (連携種別)."""

    NG = "NG"
    READABLE = "Readable"
    WRITABLE = "Writable"
    READABLE_WRITABLE = "ReadableWritable"

    @classmethod
    def named(cls, value: object) -> Linkage:
        """The linkage a setting names; SATORI's own spelling "Readable/Writable" is accepted.

        Raises:
            LinkageError: naming the accepted values.
        """
        text = str(value).replace("/", "").replace("+", "").replace(" ", "").lower()
        for linkage in cls:
            if linkage.value.lower() == text:
                return linkage
        accepted = ", ".join(linkage.value for linkage in cls)
        msg = f"linkage {value!r} is not one of {accepted}"
        raise LinkageError(msg)

    @property
    def writes(self) -> bool:
        """Whether the field is written to SATORI."""
        return self is Linkage.WRITABLE or self is Linkage.READABLE_WRITABLE

    @property
    def label(self) -> str:
        """The name SATORI's documents use."""
        return "Readable/Writable" if self is Linkage.READABLE_WRITABLE else self.value


@dataclass(frozen=True)
class SatoriField:
    """A standard customer field: its key, its Japanese label, and what the option allows.

    `declared` marks a key the user declared in `extra_standard_fields` (no public source
    shows it).
    """

    key: str
    label: str
    writable: bool = True
    linkable: bool = True
    declared: bool = False


STANDARD_FIELDS: dict[str, SatoriField] = {
    field.key: field
    for field in (
        # Public callers of customer/upsert.json (see the module docstring).
        SatoriField(EMAIL, "メールアドレス"),
        SatoriField("last_name", "姓"),
        SatoriField("first_name", "名"),
        SatoriField("last_name_reading", "姓(よみ)"),
        SatoriField("first_name_reading", "名(よみ)"),
        SatoriField("lead_company_name", "会社名"),
        SatoriField("phone_number", "電話番号"),
        SatoriField("mobile_phone_number", "携帯電話番号"),
        SatoriField("address", "住所"),
        SatoriField("memo", "メモ"),
        SatoriField("collection_route", "情報獲得経路"),
        SatoriField(COLLECTION_DATE, "情報獲得日"),
        # Seed 004: never Writable.
        SatoriField("score", "スコア", writable=False),
        SatoriField("status", "ステータス", writable=False),
        SatoriField(HASHCODE, "ハッシュコード", writable=False),
        SatoriField("customer_id", "カスタマーID", writable=False),
        # Seed 004: never linked, neither Readable nor Writable.
        SatoriField("delivery_status", "配信ステータス", writable=False, linkable=False),
        SatoriField("mail_status", "メール状況", writable=False, linkable=False),
    )
}


@dataclass(frozen=True)
class FieldLink:
    """One `field_linkage` entry, checked.

    Attributes:
        key: The SATORI field (`company_name`, `custom:member_id`): also the bulk CSV header.
        label: Its Japanese name, for messages and the requirements sheet.
        linkage: How it is linked.
        singer_property: The Singer property it is written from (None unless it writes).
        unique: A custom field whose values SATORI keeps unique (such fields cannot link).
        declared: A key from `extra_standard_fields`, not from a public source.
    """

    key: str
    label: str
    linkage: Linkage
    singer_property: str | None = None
    unique: bool = False
    declared: bool = False

    @property
    def is_custom(self) -> bool:
        """Whether this is a customer custom field (カスタマーカスタム項目)."""
        return self.key.startswith(CUSTOM_PREFIX)


def known_fields(extra: Mapping[str, t.Any] | None = None) -> dict[str, SatoriField]:
    """The standard fields, with the user's `extra_standard_fields` ({key: Japanese name}).

    Raises:
        LinkageError: a declared key that is not a lower-case key, is already a standard,
            custom or reserved name, or has no Japanese name.
    """
    fields = dict(STANDARD_FIELDS)
    for key, label in (extra or {}).items():
        where = f"extra_standard_fields.{key}"
        if not EXTRA_KEY_SHAPE.fullmatch(key):
            msg = (
                f"{where}: a key is lower-case letters, digits and _ (custom fields go in "
                "field_linkage as custom:<key>)"
            )
            raise LinkageError(msg)
        if key in STANDARD_FIELDS:
            msg = f"{where}: {key!r} is a standard field this target knows; do not declare it"
            raise LinkageError(msg)
        if key in RESERVED_KEYS:
            msg = f"{where}: {key!r} is a setting of its own, not a customer field"
            raise LinkageError(msg)
        if not isinstance(label, str) or not label.strip():
            msg = f'{where} must be the field\'s Japanese name, e.g. "部署"'
            raise LinkageError(msg)
        fields[key] = SatoriField(key, label.strip(), declared=True)
    return fields


def parse_field_linkage(
    raw: Mapping[str, t.Any], fields: Mapping[str, SatoriField] = STANDARD_FIELDS
) -> tuple[FieldLink, ...]:
    """Check every entry of the `field_linkage` setting against the option's rules.

    Args:
        raw: The setting.
        fields: The standard fields this run knows (`known_fields`).

    Raises:
        LinkageError: for the first entry SATORI's option would refuse, naming it and the rule.
    """
    return tuple(_field_link(str(key), entry, fields) for key, entry in raw.items())


def _field_link(key: str, entry: t.Any, fields: Mapping[str, SatoriField]) -> FieldLink:
    if not isinstance(entry, dict):
        msg = (
            f"field_linkage.{key} must be an object such as "
            '{"linkage": "Writable", "property": "company"}'
        )
        raise LinkageError(msg)
    unknown = set(entry) - {"linkage", "property", "unique", "label"}
    if unknown:
        msg = (
            f"field_linkage.{key}: unknown keys {sorted(unknown)} "
            "(use linkage, property, unique, label)"
        )
        raise LinkageError(msg)
    if "linkage" not in entry:
        msg = f"field_linkage.{key}: linkage is required (NG, Readable, Writable, ReadableWritable)"
        raise LinkageError(msg)
    try:
        linkage = Linkage.named(entry["linkage"])
    except LinkageError as exc:
        msg = f"field_linkage.{key}: {exc}"
        raise LinkageError(msg) from None
    standard = fields.get(key)
    if standard is None and not (key.startswith(CUSTOM_PREFIX) and key != CUSTOM_PREFIX):
        known = ", ".join(fields)
        msg = (
            f"field_linkage.{key}: not a SATORI customer field this target knows; use one of "
            f"{known}, custom:<key> for a custom field, or declare the key with its Japanese "
            f'name in extra_standard_fields (e.g. {{"{key}": "部署"}})'
        )
        raise LinkageError(msg)
    unique = bool(entry.get("unique", False))
    if unique and standard is not None:
        msg = f"field_linkage.{key}: unique applies to custom fields only"
        raise LinkageError(msg)
    label = str(entry.get("label") or (standard.label if standard else key))
    declared = standard is not None and standard.declared
    name = f"SATORI field '{key}' ({label})"
    if linkage is not Linkage.NG:
        if standard is not None and not standard.linkable:
            msg = f"{name} can never be linked under SATORI's linkage rules: set its linkage to NG"
            raise LinkageError(msg)
        if unique:
            msg = (
                f"{name} is a custom field whose values must be unique across customers; "
                "SATORI's data-integration option cannot link such fields: set its linkage to NG"
            )
            raise LinkageError(msg)
    if linkage.writes:
        if standard is not None and not standard.writable:
            msg = (
                f"{name} can never be Writable under SATORI's linkage rules: set its linkage "
                "to Readable or NG"
            )
            raise LinkageError(msg)
        prop = entry.get("property")
        if not isinstance(prop, str) or not prop:
            msg = (
                f"field_linkage.{key}: a {linkage.label} field needs the Singer property it "
                "is written from"
            )
            raise LinkageError(msg)
        return FieldLink(key, label, linkage, prop, unique, declared)
    return FieldLink(key, label, linkage, entry.get("property") or None, unique, declared)
