"""Contact writes: create, update, delete, upsert, and applying or removing tags.

Sources (B = Keap's v1 OpenAPI as ballerina-platform/openapi-connectors
`openapi/keap/openapi.yml` @81158a45a86f carries it; B n = its line n):

- `POST /contacts` → 201 FullContact (createContact B 1865; `CreateOrPatchContact` B 8965).
  "Contact must contain at least one item in `email_addresses` or `phone_numbers` and
  `country_code` is required if `region` is specified."
- `PATCH /contacts/{id}` → 200 (updatePropertiesOnContact B 2019) "with only the values
  provided"; `update_mask` (B 2043) lists the only properties to update (its enum is
  `UPDATE_MASK`).
- `DELETE /contacts/{id}` → 204; 404 for an unknown id (B 1983).
- `PUT /contacts` → 200 FullContact (createOrUpdateContact B 1811; `UpsertContact` B 9219): a
  match by `duplicate_option` (`Email` | `EmailAndName`) is updated "with only the values
  provided", else a contact is created. `EmailAndNameAndCompany` is outside the v1 enum (only v2
  lists it: infusionsoft/keap-sdk `sdks/v2/swagger.yml`, and Keap's staff point v1 users to v2
  for it:
  https://integration.keap.com/t/rest-v1-create-or-update-end-point-billing-region-is-invalid-bug/93909?page=2),
  so it is refused unless the `upsert_company_option` setting accepts it.
- Keap keeps duplicates: a second `POST /contacts` with the same email creates a second contact
  ("When `duplicate_option` is not specified, a new contact is always created",
  infusionsoft/keap-sdk `sdks/v2/swagger.yml`). The `duplicate_email_conflict` setting makes it
  a 409 instead, which is NOT Keap's documented behaviour.
- Invalid email addresses are refused: contacts sent with `xx` as their email "were not created
  at all" (https://community.keap.com/t/importing-contacts-via-an-api/81929); the message is
  assumed.
- Regions: `{"message": "BILLING Region is invalid"}` for a region Keap does not list for the
  country (the community thread above); "COUNTRY CODE needed if Region Exists" (wording from a
  third-party list of Keap errors, 4spotmarketing.com; assumed). Only US regions are checked.
- `POST /contacts/{id}/tags` `{"tagIds": [...]}` → 200 with a status per tag (B 2350). B calls
  the answer an "array of EntryLongString"; a public program records an object mapping each tag
  id to its status (`{"1831": "TAG_ID_NOT_FOUND"}`), which the sandbox answers: `SUCCESS`,
  `DUPLICATE` (already applied), `TAG_ID_NOT_FOUND`, or `CONTACT_NOT_FOUND` for every tag when
  the contact does not exist (HTTP 200 all the same; assumed).
- `DELETE /contacts/{id}/tags/{tagId}` (B 2438) and `DELETE /contacts/{id}/tags?ids=1,2` (B
  2393) → 204; 404 for an unknown contact or tag; a tag not applied is no error (assumed).

Matching (assumed, Keap does not say): an upsert matches when any email address it sends is
one of a contact's addresses, ignoring case; `EmailAndName` also compares given and family
name ignoring case, `EmailAndNameAndCompany` also the company id; of several matches the
oldest (lowest id) is updated. Without `duplicate_option` the match is by `Email` (assumed).
"""

from __future__ import annotations

import typing as t

from vendor_sandbox.keap.call import NO_CONTENT
from vendor_sandbox.keap.errors import KeapError, bad_request, not_found
from vendor_sandbox.keap.writes.base import (
    CREATE,
    CREATED,
    DELETE,
    OK,
    UPDATE,
    UPSERT,
    Done,
    blank,
    custom_values,
    existing,
    keep_custom,
    removed,
    with_custom,
    write,
)
from vendor_sandbox.keap.writes.body import (
    anything,
    choice,
    email,
    items,
    moment,
    obj,
    ref,
    text,
    whole,
    wrong,
)

if t.TYPE_CHECKING:
    from vendor_sandbox.keap.call import Call
    from vendor_sandbox.keap.seedkit import Record
    from vendor_sandbox.keap.writes.body import Body

