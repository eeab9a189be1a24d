"""Control endpoints `/_sandbox/keap/...`.

Actions: configure, seed, touch, create, delete, custom fields, faults, expire tokens, counters,
records, written (the write log); and for the XML-RPC API `xmlrpc_seed`, `xmlrpc_touch`,
`xmlrpc_create`, `xmlrpc_faults`, `xmlrpc_rows/<Table>` (see `xmlrpc/control.py`).

Tests drive the account through these and then assert on what Keap ended up holding and on
what the plugin really sent. Bad input gets HTTP 400 `{"error": ...}` naming the field.
"""

from __future__ import annotations

import typing as t

from vendor_sandbox.control import ControlError, integer_list, json_object, non_negative
from vendor_sandbox.faults import ERROR_CODE, FaultSpecError, parse_fault
from vendor_sandbox.httpio import error_response, json_response
from vendor_sandbox.keap.customfields import MODELS, CustomFieldError, parse_fields
from vendor_sandbox.keap.instance import INJECTABLE_CODES
from vendor_sandbox.keap.resources import BY_KEY, DEFAULT_COUNTS
from vendor_sandbox.keap.settings import SettingsError
from vendor_sandbox.keap.store import StoreError
from vendor_sandbox.keap.writes import RESOURCES as WRITTEN_RESOURCES
from vendor_sandbox.keap.writes import marketing as marketing_writes
from vendor_sandbox.keap.xmlrpc import control as xmlrpc_control
from vendor_sandbox.keap.xmlrpc.store import XmlRpcStoreError

if t.TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    from vendor_sandbox.httpio import Request, Response
    from vendor_sandbox.keap.instance import KeapInstance

QUOTA_USED = "quota_used"
DEFAULT = "default"
RECORDS = "records/"
WRITTEN = "written"
# A 429 fault's Retry-After when the test names no `seconds`.
DEFAULT_RETRY_AFTER = 1


def _resource(payload: Mapping[str, t.Any]) -> str:
    name = payload.get("resource")
    if name not in BY_KEY:
        msg = f"'resource' must be one of {', '.join(sorted(BY_KEY))}, got {name!r}"
        raise ControlError(msg)
    return str(name)


def configure(instance: KeapInstance, request: Request) -> dict[str, t.Any]:
    """Change settings (and today's `quota_used`); all are checked before any is applied."""
    payload = json_object(request)
    quota_used = non_negative(payload, QUOTA_USED, None)
    changes = {name: value for name, value in payload.items() if name != QUOTA_USED}
    settings = instance.settings.updated(changes)
    if "refresh_token" in changes:
        instance.tokens.replace_refresh_token(settings.refresh_token)
    if quota_used is not None:
        instance.limits.set_quota_used(quota_used)
    instance.settings = settings
    return {"settings": settings.as_dict()}


def seed(instance: KeapInstance, request: Request) -> dict[str, t.Any]:
    """Replace all data: `{resource: count, ..., "default": count for the others}`."""
    payload = json_object(request)
    unknown = set(payload) - set(BY_KEY) - {DEFAULT}
    if unknown:
        msg = f"unknown resource(s): {', '.join(sorted(unknown))}"
        raise ControlError(msg)
    default = non_negative(payload, DEFAULT, None)
    counts = {
        key: non_negative(payload, key, DEFAULT_COUNTS[key] if default is None else default) or 0
        for key in BY_KEY
    }
    with instance.store.lock:
        instance.store.seed(counts)
    return {"counts": counts}


def touch(instance: KeapInstance, request: Request) -> dict[str, t.Any]:
    """Edit records by id, as a user would between two connector runs."""
    payload = json_object(request)
    resource = _resource(payload)
    ids = integer_list(payload, "ids")
    with instance.store.lock:
        return {resource: instance.store.touch(resource, ids)}


