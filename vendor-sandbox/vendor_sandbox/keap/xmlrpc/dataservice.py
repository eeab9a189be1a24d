"""`DataService` and `ContactService`: tables read with `queryData`, by id or by email.

Keap caps a page at 1,000 rows (`limit` 1..1000, `page` from 0) and orders by Id unless told
otherwise; a connector pages until a short page. Unknown tables are fault 9, unknown fields
fault 10, a missing record fault 5.
"""

from __future__ import annotations

import typing as t

from vendor_sandbox.keap.xmlrpc.faults import (
    NO_TABLE_FOUND,
    XmlRpcError,
    invalid_parameter,
    no_field,
    not_found,
)
from vendor_sandbox.keap.xmlrpc.query import check_fields, compile_query, ordered, project
from vendor_sandbox.keap.xmlrpc.tables import ID, TABLES

if t.TYPE_CHECKING:
    from collections.abc import Mapping

    from vendor_sandbox.keap.xmlrpc.store import XmlRpcStore
    from vendor_sandbox.keap.xmlrpc.tables import TableSpec

    Row = dict[str, t.Any]

# Keap (vendor notes): DataService.query returns at most 1,000 rows a call.
MAX_LIMIT = 1000
CONTACT = "Contact"
EMAIL_FIELDS = ("Email", "EmailAddress2", "EmailAddress3")


def table_spec(name: str) -> TableSpec:
    """The table called `name` (exact case).

    Raises:
        XmlRpcError: Fault 9 for an unknown table.
    """
    spec = TABLES.get(name)
    if spec is None:
        raise XmlRpcError(NO_TABLE_FOUND, f"Invalid table name: {name}")
    return spec


def _page(limit: int, page: int) -> slice:
    if not 1 <= limit <= MAX_LIMIT:
        msg = f"limit must be between 1 and {MAX_LIMIT}, got {limit}"
        raise invalid_parameter(msg)
    if page < 0:
        msg = f"page must be 0 or more, got {page}"
        raise invalid_parameter(msg)
    return slice(page * limit, (page + 1) * limit)


def query(  # noqa: PLR0917 - XML-RPC passes parameters by position
    store: XmlRpcStore,
    table: str,
    limit: int,
    page: int,
    query_data: Mapping[str, t.Any],
    selected_fields: list[t.Any],
    order_by: str | None = None,
    ascending: bool = True,
) -> list[Row]:
    """One page of the rows matching `queryData`, only the selected non-empty fields."""
    spec = table_spec(table)
    window = _page(limit, page)
    fields = check_fields(spec, selected_fields, "selectedFields")
    test = compile_query(spec, query_data)
    rows = ordered(
        spec, [row for row in store.table(table) if test(row)], order_by, ascending=ascending
    )
    return [project(row, fields) for row in rows[window]]


def count(store: XmlRpcStore, table: str, query_data: Mapping[str, t.Any]) -> int:
    """How many rows match `queryData` (what a connector sizes its paging with)."""
    spec = table_spec(table)
    test = compile_query(spec, query_data)
    return sum(1 for row in store.table(table) if test(row))


def load(store: XmlRpcStore, table: str, row_id: int, selected_fields: list[t.Any]) -> Row:
    """One row by Id.

    Raises:
        XmlRpcError: Fault 5 when no row has this Id.
    """
    spec = table_spec(table)
    fields = check_fields(spec, selected_fields, "selectedFields")
    if spec.field(ID) is None:
        raise no_field(table, ID)
    row = store.find(table, row_id)
    if row is None:
        raise not_found(f"Record {row_id} was not found in {table}")
    return project(row, fields)


def find_by_field(  # noqa: PLR0917 - XML-RPC passes parameters by position
    store: XmlRpcStore,
    table: str,
    limit: int,
    page: int,
    field_name: str,
    field_value: t.Any,
    return_fields: list[t.Any],
) -> list[Row]:
    """`query` with one field's value as the whole `queryData`."""
    spec = table_spec(table)
    if spec.field(field_name) is None:
        raise no_field(table, field_name)
    check_fields(spec, return_fields, "returnFields")
    return query(store, table, limit, page, {field_name: field_value}, return_fields)


def load_contact(store: XmlRpcStore, contact_id: int, selected_fields: list[t.Any]) -> Row:
    """`ContactService.load`: one contact by Id."""
    return load(store, CONTACT, contact_id, selected_fields)


def find_by_email(store: XmlRpcStore, email: str, selected_fields: list[t.Any]) -> list[Row]:
    """Contacts whose Email, EmailAddress2 or EmailAddress3 is `email` (ignoring case)."""
    fields = check_fields(table_spec(CONTACT), selected_fields, "selectedFields")
    wanted = email.strip().casefold()
    return [
        project(row, fields)
        for row in store.table(CONTACT)
        if any(str(row.get(name) or "").casefold() == wanted for name in EMAIL_FIELDS)
    ]