CONTACTS = "contacts"
CONTACT_TAGS = "contact_tags"
EMAIL_FIELDS = ("EMAIL1", "EMAIL2", "EMAIL3")
PHONE_FIELDS = ("PHONE1", "PHONE2", "PHONE3", "PHONE4", "PHONE5")
FAX_FIELDS = ("FAX1", "FAX2")
ADDRESS_FIELDS = ("BILLING", "SHIPPING", "OTHER")
SOURCE_TYPES = (
    "APPOINTMENT", "FORMAPIHOSTED", "FORMAPIINTERNAL", "WEBFORM", "INTERNALFORM", "LANDINGPAGE",
    "IMPORT", "MANUAL", "API", "OTHER", "UNKNOWN",
)  # fmt: skip
SOCIAL_TYPES = ("Facebook", "Twitter", "LinkedIn", "Instagram", "Snapchat", "YouTube", "Pinterest")
EMAIL, EMAIL_AND_NAME, EMAIL_NAME_COMPANY = "Email", "EmailAndName", "EmailAndNameAndCompany"
# updatePropertiesOnContact's `update_mask` enum (B).
UPDATE_MASK = (
    "addresses", "anniversary", "birthday", "company", "contact_type", "custom_fields",
    "email_addresses", "family_name", "fax_numbers", "given_name", "job_title",
    "lead_source_id", "middle_name", "notes", "opt_in_reason", "origin", "owner_id",
    "phone_numbers", "preferred_locale", "preferred_name", "prefix", "social_accounts",
    "source_type", "spouse_name", "suffix", "time_zone", "website",
)  # fmt: skip
# The regions Keap takes for a US address: states, DC, territories, military "states".
US_STATES = frozenset((
    "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "DC", "FL", "GA", "HI", "ID", "IL", "IN",
    "IA", "KS", "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH",
    "NJ", "NM", "NY", "NC", "ND", "OH", "OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT",
    "VT", "VA", "WA", "WV", "WI", "WY", "AS", "GU", "MP", "PR", "VI", "AA", "AE", "AP",
))  # fmt: skip
US_CODES = frozenset({"US", "USA"})

ADDRESS = {
    "line1": text(),
    "line2": text(),
    "locality": text(),
    "region": text(),
    "postal_code": text(),
    "zip_code": text(),
    "zip_four": text(),
    "country_code": text(),
}
CUSTOM_FIELDS = items(obj(id=whole().needed(), content=anything()))
# `CreateOrPatchContact` (B 8965); `field` is required in each array item.
CONTACT = {
    "addresses": items(obj(field=choice(*ADDRESS_FIELDS).needed(), **ADDRESS)),
    "anniversary": moment(),
    "birthday": moment(),
    "company": ref(),
    "contact_type": text(),
    "custom_fields": CUSTOM_FIELDS,
    "email_addresses": items(obj(email=email().needed(), field=choice(*EMAIL_FIELDS).needed())),
    "family_name": text(),
    "fax_numbers": items(obj(field=choice(*FAX_FIELDS).needed(), number=text(), type=text())),
    "given_name": text(),
    "job_title": text(),
    "lead_source_id": whole(),
    "middle_name": text(),
    "notes": text(),
    "opt_in_reason": text(),
    "origin": obj(ip_address=text().needed()),
    "owner_id": whole(),
    "phone_numbers": items(
        obj(field=choice(*PHONE_FIELDS).needed(), number=text(), extension=text(), type=text())
    ),
    "preferred_locale": text(),
    "preferred_name": text(),
    "prefix": text(),
    "social_accounts": items(obj(name=text(), type=choice(*SOCIAL_TYPES))),
    "source_type": choice(*SOURCE_TYPES),
    "spouse_name": text(),
    "suffix": text(),
    "time_zone": text(),
    "website": text(),
}
# `UpsertContact` (B 9219): the same plus `duplicate_option`, checked by `_option` so that
# the setting can widen its enum.
UPSERT_CONTACT = {**CONTACT, "duplicate_option": text()}
TAG_IDS = {"tagIds": items(whole()).needed()}
SIMPLE = (
    "anniversary", "birthday", "contact_type", "family_name", "given_name", "job_title",
    "lead_source_id", "middle_name", "owner_id", "preferred_locale", "preferred_name", "prefix",
    "social_accounts", "source_type", "spouse_name", "suffix", "time_zone", "website",
)  # fmt: skip
# Array fields keyed by `field`, and the keys of one item as Keap reads it back.
KEYED = {
    "email_addresses": ("email", "field"),
    "phone_numbers": ("number", "field", "type", "extension"),
    "fax_numbers": ("number", "field", "type"),
    "addresses": (*ADDRESS, "field"),
}


def check_regions(addresses: list[Record], where: str = "addresses") -> None:
    """Keap's address rules: a region needs a country code; a US region must be a state.

    Raises:
        KeapError: 400 with Keap's message ("BILLING Region is invalid", ...).
    """
    for address in addresses:
        region = str(address.get("region") or "").strip()
        if not region:
            continue
        country = str(address.get("country_code") or "").strip().upper()
        label = f"{address['field']} " if address.get("field") else ""
        if not country:
            raise bad_request(f"COUNTRY CODE needed if Region Exists ({where})")
        if country in US_CODES and region.upper() not in US_STATES:
            raise bad_request(f"{label}Region is invalid")