def create(instance: KeapInstance, request: Request) -> dict[str, t.Any]:
    """Add records at the end of a resource, stamped now; `fields` replace seeded values."""
    payload = json_object(request)
    resource = _resource(payload)
    count = non_negative(payload, "count", 1) or 0
    fields = payload.get("fields") or {}
    if not isinstance(fields, dict):
        msg = f"'fields' must be a JSON object, got {fields!r}"
        raise ControlError(msg)
    with instance.store.lock:
        return {resource: instance.store.create(resource, count, fields)}


def delete(instance: KeapInstance, request: Request) -> dict[str, t.Any]:
    """Delete records by id, as a user would; Keap then lists no trace of them."""
    payload = json_object(request)
    resource = _resource(payload)
    ids = integer_list(payload, "ids")
    with instance.store.lock:
        return {resource: instance.store.delete(resource, ids)}


def custom_fields(instance: KeapInstance, request: Request) -> dict[str, t.Any]:
    """Replace the custom fields of the models named: `{"contacts": [{label, field_type}]}`."""
    payload = json_object(request)
    unknown = set(payload) - set(MODELS)
    if unknown:
        msg = f"unknown model(s): {', '.join(sorted(unknown))} (have: {', '.join(MODELS)})"
        raise ControlError(msg)
    parsed = {model: parse_fields(model, fields) for model, fields in payload.items()}
    with instance.store.lock:
        instance.store.custom_fields.update(parsed)
        return {
            model: [spec.describe() for spec in fields]
            for model, fields in instance.store.custom_fields.items()
        }


def add_fault(instance: KeapInstance, request: Request) -> dict[str, t.Any]:
    """Queue a fault; `error_code` takes "401" (token expired) or "429" (throttled).

    A fault may name a `method` and be `after_apply`: the call runs (a write is applied)
    and then its answer is dropped, stalled or replaced.
    """
    payload = json_object(request)
    if payload.get("kind") == ERROR_CODE:
        if str(payload.get("code")) not in INJECTABLE_CODES:
            choices = ", ".join(INJECTABLE_CODES)
            msg = f"'code' must be one of {choices}, got {payload.get('code')!r}"
            raise ControlError(msg)
        if payload.get("seconds") is None:
            payload["seconds"] = DEFAULT_RETRY_AFTER
    return {"pending": instance.faults.add(parse_fault(payload, writes=True))}


def expire_tokens(instance: KeapInstance, request: Request) -> dict[str, t.Any]:
    """Expire every access token issued so far."""
    del request
    return {"expired": instance.tokens.expire_all()}


def counters(instance: KeapInstance, request: Request) -> dict[str, t.Any]:
    """Calls, per path template, per XML-RPC method, per status, tokens, 429s, faults."""
    del request
    return instance.counters.snapshot()


def records(instance: KeapInstance, resource: str, request: Request) -> dict[str, t.Any]:
    """Records a resource holds, in id order, with `offset`/`limit`.

    `stored` counts the records kept in memory (touched or created); the rest are computed
    on demand, which is what keeps 200,000 seeded contacts cheap.
    """
    params = {name: values[0] for name, values in request.query.items()}
    offset = non_negative(params, "offset", 0) or 0
    limit = non_negative(params, "limit", None)
    with instance.store.lock:
        store = instance.store
        derived = _derived(instance, resource)
        if derived is not None:
            chosen_derived = derived[offset:] if limit is None else derived[offset : offset + limit]
            return {"total": len(derived), "stored": len(derived), "records": chosen_derived}
        try:
            table = store.table(resource)
        except StoreError as exc:
            raise ControlError(str(exc)) from None
        held = table.indexes()
        chosen = held[offset:] if limit is None else held[offset : offset + limit]
        page = [table.get(index) or {} for index in chosen]
        if table.spec.custom_fields is not None:
            page = [
                store.with_custom_fields(table.spec, index, record)
                for index, record in zip(chosen, page, strict=True)
            ]
        return {"total": len(held), "stored": len(table.overlay), "records": page}


