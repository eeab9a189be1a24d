"""Filtered queries (`GET <object>.json?filterType=&filterValues=`) and their paging.

Marketo cannot list an object: every query names a searchable field (or the dedupe fields)
and at most 300 values. Without `fields`, every standard field is returned (custom fields
only when asked for). Results come in the order of the values (each value's matches in
index order), `batchSize` (max 300) at a time; `nextPageToken` is present while more remain.
The token is opaque to clients: base32 of the offset into the match list, as Marketo's
tokens look base32-ish. Simple keys come as a query string or a form-encoded
`POST ?_method=GET` body; a compound key only as a JSON body (see `api.query_params`).
"""

from __future__ import annotations

import base64
import binascii
import typing as t
from dataclasses import dataclass

from vendor_sandbox.marketo.errors import FIELD_NOT_FOUND, INVALID, MarketoError

if t.TYPE_CHECKING:
    from collections.abc import Mapping

    from vendor_sandbox.marketo.objects import ObjectStore

# Adobe (seed 003): batchSize defaults to 300, max 300; at most 300 filterValues per call.
MAX_BATCH_SIZE = 300
MAX_FILTER_VALUES = 300
DEDUPE_FIELDS_FILTER = "dedupeFields"
ID_FIELD_FILTER = "idField"
_OFFSET_PREFIX = "offset:"


@dataclass(frozen=True)
class Query:
    """A validated query: what to match, which fields to return, which page."""

    filter_type: str
    values: list[t.Any]
    fields: list[str]
    batch_size: int
    offset: int


def encode_page_token(offset: int) -> str:
    """An opaque nextPageToken for a position in the match list."""
    return base64.b32encode(f"{_OFFSET_PREFIX}{offset}".encode()).decode()


def decode_page_token(token: str) -> int:
    """The offset in a nextPageToken.

    Raises:
        MarketoError: 1003 when the token was not issued by this sandbox.
    """
    try:
        text = base64.b32decode(token.encode()).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError):
        text = ""
    if not text.startswith(_OFFSET_PREFIX) or not text[len(_OFFSET_PREFIX) :].isdigit():
        raise MarketoError(INVALID, "Invalid nextPageToken")
    return int(text[len(_OFFSET_PREFIX) :])


def _listed(value: t.Any) -> list[t.Any]:
    """A parameter given as `a,b` (query string, form) or as a JSON array."""
    if value is None:
        return []
    items = value if isinstance(value, list) else str(value).split(",")
    return [item.strip() if isinstance(item, str) else item for item in items if item != ""]


def batch_size(params: Mapping[str, t.Any]) -> int:
    """The page size asked for (default and maximum 300).

    Raises:
        MarketoError: 1003 for anything but an integer from 1 to 300.
    """
    raw = params.get("batchSize")
    if raw is None or raw == "":
        return MAX_BATCH_SIZE
    try:
        size = int(raw)
    except (TypeError, ValueError):
        size = 0
    if not 1 <= size <= MAX_BATCH_SIZE:
        raise MarketoError(INVALID, "Invalid batchSize")
    return size


def filter_field(filter_type: t.Any, store: ObjectStore) -> t.Any:
    """The field a `filterType` names, with Adobe's aliases resolved.

    Adobe, "Lead Database", Query: "idField" and "dedupeFields" may stand for the object's id
    field and dedupe fields, and "will always be valid filterTypes"; its example queries
    opportunities with `filterType=idField`. A multi-field `dedupeFields` (the roles') stays
    as it is: that is the compound-key query.
    """
    if filter_type == ID_FIELD_FILTER:
        return store.id_field
    if filter_type == DEDUPE_FIELDS_FILTER and len(store.dedupe_fields) == 1:
        return store.dedupe_fields[0]
    return filter_type


def parse_query(params: Mapping[str, t.Any], store: ObjectStore, *, as_json: bool) -> Query:
    """Validate a query's parameters against the object's description.

    Args:
        params: The query's parameters.
        store: The queried object.
        as_json: Whether they came as a JSON body (`POST ?_method=GET`), the form Adobe
            documents for compound keys only; simple keys travel in the query string or a
            form-encoded body.

    Raises:
        MarketoError: 1003 for a missing or unsearchable filterType, a compound key outside
            a JSON body or a simple key inside one, missing or too many values, a bad
            batchSize or page token; 1006 for an unknown field in `fields`.
    """
    filter_type = filter_field(params.get("filterType"), store)
    compound = filter_type == DEDUPE_FIELDS_FILTER and len(store.dedupe_fields) > 1
    if not compound and filter_type not in store.filter_fields:
        raise MarketoError(INVALID, "Invalid filterType")
    if compound != as_json:
        raise MarketoError(
            INVALID,
            "A compound key query needs a JSON body with input"
            if compound
            else "A JSON query needs a compound dedupeFields filterType",
        )
    if compound:
        values = params.get("input") if isinstance(params.get("input"), list) else []
    else:
        values = _listed(params.get("filterValues"))
    if not values:
        raise MarketoError(
            INVALID, "input not specified" if compound else "filterValues not specified"
        )
    if len(values) > MAX_FILTER_VALUES:
        raise MarketoError(INVALID, f"Max {MAX_FILTER_VALUES} filterValues allowed")
    specs = store.fields
    fields = _listed(params.get("fields")) or [n for n, spec in specs.items() if not spec.custom]
    for name in fields:
        if name not in specs:
            raise MarketoError(FIELD_NOT_FOUND, f"Field '{name}' not found")
    token = params.get("nextPageToken")
    return Query(
        filter_type=str(filter_type),
        values=values,
        fields=fields,
        batch_size=batch_size(params),
        offset=decode_page_token(str(token)) if token else 0,
    )


def _matches(query: Query, store: ObjectStore) -> list[int]:
    """Indexes matching the query, in the order of the values, each at most once."""
    found: list[int] = []
    seen: set[int] = set()
    if query.filter_type == DEDUPE_FIELDS_FILTER:
        groups = [_dedupe_match(item, store) for item in query.values]
    else:
        spec = store.fields[query.filter_type]
        groups = []
        for value in dict.fromkeys(query.values):
            try:
                wanted = spec.coerce(value)
            except ValueError:
                continue  # a value of the wrong type matches nothing
            groups.append(store.find(query.filter_type, wanted))
    for group in groups:
        for index in group:
            if index not in seen:
                seen.add(index)
                found.append(index)
    return found


def _dedupe_match(item: t.Any, store: ObjectStore) -> list[int]:
    """The record a compound key (`{externalOpportunityId, leadId, role}`) names, if any."""
    if not isinstance(item, dict):
        return []
    specs = store.fields
    try:
        key = tuple(specs[name].coerce(item.get(name)) for name in store.dedupe_fields)
    except ValueError:
        return []
    index = store.by_dedupe(key)
    return [] if index is None else [index]


def run_query(query: Query, store: ObjectStore) -> dict[str, t.Any]:
    """One page of results: `result` with `seq` and the asked fields (absent values omitted)."""
    matches = _matches(query, store)
    page = matches[query.offset : query.offset + query.batch_size]
    result = []
    for seq, index in enumerate(page):
        record = store.table.get(index) or {}
        row: dict[str, t.Any] = {"seq": seq}
        row.update((name, record[name]) for name in query.fields if record.get(name) is not None)
        result.append(row)
    body: dict[str, t.Any] = {"result": result}
    if query.offset + query.batch_size < len(matches):
        # Adobe, "Lead Database": a larger set answers `moreResult: true` and a nextPageToken.
        body["moreResult"] = True
        body["nextPageToken"] = encode_page_token(query.offset + query.batch_size)
    return body
