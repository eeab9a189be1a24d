"""Writes of Keap's marketing records: tags, opportunities, affiliates, sequence members.

Sources (B = Keap's v1 OpenAPI as ballerina-platform/openapi-connectors
`openapi/keap/openapi.yml` @81158a45a86f carries it; B n = its line n), with the schema
each body follows:

- `POST /tags` → **200** Tag (B 5459): `CreateTag` (B 9538), `name` required; `category` {`id`}.
- `POST /opportunities` → **200**, `PATCH /opportunities/{id}` → 200 (B 4012, 4128):
  `Opportunity` (B 9804), with `opportunity_title`, `contact` {id} and `stage` {id} required
  (not on PATCH: assumed).
- `POST /affiliates` → 201 Affiliate (B 230): `CreateAffiliate` (B 7705), `code`, `contact_id`
  and `password` required; `status` active or inactive.
- `POST` and `DELETE /campaigns/{campaignId}/sequences/{sequenceId}/contacts/{contactId}` → 204,
  no body (B 1288, 1332).

A tag category or an opportunity stage that does not exist is refused with 400 (assumed).
Keap cannot list a sequence's members, so adding a contact twice is no error (assumed) and
removing one that is not a member neither; an unknown campaign, sequence or contact is 404.
Members are kept for tests (`records/campaign_sequence_contacts`).
"""

from __future__ import annotations

import typing as t

from vendor_sandbox.keap import marketing
from vendor_sandbox.keap.call import NO_CONTENT
from vendor_sandbox.keap.errors import bad_request, not_found
from vendor_sandbox.keap.writes.base import (
    CREATE,
    DELETE,
    OK,
    Crud,
    Done,
    apply_fields,
    contact_ref,
    existing,
    routes_of,
    write,
)
from vendor_sandbox.keap.writes.body import choice, flag, moment, number, ref, text, whole
from vendor_sandbox.keap.writes.contacts import CUSTOM_FIELDS

if t.TYPE_CHECKING:
    from vendor_sandbox.keap.call import Call
    from vendor_sandbox.keap.seedkit import Record
    from vendor_sandbox.keap.writes.body import Body

SEQUENCE_MEMBERS = "campaign_sequence_contacts"
TAG = {
    "category": ref(),
    "description": text(),
    "name": text().needed(),
}
OPPORTUNITY = {
    "affiliate_id": whole(),
    "contact": ref().needed(),
    "custom_fields": CUSTOM_FIELDS,
    "estimated_close_date": moment(),
    "include_in_forecast": whole(),
    "next_action_date": moment(),
    "next_action_notes": text(),
    "opportunity_notes": text(),
    "opportunity_title": text().needed(),
    "projected_revenue_high": number(),
    "projected_revenue_low": number(),
    "stage": ref().needed(),
    "user": ref(),
}
AFFILIATE = {
    "code": text().needed(),
    "contact_id": whole().needed(),
    "name": text(),
    "notify_on_lead": flag(),
    "notify_on_sale": flag(),
    "parent_id": whole(),
    "password": text().needed(),
    "status": choice("active", "inactive"),
    "track_leads_for": whole(),
}
SEQUENCES_PER_CAMPAIGN = 2


def _fill_tag(call: Call, record: Record, values: dict[str, t.Any]) -> None:
    del call
    apply_fields(record, values, ("name", "description"))
    if "category" in values:
        category_id = values["category"]["id"]
        if not 1 <= category_id <= len(marketing.TAG_CATEGORIES):
            raise bad_request(f"'category.id': tag category with id {category_id} not found")
        seeded = marketing.tag(category_id - 1, {})["category"]
        record["category"] = dict(seeded)


