"""Sync (create/update) and delete of opportunities and roles, record by record.

Marketo validates each input record on its own: the call succeeds and every record gets its
own `status` (created, updated, deleted or skipped with `reasons`), answered in input order
with `seq` = the record's position. Checks run in this order, the first failure winning:
CRM sync (1018), unknown field (1006), wrong value type (1003), missing key (1003),
key repeated in the call (1036), createOnly on an existing record (1005), updateOnly on a
missing one (1013), then the object's own rules (`name` required, the role's opportunity).
Every record created, updated or deleted goes to the instance's write log (`store.written`),
numbered by the call; a skipped record changed nothing and is not logged.
"""

from __future__ import annotations

import typing as t

from vendor_sandbox.marketo.errors import (
    ALREADY_EXISTS,
    BLOCKED_BY_CRM_SYNC,
    DUPLICATE_IN_INPUT,
    FIELD_NOT_FOUND,
    INVALID,
    MESSAGES,
    RECORD_NOT_FOUND,
    MarketoError,
    Skip,
)
from vendor_sandbox.marketo.fields import GUID_FIELD

if t.TYPE_CHECKING:
    from collections.abc import Mapping

    from vendor_sandbox.marketo.objects import ObjectStore

# Adobe (seed 003): at most 300 records per sync or delete call.
MAX_INPUT_RECORDS = 300
CREATE_ONLY = "createOnly"
CREATE_OR_UPDATE = "createOrUpdate"
UPDATE_ONLY = "updateOnly"
ACTIONS = (CREATE_ONLY, CREATE_OR_UPDATE, UPDATE_ONLY)
DEDUPE_FIELDS = "dedupeFields"
ID_FIELD = "idField"
KEY_MODES = (DEDUPE_FIELDS, ID_FIELD)
INVALID_RECORD = "Invalid record: expected a JSON object"
Result = dict[str, t.Any]


def _input(payload: Mapping[str, t.Any]) -> list[t.Any]:
    records = payload.get("input")
    if not isinstance(records, list) or not records:
        raise MarketoError(INVALID, "input is required")
    if len(records) > MAX_INPUT_RECORDS:
        raise MarketoError(INVALID, f"Max {MAX_INPUT_RECORDS} records allowed in input")
    return records


def _key_fields(store: ObjectStore, mode: str) -> tuple[str, ...]:
    return store.dedupe_fields if mode == DEDUPE_FIELDS else (GUID_FIELD,)


def _checked(store: ObjectStore, item: t.Any) -> dict[str, t.Any]:
    """The record's values converted to their dataTypes, or the reason it is skipped."""
    if not isinstance(item, dict):
        raise Skip(INVALID, INVALID_RECORD)
    specs = store.fields
    values = {}
    for name, value in item.items():
        spec = specs.get(name)
        if spec is None:
            raise Skip(FIELD_NOT_FOUND, f"Field '{name}' not found")
        try:
            values[name] = spec.coerce(value)
        except ValueError:
            raise Skip(INVALID, f"Invalid value for field '{name}'") from None
    return values


def _key(values: dict[str, t.Any], key_fields: tuple[str, ...]) -> tuple[t.Any, ...]:
    """The record's key, or a 1003 naming the first key field missing."""
    for name in key_fields:
        if values.get(name) is None or values.get(name) == "":
            raise Skip(INVALID, f"{name} is required")
    return tuple(values[name] for name in key_fields)


def sync(
    store: ObjectStore, payload: Mapping[str, t.Any], *, now: str, blocked: bool
) -> list[Result]:
    """Create/update records; `blocked` (CRM sync) skips every one with 1018.

    Raises:
        MarketoError: 1003 for a bad action, dedupeBy or input (no record is processed).
    """
    action = payload.get("action", CREATE_OR_UPDATE)
    mode = payload.get("dedupeBy", DEDUPE_FIELDS)
    if action not in ACTIONS:
        raise MarketoError(INVALID, f"Invalid action '{action}'")
    if mode not in KEY_MODES:
        raise MarketoError(INVALID, f"Invalid dedupeBy '{mode}'")
    if mode == ID_FIELD and action != UPDATE_ONLY:
        raise MarketoError(INVALID, f"dedupeBy '{ID_FIELD}' is only valid with '{UPDATE_ONLY}'")
    records = _input(payload)
    key_fields = _key_fields(store, mode)
    call = store.written.next_call()
    specs = store.fields
    seen: set[tuple[t.Any, ...]] = set()
    results: list[Result] = []
    for seq, item in enumerate(records):
        try:
            if blocked:
                raise Skip(BLOCKED_BY_CRM_SYNC, MESSAGES[BLOCKED_BY_CRM_SYNC])
            values = _checked(store, item)
            key = _key(values, key_fields)
            if key in seen:
                raise Skip(DUPLICATE_IN_INPUT, f"Duplicate {', '.join(key_fields)} in input")
            seen.add(key)
            index = store.find_key(key_fields, key)
            if index is None:
                if action == UPDATE_ONLY:
                    raise Skip(RECORD_NOT_FOUND, f"{store.label} not found")
                # Marketo keeps system fields (marketoGUID, createdAt...) to itself.
                writable = {
                    name: value
                    for name, value in values.items()
                    if specs[name].updateable or name in store.dedupe_fields
                }
                store.check_create(writable)
                index = store.create(writable, now)
                status = "created"
            else:
                if action == CREATE_ONLY:
                    raise Skip(ALREADY_EXISTS, f"{store.label} already exists")
                changes = {name: v for name, v in values.items() if specs[name].updateable}
                store.check_update(changes)
                store.update(index, changes, now)
                status = "updated"
        except Skip as skip:
            results.append(skip.result(seq))
            continue
        operation = "create" if status == "created" else "update"
        named = dict(zip(key_fields, key, strict=True))
        store.written.add(store.resource, named, operation, call=call, record=item)
        results.append({"seq": seq, "status": status, "marketoGUID": store.guid(index)})
    return results


def delete(store: ObjectStore, payload: Mapping[str, t.Any], *, blocked: bool) -> list[Result]:
    """Delete records by dedupe fields (default) or marketoGUID.

    Raises:
        MarketoError: 1003 for a bad deleteBy or input.
    """
    mode = payload.get("deleteBy", DEDUPE_FIELDS)
    if mode not in KEY_MODES:
        raise MarketoError(INVALID, f"Invalid deleteBy '{mode}'")
    records = _input(payload)
    key_fields = _key_fields(store, mode)
    call = store.written.next_call()
    results: list[Result] = []
    for seq, item in enumerate(records):
        try:
            if blocked:
                raise Skip(BLOCKED_BY_CRM_SYNC, MESSAGES[BLOCKED_BY_CRM_SYNC])
            if not isinstance(item, dict):
                raise Skip(INVALID, INVALID_RECORD)
            values = _checked(store, {name: item.get(name) for name in key_fields})
            key = _key(values, key_fields)
            index = store.find_key(key_fields, key)
            if index is None:
                raise Skip(RECORD_NOT_FOUND, f"{store.label} not found")
        except Skip as skip:
            results.append(skip.result(seq))
            continue
        guid = store.guid(index)
        store.delete(index)
        named = dict(zip(key_fields, key, strict=True))
        store.written.add(store.resource, named, "delete", call=call, record=item)
        results.append({"seq": seq, "marketoGUID": guid, "status": "deleted"})
    return results
