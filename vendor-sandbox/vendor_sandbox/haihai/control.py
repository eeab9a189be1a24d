"""Control endpoints `/_sandbox/haihai/...`.

Actions: configure (GET/POST), clock (GET/POST), seed, events (GET/POST), lists,
customers (GET/POST), fields (GET/POST), imports, written, counters, faults; `reset` is
answered by the emulator base. Tests drive the account through these, then assert on what
配配メール ended up holding (customers, imports), on what the plugin really sent (counters,
upload hashes), on how often it wrote each customer (written) and on what a tap must have
read (events, lists). Bad
input gets HTTP 400 `{"error": ...}` naming the field.
"""

from __future__ import annotations

import typing as t

from vendor_sandbox.control import ControlError, change_clock, dispatch, json_object, non_negative
from vendor_sandbox.faults import ERROR_CODE, FaultSpecError, parse_fault
from vendor_sandbox.haihai import control_data, seed
from vendor_sandbox.haihai.clock import jst_now, jst_today
from vendor_sandbox.haihai.errors import DEFAULT_MESSAGES, METHOD_NOT_ALLOWED
from vendor_sandbox.settings_checks import SettingsError

if t.TYPE_CHECKING:
    from vendor_sandbox.haihai.account import HaihaiAccount
    from vendor_sandbox.httpio import Request, Response

# The contract's error codes an `error_code` fault may answer with.
FAULT_CODES = tuple(code for code in DEFAULT_MESSAGES if code != METHOD_NOT_ALLOWED)


def settings(account: HaihaiAccount, request: Request) -> dict[str, t.Any]:
    """The current settings."""
    del request
    return {"settings": account.settings.as_dict()}


def configure(account: HaihaiAccount, request: Request) -> dict[str, t.Any]:
    """Change settings; all are checked before any is applied."""
    account.settings = account.settings.updated(json_object(request))
    return settings(account, request)


def clock(account: HaihaiAccount, request: Request) -> dict[str, t.Any]:
    """The account's now (JST) and its quota day."""
    del request
    return {
        "now": jst_now(account.clock).isoformat(),
        "day": jst_today(account.clock).isoformat(),
        "frozen": account.clock.frozen,
    }


def set_clock(account: HaihaiAccount, request: Request) -> dict[str, t.Any]:
    """Set (`{"now": ISO 8601 with offset}`: frozen there) or advance the clock."""
    change_clock(account.clock, request)
    return clock(account, request)


def reseed(account: HaihaiAccount, request: Request) -> dict[str, t.Any]:
    """Replace all data with the default seed, `days` and `customers` long, dated from now."""
    payload = json_object(request)
    unknown = set(payload) - {"days", "customers"}
    if unknown:
        msg = f"unknown seed field(s): {', '.join(sorted(unknown))}"
        raise ControlError(msg)
    days = non_negative(payload, "days", seed.DEFAULT_DAYS) or 0
    customers = non_negative(payload, "customers", seed.DEFAULT_CUSTOMERS) or 0
    data = seed.build(jst_today(account.clock), days, customers)
    with account.lock:
        account.data = data
    return {"days": days, "customers": customers, "today": jst_today(account.clock).isoformat()}


def imports(account: HaihaiAccount, request: Request) -> dict[str, t.Any]:
    """Every import with its parameters, state, results and what was uploaded."""
    del request
    with account.lock:
        return {"imports": account.imports.describe(account.clock.utc_now())}


def written(account: HaihaiAccount, request: Request) -> dict[str, t.Any]:
    """The write log: every customer row an import wrote, oldest first."""
    del request
    with account.lock:
        return {"written": account.imports.written.entries()}


def counters(account: HaihaiAccount, request: Request) -> dict[str, t.Any]:
    """Calls per action, per status, per API per JST day; uploads, polls, 429s, faults."""
    del request
    return account.counters.snapshot(account.quota.ledger())


def add_fault(account: HaihaiAccount, request: Request) -> dict[str, t.Any]:
    """Queue a fault; `path` is matched against the action (`ScheduleCsvImport`)."""
    payload = json_object(request)
    if payload.get("kind") == ERROR_CODE and payload.get("code") not in FAULT_CODES:
        msg = f"'code' must be one of {', '.join(FAULT_CODES)}, got {payload.get('code')!r}"
        raise ControlError(msg)
    return {"pending": account.faults.add(parse_fault(payload))}


Action = t.Callable[["HaihaiAccount", "Request"], dict[str, t.Any]]
ACTIONS: dict[tuple[str, str], Action] = {
    ("GET", "configure"): settings,
    ("POST", "configure"): configure,
    ("GET", "clock"): clock,
    ("POST", "clock"): set_clock,
    ("POST", "seed"): reseed,
    ("POST", "events"): control_data.add_events,
    ("GET", "events"): control_data.events,
    ("GET", "lists"): control_data.lists,
    ("GET", "customers"): control_data.customers,
    ("POST", "customers"): control_data.put_customers,
    ("GET", "fields"): control_data.fields,
    ("POST", "fields"): control_data.set_fields,
    ("GET", "imports"): imports,
    ("GET", "written"): written,
    ("GET", "counters"): counters,
    ("POST", "faults"): add_fault,
}
ERRORS = (ControlError, SettingsError, FaultSpecError)


def handle(account: HaihaiAccount, action: str, request: Request) -> Response:
    """Run one control action (see `vendor_sandbox.control.dispatch`)."""
    return dispatch(ACTIONS, account, action, request, vendor="配配メール", errors=ERRORS)
