"""What an object says about itself: describe.json and the schema/fields endpoints."""

from __future__ import annotations

import typing as t

from vendor_sandbox.marketo.errors import RECORD_NOT_FOUND, MarketoError
from vendor_sandbox.marketo.query import batch_size, decode_page_token, encode_page_token

if t.TYPE_CHECKING:
    from collections.abc import Mapping

    from vendor_sandbox.marketo.objects import ObjectStore

# The object's own timestamps in describe.json (the seed shows them; they never change here).
DESCRIBED_AT = "2024-01-01T00:00:00Z"


def describe(store: ObjectStore, *, read_only: bool) -> dict[str, t.Any]:
    """describe.json: keys, searchable fields and every field's type.

    Args:
        store: The object described.
        read_only: CRM sync is on: Marketo reports every field `updateable: false`.
    """
    return {
        "result": [
            {
                "name": store.api_name,
                "displayName": store.display_name,
                "createdAt": DESCRIBED_AT,
                "updatedAt": DESCRIBED_AT,
                "idField": store.id_field,
                "dedupeFields": list(store.dedupe_fields),
                "searchableFields": store.searchable_fields,
                "fields": [spec.describe(read_only=read_only) for spec in store.field_specs],
            }
        ]
    }


def fields_page(store: ObjectStore, params: Mapping[str, t.Any]) -> dict[str, t.Any]:
    """schema/fields.json: field metadata, `batchSize` (max 300) a page, `moreResult` flag.

    Raises:
        MarketoError: 1003 for a bad batchSize or nextPageToken.
    """
    size = batch_size(params)
    token = params.get("nextPageToken")
    offset = decode_page_token(token) if token else 0
    specs = store.field_specs
    body: dict[str, t.Any] = {
        "result": [spec.metadata() for spec in specs[offset : offset + size]],
        "moreResult": offset + size < len(specs),
    }
    if body["moreResult"]:
        body["nextPageToken"] = encode_page_token(offset + size)
    return body


def field_by_name(store: ObjectStore, name: str) -> dict[str, t.Any]:
    """schema/fields/{name}.json: one field's metadata.

    Raises:
        MarketoError: 1013 when the object has no such field.
    """
    spec = store.fields.get(name)
    if spec is None:
        raise MarketoError(RECORD_NOT_FOUND, "Field not found")
    return {"result": [spec.metadata()]}