def _merged(old: list[Record], new: list[Record], keys: tuple[str, ...]) -> list[Record]:
    """Array items keyed by `field`: a sent item replaces the one with its field (assumed)."""
    sent = {item["field"]: {key: item.get(key) for key in keys} for item in new}
    kept = [item for item in old or [] if item.get("field") not in sent]
    return [*kept, *sent.values()]


def _fill(call: Call, record: Record, values: dict[str, t.Any]) -> None:
    """Copy a checked contact body into a record as `GET /contacts/{id}` shows it."""
    for name in SIMPLE:
        if name in values:
            record[name] = values[name]
    for name, keys in KEYED.items():
        if name in values:
            record[name] = _merged(record.get(name) or [], values[name], keys)
    if "company" in values:
        company_id = values["company"]["id"]
        index = existing(call, "companies", company_id, "company.id")
        company_name = (call.store.table("companies").get(index) or {}).get("company_name")
        record["company"] = {"id": company_id, "company_name": company_name}
        record["company_name"] = company_name
    if "opt_in_reason" in values:
        record["email_opted_in"] = True
        record["email_status"] = "UnengagedMarketable"


def _check_new(call: Call, values: dict[str, t.Any]) -> None:
    """The rules a new contact must pass, beyond its fields' own."""
    if not values.get("email_addresses") and not values.get("phone_numbers"):
        raise bad_request(
            "Contact must contain at least one item in email_addresses or phone_numbers"
        )
    check_regions(values.get("addresses", []))
    if call.settings.duplicate_email_conflict:
        for item in values.get("email_addresses", []):
            taken = call.store.contacts_with_email(item["email"])
            if taken:
                message = (
                    f"A contact with email {item['email']!r} already exists (id {taken[0] + 1})"
                )
                raise KeapError(409, {"message": message})


def _create(call: Call, values: dict[str, t.Any], status: int) -> Done:
    _check_new(call, values)
    table = call.store.table(CONTACTS)
    index = table.next_index
    record = blank(call, CONTACTS, index)
    now = call.store.now(CONTACTS)
    record |= {
        "id": index + 1,
        "email_opted_in": False,
        "email_status": "UnengagedNonMarketable",
        "tag_ids": [],
        "ScoreValue": "0",
        "date_created": now,
        "last_updated": now,
    }
    _fill(call, record, values)
    written = custom_values(call, CONTACTS, values.get("custom_fields", []))
    keep_custom(call, CONTACTS, index, written, new=True)
    call.store.put(CONTACTS, index, record)
    return Done(status, with_custom(call, CONTACTS, index), id=index + 1)


def _update(call: Call, index: int, values: dict[str, t.Any]) -> Done:
    record = call.store.table(CONTACTS).get(index) or {}
    check_regions(values.get("addresses", []))
    _fill(call, record, values)
    written = custom_values(call, CONTACTS, values.get("custom_fields", []))
    record["last_updated"] = call.store.now(CONTACTS)
    keep_custom(call, CONTACTS, index, written, new=False)
    call.store.put(CONTACTS, index, record)
    return Done(OK, with_custom(call, CONTACTS, index), id=index + 1)


def create(call: Call, body: Body) -> Done:
    """`POST /contacts`: always a new contact (Keap keeps duplicates)."""
    return _create(call, body.values, CREATED)


def update(call: Call, body: Body) -> Done:
    """`PATCH /contacts/{id}`, limited to `update_mask` when given.

    Fields named in the mask but absent from the body are left as they are (assumed).
    """
    index = call.index(CONTACTS)
    values = body.values
    mask_text = call.params.get("update_mask")
    if mask_text:
        mask = [name.strip() for name in mask_text.split(",") if name.strip()]
        unknown = [name for name in mask if name not in UPDATE_MASK]
        if unknown:
            raise bad_request(f"Invalid value for parameter 'update_mask': {', '.join(unknown)}")
        values = {name: value for name, value in values.items() if name in mask}
    return _update(call, index, values)


def _option(call: Call, values: dict[str, t.Any]) -> str:
    allowed: tuple[str, ...] = (EMAIL, EMAIL_AND_NAME)
    if call.settings.upsert_company_option:
        allowed = (*allowed, EMAIL_NAME_COMPANY)
    option = values.get("duplicate_option", EMAIL)
    if option not in allowed:
        raise wrong("duplicate_option", f"one of {', '.join(allowed)} (got {option!r})")
    return str(option)


def _same(left: t.Any, right: t.Any) -> bool:
    return str(left or "").strip().casefold() == str(right or "").strip().casefold()


def _match(call: Call, values: dict[str, t.Any], option: str) -> int | None:
    """The contact an upsert updates: the oldest matching one, or None (assumed rules)."""
    found: set[int] = set()
    for item in values.get("email_addresses", []):
        found.update(call.store.contacts_with_email(item["email"]))
    table = call.store.table(CONTACTS)
    for index in sorted(found):
        record = table.get(index) or {}
        if option != EMAIL and not (
            _same(record.get("given_name"), values.get("given_name"))
            and _same(record.get("family_name"), values.get("family_name"))
        ):
            continue
        if option == EMAIL_NAME_COMPANY and (record.get("company") or {}).get("id") != (
            values.get("company") or {}
        ).get("id"):
            continue
        return index
    return None


