"""Control endpoints that edit the company's data: customers, custom and extra standard fields.

Tests put the customers a plugin will meet (with hashcodes of their choosing, or
generated ones), replace the custom fields and give the company standard fields beyond
the public keys (as a real company may have), then assert on what the company ends up
holding. Customers pass the API's own rules (email shape and uniqueness, delivery permission, tag
names, unique custom values); every item is checked before any is stored, and an error
names the item and field (`customers[2].email`).
"""

from __future__ import annotations

import re
import typing as t
from dataclasses import dataclass

from vendor_sandbox.control import ControlError, json_object
from vendor_sandbox.satori.clock import stamp
from vendor_sandbox.satori.errors import SatoriError
from vendor_sandbox.satori.fields import (
    ALLOWED,
    DELIVERY_PERMISSIONS,
    HASHCODE_SHAPE,
    MAX_TAG_LENGTH,
    READ_ONLY,
    STANDARD_FIELDS,
    checked_email,
    checked_field,
)
from vendor_sandbox.satori.single import CUSTOMER_KEYS as SINGLE_PARAMETERS
from vendor_sandbox.satori.single import DELETE_TAGS
from vendor_sandbox.satori.store import CustomField

if t.TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    from vendor_sandbox.httpio import Request
    from vendor_sandbox.satori.company import SatoriCompany
    from vendor_sandbox.satori.store import SatoriData

CUSTOMER_KEYS = (
    "email",
    "hashcode",
    "fields",
    "custom",
    "tags",
    "delivery_permission",
)
FIELD_KEYS = ("key", "label", "unique")
FIELD_KEY_SHAPE = re.compile(r"[A-Za-z0-9_]+")
EXTRA_STANDARD = "extra_standard_fields"
# Keys an extra standard field cannot take: the public ones and every other customer key.
TAKEN_KEYS = frozenset({*STANDARD_FIELDS, *READ_ONLY, *SINGLE_PARAMETERS, DELETE_TAGS})


def _fail(where: str, name: str, expected: str, value: t.Any) -> t.NoReturn:
    msg = f"'{where}.{name}' must be {expected}, got {value!r}"
    raise ControlError(msg)


def _items(payload: Mapping[str, t.Any], name: str) -> list[tuple[Mapping[str, t.Any], str]]:
    value = payload.get(name)
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        msg = f"'{name}' must be a list of objects, got {value!r}"
        raise ControlError(msg)
    return [(item, f"{name}[{index}]") for index, item in enumerate(value)]


def _known_keys(item: Mapping[str, t.Any], where: str, known: tuple[str, ...]) -> None:
    unknown = sorted(set(item) - set(known))
    if unknown:
        msg = f"unknown field(s) in '{where}': {', '.join(unknown)} (have: {', '.join(known)})"
        raise ControlError(msg)


def _text_map(
    item: Mapping[str, t.Any], name: str, where: str, allowed: Callable[[str], bool]
) -> dict[str, str]:
    value = item.get(name, {})
    if not isinstance(value, dict) or not all(
        allowed(key) and isinstance(text, str) for key, text in value.items()
    ):
        _fail(where, name, "an object of known keys to strings", value)
    return {key: text for key, text in value.items() if text}


@dataclass(frozen=True)
class _Put:
    """One checked customer of a `customers` POST."""

    where: str
    email: str | None
    hashcode: str | None
    fields: dict[str, str]
    custom: dict[str, str]
    tags: list[str]
    delivery_permission: str


def _email(item: Mapping[str, t.Any], where: str) -> str | None:
    value = item.get("email")
    if value is None:
        return None
    if not isinstance(value, str):
        _fail(where, "email", "a string or null", value)
    try:
        return checked_email(value)
    except SatoriError as exc:
        msg = f"'{where}.email' {value!r}: {exc.message}"
        raise ControlError(msg) from None


def _tags(item: Mapping[str, t.Any], where: str) -> list[str]:
    value = item.get("tags", [])
    if not isinstance(value, list) or not all(
        isinstance(tag, str) and tag and "," not in tag and len(tag) <= MAX_TAG_LENGTH
        for tag in value
    ):
        expected = f"a list of tag names (non-empty, no comma, <= {MAX_TAG_LENGTH} characters)"
        _fail(where, "tags", expected, value)
    return list(value)


def _optional_text(item: Mapping[str, t.Any], name: str, where: str) -> str | None:
    value = item.get(name)
    if value is not None and not isinstance(value, str):
        _fail(where, name, "a string or null", value)
    return value or None


def _fields(item: Mapping[str, t.Any], where: str, data: SatoriData) -> dict[str, str]:
    values = _text_map(item, "fields", where, data.is_standard)
    for key, value in values.items():
        try:
            checked_field(key, value)
        except SatoriError as exc:
            msg = f"'{where}.fields.{key}' {value!r}: {exc.message}"
            raise ControlError(msg) from None
    return values


def _put(item: Mapping[str, t.Any], where: str, data: SatoriData) -> _Put:
    _known_keys(item, where, CUSTOMER_KEYS)
    hashcode = _optional_text(item, "hashcode", where)
    if hashcode is not None and not HASHCODE_SHAPE.fullmatch(hashcode):
        _fail(where, "hashcode", "32 lowercase hex characters", hashcode)
    permission = item.get("delivery_permission", ALLOWED)
    if permission not in DELIVERY_PERMISSIONS:
        _fail(where, "delivery_permission", " or ".join(DELIVERY_PERMISSIONS), permission)
    return _Put(
        where=where,
        email=_email(item, where),
        hashcode=hashcode,
        fields=_fields(item, where, data),
        custom=_text_map(item, "custom", where, data.definitions.__contains__),
        tags=_tags(item, where),
        delivery_permission=permission,
    )


