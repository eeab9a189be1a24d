"""The form of a single customer call (`customer[...]` fields) read into a `Change`.

Every `customer[<key>]` must name a writable field: a read-only key (`score`, `status`,
`customer_id`, `hashcode` as a value to write, ...) or an unknown one is refused with a
400 naming it, rather than silently dropped, so a plugin mapping a field wrongly fails in
its tests. A parameter present with an empty value clears that field; `delete_tags`
exists only in the bulk CSV and is refused here.
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
    STANDARD_FIELDS,
    checked_permission,
    tag_names,
)

if t.TYPE_CHECKING:
    from collections.abc import Mapping

    from vendor_sandbox.satori.store import SatoriData

CUSTOMER_PARAM = re.compile(r"customer\[(.*)\]")
IDENTITY_TYPE = "identity_type"
BULK_ONLY = ("delete_tags",)


def _identity_type(fields: Mapping[str, str]) -> str:
    value = fields.get(f"customer[{IDENTITY_TYPE}]") or EMAIL
    if value not in IDENTITY_TYPES:
        msg = f"customer[{IDENTITY_TYPE}]はemailまたはhashcodeで指定してください"
        raise bad_request(msg)
    return value


def change_of(fields: Mapping[str, str], data: SatoriData) -> Change:
    """The change a single call's form asks for.

    Raises:
        SatoriError: 400 naming a bulk-only parameter, an unknown or read-only
            `customer[...]` key, an unknown custom field, a bad identity_type,
            delivery_permission or tag name.
    """
    for name in BULK_ONLY:
        if name in fields:
            msg = f"{name}は一括登録APIでのみ指定できます"
            raise bad_request(msg)
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
        if key in READ_ONLY:
            msg = f"customer[{key}]は更新できません"
            raise bad_request(msg)
        if key.startswith(CUSTOM_PREFIX):
            custom_key = key.removeprefix(CUSTOM_PREFIX)
            if custom_key not in data.definitions:
                msg = f"カスタム項目 '{custom_key}' は存在しません"
                raise bad_request(msg)
            change.custom[custom_key] = value
        elif key in STANDARD_FIELDS:
            change.fields[key] = value
        else:
            msg = f"customer[{key}]は存在しない項目です"
            raise bad_request(msg)
    if "delivery_permission" in fields:
        change.delivery_permission = checked_permission(fields["delivery_permission"])
    change.append_tags = tag_names(fields.get("append_tags", ""), "append_tags")
    change.collection_route = fields.get("collection_route")
    return change
