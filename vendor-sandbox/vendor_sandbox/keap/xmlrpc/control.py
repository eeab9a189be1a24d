"""Control actions of the XML-RPC data: seed, touch, create, rows, injected faults.

Registered in the Keap control module as `xmlrpc_*`. Bad input raises `ControlError`
(HTTP 400 naming the field), like every other control action.
"""

from __future__ import annotations

import typing as t
from datetime import datetime

from vendor_sandbox.control import ControlError, integer_list, json_object, non_negative
from vendor_sandbox.keap.xmlrpc.faults import ANY_METHOD, INJECTABLE, InjectedFault
from vendor_sandbox.keap.xmlrpc.services import METHODS
from vendor_sandbox.keap.xmlrpc.store import SEED_KEYS, XmlRpcStoreError

if t.TYPE_CHECKING:
    from vendor_sandbox.httpio import Request
    from vendor_sandbox.keap.xmlrpc.account import XmlRpcAccount

    Row = dict[str, t.Any]

ROWS = "xmlrpc_rows/"


def as_json(row: Row) -> Row:
    """A row for JSON: datetimes as ISO text (naive, app zone), empty fields as null."""
    return {
        name: value.isoformat() if isinstance(value, datetime) else (None if value == "" else value)
        for name, value in row.items()
    }


def _table(payload: dict[str, t.Any]) -> str:
    name = payload.get("table")
    if not isinstance(name, str) or not name:
        msg = f"'table' must be a table name, got {name!r}"
        raise ControlError(msg)
    return name


def seed(account: XmlRpcAccount, request: Request) -> dict[str, t.Any]:
    """Replace the XML-RPC data: `{table: count, ..., "saved_search_rows": n}`."""
    payload = json_object(request)
    unknown = set(payload) - set(SEED_KEYS)
    if unknown:
        msg = f"unknown table(s): {', '.join(sorted(unknown))} (have: {', '.join(SEED_KEYS)})"
        raise ControlError(msg)
    counts = {name: non_negative(payload, name, 0) or 0 for name in payload}
    with account.store.lock:
        return {"counts": account.store.seed(counts)}


def touch(account: XmlRpcAccount, request: Request) -> dict[str, t.Any]:
    """Edit rows by Id: LastUpdated becomes now (app zone) and one text field changes."""
    payload = json_object(request)
    table = _table(payload)
    ids = integer_list(payload, "ids")
    with account.store.lock:
        return {table: [as_json(row) for row in account.store.touch(table, ids)]}


def create(account: XmlRpcAccount, request: Request) -> dict[str, t.Any]:
    """Add rows at the end of a table, created and last updated now."""
    payload = json_object(request)
    table = _table(payload)
    count = non_negative(payload, "count", 1) or 0
    with account.store.lock:
        return {table: [as_json(row) for row in account.store.create(table, count)]}


def rows(account: XmlRpcAccount, table: str) -> dict[str, t.Any]:
    """Every row of a table, every field (null when empty), in storage order."""
    with account.store.lock:
        try:
            held = account.store.table(table)
        except XmlRpcStoreError as exc:
            raise ControlError(str(exc)) from None
        return {"total": len(held), "rows": [as_json(row) for row in held]}


def add_fault(account: XmlRpcAccount, request: Request) -> dict[str, t.Any]:
    """Queue `{"method": name or "*", "fault": kind, "count": n}`."""
    payload = json_object(request)
    unknown = set(payload) - {"method", "fault", "count"}
    if unknown:
        msg = f"unknown fault field(s): {', '.join(sorted(unknown))}"
        raise ControlError(msg)
    method = payload.get("method", ANY_METHOD)
    if method != ANY_METHOD and method not in METHODS:
        msg = (
            f"'method' must be \"*\" or an XML-RPC method such as DataService.query, got {method!r}"
        )
        raise ControlError(msg)
    kind = payload.get("fault")
    if kind not in INJECTABLE:
        msg = f"'fault' must be one of {', '.join(INJECTABLE)}, got {kind!r}"
        raise ControlError(msg)
    count = non_negative(payload, "count", 1)
    if not count:
        msg = f"'count' must be an integer >= 1, got {payload.get('count')!r}"
        raise ControlError(msg)
    return {"pending": account.faults.add(InjectedFault(method, kind, count))}