def upsert(call: Call, body: Body) -> Done:
    """`PUT /contacts`: update the contact `duplicate_option` finds, else create one (200)."""
    values = body.values
    option = _option(call, values)
    values = {name: value for name, value in values.items() if name != "duplicate_option"}
    index = _match(call, values, option)
    if index is None:
        done = _create(call, values, OK)
        outcome = "created"
    else:
        done = _update(call, index, values)
        outcome = "updated"
    return Done(done.status, done.body, id=done.id, note={"outcome": outcome})


def apply_tags(call: Call, body: Body) -> Done:
    """`POST /contacts/{id}/tags`: 200 with `{"<tag id>": status}` (see the module notes)."""
    tag_ids = body.values["tagIds"]
    if not tag_ids:
        raise bad_request("'tagIds' must not be empty")
    contact_id = int(call.ids[0])
    contacts = call.store.table(CONTACTS)
    statuses: dict[str, str] = {}
    if not contacts.exists(contact_id - 1):
        statuses = {str(tag_id): "CONTACT_NOT_FOUND" for tag_id in tag_ids}
        return Done(OK, statuses, id=contact_id, note={"tag_statuses": statuses})
    record = contacts.get(contact_id - 1) or {}
    applied = list(record["tag_ids"])
    tags = call.store.table("tags")
    for tag_id in tag_ids:
        if not tags.exists(tag_id - 1):
            statuses[str(tag_id)] = "TAG_ID_NOT_FOUND"
        elif tag_id in applied:
            statuses[str(tag_id)] = "DUPLICATE"
        else:
            applied.append(tag_id)
            call.store.applied_tags[(contact_id - 1, tag_id)] = call.store.now("tags")
            statuses[str(tag_id)] = "SUCCESS"
    if applied != record["tag_ids"]:
        record["tag_ids"] = applied
        call.store.put(CONTACTS, contact_id - 1, record)
    return Done(OK, statuses, id=contact_id, note={"tag_statuses": statuses})


def _untag(call: Call, contact_index: int, tag_ids: list[int]) -> None:
    tags = call.store.table("tags")
    for tag_id in tag_ids:
        if not tags.exists(tag_id - 1):
            raise not_found(f"tags with id {tag_id} not found")
    record = call.store.table(CONTACTS).get(contact_index) or {}
    kept = [tag_id for tag_id in record["tag_ids"] if tag_id not in tag_ids]
    if kept != record["tag_ids"]:
        record["tag_ids"] = kept
        call.store.put(CONTACTS, contact_index, record)
    for tag_id in tag_ids:
        call.store.applied_tags.pop((contact_index, tag_id), None)


def remove_tag(call: Call, body: Body) -> Done:
    """`DELETE /contacts/{id}/tags/{tagId}`: 204."""
    del body
    contact_index = call.index(CONTACTS)
    tag_id = int(call.ids[1])
    _untag(call, contact_index, [tag_id])
    return Done(NO_CONTENT, id=contact_index + 1, note={"tag_ids": [tag_id]})


def remove_tags(call: Call, body: Body) -> Done:
    """`DELETE /contacts/{id}/tags?ids=1,2,3`: 204; `ids` is required."""
    del body
    contact_index = call.index(CONTACTS)
    raw = [part.strip() for part in call.params.get("ids", "").split(",") if part.strip()]
    if not raw or not all(part.isdigit() for part in raw):
        raise bad_request(f"Invalid value for parameter 'ids': {call.params.get('ids', '')!r}")
    tag_ids = [int(part) for part in raw]
    _untag(call, contact_index, tag_ids)
    return Done(NO_CONTENT, id=contact_index + 1, note={"tag_ids": tag_ids})


ROUTES = (
    write("/contacts", "POST", CONTACTS, CREATE, create, schema=CONTACT),
    write("/contacts", "PUT", CONTACTS, UPSERT, upsert, schema=UPSERT_CONTACT),
    write("/contacts/{id}", "PATCH", CONTACTS, UPDATE, update, schema=CONTACT, partial=True),
    write("/contacts/{id}", "DELETE", CONTACTS, DELETE, removed(CONTACTS)),
    write("/contacts/{id}/tags", "POST", CONTACT_TAGS, CREATE, apply_tags, schema=TAG_IDS),
    write("/contacts/{id}/tags", "DELETE", CONTACT_TAGS, DELETE, remove_tags),
    write("/contacts/{id}/tags/{tag_id}", "DELETE", CONTACT_TAGS, DELETE, remove_tag),
)
