"""`SearchService`: saved searches (reports), read a page at a time from page 0.

Keap documents no page size for `getSavedSearchResultsAllFields` / `getSavedSearchResults`
(the official infusionsoft-php SDK, `src/Infusionsoft/Api/SearchService.php`, only passes
`pageNumber`; public callers such as novaksolutions/infusionsoft-php-sdk
`Infusionsoft/examples/get_saved_search_data.php` read pages until one comes back empty).
The sandbox pages by `ROWS_PER_PAGE`, deliberately not 1,000 (assumed: any size), so a
client that takes a page shorter than 1,000 for the last one misses rows: only an empty
page ends the report.

A saved search belongs to a user: asking with another `userId`, or for an id no SavedFilter
row has, is fault 5. Rows are keyed by the report's column keys; empty cells are left out.
Search 1 lists the Ogden contacts (or `saved_search_rows` generated rows, to test paging
over many pages), search 2 the invoices with something still due.
"""

from __future__ import annotations

import typing as t

from vendor_sandbox.keap.xmlrpc.faults import (
    NO_FIELD_FOUND,
    XmlRpcError,
    invalid_parameter,
    not_found,
)
from vendor_sandbox.keap.xmlrpc.query import project
from vendor_sandbox.keap.xmlrpc.seed import OGDEN_SEARCH_ID, OPEN_INVOICES_SEARCH_ID, ogden_row

if t.TYPE_CHECKING:
    from vendor_sandbox.keap.xmlrpc.store import XmlRpcStore

    Row = dict[str, t.Any]

# Page numbers from 0; the size is the sandbox's own (Keap documents none).
ROWS_PER_PAGE = 250
COLUMNS: dict[int, dict[str, str]] = {
    OGDEN_SEARCH_ID: {
        "Id": "Id",
        "FirstName": "First Name",
        "LastName": "Last Name",
        "Email": "Email",
        "City": "City",
        "DateCreated": "Date Created",
    },
    OPEN_INVOICES_SEARCH_ID: {
        "InvoiceId": "Invoice Id",
        "ContactId": "Contact Id",
        "InvoiceTotal": "Invoice Total",
        "TotalDue": "Total Due",
        "DateCreated": "Date Created",
    },
}


def _columns(store: XmlRpcStore, saved_search_id: int, user_id: int) -> dict[str, str]:
    saved = store.find("SavedFilter", saved_search_id)
    if saved is None or saved["UserId"] != user_id or saved_search_id not in COLUMNS:
        msg = f"Saved search {saved_search_id} was not found for user {user_id}"
        raise not_found(msg)
    return COLUMNS[saved_search_id]


def _rows(store: XmlRpcStore, saved_search_id: int, window: slice) -> list[Row]:
    """The rows of one page, generated only for that page when the search is synthetic."""
    if saved_search_id == OGDEN_SEARCH_ID:
        generated = store.saved_search_rows
        if generated is not None:
            stop = min(window.stop, generated)
            return [ogden_row(index, store.seeded_at) for index in range(window.start, stop)]
        rows = [
            row
            for row in store.table("Contact")
            if str(row.get("City") or "").casefold() == "ogden"
        ]
        return rows[window]
    rows = [
        {**row, "InvoiceId": row["Id"]}
        for row in store.table("Invoice")
        if float(row.get("TotalDue") or 0) > 0
    ]
    return rows[window]


def _window(page: int) -> slice:
    if page < 0:
        msg = f"page must be 0 or more, got {page}"
        raise invalid_parameter(msg)
    return slice(page * ROWS_PER_PAGE, (page + 1) * ROWS_PER_PAGE)


def get_all_report_columns(
    store: XmlRpcStore, saved_search_id: int, user_id: int
) -> dict[str, str]:
    """`{columnKey: label}` in the report's column order."""
    return dict(_columns(store, saved_search_id, user_id))


def get_saved_search_results_all_fields(
    store: XmlRpcStore, saved_search_id: int, user_id: int, page: int
) -> list[Row]:
    """One page of the report, every column (a page past the end is empty)."""
    columns = _columns(store, saved_search_id, user_id)
    return [project(row, columns) for row in _rows(store, saved_search_id, _window(page))]


def get_saved_search_results(
    store: XmlRpcStore, saved_search_id: int, user_id: int, page: int, return_fields: list[t.Any]
) -> list[Row]:
    """One page of the report, only the columns asked for.

    Raises:
        XmlRpcError: Fault 10 for a name that is not a column of the report.
    """
    columns = _columns(store, saved_search_id, user_id)
    if not return_fields:
        msg = "returnFields must be a non-empty array of column keys"
        raise invalid_parameter(msg)
    for name in return_fields:
        if name not in columns:
            msg = f"Invalid column: {name} for saved search {saved_search_id}"
            raise XmlRpcError(NO_FIELD_FOUND, msg)
    return [project(row, return_fields) for row in _rows(store, saved_search_id, _window(page))]
