"""target-infusionsoft's bad-input corpus: each case refused alone, everything else written.

Each case is one run of the target against the Keap sandbox: a `contacts` SCHEMA, two good
contacts, the case's lines, two good contacts, the final STATE. The shared checks
(bad_input.py) see the case's records rejected with reasons naming the record (its input line,
and its Keap id when it has one) and the property, logged, the final STATE emitted after
everything and exit code 1, and no secret in the log or the reject file. This test then reads
Keap's write log (`keap.written()`): exactly the good records' calls, with the bodies Keap
received, and nothing of the bad ones; a case's rejected records are in the reject file as
they were sent.

Keap takes one call per record, so a case may use any stream (notes, orders, hooks …) with
a SCHEMA of its own. What the corpus pins down (see the target's README, "Rejects"):
- a record is judged against Keap's body for its call (types, enums, required members, email
  syntax, text Keap cannot store, rules across fields), not against the SCHEMA: a SCHEMA that
  is not a valid JSON Schema does not stop the stream, its records are judged all the same;
- read-only properties a tap emits (`last_updated`) and formula-like text are not bad input:
  the first is left out (a warning names it), the second stored verbatim (Keap takes JSON);
- what only Keap can tell (an unknown id, a region it does not know, a body too large for
  it) is Keap's refusal, with Keap's message, and the run goes on;
- a text id (a hook's `key`) names a record of its own resource only, whatever it holds.
"""

from __future__ import annotations

import json
import typing as t
from dataclasses import dataclass, field

import pytest
from bad_input import BadInput, assert_refused_alone, corpus_input, read_rejects

from vendor_sandbox.testing.keap import key_config, oauth_config

if t.TYPE_CHECKING:
    from vendor_sandbox.client.keap import KeapControl

TARGET = "target-infusionsoft"
STREAM = "contacts"
DELETED = {"_sdc_deleted_at": "2026-02-01T00:00:00Z"}
TEXT = {"type": ["string", "null"]}
SCHEMA = {
    "type": "SCHEMA",
    "stream": STREAM,
    "key_properties": [],
    "schema": {
        "type": "object",
        "properties": {
            "id": {"type": ["integer", "null"]},
            "email_addresses": {"type": ["array", "null"]},
            "phone_numbers": {"type": ["array", "null"]},
            "addresses": {"type": ["array", "null"]},
            "given_name": TEXT,
            "family_name": TEXT,
            "job_title": TEXT,
            "source_type": TEXT,
            "owner_id": {"type": ["integer", "null"]},
            "birthday": {"type": ["string", "null"], "format": "date-time"},
            "last_updated": {"type": ["string", "null"], "format": "date-time"},
            "custom_visits": {"type": ["integer", "null"]},
            "custom_newsletter": {"type": ["boolean", "null"]},
            "custom_renewal_date": {"type": ["string", "null"], "format": "date"},
        },
    },
}
# The sandbox's default contact model: `/contacts/model` custom field ids.
VISITS, RENEWAL_DATE, NEWSLETTER = 11, 13, 14


def email(address: str, slot: str = "EMAIL1") -> list[dict[str, str]]:
    """A contact's `email_addresses`."""
    return [{"email": address, "field": slot}]


