"""Control endpoints `/_sandbox/satori/...`.

Actions: settings (GET), configure (POST), clock (GET/POST), customers (GET/POST),
fields (GET/POST), extra_standard_fields (GET/POST), bulk_jobs, written, counters, faults;
`reset` is answered by the emulator base.
Tests drive the company through these, then assert on what SATORI ended up holding
(customers, bulk jobs), on what the plugin really sent (counters, upload hashes) and on how
often it wrote each customer (written, the write log). Bad
input gets HTTP 400 `{"error": ...}` naming the field.
"""

from __future__ import annotations

import typing as t

from vendor_sandbox.control import ControlError, change_clock, dispatch, json_object
from vendor_sandbox.faults import ERROR_CODE, FaultSpecError, parse_fault
from vendor_sandbox.satori import control_data
from vendor_sandbox.satori.clock import iso_jst
from vendor_sandbox.settings_checks import SettingsError

if t.TYPE_CHECKING:
    from vendor_sandbox.httpio import Request, Response
    from vendor_sandbox.satori.company import SatoriCompany

# An `error_code` fault answers the vendor's error body with this HTTP status.
MIN_ERROR_CODE, MAX_ERROR_CODE = 400, 599


def settings(company: SatoriCompany, request: Request) -> dict[str, t.Any]:
    """The current settings."""
    del request
    return {"settings": company.settings.as_dict()}


def configure(company: SatoriCompany, request: Request) -> dict[str, t.Any]:
    """Change settings; all are checked before any is applied."""
    company.settings = company.settings.updated(json_object(request))
    return settings(company, request)


def clock(company: SatoriCompany, request: Request) -> dict[str, t.Any]:
    """The company's now (JST) and whether it is frozen."""
    del request
    return {"now": iso_jst(company.clock.utc_now()), "frozen": company.clock.frozen}


def set_clock(company: SatoriCompany, request: Request) -> dict[str, t.Any]:
    """Set (`{"now": ISO 8601 with offset}`: frozen there) or advance the clock."""
    change_clock(company.clock, request)
    return clock(company, request)


def bulk_jobs(company: SatoriCompany, request: Request) -> dict[str, t.Any]:
    """Every bulk job with its header, progress, failed rows and what was uploaded."""
    del request
    with company.lock:
        numbering = company.settings.row_numbering
        return {"bulk_jobs": company.jobs.describe(numbering, company.clock.utc_now())}


def written(company: SatoriCompany, request: Request) -> dict[str, t.Any]:
    """The write log: every customer a call or a bulk job wrote, oldest first."""
    del request
    with company.lock:
        return {"written": company.written.entries()}


def counters(company: SatoriCompany, request: Request) -> dict[str, t.Any]:
    """Calls per endpoint and per status, key failures, faults."""
    del request
    return company.counters.snapshot()


def _error_code(value: t.Any) -> bool:
    text = str(value) if isinstance(value, int | str) and not isinstance(value, bool) else ""
    return text.isdigit() and MIN_ERROR_CODE <= int(text) <= MAX_ERROR_CODE


def add_fault(company: SatoriCompany, request: Request) -> dict[str, t.Any]:
    """Queue a fault; `path` is matched against the path (`bulk_customers/status`)."""
    payload = json_object(request)
    if payload.get("kind") == ERROR_CODE and not _error_code(payload.get("code")):
        msg = (
            f"'code' must be an HTTP error status ({MIN_ERROR_CODE}-{MAX_ERROR_CODE}), "
            f"got {payload.get('code')!r}"
        )
        raise ControlError(msg)
    return {"pending": company.faults.add(parse_fault(payload))}


Action = t.Callable[["SatoriCompany", "Request"], dict[str, t.Any]]
ACTIONS: dict[tuple[str, str], Action] = {
    ("GET", "settings"): settings,
    ("POST", "configure"): configure,
    ("GET", "clock"): clock,
    ("POST", "clock"): set_clock,
    ("GET", "customers"): control_data.customers,
    ("POST", "customers"): control_data.put_customers,
    ("GET", "fields"): control_data.fields,
    ("POST", "fields"): control_data.set_fields,
    ("GET", "extra_standard_fields"): control_data.extra_standard_fields,
    ("POST", "extra_standard_fields"): control_data.set_extra_standard_fields,
    ("GET", "bulk_jobs"): bulk_jobs,
    ("GET", "written"): written,
    ("GET", "counters"): counters,
    ("POST", "faults"): add_fault,
}
ERRORS = (ControlError, SettingsError, FaultSpecError)


def handle(company: SatoriCompany, action: str, request: Request) -> Response:
    """Run one control action (see `vendor_sandbox.control.dispatch`)."""
    return dispatch(ACTIONS, company, action, request, vendor="SATORI", errors=ERRORS)
