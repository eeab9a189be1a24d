"""Which Singer properties become which 配配メール database fields (the CSV header).

The header of an upload must name fields exactly as the account defines them (seed 001: 名称
が異なる項目は登録・削除ができません), and the email field is required. The account's fields are
read once per run (顧客データベース項目一覧, one call) and every stream's mapping is checked
against them when its schema arrives, before anything is uploaded.
"""

from __future__ import annotations

import typing as t
from dataclasses import dataclass

from singer_commons.errors import FatalConnectorError
from singer_commons.rejects import SDC_PREFIX

if t.TYPE_CHECKING:
    from collections.abc import Iterable, Mapping


class FieldMappingError(FatalConnectorError):
    """A mapping the account cannot take: an unknown field name, or no email field."""


@dataclass(frozen=True)
class StreamColumns:
    """How one stream's records become CSV cells.

    Attributes:
        email_property: The property holding the email address.
        fields: Property → database field name, the email's first, then in schema order
            (every upload's header starts with the email field).
        ignored: Properties sent nowhere (neither mapped nor named like a field).
    """

    email_property: str
    fields: Mapping[str, str]
    ignored: tuple[str, ...]


def stream_columns(
    stream: str,
    properties: Iterable[str],
    *,
    field_map: Mapping[str, str],
    account_fields: frozenset[str],
    email_field: str,
) -> StreamColumns:
    """Map a stream's properties to the account's fields, or refuse with a clear error.

    A property is sent when `field_map` maps it, or when its own name is a field of the
    account (a CSV read with Japanese headers needs no map).

    Raises:
        FieldMappingError: `field_map` names a field the account does not have, or no
            property maps to the email field.
    """
    unknown = sorted({name for name in field_map.values() if name not in account_fields})
    if unknown:
        msg = (
            f"field_map names field(s) {', '.join(unknown)} that the 配配メール account does "
            f"not have; its fields are: {', '.join(sorted(account_fields))}. Nothing was "
            "uploaded."
        )
        raise FieldMappingError(msg)
    fields: dict[str, str] = {}
    ignored: list[str] = []
    for name in properties:
        if name in field_map:
            fields[name] = field_map[name]
        elif name in account_fields:
            fields[name] = name
        elif not name.startswith(SDC_PREFIX):
            ignored.append(name)
    targets = list(fields.values())
    doubled = sorted({field for field in targets if targets.count(field) > 1})
    if doubled:
        sources = {f: [n for n, target in fields.items() if target == f] for f in doubled}
        listed = "; ".join(f"{field} ← {', '.join(names)}" for field, names in sources.items())
        msg = f"stream '{stream}': several properties map to one field ({listed})."
        raise FieldMappingError(msg)
    email_properties = [name for name, field in fields.items() if field == email_field]
    if len(email_properties) != 1:
        problem = "no property maps" if not email_properties else "several properties map"
        msg = (
            f"stream '{stream}': {problem} to the required field {email_field} "
            f"({', '.join(email_properties) or 'none'}). Map exactly one property with "
            f'field_map, e.g. {{"email": "{email_field}"}}. Nothing was uploaded.'
        )
        raise FieldMappingError(msg)
    email_property = email_properties[0]
    ordered = {email_property: fields.pop(email_property), **fields}
    return StreamColumns(email_property, ordered, tuple(ignored))