def _derived(instance: KeapInstance, resource: str) -> list[dict[str, t.Any]] | None:
    """What writes keep outside the tables: the account profile, campaign sequence members."""
    if resource == "account_profile":
        return [dict(instance.store.profile)]
    if resource == "campaign_sequence_contacts":
        return marketing_writes.members(instance.store.memberships)
    return None


def written(instance: KeapInstance, rest: str, request: Request) -> dict[str, t.Any]:
    """The write log (`written`), or one resource's part of it (`written/contacts`).

    Each entry: `seq`, `resource`, `operation` (create, update, upsert, delete), `method`,
    `path`, `query`, `status`, `id`, `request` (the JSON body as sent), `ignored_fields`,
    `answer_lost` (the fault kind that broke the answer, or null), and per action
    `outcome` (upsert: created or updated), `tag_statuses`, `tag_ids`, `order_id`, ...
    """
    del request
    if rest and not rest.startswith("/"):
        msg = f"unknown Keap control action '{WRITTEN}{rest}'"
        raise ControlError(msg)
    resource = rest[1:] or None
    if resource is not None and resource not in WRITTEN_RESOURCES:
        msg = f"'{resource}' is not written to (have: {', '.join(WRITTEN_RESOURCES)})"
        raise ControlError(msg)
    with instance.store.lock:
        return {"written": instance.store.written.entries(resource)}


Action = t.Callable[["KeapInstance", "Request"], dict[str, t.Any]]
ACTIONS: dict[tuple[str, str], Action] = {
    ("POST", "configure"): configure,
    ("POST", "seed"): seed,
    ("POST", "touch"): touch,
    ("POST", "create"): create,
    ("POST", "delete"): delete,
    ("POST", "custom_fields"): custom_fields,
    ("POST", "faults"): add_fault,
    ("POST", "expire_tokens"): expire_tokens,
    ("GET", "counters"): counters,
    ("POST", "xmlrpc_seed"): lambda instance, request: xmlrpc_control.seed(
        instance.xmlrpc, request
    ),
    ("POST", "xmlrpc_touch"): lambda instance, request: xmlrpc_control.touch(
        instance.xmlrpc, request
    ),
    ("POST", "xmlrpc_create"): lambda instance, request: xmlrpc_control.create(
        instance.xmlrpc, request
    ),
    ("POST", "xmlrpc_faults"): lambda instance, request: xmlrpc_control.add_fault(
        instance.xmlrpc, request
    ),
}
ERRORS = (
    ControlError,
    SettingsError,
    StoreError,
    CustomFieldError,
    FaultSpecError,
    XmlRpcStoreError,
)


def _run(run: Callable[[], dict[str, t.Any]]) -> Response:
    try:
        return json_response(run())
    except ERRORS as exc:
        return error_response(400, str(exc))


def _xmlrpc_rows(instance: KeapInstance, table: str, request: Request) -> dict[str, t.Any]:
    del request
    return xmlrpc_control.rows(instance.xmlrpc, table)


# Read-only actions named by a prefix and a resource or table: `records/contacts`,
# `written/contacts` (and `written` for the whole log).
Reader = t.Callable[["KeapInstance", str, "Request"], dict[str, t.Any]]
READERS: dict[str, Reader] = {
    RECORDS: records,
    WRITTEN: written,
    xmlrpc_control.ROWS: _xmlrpc_rows,
}


def handle(instance: KeapInstance, action: str, request: Request) -> Response:
    """Run one control action; 404 for an unknown one, 405 for a wrong method."""
    for prefix, reader in READERS.items():
        if action.startswith(prefix):
            if request.method != "GET":
                return error_response(405, f"method {request.method} not allowed on '{action}'")
            return _run(lambda: reader(instance, action[len(prefix) :], request))  # noqa: B023
    run = ACTIONS.get((request.method, action))
    if run is None:
        if any(name == action for _, name in ACTIONS):
            return error_response(405, f"method {request.method} not allowed on '{action}'")
        return error_response(404, f"unknown Keap control action '{action}'")
    return _run(lambda: run(instance, request))