BEFORE = (
    {
        "email_addresses": email("ann@shop.example"),
        "given_name": "Ann",
        "family_name": "Lee",
        "source_type": "API",
        "custom_visits": 3,
    },
    {
        "email_addresses": email("bo@shop.example"),
        "given_name": "Bo",
        "phone_numbers": [{"number": "555-0100", "field": "PHONE1"}],
        "addresses": [
            {"field": "BILLING", "line1": "1 Main St", "region": "UT", "country_code": "USA"}
        ],
        "birthday": "1990-05-12T00:00:00Z",
        "owner_id": 1,
    },
)
AFTER = (
    {
        "email_addresses": email("chihiro@shop.example", "EMAIL2"),
        "given_name": "千尋",
        "family_name": "荻野",
        "custom_newsletter": True,
        "custom_renewal_date": "2026-12-01",
    },
    {
        "email_addresses": email("di@shop.example"),
        "given_name": "=1+1",  # stored verbatim: Keap takes JSON, no formulas anywhere
        "job_title": "tab\tand\nnew line are text",
        "last_updated": "2026-01-01T00:00:00Z",  # read-only: left out, named in a warning
    },
)
# The bodies Keap receives for them (custom fields by the model's ids; no read-only field).
BEFORE_SENT = (
    {
        "email_addresses": email("ann@shop.example"),
        "given_name": "Ann",
        "family_name": "Lee",
        "source_type": "API",
        "custom_fields": [{"id": VISITS, "content": 3}],
    },
    dict(BEFORE[1]),  # as it is
)
AFTER_SENT = (
    {
        "email_addresses": email("chihiro@shop.example", "EMAIL2"),
        "given_name": "千尋",
        "family_name": "荻野",
        "custom_fields": [
            {"id": NEWSLETTER, "content": True},
            {"id": RENEWAL_DATE, "content": "2026-12-01"},
        ],
    },
    {
        "email_addresses": email("di@shop.example"),
        "given_name": "=1+1",
        "job_title": "tab\tand\nnew line are text",
    },
)
LINE = 2 + len(BEFORE)  # the input line of a case's first line (SCHEMA is line 1)
Write = tuple[str, t.Any]  # (operation, the body Keap received) in Keap's write log


@dataclass(frozen=True)
class KeapCase(BadInput):
    """A case of this target's corpus.

    Attributes:
        settings: Settings of this run on top of the API-key connection.
        written: Writes Keap must log for the case's good lines, per resource (stream).
        oauth: Authenticate with the OAuth client (issued tokens must not leak either).
        refused_by_keap: How many of the rejects are Keap's refusals (the reject holds Keap's
            answer as `vendor_response`: an HTTP status and message, or a tag's status).
    """

    settings: t.Mapping[str, t.Any] = field(default_factory=dict)
    written: t.Mapping[str, tuple[Write, ...]] = field(default_factory=dict)
    oauth: bool = False
    refused_by_keap: int = 0


def record(stream: str = STREAM, **row: t.Any) -> dict[str, t.Any]:
    """One RECORD message."""
    return {"type": "RECORD", "stream": stream, "record": row}


def contact(address: str, **row: t.Any) -> dict[str, t.Any]:
    """A contacts RECORD with one email address."""
    return record(email_addresses=email(address), **row)


def schema(stream: str, *names: str) -> dict[str, t.Any]:
    """A SCHEMA declaring these properties (any type: Keap's body judges the values)."""
    return {
        "type": "SCHEMA",
        "stream": stream,
        "key_properties": [],
        "schema": {"type": "object", "properties": {name: {} for name in names}},
    }


def line(n: int) -> str:
    """How a reason names the case's n-th line (1-based)."""
    return f"input line {LINE + n - 1}"


def raw(message: dict[str, t.Any]) -> str:
    """A message as a raw line, non-ASCII as JSON escapes (so lone surrogates survive)."""
    return json.dumps(message, ensure_ascii=True)


def upserted(address: str, **body: t.Any) -> Write:
    """Keap's log entry of a contact upsert with this address."""
    return ("upsert", {"email_addresses": email(address), **body, "duplicate_option": "Email"})


NOTES = schema("notes", "contact_id", "title", "body", "type", "custom_priority")
NOTE = {"contact_id": 3, "title": "Called", "body": "Left a message"}
TASKS = schema("tasks", "id", "title", "due_date", "completed", "remind_time", "contact")
ORDERS = schema("orders", "contact_id", "order_date", "order_title", "order_type", "order_items")
ORDER = {
    "contact_id": 3,
    "order_date": "2026-03-01T00:00:00Z",
    "order_title": "Web order",
    "order_type": "Online",
    "order_items": [{"product_id": 2, "quantity": 1}],
}
HUGE = "x" * 11_000_000  # over the 10 MB body the sandbox's gateway reads
LARGE = "y" * 1_000_000  # large, and within it

