"""Writes of Keap's CRM records: companies, users, notes, tasks, appointments, email records.

Sources (B = Keap's v1 OpenAPI as ballerina-platform/openapi-connectors
`openapi/keap/openapi.yml` @81158a45a86f carries it; B n = its line n), with the schema
each body follows:

- `POST /companies` → 201 Company, `PATCH /companies/{id}` (and the legacy `PATCH
  /company/{id}`) → 200 (B 1461, 1590, 1651): `CreateOrPatchCompany` (B 6598), `company_name`
  required.
- `POST /users` → 201 RestUser, status `Invited` (B 6393): `CreateUser` (B 7926), `email` and
  `given_name`.
- `POST /notes` → 201, `PATCH /notes/{id}` → 200, `DELETE` → 204 (B 3639, 3816, 3780):
  `RequestNote` (B 10241), `contact_id` required and "Either a title or body is required";
  `UpdateNote`.
- `POST /tasks` → **200**, `PATCH`/`PUT /tasks/{id}` → 200, `DELETE` → 204 (B 5886, 6191, 6110,
  6156): `Task` (B 8417), whose text needs `title` and `due_date`.
- `POST /appointments` → 201 (200 in the 2017 spec), `PATCH`/`PUT /appointments/{id}` → 200,
  `DELETE` → 204 (B 743, 968, 885, 932): `Appointment` (B 6470), `title`, `start_date` and
  `end_date` required.
- `POST /emails` → 201, `PUT /emails/{id}` → 200, `DELETE` → 204 (B 2618, 2793, 2841):
  `EmailSentCreate` (B 7986), `sent_to_address` required, contents in base64.

`remind_time` takes only Keap's minute values. An email record's `original_provider_id`
"must be unique when combined with provider" (a UUID is generated when left out); the
refusal of a second one is assumed to be a 400. A body naming a contact or user that does
not exist is refused with 400 (assumed). Required fields of a create are not enforced on
PATCH (the spec copies them there; assumed not enforced).
"""

from __future__ import annotations

import typing as t
import uuid

from vendor_sandbox.keap.errors import bad_request
from vendor_sandbox.keap.writes.base import OK, Crud, apply_fields, existing, routes_of, write
from vendor_sandbox.keap.writes.body import (
    base64_text,
    choice,
    email,
    flag,
    moment,
    obj,
    ref,
    text,
    whole,
    wrong,
)
from vendor_sandbox.keap.writes.contacts import ADDRESS, CUSTOM_FIELDS, check_regions

if t.TYPE_CHECKING:
    from vendor_sandbox.keap.call import Call
    from vendor_sandbox.keap.seedkit import Record

# Keap's `remind_time` values, in minutes (B `Appointment` and `Task`).
REMIND_MINUTES = (5, 10, 15, 30, 60, 120, 240, 480, 1440, 2880)
NOTE_TYPES = ("Appointment", "Call", "Email", "Fax", "Letter", "Other")
PROVIDERS = ("UNKNOWN", "INFUSIONSOFT", "MICROSOFT", "GOOGLE")
# "must be GOOGLE or INFUSIONSOFT, otherwise UNKNOWN" (B `EmailSentCreate`).
KEPT_PROVIDERS = ("GOOGLE", "INFUSIONSOFT")

COMPANY = {
    "address": obj(**{name: ADDRESS[name] for name in ADDRESS if name != "postal_code"}),
    "company_name": text().needed(),
    "custom_fields": CUSTOM_FIELDS,
    "email_address": email(),
    "fax_number": obj(number=text(), type=text()),
    "notes": text(),
    "opt_in_reason": text(),
    "phone_number": obj(extension=text(), number=text(), type=text()),
    "website": text(),
}
USER = {
    "admin": flag(),
    "email": email().needed(),
    "given_name": text().needed(),
    "partner": flag(),
}
NOTE = {
    "body": text(),
    "contact_id": whole().needed(),
    "title": text(),
    "type": choice(*NOTE_TYPES),
    "user_id": whole(),
}
TASK = {
    "completed": flag(),
    "completion_date": moment(),
    "contact": ref(),
    "description": text(),
    "due_date": moment().needed(),
    "priority": whole(),
    "remind_time": whole(),
    "title": text().needed(),
    "type": text(),
    "url": text(),
    "user_id": whole(),
}
APPOINTMENT = {
    "contact_id": whole(),
    "description": text(),
    "end_date": moment().needed(),
    "location": text(),
    "remind_time": whole(),
    "start_date": moment().needed(),
    "title": text().needed(),
    "user": whole(),
}
EMAIL_RECORD = {
    "clicked_date": moment(),
    "contact_id": whole(),
    "headers": text(),
    "html_content": base64_text(),
    "opened_date": moment(),
    "original_provider": choice(*PROVIDERS),
    "original_provider_id": text(),
    "plain_content": base64_text(),
    "provider_source_id": text(),
    "received_date": moment(),
    "sent_date": moment(),
    "sent_from_address": text(),
    "sent_from_reply_address": text(),
    "sent_to_address": text().needed(),
    "sent_to_bcc_addresses": text(),
    "sent_to_cc_addresses": text(),
    "subject": text(),
}


def _remind(values: dict[str, t.Any]) -> None:
    minutes = values.get("remind_time")
    if minutes is not None and minutes not in REMIND_MINUTES:
        raise wrong("remind_time", f"one of {', '.join(map(str, REMIND_MINUTES))} (minutes)")


def _user(call: Call, user_id: int, where: str) -> Record:
    index = existing(call, "users", user_id, where)
    return call.store.table("users").get(index) or {}


