"""Control endpoints `/_sandbox/marketo/...`: configure, seed, faults, counters, records, written.

Tests drive the instance through these and then assert on what Marketo ended up holding
(`records/...`), on what the plugin really sent (`counters`) and on how often it wrote each
record (`written`, the write log), never on what the plugin believes it did.
Bad input gets HTTP 400 `{"error": ...}` naming the field.
"""

from __future__ import annotations

import typing as t

from vendor_sandbox.control import ControlError, dispatch, json_object, non_negative
from vendor_sandbox.faults import FaultSpecError, parse_fault
from vendor_sandbox.marketo.api import OPPORTUNITIES, ROLES
from vendor_sandbox.marketo.fields import CustomFieldError, parse_custom_fields
from vendor_sandbox.marketo.settings import SettingsError

if t.TYPE_CHECKING:
    from collections.abc import Callable

    from vendor_sandbox.httpio import Request, Response
    from vendor_sandbox.marketo.instance import MarketoInstance

CUSTOM_FIELDS = "custom_fields"


def configure(instance: MarketoInstance, request: Request) -> dict[str, t.Any]:
    """Change settings and/or custom fields; all are checked before any is applied."""
    payload = json_object(request)
    changes = {name: value for name, value in payload.items() if name != CUSTOM_FIELDS}
    settings = instance.settings.updated(changes)
    if CUSTOM_FIELDS in payload:
        specs = parse_custom_fields(_mapping(payload[CUSTOM_FIELDS]))
        with instance.store.lock:
            instance.store.define_custom_fields(specs)
    instance.settings = settings
    return {
        "settings": settings.as_dict(),
        "custom_fields": [spec.name for spec in instance.store.custom_fields],
    }


def _mapping(value: t.Any) -> dict[str, t.Any]:
    if not isinstance(value, dict):
        msg = f"'{CUSTOM_FIELDS}' must be an object of name: dataType, got {value!r}"
        raise ControlError(msg)
    return value


def seed(instance: MarketoInstance, request: Request) -> dict[str, t.Any]:
    """Replace all data with lazily seeded opportunities (and roles, and custom fields)."""
    payload = json_object(request)
    unknown = set(payload) - {"opportunities", "roles_per_opportunity", CUSTOM_FIELDS}
    if unknown:
        msg = f"unknown seed field(s): {', '.join(sorted(unknown))}"
        raise ControlError(msg)
    opportunities = non_negative(payload, "opportunities", 0) or 0
    per_opportunity = non_negative(payload, "roles_per_opportunity", 0) or 0
    specs = (
        parse_custom_fields(_mapping(payload[CUSTOM_FIELDS]))
        if payload.get(CUSTOM_FIELDS) is not None
        else None
    )
    with instance.store.lock:
        if specs is not None:
            instance.store.define_custom_fields(specs)
        instance.store.seed(opportunities, per_opportunity)
    return {"opportunities": opportunities, "roles": opportunities * per_opportunity}


def add_fault(instance: MarketoInstance, request: Request) -> dict[str, t.Any]:
    """Queue a fault behind the pending ones."""
    pending = instance.faults.add(parse_fault(json_object(request)))
    return {"pending": pending}


def counters(instance: MarketoInstance, request: Request) -> dict[str, t.Any]:
    """Calls, per endpoint, errors, faults, concurrency peak, quota used."""
    del request
    return instance.counters_snapshot()


def _records(object_name: str) -> Callable[[MarketoInstance, Request], dict[str, t.Any]]:
    def records(instance: MarketoInstance, request: Request) -> dict[str, t.Any]:
        params = {name: values[0] for name, values in request.query.items()}
        offset = non_negative(params, "offset", 0) or 0
        limit = non_negative(params, "limit", None)
        with instance.store.lock:
            store = instance.store
            table = (store.opportunities if object_name == OPPORTUNITIES else store.roles).table
            return {"total": len(table), "records": table.page(offset, limit)}

    return records


def _written(resource: str | None) -> Callable[[MarketoInstance, Request], dict[str, t.Any]]:
    def written(instance: MarketoInstance, request: Request) -> dict[str, t.Any]:
        del request
        with instance.store.lock:
            return {"written": instance.store.written.entries(resource)}

    return written


ERRORS = (ControlError, SettingsError, CustomFieldError, FaultSpecError)
ACTIONS: dict[tuple[str, str], Callable[[MarketoInstance, Request], dict[str, t.Any]]] = {
    ("POST", "configure"): configure,
    ("POST", "seed"): seed,
    ("POST", "faults"): add_fault,
    ("GET", "counters"): counters,
    ("GET", "records/opportunities"): _records(OPPORTUNITIES),
    ("GET", "records/roles"): _records(ROLES),
    ("GET", "written"): _written(None),
    ("GET", "written/opportunities"): _written(OPPORTUNITIES),
    ("GET", "written/roles"): _written(ROLES),
}


def handle(instance: MarketoInstance, action: str, request: Request) -> Response:
    """Run one control action (see `vendor_sandbox.control.dispatch`)."""
    return dispatch(ACTIONS, instance, action, request, vendor="Marketo", errors=ERRORS)