def _fill_opportunity(call: Call, record: Record, values: dict[str, t.Any]) -> None:
    apply_fields(
        record,
        values,
        ("opportunity_title", "estimated_close_date", "include_in_forecast", "next_action_date",
         "next_action_notes", "opportunity_notes", "projected_revenue_high",
         "projected_revenue_low", "affiliate_id"),
    )  # fmt: skip
    if "contact" in values:
        record["contact"] = contact_ref(call, values["contact"]["id"], "contact.id")
    if "stage" in values:
        stage_id = values["stage"]["id"]
        pipeline = {stage["stage_id"]: stage for stage in marketing.stage_pipeline()}
        if stage_id not in pipeline:
            raise bad_request(f"'stage.id': opportunity stage with id {stage_id} not found")
        record["stage"] = marketing.opportunity(stage_id - 1, {})["stage"]
    if "user" in values:
        user_id = values["user"]["id"]
        index = existing(call, "users", user_id, "user.id")
        user = call.store.table("users").get(index) or {}
        record["user"] = {
            "id": user_id,
            "first_name": user.get("given_name"),
            "last_name": user.get("family_name"),
        }
    if values.get("affiliate_id"):
        existing(call, "affiliates", values["affiliate_id"], "affiliate_id")


def _fill_affiliate(call: Call, record: Record, values: dict[str, t.Any]) -> None:
    existing(call, "contacts", values["contact_id"], "contact_id")
    if values.get("parent_id"):
        existing(call, "affiliates", values["parent_id"], "parent_id")
    apply_fields(
        record,
        values,
        ("code", "contact_id", "name", "notify_on_lead", "notify_on_sale", "track_leads_for"),
    )
    record["parent_id"] = values.get("parent_id", 0)
    record["status"] = values.get("status", "active")


def _member(call: Call) -> tuple[int, int, int]:
    """(campaign id, sequence id, contact id) of the path; 404 when any is unknown."""
    campaign_index = call.index("campaigns")
    sequence_id = int(call.ids[1])
    sequences = {sequence["id"] for sequence in marketing.campaign_sequences(campaign_index)}
    if sequence_id not in sequences:
        raise not_found(
            f"sequence with id {sequence_id} not found in campaign {campaign_index + 1}"
        )
    contact_index = call.index("contacts", 2)
    return campaign_index + 1, sequence_id, contact_index + 1


def add_member(call: Call, body: Body) -> Done:
    """Add a contact to a campaign sequence: 204."""
    del body
    member = _member(call)
    call.store.memberships.setdefault(member, call.store.now("contacts"))
    return Done(NO_CONTENT, id=member[2], note=_member_note(member))


def remove_member(call: Call, body: Body) -> Done:
    """Remove a contact from a campaign sequence: 204."""
    del body
    member = _member(call)
    call.store.memberships.pop(member, None)
    return Done(NO_CONTENT, id=member[2], note=_member_note(member))


def _member_note(member: tuple[int, int, int]) -> dict[str, int]:
    campaign_id, sequence_id, contact_id = member
    return {"campaign_id": campaign_id, "sequence_id": sequence_id, "contact_id": contact_id}


def members(memberships: dict[tuple[int, int, int], str]) -> list[Record]:
    """Every sequence member, as `records/campaign_sequence_contacts` lists them."""
    return [
        {**_member_note(member), "date_added": added}
        for member, added in sorted(memberships.items())
    ]


TAGS = Crud("tags", _fill_tag, created=OK)
OPPORTUNITIES = Crud(
    "opportunities", _fill_opportunity, created=OK, model="opportunities",
    stamp="last_updated", made=("date_created",),
)  # fmt: skip
AFFILIATES = Crud("affiliates", _fill_affiliate)
MEMBER_PATH = "/campaigns/{id}/sequences/{sequence_id}/contacts/{contact_id}"

ROUTES = (
    *routes_of(TAGS, "/tags", TAG, update=None),
    *routes_of(OPPORTUNITIES, "/opportunities", OPPORTUNITY),
    *routes_of(AFFILIATES, "/affiliates", AFFILIATE, update=None),
    write(MEMBER_PATH, "POST", SEQUENCE_MEMBERS, CREATE, add_member),
    write(MEMBER_PATH, "DELETE", SEQUENCE_MEMBERS, DELETE, remove_member),
)
