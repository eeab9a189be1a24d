"""Routes of Keap's REST v1 API below `/crm/rest/v1`: which handler answers a path.

Read routes are built from the resource table (`resources.RESOURCES`): each resource gets
its list and, where Keap has one, its `/{id}` endpoint. Nested lists, custom-field models,
files, hooks and the single-object endpoints are listed here; the write routes come from
`writes.ROUTES`. A handler gets the call and returns the JSON to send (or an `Answer` with
its status); failures are `KeapError`s. A method a path does not answer gets 405.
"""

from __future__ import annotations

import re
import typing as t
from dataclasses import dataclass
from urllib.parse import unquote

from vendor_sandbox.keap import customfields, files, marketing, relations, singletons, writes
from vendor_sandbox.keap.call import Call, Handler, Route
from vendor_sandbox.keap.clock import epoch_millis, parse_iso
from vendor_sandbox.keap.errors import KeapError, bad_request, not_found
from vendor_sandbox.keap.listing import (
    envelope,
    optional_properties,
    order_of,
    page_of,
    time_bound,
)
from vendor_sandbox.keap.resources import ALWAYS, BY_KEY, OPTIONAL, RESOURCES, SINGLE_ONLY
from vendor_sandbox.keap.table import ListQuery

if t.TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    from vendor_sandbox.keap.resources import ResourceSpec
    from vendor_sandbox.keap.seedkit import Record
    from vendor_sandbox.keap.store import KeapStore

__all__ = ["Call", "Endpoint", "resolve", "run"]

# Fields a single record gains with `optional_properties=<name>`.
SINGLE_EXTRAS: dict[str, dict[str, Callable[[int], t.Any]]] = {
    "campaigns": {"sequences": marketing.campaign_sequences},
}


@dataclass(frozen=True)
class Endpoint:
    """A path template and the handler of each method it answers."""

    template: str
    pattern: re.Pattern[str]
    handlers: Mapping[str, Handler]


def _present(spec: ResourceSpec, call: Call, index: int, *, listing: bool) -> Record:
    record = call.store.table(spec.key).get(index) or {}
    if listing:
        for name in spec.list_omit:
            record.pop(name, None)
    wanted = optional_properties(call.params)
    asked = "custom_fields" in wanted
    if (
        spec.custom_fields == ALWAYS
        or (spec.custom_fields == OPTIONAL and asked)
        or (spec.custom_fields == SINGLE_ONLY and asked and not listing)
    ):
        call.store.with_custom_fields(spec, index, record)
    for name, extra in SINGLE_EXTRAS.get(spec.key, {}).items():
        if not listing and name in wanted:
            record[name] = extra(index)
    return record


def _list(spec: ResourceSpec, by_parent: str | None = None) -> Handler:
    """A resource's list; `by_parent` names a field that must equal the path's `{id}`."""

    def handler(call: Call) -> t.Any:
        params = call.params
        page = page_of(params)
        order, descending = order_of(params, spec.order_names())
        since = until = None
        if spec.time_field is not None:
            since = time_bound(params, spec.time_params[0])
            until = time_bound(params, spec.time_params[1])
            if spec.until_needs_since and until is not None and since is None:
                since_name, until_name = spec.time_params
                raise bad_request(f"'{since_name}' must be present if '{until_name}' is provided")
        equals = [(name, params[name]) for name in spec.filter_names() if params.get(name)]
        if by_parent is not None:
            equals.append((by_parent, call.ids[0]))
        view = call.store.table(spec.key).view(
            ListQuery(order, descending, since, until, tuple(equals)),
            among=call.store.candidates(spec.key, params),
        )
        chosen = view[page.offset : page.offset + page.limit]
        records = [_present(spec, call, index, listing=True) for index in chosen]
        return envelope(spec.key, records, len(view), page, url=call.url, params=params)

    return handler


def _single(spec: ResourceSpec) -> Handler:
    def handler(call: Call) -> t.Any:
        return _present(spec, call, call.index(spec.key), listing=False)

    return handler


def _nested(
    parent: str,
    key: str | None,
    entries: Callable[[KeapStore, int], list[Record]],
    time_field: str | None = None,
) -> Handler:
    """Entries derived from a parent record: paged under `key`, or a bare array (None)."""

    def handler(call: Call) -> t.Any:
        items = entries(call.store, call.index(parent))
        if key is None:
            return items
        if time_field is not None:
            since = time_bound(call.params, "since")
            until = time_bound(call.params, "until")
            items = [item for item in items if _within(item[time_field], since, until)]
        page = page_of(call.params)
        chosen = items[page.offset : page.offset + page.limit]
        return envelope(key, chosen, len(items), page, url=call.url, params=call.params)

    return handler


def _within(value: str, since: int | None, until: int | None) -> bool:
    moment = parse_iso(value)
    if moment is None:
        return False
    stamp = epoch_millis(moment)
    return (since is None or stamp >= since) and (until is None or stamp < until)


