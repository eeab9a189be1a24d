"""Writes of account-level objects: the account profile, files and REST hooks.

Sources (B = Keap's v1 OpenAPI as ballerina-platform/openapi-connectors
`openapi/keap/openapi.yml` @81158a45a86f carries it, B n = its line n; P =
infusionsoft/infusionsoft-php @2bfbac0f92d6):

- `PUT /account/profile` → 200 AccountProfile (updateAccountInfoUsingPUT, B 97; PUT only):
  `AccountProfile` (B 8252), nothing required.
- `POST /files` → **200** FileInformation {file_data, file_descriptor} (B 2976, 9966); the id is
  `file_descriptor.id` (P `src/Infusionsoft/Api/Rest/FileService.php`). `FileUpload` (B 9886):
  `file_name`, `file_data` (base64), `is_public` and `file_association` (CONTACT, USER or
  COMPANY) required; `contact_id` "required only when `file_association` is `CONTACT`".
- `PUT /files/{id}` → 200 FileInformation ("Replace File", B 3061); `DELETE /files/{id}` → 204
  (B 3109).
- `POST /hooks` → **200** RestHook {key, eventKey, hookUrl, status} (B 3179, 8773):
  `RestHookRequest` (B 9629) {eventKey, hookUrl}; `PUT /hooks/{key}` → 200 (B 3310), `DELETE
  /hooks/{key}` → 204 (B 3356).

Assumed: `PUT /account/profile` changes only the fields sent (Keap does not say whether it
replaces the profile). A new hook is `Unverified`: Keap would POST an `X-Hook-Secret` to
`hookUrl` to verify it, which the sandbox never does (it calls no one); a changed URL makes
it `Unverified` again. An `eventKey` outside `GET /hooks/event_keys`, or a `hookUrl` that is
not an http(s) URL, is refused with 400 (assumed; both are needed although the schema marks
neither required).
"""

from __future__ import annotations

import base64
import typing as t
from urllib.parse import urlsplit

from vendor_sandbox.keap import files, singletons
from vendor_sandbox.keap.call import NO_CONTENT
from vendor_sandbox.keap.errors import bad_request, not_found
from vendor_sandbox.keap.writes.base import (
    CREATE,
    DELETE,
    OK,
    UPDATE,
    Done,
    blank,
    existing,
    removed,
    write,
)
from vendor_sandbox.keap.writes.body import (
    base64_text,
    choice,
    email,
    flag,
    items,
    obj,
    text,
    whole,
)
from vendor_sandbox.keap.writes.contacts import ADDRESS, ADDRESS_FIELDS, check_regions

if t.TYPE_CHECKING:
    from vendor_sandbox.keap.call import Call
    from vendor_sandbox.keap.seedkit import Record
    from vendor_sandbox.keap.writes.body import Body

FILES = "files"
HOOKS = "hooks"
PROFILE = {
    "address": obj(field=choice(*ADDRESS_FIELDS), **ADDRESS),
    "business_goals": items(text()),
    "business_primary_color": text(),
    "business_secondary_color": text(),
    "business_type": text(),
    "currency_code": text(),
    "email": email(),
    "language_tag": text(),
    "logo_url": text(),
    "name": text(),
    "phone": text(),
    "phone_ext": text(),
    "time_zone": text(),
    "website": text(),
}
FILE_UPLOAD = {
    "contact_id": whole(),
    "file_association": choice(*files.ASSOCIATIONS).needed(),
    "file_data": base64_text().needed(),
    "file_name": text().needed(),
    "is_public": flag().needed(),
    "public": flag(),
}
HOOK = {"eventKey": text().needed(), "hookUrl": text().needed()}
UNVERIFIED = "Unverified"


def update_profile(call: Call, body: Body) -> Done:
    """`PUT /account/profile`: the fields sent replace the profile's (assumed), 200."""
    values = body.values
    if "address" in values:
        check_regions([values["address"]], "address")
        values = {
            **values,
            "address": {**call.store.profile.get("address", {}), **values["address"]},
        }
    call.store.profile.update(values)
    return Done(OK, dict(call.store.profile))


