"""Tags on contacts (`contact_tags`): a contact by id or email, a tag by id or by name.

Applying: `POST /contacts/{contactId}/tags` with `{"tagIds": [id]}` (applyTagsToContactId in
Keap's REST v1 OpenAPI), which answers HTTP 200 with a status per tag even when a tag or the
contact is unknown, so the body is read: `SUCCESS` and `DUPLICATE` (already applied) are
done, `CONTACT_NOT_FOUND`, `TAG_ID_NOT_FOUND`, `FAILURE` and `NO_PERMISSION` reject the
record. The spec calls the answer an array of `EntryLongString`; a public program observed an
object of tag id → status (`{"1831": "TAG_ID_NOT_FOUND"}`); both are read (assumed).
Removing: `DELETE /contacts/{contactId}/tags/{tagId}` (removeTagsFromContactUsingDELETE_1).

A tag name is looked up once per run (`GET /tags?name=`, compared exactly, since whether Keap
matches exactly is undocumented); a name Keap lacks is created once (`POST /tags`, a
journaled create like any other) and cached. An email address names every contact holding it
(`GET /contacts?email=`): Keap keeps duplicate contacts, and a tag for an address (an
unsubscribe, say) belongs on each.
"""

from __future__ import annotations

import typing as t

from singer_commons.errors import RecordRejected
from singer_commons.write_journal import record_digest
from target_infusionsoft.plan import Action
from target_infusionsoft.resources import BY_STREAM, CONTACTS_BY_EMAIL, CREATE, DELETE, TAGS_BY_NAME
from target_infusionsoft.writer import ANSWERED, Written

if t.TYPE_CHECKING:
    from collections.abc import Mapping

    from keap_client.connection import KeapConnection
    from target_infusionsoft.writer import KeapWriter

APPLIED = frozenset({"SUCCESS", "DUPLICATE"})
STATUSES = APPLIED | {"CONTACT_NOT_FOUND", "TAG_ID_NOT_FOUND", "FAILURE", "NO_PERMISSION"}


def tag_statuses(answer: t.Any) -> list[str]:
    """Every per-tag status in an apply-tags answer, whichever of its two shapes it has."""
    items = answer if isinstance(answer, list) else [answer]
    return [
        value
        for item in items
        if isinstance(item, dict)
        for value in item.values()
        if isinstance(value, str) and value in STATUSES
    ]


class ContactTags:
    """Writes `contact_tags` records; caches tag ids by name and contacts by email."""

    def __init__(self, connection: KeapConnection, writer: KeapWriter) -> None:
        self.connection = connection
        self.writer = writer
        self._tags = BY_STREAM["tags"]
        self._tag_ids: dict[str, str] = {}
        self._contact_ids: dict[str, list[str]] = {}

    def write(self, action: Action) -> Written:
        """Apply (create) or remove (delete) the record's tag on its contact(s).

        Raises:
            RecordRejected: when the contact's address is unknown to Keap, or Keap answers
                a status other than SUCCESS or DUPLICATE.
            KeapRefusal: when Keap refuses a call.
        """
        refs = action.body or {}
        contacts = self._contacts_of(action, refs)
        if action.operation is DELETE:
            tag_id = self._existing_tag(refs)
            if tag_id is None:
                return Written(None)  # no such tag: it is on no contact
            for contact_id in contacts:
                self.connection.write("DELETE", f"/contacts/{contact_id}/tags/{tag_id}")
            return Written(tag_id)
        tag_id = self._tag(action, refs)
        for contact_id in contacts:
            answer = self.connection.write(
                "POST", f"/contacts/{contact_id}/tags", {"tagIds": [int(tag_id)]}
            )
            refused = [status for status in tag_statuses(answer.body) if status not in APPLIED]
            if refused:
                msg = (
                    f"{action.label}: Keap did not apply tag {tag_id} to contact {contact_id}: "
                    f"{', '.join(refused)}"
                )
                raise RecordRejected(msg, vendor_response=answer.body)
        return Written(tag_id, ANSWERED)

    def _contacts_of(self, action: Action, refs: Mapping[str, t.Any]) -> list[str]:
        """The contact id the record names, or every contact holding its email address."""
        if refs.get("contact_id") is not None:
            return [str(refs["contact_id"])]
        email = str(refs["contact_email"])
        key = email.casefold()
        if key not in self._contact_ids:
            sent = {"email_addresses": [{"email": email}]}
            self._contact_ids[key] = [
                str(contact["id"])
                for contact in CONTACTS_BY_EMAIL.matching(self.connection, sent, {})
            ]
        found = self._contact_ids[key]
        if not found:
            msg = f"{action.label}: Keap has no contact with the email address {email!r}"
            raise RecordRejected(msg)
        return found

    def _existing_tag(self, refs: Mapping[str, t.Any]) -> str | None:
        """The record's tag id, or the id of the tag with its name (None: Keap has none)."""
        if refs.get("tag_id") is not None:
            return str(refs["tag_id"])
        name = str(refs["tag_name"])
        if name not in self._tag_ids:
            found = TAGS_BY_NAME.find(self.connection, {"name": name}, {})
            if found is None:
                return None
            self._tag_ids[name] = str(found["id"])
        return self._tag_ids[name]

    def _tag(self, action: Action, refs: Mapping[str, t.Any]) -> str:
        """The record's tag id; a tag name Keap lacks is created once (journaled)."""
        existing = self._existing_tag(refs)
        if existing is not None:
            return existing
        name = str(refs["tag_name"])
        body = {"name": name}
        create = Action(
            self._tags,
            CREATE,
            self._tags.calls[CREATE],
            {},
            body,
            action.record,
            action.label,
            record_digest(self._tags.stream, CREATE.value, {}, body),
        )
        # The look-up above found no tag of this name: a journaled id for it is stale.
        written = self.writer.create(create, looked_up_absent=True)
        if written.vendor_id is None:
            msg = f"{action.label}: Keap created tag {name!r} but its answer held no id"
            raise RecordRejected(msg)
        self._tag_ids[name] = written.vendor_id
        return written.vendor_id