def _check_unique(puts: list[_Put], data: SatoriData) -> None:
    """No put may take an email, hashcode or unique custom value already held."""
    emails: set[str] = set()
    hashcodes: set[str] = set()
    values: dict[str, set[str]] = {key: set() for key, d in data.definitions.items() if d.unique}
    for put in puts:
        if put.email is not None:
            if data.by_email(put.email) is not None or put.email.lower() in emails:
                _fail(put.where, "email", "an address no other customer holds", put.email)
            emails.add(put.email.lower())
        if put.hashcode is not None:
            if data.by_hashcode(put.hashcode) is not None or put.hashcode in hashcodes:
                _fail(put.where, "hashcode", "a hashcode no other customer holds", put.hashcode)
            hashcodes.add(put.hashcode)
        for key, value in put.custom.items():
            if key not in values:
                continue
            if data.holder(key, value) is not None or value in values[key]:
                _fail(put.where, f"custom.{key}", "a value no other customer holds", value)
            values[key].add(value)


def put_customers(company: SatoriCompany, request: Request) -> dict[str, t.Any]:
    """Add customers (`{"customers": [...]}`); ids are assigned, hashcodes when absent."""
    items = _items(json_object(request), "customers")
    now = stamp(company.clock)
    with company.lock:
        data = company.data
        puts = [_put(item, where, data) for item, where in items]
        _check_unique(puts, data)
        stored = []
        for put in puts:
            customer = data.create(put.email, now, put.hashcode)
            customer.fields.update(put.fields)
            for key, value in put.custom.items():
                data.set_custom(customer, key, value)
            customer.tags.update(put.tags)
            customer.delivery_permission = put.delivery_permission
            stored.append(customer.as_dict())
        return {"customers": stored}


def customers(company: SatoriCompany, request: Request) -> dict[str, t.Any]:
    """Every customer, in id order."""
    del request
    with company.lock:
        return {"customers": [c.as_dict() for c in company.data.customers.values()]}


def _definition(item: Mapping[str, t.Any], where: str) -> CustomField:
    _known_keys(item, where, FIELD_KEYS)
    key = item.get("key")
    if not isinstance(key, str) or not FIELD_KEY_SHAPE.fullmatch(key):
        _fail(where, "key", "letters, digits or _", key)
    label = item.get("label")
    if not isinstance(label, str) or not label:
        _fail(where, "label", "a non-empty string", label)
    unique = item.get("unique", False)
    if not isinstance(unique, bool):
        _fail(where, "unique", "true or false", unique)
    return CustomField(key, label, unique)


def set_fields(company: SatoriCompany, request: Request) -> dict[str, t.Any]:
    """Replace the custom field definitions (`{"fields": [{key, label, unique?}]}`).

    Customers lose the values of fields no longer defined; a field may become unique only
    when no two customers hold the same value in it.
    """
    parsed = [_definition(item, where) for item, where in _items(json_object(request), "fields")]
    if len({d.key for d in parsed}) != len(parsed):
        msg = "'fields' must not repeat a key"
        raise ControlError(msg)
    with company.lock:
        data = company.data
        for index, definition in enumerate(parsed):
            value = data.duplicated(definition.key) if definition.unique else None
            if value is not None:
                msg = f"'fields[{index}].unique': two customers already hold {value!r}"
                raise ControlError(msg)
        data.define(parsed)
    return fields(company, request)


def fields(company: SatoriCompany, request: Request) -> dict[str, t.Any]:
    """The custom field definitions, in the order they were defined."""
    del request
    with company.lock:
        return {"fields": [d.as_dict() for d in company.data.definitions.values()]}


def _extra_standard(payload: Mapping[str, t.Any]) -> dict[str, str]:
    value = payload.get(EXTRA_STANDARD)
    if not isinstance(value, dict):
        msg = f"'{EXTRA_STANDARD}' must be an object of key to Japanese name, got {value!r}"
        raise ControlError(msg)
    for key, label in value.items():
        if not FIELD_KEY_SHAPE.fullmatch(key) or key in TAKEN_KEYS:
            msg = (
                f"'{EXTRA_STANDARD}.{key}': a key must be letters, digits or _ and not "
                "a public standard key or another customer key"
            )
            raise ControlError(msg)
        if not isinstance(label, str) or not label:
            _fail(EXTRA_STANDARD, key, "a non-empty Japanese name", label)
    return dict(value)


def set_extra_standard_fields(company: SatoriCompany, request: Request) -> dict[str, t.Any]:
    """Replace the company's standard fields beyond the public keys (key → Japanese name).

    Customers lose the values of extra fields no longer there; `{}` restores the default.
    """
    extra = _extra_standard(json_object(request))
    with company.lock:
        company.data.define_extra_standard(extra)
    return extra_standard_fields(company, request)


def extra_standard_fields(company: SatoriCompany, request: Request) -> dict[str, t.Any]:
    """The company's standard fields beyond the public keys (none by default)."""
    del request
    with company.lock:
        return {EXTRA_STANDARD: dict(company.data.extra_standard)}