def _file_record(call: Call, record: Record, values: dict[str, t.Any]) -> None:
    association = values["file_association"]
    contact_id = values.get("contact_id")
    if association == "CONTACT":
        if contact_id is None:
            raise bad_request("'contact_id' is required when file_association is CONTACT")
        existing(call, "contacts", contact_id, "contact_id")
    content = base64.b64decode(values["file_data"])
    now = call.store.now(FILES)
    record |= {
        "file_name": values["file_name"],
        "file_size": len(content),
        "contact_id": contact_id if association == "CONTACT" else None,
        "created_by": 1,
        "last_updated": now,
        "download_url": files.download_url(record["id"]),
        "public": values["is_public"],
        "category": "Documents",
        "file_box_type": files.BOX_OF_ASSOCIATION[association],
        files.FILE_DATA: values["file_data"],
        files.ASSOCIATION: association,
    }
    record["date_created"] = record.get("date_created") or now


def upload(call: Call, body: Body) -> Done:
    """`POST /files`: 200 FileInformation; the new id is `file_descriptor.id`."""
    table = call.store.table(FILES)
    index = table.next_index
    record = blank(call, FILES, index) | {"id": index + 1}
    _file_record(call, record, body.values)
    call.store.put(FILES, index, record)
    return Done(OK, files.information(record, with_data=True), id=index + 1)


def replace_file(call: Call, body: Body) -> Done:
    """`PUT /files/{id}`: new content and details under the same id, 200 FileInformation."""
    index = call.index(FILES)
    old = call.store.table(FILES).get(index) or {}
    record = blank(call, FILES, index) | {"id": index + 1, "date_created": old.get("date_created")}
    _file_record(call, record, body.values)
    call.store.put(FILES, index, record)
    return Done(OK, files.information(record, with_data=True), id=index + 1)


def hook_index(call: Call) -> int:
    """The index of the hook the path's `{key}` names; 404 for an unknown key.

    Raises:
        KeapError: 404 naming the key.
    """
    key = call.ids[0]
    index = int(key) - 1 if key.isdigit() else -1
    if not call.store.table(HOOKS).exists(index):
        raise not_found(f"hook with key {key!r} not found")
    return index


def _check_hook(values: dict[str, t.Any]) -> None:
    if values["eventKey"] not in singletons.HOOK_EVENT_KEYS:
        raise bad_request(f"Invalid eventKey {values['eventKey']!r} (see GET /hooks/event_keys)")
    url = urlsplit(values["hookUrl"])
    if url.scheme not in {"http", "https"} or not url.netloc:
        raise bad_request(f"Invalid hookUrl {values['hookUrl']!r}")


def create_hook(call: Call, body: Body) -> Done:
    """`POST /hooks`: 200 RestHook, `Unverified`; the id is the string `key`."""
    _check_hook(body.values)
    table = call.store.table(HOOKS)
    index = table.next_index
    record = {
        "key": str(index + 1),
        "eventKey": body.values["eventKey"],
        "hookUrl": body.values["hookUrl"],
        "status": UNVERIFIED,
    }
    call.store.put(HOOKS, index, record)
    return Done(OK, dict(record), id=record["key"])


def update_hook(call: Call, body: Body) -> Done:
    """`PUT /hooks/{key}`: 200 RestHook."""
    index = hook_index(call)
    _check_hook(body.values)
    record = call.store.table(HOOKS).get(index) or {}
    if record["hookUrl"] != body.values["hookUrl"]:
        record["status"] = UNVERIFIED
    record |= {"eventKey": body.values["eventKey"], "hookUrl": body.values["hookUrl"]}
    call.store.put(HOOKS, index, record)
    return Done(OK, dict(record), id=record["key"])


def delete_hook(call: Call, body: Body) -> Done:
    """`DELETE /hooks/{key}`: 204."""
    del body
    index = hook_index(call)
    call.store.remove(HOOKS, index)
    return Done(NO_CONTENT, id=str(index + 1))


ROUTES = (
    write("/account/profile", "PUT", "account_profile", UPDATE, update_profile, schema=PROFILE),
    write("/files", "POST", FILES, CREATE, upload, schema=FILE_UPLOAD),
    write("/files/{id}", "PUT", FILES, UPDATE, replace_file, schema=FILE_UPLOAD),
    write("/files/{id}", "DELETE", FILES, DELETE, removed(FILES)),
    write("/hooks", "POST", HOOKS, CREATE, create_hook, schema=HOOK),
    write("/hooks/{key}", "PUT", HOOKS, UPDATE, update_hook, schema=HOOK),
    write("/hooks/{key}", "DELETE", HOOKS, DELETE, delete_hook),
)
