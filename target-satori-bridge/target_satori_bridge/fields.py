"""SATORI's customer fields and the linkage rules of its data-integration option (seed 004).

Every field of a customer gets a linkage type: NG (not linked), Readable (SATORI → the other
tool), Writable (the other tool → SATORI) or Readable/Writable (both; SATORI advises against
it, since two systems then overwrite each other). The option refuses some combinations, and so
does this target, at start and before any call:
- score, status, hashcode and customer ID can never be Writable;
- delivery status, mail status and custom fields whose values must be unique across customers
  can never be linked at all.
A target writes, so only Writable (and Readable/Writable) fields are ever sent.

ASSUMED: the English keys of the standard fields. SATORI's public API v4 names fields
`customer[<key>]` and its bulk CSV takes English headers, but the list of keys is in the
private integration spec; the keys below follow the public examples, and custom fields are
`custom:<key>` as documented.
"""

from __future__ import annotations

import enum
import typing as t
from dataclasses import dataclass

if t.TYPE_CHECKING:
    from collections.abc import Mapping

CUSTOM_PREFIX = "custom:"
EMAIL = "email"
HASHCODE = "hashcode"


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
    """A standard customer field: its key, its Japanese label, and what the option allows."""

    key: str
    label: str
    writable: bool = True
    linkable: bool = True


STANDARD_FIELDS: dict[str, SatoriField] = {
    field.key: field
    for field in (
        SatoriField(EMAIL, "メールアドレス"),
        SatoriField("last_name", "姓"),
        SatoriField("first_name", "名"),
        SatoriField("last_name_kana", "姓(カナ)"),
        SatoriField("first_name_kana", "名(カナ)"),
        SatoriField("company_name", "会社名"),
        SatoriField("department", "部署"),
        SatoriField("position", "役職"),
        SatoriField("tel", "電話番号"),
        SatoriField("mobile_phone", "携帯電話番号"),
        SatoriField("fax", "FAX番号"),
        SatoriField("zip_code", "郵便番号"),
        SatoriField("prefecture", "都道府県"),
        SatoriField("address", "住所"),
        SatoriField("url", "URL"),
        SatoriField("memo", "メモ"),
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
    """

    key: str
    label: str
    linkage: Linkage
    singer_property: str | None = None
    unique: bool = False

    @property
    def is_custom(self) -> bool:
        """Whether this is a customer custom field (カスタマーカスタム項目)."""
        return self.key.startswith(CUSTOM_PREFIX)


def parse_field_linkage(raw: Mapping[str, t.Any]) -> tuple[FieldLink, ...]:
    """Check every entry of the `field_linkage` setting against the option's rules.

    Raises:
        LinkageError: for the first entry SATORI's option would refuse, naming it and the rule.
    """
    return tuple(_field_link(str(key), entry) for key, entry in raw.items())


def _field_link(key: str, entry: t.Any) -> FieldLink:
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
    standard = STANDARD_FIELDS.get(key)
    if standard is None and not (key.startswith(CUSTOM_PREFIX) and key != CUSTOM_PREFIX):
        known = ", ".join(STANDARD_FIELDS)
        msg = (
            f"field_linkage.{key}: not a SATORI customer field; use one of {known} or "
            f"custom:<key> for a custom field"
        )
        raise LinkageError(msg)
    unique = bool(entry.get("unique", False))
    if unique and standard is not None:
        msg = f"field_linkage.{key}: unique applies to custom fields only"
        raise LinkageError(msg)
    label = str(entry.get("label") or (standard.label if standard else key))
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
        return FieldLink(key, label, linkage, prop, unique)
    return FieldLink(key, label, linkage, entry.get("property") or None, unique)
