"""The form of a single customer call (`customer[...]` fields) read into a `Change`.

Public callers send everything about the customer inside `customer[...]`: its identity,
fields, `customer[delivery_permission]` (`approval`) and `customer[append_tags]`
(Ippei-f/toshinjyuken.co.jp, src/hiraya/temp_php/form/satori.php). So a customer
parameter sent at the top level (`delivery_permission`, `append_tags`, `last_name`, ...)
is refused with a 400 naming the nested form, as is the bulk CSV's 許可 / 拒否 in
`customer[delivery_permission]`. Every other `customer[<key>]` must name a writable field:
a read-only key (`score`, `status`, `customer_id`, `hashcode` as a value to write, ...) or
one the company lacks (neither a public standard key, nor one of its extra standard
fields, nor a defined custom field) is refused with a 400 naming it, rather than silently
dropped, so a plugin mapping a field wrongly fails in its tests. A parameter present with
an empty value clears that field; `delete_tags` exists only in the bulk CSV and is refused
here.
"""

from __future__ import annotations

import re
import typing as t

from vendor_sandbox.satori.changes import Change
from vendor_sandbox.satori.errors import bad_request
from vendor_sandbox.satori.fields import (
    CUSTOM_PREFIX,
    EMAIL,
    HASHCODE,
    IDENTITY_TYPES,
    READ_ONLY,
    checked_single_permission,
    tag_names,
)

if t.TYPE_CHECKING:
    from collections.abc import Mapping

    from vendor_sandbox.satori.store import SatoriData

CUSTOMER_PARAM = re.compile(r"customer\[(.*)\]")
IDENTITY_TYPE = "identity_type"
DELIVERY_PERMISSION = "delivery_permission"
APPEND_TAGS = "append_tags"
DELETE_TAGS = "delete_tags"
# What belongs inside customer[...]: a top-level parameter of one of these names, of a
# standard field or of a custom field is refused.
CUSTOMER_KEYS = frozenset({IDENTITY_TYPE, EMAIL, HASHCODE, DELIVERY_PERMISSION, APPEND_TAGS})


def _identity_type(fields: Mapping[str, str]) -> str:
    value = fields.get(f"customer[{IDENTITY_TYPE}]") or EMAIL
    if value not in IDENTITY_TYPES:
        msg = f"customer[{IDENTITY_TYPE}]はemailまたはhashcodeで指定してください"
        raise bad_request(msg)
    return value


def _check_top_level(fields: Mapping[str, str], data: SatoriData) -> None:
    """Refuse customer parameters outside `customer[...]` and the bulk-only `delete_tags`."""
    for name in fields:
        if name in (DELETE_TAGS, f"customer[{DELETE_TAGS}]"):
            msg = f"{DELETE_TAGS}は一括登録APIでのみ指定できます"
            raise bad_request(msg)
        if name in CUSTOMER_KEYS or data.is_standard(name) or name.startswith(CUSTOM_PREFIX):
            msg = f"{name}はcustomer[{name}]として指定してください"
            raise bad_request(msg)


def change_of(fields: Mapping[str, str], data: SatoriData) -> Change:
    """The change a single call's form asks for.

    Raises:
        SatoriError: 400 naming a customer parameter sent outside `customer[...]`, a
            bulk-only parameter, an unknown or read-only `customer[...]` key, an unknown
            custom field, a bad identity_type, delivery permission or tag name.
    """
    _check_top_level(fields, data)
    identity_type = _identity_type(fields)
    identity = fields.get(f"customer[{identity_type}]", "")
    change = Change(identity_type, identity)
    if identity_type == HASHCODE:
        change.email = fields.get(f"customer[{EMAIL}]")
    for name, value in fields.items():
        match = CUSTOMER_PARAM.fullmatch(name)
        key = match.group(1) if match else None
        if key is None or key in (IDENTITY_TYPE, EMAIL, identity_type):
            continue
        if key == DELIVERY_PERMISSION:
            change.delivery_permission = checked_single_permission(value)
        elif key == APPEND_TAGS:
            change.append_tags = tag_names(value, name)
        elif key in READ_ONLY:
            msg = f"customer[{key}]は更新できません"
            raise bad_request(msg)
        elif key.startswith(CUSTOM_PREFIX):
            custom_key = key.removeprefix(CUSTOM_PREFIX)
            if custom_key not in data.definitions:
                msg = f"カスタム項目 '{custom_key}' は存在しません"
                raise bad_request(msg)
            change.custom[custom_key] = value
        elif data.is_standard(key):
            change.fields[key] = value
        else:
            msg = f"customer[{key}]は存在しない項目です"
            raise bad_request(msg)
    return change