CASES = [
    # Lines that are not Singer messages (the shared reader).
    KeapCase("not_json", ("this is not JSON",), (f"{line(1)}: not valid JSON",)),
    KeapCase(
        "truncated_line",
        ('{"type": "RECORD", "stream": "contacts", "record": {"email_addresses": [{"em',),
        (f"{line(1)}: not valid JSON",),
    ),
    KeapCase(
        "not_an_object",
        ('["RECORD", "contacts"]', '"RECORD"'),
        (f"{line(1)}: not a JSON object", f"{line(2)}: not a JSON object"),
        rejected=2,
    ),
    KeapCase(
        "nested_too_deep",
        ('{"type": "RECORD", "stream": "contacts", "record": {"given_name": ' + "[" * 5000,),
        (f"{line(1)}", "nested deeper than"),
    ),
    KeapCase(
        "number_beyond_a_double",
        ('{"type": "RECORD", "stream": "contacts", "record": {"owner_id": 1e400}}',),
        (f"{line(1)}: not valid JSON",),
    ),
    KeapCase(
        "missing_type",
        ({"stream": STREAM, "record": {"email_addresses": email("notype@shop.example")}},),
        (f"{line(1)}: field 'type'",),
    ),
    KeapCase(
        "unknown_type",
        ({**contact("upsert@shop.example"), "type": "UPSERT"},),
        (f"{line(1)}: field 'type'", "'UPSERT'"),
    ),
    KeapCase(
        "missing_stream",
        ({"type": "RECORD", "record": {"email_addresses": email("nostream@shop.example")}},),
        (f"{line(1)}: field 'stream'",),
    ),
    KeapCase(
        "record_not_an_object",
        ({"type": "RECORD", "stream": STREAM, "record": "ann@shop.example"},),
        (f"{line(1)}: field 'record' must be a JSON object",),
    ),
    KeapCase("state_without_value", ({"type": "STATE"},), (f"{line(1)}: field 'value'",)),
    KeapCase(
        "batch_message",
        ({"type": "BATCH", "stream": STREAM, "encoding": {"format": "jsonl"}, "manifest": []},),
        (f"{line(1)}", "BATCH"),
    ),
    KeapCase(
        "bytes_not_utf8_outside_a_record",
        ('{"type": "STATE", "value": {"note": "\udcfe"}}',),
        (f"{line(1)}", "not valid UTF-8", "0xfe"),
    ),
    # Records for streams this target does not write.
    KeapCase(
        "unknown_stream_without_schema",
        (record("people", given_name="Pat"),),
        (f"{line(1)}: a RECORD of stream 'people' came before its SCHEMA",),
    ),
    KeapCase(
        "unknown_stream_with_schema",
        (
            schema("people", "given_name"),
            record("people", given_name="Pat"),
            record("people", given_name="Sam"),
        ),
        (
            f"{line(2)}: stream 'people' names no Keap resource",
            f"{line(3)}: stream 'people'",
            'rename it with a stream map, e.g. stream_maps: {"people": {"__alias__": "contacts"}}',
        ),
        rejected=2,
    ),
    KeapCase(
        "unknown_stream_renamed_by_a_stream_map_is_written",
        (
            schema("people", "email_addresses", "given_name"),
            record("people", email_addresses=email("pat@shop.example"), given_name="Pat"),
            record("people", email_addresses=email("not an email"), given_name="Sam"),
        ),
        (f"{line(3)}: contacts record: property 'email_addresses'[0]['email']",),
        settings={"stream_maps": {"people": {"__alias__": "contacts"}}},
        written={STREAM: (upserted("pat@shop.example", given_name="Pat"),)},
    ),
    # SCHEMA messages that are not what they claim.
    KeapCase(
        "schema_without_properties",
        ({"type": "SCHEMA", "stream": STREAM, "schema": {"type": "object"}},),
        (f"{line(1)}: field 'schema'", "'properties'"),
    ),
    KeapCase(
        "schema_not_a_json_schema",
        (
            {**SCHEMA, "schema": {"properties": {"given_name": {"type": "strin"}}}},
            contact("typed@shop.example", given_name="Typed"),
            contact("object@shop.example", given_name={"first": "Ob"}),
        ),
        (f"{line(3)}: contacts record: property 'given_name': must be a text, got dict",),
        written={STREAM: (upserted("typed@shop.example", given_name="Typed"),)},
    ),
    KeapCase(
        "schema_with_a_ref_that_resolves_nowhere",
        (
            {**SCHEMA, "schema": {"properties": {"job_title": {"$ref": "#/$defs/title"}}}},
            contact("refd@shop.example", job_title="Owner"),
            contact("bad-ref@shop.example", job_title=["Owner"]),
        ),
        (f"{line(3)}: contacts record: property 'job_title': must be a text, got list",),
        written={STREAM: (upserted("refd@shop.example", job_title="Owner"),)},
    ),
    KeapCase(
        "schema_drift_changes_a_type",
        (
            {**SCHEMA, "schema": {"properties": {"owner_id": {"type": "string"}}}},
            contact("drift@shop.example", owner_id="seven"),
        ),
        (f"{line(2)}: contacts record: property 'owner_id': must be a whole number, got str",),
    ),
    # Missing what Keap requires.
    KeapCase(
        "upsert_without_an_email",
        (
            record(given_name="Nomail", phone_numbers=[{"number": "555-0101", "field": "PHONE1"}]),
            record(email_addresses=[], given_name="Empty"),
            record(email_addresses=[{"email": "   ", "field": "EMAIL1"}], given_name="Blank"),
        ),
        (
            line(1),
            line(2),
            "an upsert matches contacts by email address: email_addresses[0].email is required",
            f"{line(3)}: contacts record: property 'email_addresses'[0]: member 'email' is "
            "required by Keap",
        ),
        rejected=3,
    ),
    KeapCase(
        "new_contact_without_an_email_or_phone",
        (
            record(given_name="Unreachable"),
            record(phone_numbers=[{"number": "555-0102", "field": "PHONE2"}]),
        ),
        (
            f"{line(1)}: contacts record: a new Keap contact needs at least one of email_addresses "
            "or phone_numbers",
        ),
        settings={"stream_operations": {"contacts": "create"}},
        written={
            STREAM: (("create", {"phone_numbers": [{"number": "555-0102", "field": "PHONE2"}]}),)
        },
    ),
    KeapCase(
        "email_address_without_its_field",
        (record(email_addresses=[{"email": "nofield@shop.example"}]),),
        (f"{line(1)}: contacts record: property 'email_addresses'[0]: member 'field' is required",),
    ),
    KeapCase(
        "note_without_title_or_body_or_contact",
        (NOTES, record("notes", contact_id=3, type="Call"), record("notes", title="Orphan")),
        (
            f"{line(2)}: notes record: a Keap note needs a title or a body",
            f"{line(3)}: notes record: property 'contact_id' is required by Keap to create notes",
        ),
        rejected=2,
    ),
    KeapCase(
        "order_without_items_or_quantity",
        (
            ORDERS,
            record("orders", **{**ORDER, "order_items": None}),
            record("orders", **{**ORDER, "order_items": [{"product_id": 2}]}),
            record("orders", **{**ORDER, "order_items": [{"product_id": 2, "quantity": 0}]}),
        ),
        (
            f"{line(2)}: orders record: property 'order_items' is required by Keap",
            f"{line(3)}: orders record: property 'order_items'[0]: member 'quantity' is required",
            f"{line(4)}: orders record: property 'order_items[0]': quantity must be at least 1",
        ),
        rejected=3,
    ),
    KeapCase(
        "order_item_without_its_order",
        (
            schema("order_items", "order_id", "product_id", "quantity"),
            record("order_items", product_id=2, quantity=1),
        ),
        (
            f"{line(2)}: order_items record: property 'order_id' is required: it names the Keap "
            "record in /orders/{order_id}/items",
        ),
    ),
    KeapCase(
        "update_without_its_id",
        (TASKS, record("tasks", completed=True)),
        (
            f"{line(2)}: tasks record: property 'id' is required: it names the Keap record in "
            "/tasks/{id}",
        ),
        settings={"stream_operations": {"tasks": "update"}},
    ),
    KeapCase(
        "delete_on_a_stream_keap_cannot_delete",
        (schema("companies", "id"), record("companies", id=2, **DELETED)),
        (
            f"{line(2)}: companies record id=2: _sdc_deleted_at is set, but Keap cannot delete "
            "companies",
        ),
    ),
    # Wrong types for Keap's fields.
    KeapCase(
        "wrong_types",
        (
            contact("object@shop.example", given_name={"first": "Ob"}),
            contact("array@shop.example", family_name=["A", "B"]),
            contact("word@shop.example", owner_id="seven"),
            contact("flag@shop.example", owner_id=True),
            contact("fraction@shop.example", owner_id=2.5),
            contact("list@shop.example", addresses={"field": "BILLING"}),
        ),
        (
            f"{line(1)}: contacts record: property 'given_name': must be a text, got dict",
            f"{line(2)}: contacts record: property 'family_name': must be a text, got list",
            f"{line(3)}: contacts record: property 'owner_id': must be a whole number, got str",
            f"{line(4)}: contacts record: property 'owner_id': must be a whole number, got bool",
            f"{line(5)}: contacts record: property 'owner_id': must be a whole number, got float",
            f"{line(6)}: contacts record: property 'addresses': must be an array, got dict",
        ),
        rejected=6,
    ),
    KeapCase(
        "wrong_types_in_other_streams",
        (
            TASKS,
            record("tasks", title="Call", due_date="2026-03-05T09:00:00Z", completed="yes"),
            record("tasks", title="Call", due_date="2026-03-05T09:00:00Z", contact=[3]),
            schema("products", "product_name", "product_price"),
            record("products", product_name="Widget", product_price="cheap"),
        ),
        (
            f"{line(2)}: tasks record: property 'completed': must be a boolean (true or false), "
            "got str 'yes'",
            f"{line(3)}: tasks record: property 'contact': must be an object, got list",
            f"{line(5)}: products record: property 'product_price': must be a number, got str",
        ),
        rejected=3,
    ),
    KeapCase(
        "dates_keap_cannot_read",
        (
            contact("words@shop.example", birthday="yesterday"),
            contact("bare@shop.example", birthday="1990-05-12"),
            contact("impossible@shop.example", birthday="1990-02-30T00:00:00Z"),
            contact("epoch@shop.example", birthday=642470400),
            contact("custom@shop.example", custom_renewal_date="2026-13-01"),
        ),
        (
            f"{line(1)}: contacts record: property 'birthday': must be an ISO 8601 date-time",
            f"{line(2)}: contacts record: property 'birthday'",
            f"{line(3)}: contacts record: property 'birthday'",
            f"{line(4)}: contacts record: property 'birthday': must be an ISO 8601 date-time "
            "(e.g. 2026-01-31T09:00:00Z), got int 642470400",
            f"{line(5)}: contacts record: property 'custom_renewal_date' (custom field 'Renewal "
            "date', Date): must be a date (YYYY-MM-DD)",
        ),
        rejected=5,
    ),
    KeapCase(
        "custom_fields_keap_lacks_or_cannot_hold",
        (
            contact("unknown@shop.example", custom_shoe_size=42),
            contact("many@shop.example", custom_visits="many"),
            contact("maybe@shop.example", custom_newsletter="maybe"),
            NOTES,
            record("notes", **NOTE, custom_priority="high"),
        ),
        (
            f"{line(1)}: contacts record: property 'custom_shoe_size': Keap has no such custom "
            "field (/contacts/model names: custom_favourite_colour",
            f"{line(2)}: contacts record: property 'custom_visits' (custom field 'Visits', "
            "WholeNumber): must be a whole number, got str 'many'",
            f"{line(3)}: contacts record: property 'custom_newsletter' (custom field "
            "'Newsletter', YesNo): must be a boolean",
            f"{line(5)}: notes record: property 'custom_priority': Keap's REST v1 writes no "
            "custom fields of notes",
        ),
        rejected=4,
        oauth=True,
    ),
    # Email addresses Keap cannot take.
    KeapCase(
        "invalid_emails",
        (
            contact("not an email"),
            contact("a@localhost"),
            contact("a@@shop.example"),
            contact("dot.@shop.example"),
            contact("x" * 250 + "@shop.example"),
            contact("l" * 65 + "@shop.example"),
        ),
        (
            f"{line(1)}: contacts record: property 'email_addresses'[0]['email']: 'not an "
            "email' is not a valid email address",
            f"{line(2)}: contacts record: property 'email_addresses'[0]['email']: 'a@localhost'",
            f"{line(3)}: contacts record",
            f"{line(4)}: contacts record",
            f"{line(5)}: contacts record: property 'email_addresses'[0]['email']",
            "longer than 254 characters",
            f"{line(6)}: contacts record",
            "the part before @ is longer than 64 characters",
        ),
        rejected=6,
    ),
    KeapCase(
        "invalid_emails_in_other_streams",
        (
            schema("users", "email", "given_name"),
            record("users", email="new.user@", given_name="New"),
            schema("contact_tags", "contact_email", "tag_id"),
            record("contact_tags", contact_email="ann at shop.example", tag_id=1),
            schema("companies", "company_name", "email_address"),
            record("companies", company_name="ACME", email_address="info@acme"),
        ),
        (
            f"{line(2)}: users record: property 'email': 'new.user@' is not a valid email",
            f"{line(4)}: contact_tags record: property 'contact_email': 'ann at shop.example'",
            f"{line(6)}: companies record: property 'email_address': 'info@acme'",
        ),
        rejected=3,
    ),
    # Values outside Keap's enums.
    KeapCase(
        "bad_enum_values",
        (
            record(email_addresses=email("slot@shop.example", "EMAIL4")),
            contact("source@shop.example", source_type="web"),
            contact("phone@shop.example", phone_numbers=[{"number": "555", "field": "PHONE6"}]),
            contact("home@shop.example", addresses=[{"field": "HOME", "line1": "1 Elm St"}]),
            TASKS,
            record("tasks", title="Remind", due_date="2026-03-05T09:00:00Z", remind_time=7),
            ORDERS,
            record("orders", **{**ORDER, "order_type": "online"}),
        ),
        (
            f"{line(1)}: contacts record: property 'email_addresses'[0]['field']: 'EMAIL4' is "
            "not one of Keap's values (EMAIL1, EMAIL2, EMAIL3)",
            f"{line(2)}: contacts record: property 'source_type': 'web' is not one of Keap's",
            f"{line(3)}: contacts record: property 'phone_numbers'[0]['field']: 'PHONE6'",
            f"{line(4)}: contacts record: property 'addresses'[0]['field']: 'HOME'",
            f"{line(6)}: tasks record: property 'remind_time': 7 is not one of Keap's values",
            f"{line(8)}: orders record: property 'order_type': 'online' is not one of Keap's "
            "values (Online, Offline)",
        ),
        rejected=6,
    ),
    # Text Keap cannot store.
    KeapCase(
        "lone_surrogate",
        (raw(contact("surrogate@shop.example", given_name="Ann\ud800")),),
        (
            f"{line(1)}: contacts record: property 'given_name': holds a lone UTF-16 surrogate "
            "(U+D800) at position 4",
        ),
    ),
    KeapCase(
        "bytes_not_utf8",
        # The stdin is encoded with surrogateescape: this character becomes the byte 0xe9.
        (
            '{"type": "RECORD", "stream": "contacts", "record": {"email_addresses": [{"email": '
            '"cafe@shop.example", "field": "EMAIL1"}], "family_name": "Caf\udce9"}}',
        ),
        (f"{line(1)}: contacts record: property 'family_name'", "not UTF-8 (0xe9)"),
    ),
    KeapCase(
        "control_characters",
        (
            contact("nul@shop.example", given_name="Ann\x00Lee"),
            contact("esc@shop.example", job_title="\x1b[31mCTO"),
            contact("c1@shop.example", addresses=[{"field": "BILLING", "line1": "1\x9bMain"}]),
            schema("contact_tags", "contact_id", "tag_name"),
            record("contact_tags", contact_id=3, tag_name="VIP\x07"),
        ),
        (
            f"{line(1)}: contacts record: property 'given_name': contains the control character "
            "U+0000 (NUL) at position 4, which Keap cannot store",
            f"{line(2)}: contacts record: property 'job_title'",
            "U+001B (ESC)",
            f"{line(3)}: contacts record: property 'addresses'[0]['line1']",
            "U+009B (CSI)",
            f"{line(5)}: contact_tags record: property 'tag_name'",
            "U+0007 (BEL)",
        ),
        rejected=4,
    ),
    # Rules across fields.
    KeapCase(
        "region_without_its_country",
        (contact("region@shop.example", addresses=[{"field": "BILLING", "region": "UT"}]),),
        (
            f"{line(1)}: contacts record: property 'addresses'[0]: country_code is required when "
            "region is set",
        ),
    ),
    # What only Keap can tell: its refusal, with its message; the run goes on.
    KeapCase(
        "refused_by_keap",
        (
            contact(
                "atlantis@shop.example",
                addresses=[{"field": "BILLING", "region": "Atlantis", "country_code": "USA"}],
            ),
            NOTES,
            record("notes", **{**NOTE, "contact_id": 999999}),
            record("notes", id=999999, title="Moved"),
            record("notes", **NOTE),
        ),
        (
            f"{line(1)}: contacts record: Keap refused it (HTTP 400): BILLING Region is invalid",
            f"{line(3)}: notes record: Keap refused it (HTTP 400): 'contact_id'",
            f"{line(4)}: notes record id=999999: Keap refused it (HTTP 404)",
        ),
        rejected=3,
        refused_by_keap=3,
        written={"notes": (("create", NOTE),)},
        oauth=True,
    ),
    KeapCase(
        "tag_or_contact_keap_does_not_have",
        (
            schema("contact_tags", "contact_id", "contact_email", "tag_id"),
            record("contact_tags", contact_id=3, tag_id=99999),
            record("contact_tags", contact_email="nobody@shop.example", tag_id=1),
        ),
        (
            f"{line(2)}: contact_tags record: Keap did not apply tag 99999 to contact 3: "
            "TAG_ID_NOT_FOUND",
            f"{line(3)}: contact_tags record: Keap has no contact with the email address "
            "'nobody@shop.example'",
        ),
        rejected=2,
        # Keap answers 200 with a status per tag: the call is logged, the tag not applied.
        written={"contact_tags": (("create", {"tagIds": [99999]}),)},
        refused_by_keap=1,
    ),
    # Huge values.
    KeapCase(
        "huge_values",
        (
            contact("huge@shop.example", given_name=HUGE),
            contact("int64@shop.example", owner_id=2**63),
            NOTES,
            record("notes", contact_id=3, title="Large", body=LARGE),
        ),
        (
            f"{line(1)}: contacts record: Keap refused it (HTTP 413)",
            "(the largest property is 'given_name': 11,000,002 characters of JSON)",
            f"{line(2)}: contacts record: property 'owner_id': must be a whole number, got int "
            "9223372036854775808",
        ),
        rejected=2,
        refused_by_keap=1,
        written={"notes": (("create", {"contact_id": 3, "title": "Large", "body": LARGE}),)},
    ),
    KeapCase(
        "hook_key_that_is_a_path",
        (
            schema("hooks", "key"),
            record("hooks", key="../contacts/5", **DELETED),
            record("hooks", key="1?verify=x", **DELETED),
            record("hooks", key="..", **DELETED),
        ),
        (
            f"{line(2)}: hooks record key='../contacts/5': Keap refused it (HTTP 404)",
            f"{line(3)}: hooks record key='1?verify=x': Keap refused it (HTTP 404)",
            f"{line(4)}: hooks record key='..': property 'key': '..' cannot name a Keap record "
            "in /hooks/{key}",
        ),
        rejected=3,
        refused_by_keap=2,
    ),
]


