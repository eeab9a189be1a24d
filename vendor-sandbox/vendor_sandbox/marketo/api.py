"""The Opportunity API's routes: which endpoint answers `METHOD /rest/v1/...`, and how.

Endpoints are generic over the object (opportunity or role): each receives the object's
store, the request and whether CRM sync is on, and returns the body of a successful call
(`result`, plus `nextPageToken`/`moreResult` where relevant). Failures are `MarketoError`s.
"""

from __future__ import annotations

import re
import typing as t
from urllib.parse import unquote

from vendor_sandbox.httpio import JSON_TYPE
from vendor_sandbox.marketo import metadata, seeded, sync
from vendor_sandbox.marketo.errors import (
    ACCESS_DENIED,
    INVALID,
    INVALID_CONTENT_TYPE,
    INVALID_JSON,
    METHOD_NOT_SUPPORTED,
    NOT_FOUND,
    MarketoError,
)
from vendor_sandbox.marketo.query import parse_query, run_query

if t.TYPE_CHECKING:
    from vendor_sandbox.httpio import Request
    from vendor_sandbox.marketo.objects import ObjectStore
    from vendor_sandbox.marketo.store import MarketoStore

FORM_TYPE = "application/x-www-form-urlencoded"
Body = dict[str, t.Any]
Endpoint = t.Callable[["ObjectStore", "Request", bool], Body]
OPPORTUNITIES = "opportunities"
ROLES = "roles"
BASE = "/rest/v1/opportunities"
_FIELD_BY_NAME = re.compile(rf"{BASE}/schema/fields/([^/]+)\.json")


def json_body(request: Request) -> dict[str, t.Any]:
    """The JSON object a sync or delete call carries.

    Raises:
        MarketoError: 612 when not sent as JSON, 609 when not a JSON object.
    """
    if request.content_type != JSON_TYPE:
        raise MarketoError(INVALID_CONTENT_TYPE)
    try:
        payload = request.json()
    except ValueError:
        payload = None
    if not isinstance(payload, dict):
        raise MarketoError(INVALID_JSON)
    return payload


def query_params(request: Request) -> tuple[dict[str, t.Any], bool]:
    """A query's parameters and whether they came as JSON (`POST ...?_method=GET`).

    Adobe, "Lead Database" (experienceleague.adobe.com/en/docs/marketo-developer/marketo/
    rest/lead-database/lead-database), Long URIs: the parameters of a simple-key query go
    in the POST body "as an application/x-www-form-urlencoded string", with that Content-type
    (its example is `POST /rest/v1/opportunities.json?_method=GET`). Compound Keys: a query
    by a multi-field `dedupeFields` key (the roles') is a POST with a JSON body whose members
    are the simple-key parameters "except for filterValues", plus an `input` array of key
    objects. The query string's parameters count too; repeated ones join with commas.

    Raises:
        MarketoError: 612 for a POST query body that is neither form-encoded nor JSON;
            609 for JSON that is not an object; 1003 for a JSON query carrying
            `filterValues` (the JSON form is the compound-key form only).
    """
    params: dict[str, t.Any] = {
        name: ",".join(values) for name, values in request.query.items() if name != "_method"
    }
    if request.method != "POST":
        return params, False
    if request.content_type == JSON_TYPE:
        payload = json_body(request)
        if "filterValues" in payload:
            raise MarketoError(INVALID, "filterValues is not valid in a JSON query; use input")
        return {**params, **payload}, True
    if request.content_type != FORM_TYPE:
        raise MarketoError(INVALID_CONTENT_TYPE)
    params.update({name: ",".join(values) for name, values in request.form().items()})
    return params, False


def _describe(store: ObjectStore, request: Request, crm_sync: bool) -> Body:
    del request
    return metadata.describe(store, read_only=crm_sync)


def _query(store: ObjectStore, request: Request, crm_sync: bool) -> Body:
    del crm_sync  # reads are allowed under CRM sync
    params, as_json = query_params(request)
    return run_query(parse_query(params, store, as_json=as_json), store)


def _sync(store: ObjectStore, request: Request, crm_sync: bool) -> Body:
    return {"result": sync.sync(store, json_body(request), now=seeded.now(), blocked=crm_sync)}


def _delete(store: ObjectStore, request: Request, crm_sync: bool) -> Body:
    return {"result": sync.delete(store, json_body(request), blocked=crm_sync)}


def _fields(store: ObjectStore, request: Request, crm_sync: bool) -> Body:
    del crm_sync
    return metadata.fields_page(store, {n: v[0] for n, v in request.query.items()})


def _field_by_name(name: str) -> Endpoint:
    def endpoint(store: ObjectStore, request: Request, crm_sync: bool) -> Body:
        del request, crm_sync
        return metadata.field_by_name(store, name)

    return endpoint


ROUTES: dict[tuple[str, str], tuple[str, Endpoint]] = {
    ("GET", f"{BASE}/describe.json"): (OPPORTUNITIES, _describe),
    ("GET", f"{BASE}.json"): (OPPORTUNITIES, _query),
    ("POST", f"{BASE}.json"): (OPPORTUNITIES, _sync),
    ("POST", f"{BASE}/delete.json"): (OPPORTUNITIES, _delete),
    ("GET", f"{BASE}/schema/fields.json"): (OPPORTUNITIES, _fields),
    ("GET", f"{BASE}/roles/describe.json"): (ROLES, _describe),
    ("GET", f"{BASE}/roles.json"): (ROLES, _query),
    ("POST", f"{BASE}/roles.json"): (ROLES, _sync),
    ("POST", f"{BASE}/roles/delete.json"): (ROLES, _delete),
}
_PATHS = frozenset(path for _, path in ROUTES)


def _resolve(method: str, path: str) -> tuple[str, Endpoint]:
    route = ROUTES.get((method, path))
    if route is not None:
        return route
    match = _FIELD_BY_NAME.fullmatch(path)
    if match is not None and method == "GET":
        return OPPORTUNITIES, _field_by_name(unquote(match.group(1)))
    if path in _PATHS or match is not None:
        raise MarketoError(METHOD_NOT_SUPPORTED)
    raise MarketoError(NOT_FOUND)


def dispatch(
    store: MarketoStore, request: Request, method: str, *, crm_sync: bool, held: str | None = None
) -> Body:
    """Run the endpoint for `method` (`GET` for `POST ?_method=GET`) and the request's path.

    `held` is the kind of injected fault that held the call back before it ran (a stall its
    client gave up on): the records it writes are logged with their answer lost.

    Raises:
        MarketoError: 605 wrong method, 610 unknown path, 603 roles under CRM sync, or
            whatever the endpoint raises.
    """
    object_name, endpoint = _resolve(method, request.path)
    if crm_sync and object_name == ROLES:
        raise MarketoError(ACCESS_DENIED)
    with store.lock:
        target = store.opportunities if object_name == OPPORTUNITIES else store.roles
        start = store.written.size()
        body = endpoint(target, request, crm_sync)
        if held is not None:
            store.written.mark_since(start, held)
        return body
