"""Judging a stream's batch of records clean at once, so that no record needs checks of its own.

Why: the per-record checks (the SCHEMA checks of sinks.py, rows.py's address, encoding and
formula checks) cost about 20 µs a contact in Python, more than a bare upload loop spends on
one in all. Nearly every batch of a real load is clean, and for a clean batch the same
verdict comes from a few C-speed passes over its columns: undeclared properties by one
subset test per record, types by the set of Python types in each column, addresses by one
regular expression over the joined column (`singer_commons.emails.all_valid`), encoding and
formulas by one encode and one prefix pass over every cell (`csvcodec.all_plain`).

Anything out of the ordinary — a value that is neither text nor null, a property the
SCHEMA does not declare, `_sdc_deleted_at`, a SCHEMA that allows more properties or declares
a sent property beyond a plain type, an address or cell the passes refuse — answers None,
and the sink judges the batch record by record, naming the record and field. So the passes
need only be at least as strict as the per-record checks, never explain themselves.
"""

from __future__ import annotations

import typing as t
from itertools import chain

from singer_commons.csvcodec import all_plain
from singer_commons.emails import all_valid

if t.TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from singer_commons.sdk.record_schema import RecordSchema


def clean_columns(
    records: Sequence[Mapping[str, t.Any]],
    sent: Sequence[str],
    *,
    email_property: str,
    schema: RecordSchema,
    check_types: bool,
    encoding: str,
) -> list[list[str]] | None:
    """The cells of each sent property (in `sent` order, a row per record), if all are clean.

    Clean means the per-record checks would accept every record and send every cell as
    it is: nothing but declared properties, every sent value text (or null, sent empty)
    of its declared type, every address usable, every cell encodable and no formula.

    Args:
        records: The batch, in input order.
        sent: The properties sent (the email property among them).
        email_property: The property holding the address.
        schema: The stream's SCHEMA.
        check_types: Whether sent values must have their declared types (validate_records).
        encoding: The CSV encoding.
    """
    text = schema.text_columns(records, sent, check_types=check_types)
    if text is None:
        return None
    columns = [[value or "" for value in text[name]] for name in sent]  # null sent empty
    if not all_valid(columns[list(sent).index(email_property)]):
        return None
    if not all_plain(list(chain.from_iterable(columns)), encoding):
        return None
    return columns