def writes(keap: KeapControl) -> dict[str, list[Write]]:
    """Keap's write log, per resource: each call's operation and the body Keap received."""
    logged: dict[str, list[Write]] = {}
    for entry in keap.written():
        logged.setdefault(entry["resource"], []).append((entry["operation"], entry["request"]))
    return logged


def expected_writes(case: KeapCase) -> dict[str, list[Write]]:
    """The good contacts' writes around the case's own good lines, and the case's others."""
    creating = case.settings.get("stream_operations", {}).get(STREAM) == "create"

    def good(bodies: tuple[dict[str, t.Any], ...]) -> list[Write]:
        if creating:
            return [("create", body) for body in bodies]
        return [("upsert", {**body, "duplicate_option": "Email"}) for body in bodies]

    contacts = [*good(BEFORE_SENT), *case.written.get(STREAM, ()), *good(AFTER_SENT)]
    others = {resource: list(logged) for resource, logged in case.written.items()}
    return {**others, STREAM: contacts}


def messages(rows: tuple[dict[str, t.Any], ...]) -> list[dict[str, t.Any]]:
    """The RECORD messages of good contacts."""
    return [record(**row) for row in rows]


def assert_rejected_as_sent(case: KeapCase, rejects: list[dict[str, t.Any]]) -> None:
    """Each reject of one of the case's RECORD lines holds what was sent.

    A record refused by its sink is held as sent; a line the reader refuses, whole.
    """
    sent = {
        f"{line(n)}:": message
        for n, message in enumerate(case.lines, start=1)
        if isinstance(message, dict) and message.get("type") == "RECORD"
    }
    for reject in rejects:
        position = " ".join(reject["reason"].split(" ", 3)[:3])
        if position in sent:
            message = sent[position]
            assert reject["record"] in (message, message.get("record")), reject["reason"]


def test_the_corpus_is_large_and_named_uniquely():
    assert len(CASES) >= 30
    assert len({case.name for case in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_bad_input_is_refused_alone_and_the_rest_is_written(case, keap, run_plugin, tmp_path):
    reject_file = tmp_path / "rejects.jsonl"
    settings = oauth_config if case.oauth else key_config
    config = settings(keap, str(tmp_path / "state"), reject_file=str(reject_file), **case.settings)
    stdin = corpus_input(SCHEMA, messages(BEFORE), case, messages(AFTER))

    run = run_plugin(TARGET, config, stdin=stdin.encode("utf-8", "surrogateescape"))

    assert "Traceback" not in run.stderr, run.stderr
    assert_refused_alone(case, run, reject_file)
    assert writes(keap) == expected_writes(case)
    rejects = read_rejects(reject_file)
    assert_rejected_as_sent(case, rejects)
    refused = [reject for reject in rejects if reject["vendor_response"]]
    assert len(refused) == case.refused_by_keap
    assert "Keap's contacts body has no field 'last_updated'; not sent." in run.stderr