def _contact_summary(call: Call, contact_id: int, where: str) -> Record:
    """The short contact reference tasks embed, from the contact as stored."""
    index = existing(call, "contacts", contact_id, where)
    contact = call.store.table("contacts").get(index) or {}
    emails = contact.get("email_addresses") or [{}]
    return {
        "id": contact_id,
        "email": emails[0].get("email"),
        "first_name": contact.get("given_name"),
        "last_name": contact.get("family_name"),
    }


def _fill_company(call: Call, record: Record, values: dict[str, t.Any]) -> None:
    del call
    apply_fields(record, values, ("company_name", "email_address", "notes", "website"))
    if "address" in values:
        check_regions([values["address"]], "address")
        record["address"] = {name: values["address"].get(name) for name in (*ADDRESS, "field")}
    if "phone_number" in values:
        record["phone_number"] = {
            name: values["phone_number"].get(name) for name in ("number", "type", "extension")
        }
    if "fax_number" in values:
        record["fax_number"] = {name: values["fax_number"].get(name) for name in ("number", "type")}
    if "opt_in_reason" in values:
        record["email_opted_in"] = True
        record["email_status"] = "UnengagedMarketable"


def _fill_user(call: Call, record: Record, values: dict[str, t.Any]) -> None:
    del call
    address = values["email"]
    record |= {
        "given_name": values["given_name"],
        "preferred_name": values["given_name"],
        "email_address": address,
        "infusionsoft_id": address,
        "admin": values.get("admin", False),
        "partner": values.get("partner", False),
        "status": "Invited",
        "company_name": "Sandbox Inc.",
        "global_user_id": 900_000 + record["id"] - 1,
        "phone_numbers": [],
        "fax_numbers": [],
        "created_by": 1,
        "last_updated_by": 1,
    }


def _check_note(call: Call, values: dict[str, t.Any]) -> None:
    del call
    if not values.get("title") and not values.get("body"):
        raise bad_request("Either a title or body is required")


def _fill_note(call: Call, record: Record, values: dict[str, t.Any]) -> None:
    apply_fields(record, values, ("title", "body", "type"))
    if "contact_id" in values:
        existing(call, "contacts", values["contact_id"], "contact_id")
        record["contact_id"] = values["contact_id"]
    if "user_id" in values:
        user = _user(call, values["user_id"], "user_id")
        record["user_id"] = values["user_id"]
        record["last_updated_by"] = {
            "user_id": values["user_id"],
            "given_name": user.get("given_name"),
            "family_name": user.get("family_name"),
        }


def _fill_task(call: Call, record: Record, values: dict[str, t.Any]) -> None:
    _remind(values)
    apply_fields(
        record,
        values,
        ("title", "description", "type", "priority", "completed", "completion_date",
         "due_date", "remind_time", "url"),
    )  # fmt: skip
    if "user_id" in values:
        _user(call, values["user_id"], "user_id")
        record["user_id"] = values["user_id"]
    if "contact" in values:
        record["contact"] = _contact_summary(call, values["contact"]["id"], "contact.id")


def _fill_appointment(call: Call, record: Record, values: dict[str, t.Any]) -> None:
    _remind(values)
    apply_fields(
        record,
        values,
        ("title", "description", "location", "start_date", "end_date", "remind_time"),
    )
    if "contact_id" in values:
        existing(call, "contacts", values["contact_id"], "contact_id")
        record["contact_id"] = values["contact_id"]
    if "user" in values:
        _user(call, values["user"], "user")
        record["user"] = values["user"]


def _fill_email(call: Call, record: Record, values: dict[str, t.Any]) -> None:
    names = [name for name in EMAIL_RECORD if name in record and name not in {"contact_id"}]
    apply_fields(record, values, tuple(names))
    if "contact_id" in values:
        existing(call, "contacts", values["contact_id"], "contact_id")
        record["contact_id"] = values["contact_id"]
    provider = values.get("original_provider")
    record["original_provider"] = provider if provider in KEPT_PROVIDERS else "UNKNOWN"
    record["original_provider_id"] = values.get("original_provider_id") or str(uuid.uuid4())
    table = call.store.table("emails")
    mine = record.get("id")
    for index in table.indexes():
        other = table.get(index) or {}
        if other.get("id") != mine and (
            other.get("original_provider"),
            other.get("original_provider_id"),
        ) == (record["original_provider"], record["original_provider_id"]):
            raise bad_request(
                f"An email with original_provider {record['original_provider']} and "
                f"original_provider_id {record['original_provider_id']!r} already exists"
            )


COMPANIES = Crud("companies", _fill_company, model="companies")
USERS = Crud("users", _fill_user, stamp="last_updated", made=("date_created",))
NOTES = Crud("notes", _fill_note, check=_check_note, stamp="last_updated", made=("date_created",))
TASKS = Crud("tasks", _fill_task, created=OK, stamp="modification_date", made=("creation_date",))
APPOINTMENTS = Crud("appointments", _fill_appointment)
EMAILS = Crud("emails", _fill_email)

ROUTES = (
    *routes_of(COMPANIES, "/companies", COMPANY),
    write(
        "/company/{id}",
        "PATCH",
        "companies",
        "update",
        COMPANIES.update,
        schema=COMPANY,
        partial=True,
    ),
    *routes_of(USERS, "/users", USER, update=None),
    *routes_of(NOTES, "/notes", NOTE, delete=True),
    *routes_of(TASKS, "/tasks", TASK, replace=True, delete=True),
    *routes_of(APPOINTMENTS, "/appointments", APPOINTMENT, replace=True, delete=True),
    *routes_of(EMAILS, "/emails", EMAIL_RECORD, update=None, replace=True, delete=True),
)