def _model(model: str) -> Handler:
    def handler(call: Call) -> t.Any:
        return customfields.model_body(model, call.store.custom_fields[model])

    return handler


def _fixed(payload: Callable[[], t.Any]) -> Handler:
    def handler(call: Call) -> t.Any:
        del call
        return payload()

    return handler


def _provinces(call: Call) -> t.Any:
    code = call.ids[0].upper()
    if code not in singletons.COUNTRIES:
        raise not_found(f"country {code} not found")
    return {"provinces": singletons.PROVINCES.get(code, {})}


def _hooks(call: Call) -> list[Record]:
    """`GET /hooks`: every REST hook subscription, a bare array."""
    table = call.store.table("hooks")
    return [table.get(index) or {} for index in table.indexes()]


def _hook(call: Call) -> Record:
    """`GET /hooks/{key}`: one subscription; 404 for an unknown key."""
    return call.store.table("hooks").get(writes.account.hook_index(call)) or {}


ROUTES: tuple[Route, ...] = (
    *(Route(spec.path, _list(spec)) for spec in RESOURCES),
    *(Route(f"{spec.path}/{{id}}", _single(spec)) for spec in RESOURCES if spec.single),
    *(Route(f"/{model}/model", _model(model)) for model in customfields.MODELS),
    Route("/contacts/{id}/tags", _nested("contacts", "tags", relations.contact_tags)),
    Route("/contacts/{id}/emails", _list(BY_KEY["emails"], by_parent="contact_id")),
    Route("/tags/{id}/contacts", _nested("tags", "contacts", relations.tag_contacts)),
    Route("/tags/{id}/companies", _nested("tags", "companies", relations.tag_companies)),
    Route("/orders/{id}/payments", _nested("orders", None, relations.order_payments)),
    Route(
        "/orders/{id}/transactions",
        _nested("orders", "transactions", relations.order_transactions),
    ),
    Route(
        "/affiliates/{id}/clawbacks",
        _nested("affiliates", "clawbacks", relations.affiliate_clawbacks, "date_earned"),
    ),
    Route(
        "/affiliates/{id}/payments",
        _nested("affiliates", "payments", relations.affiliate_payments),
    ),
    Route("/account/profile", lambda call: dict(call.store.profile)),
    Route("/setting/application/configuration", _fixed(singletons.application_configuration)),
    Route("/setting/application/enabled", _fixed(lambda: {"value": "true"})),
    Route(
        "/setting/contact/optionTypes",
        _fixed(lambda: {"value": singletons.CONTACT_OPTION_TYPES}),
    ),
    Route("/oauth/connect/userinfo", _fixed(singletons.user_info)),
    Route("/locales/countries", _fixed(lambda: {"countries": dict(singletons.COUNTRIES)})),
    Route("/locales/countries/{code}/provinces", _provinces),
    Route("/opportunity/stage_pipeline", _fixed(marketing.stage_pipeline)),
    Route("/files", files.list_files),
    Route("/files/{id}", files.get_file),
    Route("/hooks", _hooks),
    Route("/hooks/event_keys", _fixed(lambda: list(singletons.HOOK_EVENT_KEYS))),
    Route("/hooks/{key}", _hook),
    *writes.ROUTES,
)


def _endpoints(routes: tuple[Route, ...]) -> tuple[Endpoint, ...]:
    """The routes grouped by template, in the order each template first appears.

    A path is matched against templates in that order, so a literal template
    (`/hooks/event_keys`) must come before a placeholder one (`/hooks/{key}`).
    """
    grouped: dict[str, dict[str, Handler]] = {}
    patterns: dict[str, re.Pattern[str]] = {}
    for route in routes:
        grouped.setdefault(route.template, {})[route.method] = route.handler
        patterns.setdefault(route.template, route.pattern)
    return tuple(
        Endpoint(template, patterns[template], handlers) for template, handlers in grouped.items()
    )


ENDPOINTS = _endpoints(ROUTES)


def resolve(path: str) -> tuple[Endpoint, tuple[str, ...]] | None:
    """The endpoint whose template matches `path` (below `/crm/rest/v1`), and its parameters.

    The path is matched as sent (a percent-encoded `/` stays inside its segment) and each
    parameter is percent-decoded, as an HTTP server hands path variables to its handler
    (assumed for Keap's gateway: RFC 3986 makes `%2F` data, not a separator).
    """
    for endpoint in ENDPOINTS:
        match = endpoint.pattern.fullmatch(path)
        if match is not None:
            return endpoint, tuple(unquote(group) for group in match.groups())
    return None


def run(endpoint: Endpoint | None, method: str, call: Call) -> t.Any:
    """Run the handler of `method` at a resolved endpoint for a call.

    Raises:
        KeapError: 404 unknown path (or record), 405 a method the path does not answer,
            400 a bad parameter or body.
    """
    if endpoint is None:
        raise not_found()
    handler = endpoint.handlers.get(method)
    if handler is None:
        raise KeapError(405, {"message": f"Method {method} not allowed"})
    return handler(call)
