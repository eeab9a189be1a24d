"""Judging a batch of plain customer records at once, so that no record needs checks of its own.

Why: the per-record checks and the change each record asks for (`CustomerShape.change`)
cost about 20 µs a customer in Python, most of the main thread's time. Most batches of a
load are plain: email identities, text values, nothing SATORI would refuse or a spreadsheet
would run. For those the same verdict comes from C-speed passes over the batch's columns
(the Python types of each column, one regular expression over the joined addresses, one
printable test and one prefix pass over the other values), and each record's change is
just its non-blank values.

Anything else — hashcode identities, delivery permission or tag mappings,
`clear_blank_values`, a Writable email field fed by another property, a Writable
collection date (whose text is checked and rewritten per record), a value that is
neither text nor null, an undeclared property or `_sdc_deleted_at`, a SCHEMA that allows
more properties or declares a read property beyond a plain type, an address or value the
passes refuse — answers None, and the sink judges the batch record by record, naming the
record and property. So the passes need only be at least as strict as the per-record
checks, never explain themselves.
"""

from __future__ import annotations

import typing as t

from singer_commons.csvcodec import any_formula
from singer_commons.emails import all_valid
from target_satori_bridge.customers import DELETED_AT, CustomerChange
from target_satori_bridge.fields import COLLECTION_DATE, EMAIL

if t.TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from singer_commons.sdk.record_schema import RecordSchema
    from target_satori_bridge.customers import CustomerShape


def plain_changes(
    records: Sequence[Mapping[str, t.Any]],
    shape: CustomerShape,
    *,
    schema: RecordSchema,
    check_types: bool,
) -> list[CustomerChange] | None:
    """Each record's change, if the whole batch is plain (see module doc); else None."""
    if not _plain_shape(shape):
        return None
    read = [name for name in shape.read_properties if name != DELETED_AT]  # no record has it
    columns = schema.text_columns(records, read, check_types=check_types)
    if columns is None:
        return None
    if None in columns[shape.identity_property]:
        return None
    emails = t.cast("list[str]", columns[shape.identity_property])
    if not all_valid(emails) or any_formula(emails):
        return None
    written = [(link.key, t.cast("str", link.singer_property)) for link in shape.writable]
    texts = [
        value
        for key, prop in written
        if key != EMAIL  # a written email is the identity, checked above
        for value in columns[prop]
        if value is not None
    ]
    if not "".join(texts).isprintable() or any_formula(texts):
        return None
    keys = [key for key, _ in written]
    rows = list(zip(*(columns[prop] for _, prop in written), strict=True))
    return [
        CustomerChange(identity=email, email=email, cells=_cells(keys, row))
        for email, row in zip(emails, rows or [()] * len(emails), strict=True)
    ]


def _plain_shape(shape: CustomerShape) -> bool:
    """Whether records of this shape can be plain at all (see module doc)."""
    return (
        shape.identity_type == EMAIL
        and shape.permission is None
        and shape.append_tags is None
        and shape.delete_tags is None
        and not shape.clear_blank_values
        and all(link.key != COLLECTION_DATE for link in shape.writable)
        and all(
            link.singer_property == shape.identity_property
            for link in shape.writable
            if link.key == EMAIL
        )
    )


def _cells(keys: Sequence[str], row: Sequence[str | None]) -> dict[str, str]:
    """The non-blank values of a row by field key, in the order the fields are written."""
    return {
        key: value for key, value in zip(keys, row, strict=True) if value and not value.isspace()
    }
