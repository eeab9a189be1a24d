"""Deleted contacts, found by comparing this run's contact list with the previous run's.

Keap REST v1 keeps no trace of a deleted contact that a connector could list (and REST hooks
need a public URL), so the stream lists every contact once a run, 1,000 a call ordered by id,
and keeps the ids and first email addresses it saw in its own state. A contact in that
snapshot but missing from the new list is reported once, with the email it had.

Why the snapshot is a list of `[id, email]` pairs and not an `{id: email}` object: Meltano
deep-merges state objects under `--state-strategy merge` (and on `--full-refresh`), which
would keep deleted ids in the snapshot for ever and report them again every run; a list is
replaced whole.
"""

from __future__ import annotations

import typing as t

from keap_client.errors import NOT_FOUND, KeapError
from keap_client.settings import MAX_PAGE_SIZE
from singer_commons.clock import utc_now
from tap_infusionsoft.schemas import crm as schemas
from tap_infusionsoft.streams.base import KeapStream

if t.TYPE_CHECKING:
    from collections.abc import Iterable

    from singer_sdk.helpers.types import Context

KNOWN_CONTACTS = "known_contacts"

Snapshot = dict[int, str]
"""Contact id → first email address, for contacts that have one."""


def first_email(contact: dict[str, t.Any]) -> str | None:
    """The contact's first email address (what the contacts pipeline sends), if any."""
    addresses = contact.get("email_addresses") or []
    email = addresses[0].get("email") if addresses else None
    return str(email) if email else None


def saved_snapshot(state: dict[str, t.Any]) -> Snapshot | None:
    """The snapshot the previous run saved; None when no run saved one yet."""
    pairs = state.get(KNOWN_CONTACTS)
    if pairs is None:
        return None
    return {int(contact_id): str(email) for contact_id, email in pairs}


def snapshot_value(snapshot: Snapshot) -> list[list[t.Any]]:
    """The snapshot as state holds it: `[[id, email], ...]` in id order (~40 bytes each)."""
    return [[contact_id, snapshot[contact_id]] for contact_id in sorted(snapshot)]


class DeletedContactsStream(KeapStream):
    """Contacts deleted in Keap since the previous run, each reported once.

    Not selected by default: it reads the whole contact list every run (`ceil(N/1000)`
    calls). The snapshot is replaced only after the whole list was read and every deletion
    was emitted, so a failed listing keeps the previous snapshot (contacts it did not reach
    are not taken for deleted) and the state never gets ahead of the records.
    """

    name = "deleted_contacts"
    path = "/contacts"
    records_key = "contacts"
    # The list's default properties hold the id and the email addresses; Keap's
    # `optional_properties` can only add properties, so none are asked for.
    extra_params: t.ClassVar[dict[str, str]] = {"order": "id", "order_direction": "ASCENDING"}
    selected_by_default = False
    primary_keys = ("id",)
    static_schema = schemas.DELETED_CONTACTS

    def page_limit(self) -> int:
        """Keap's largest page, whatever `page_size` says: the fewest calls for the list."""
        return MAX_PAGE_SIZE

    def get_records(self, context: Context | None) -> Iterable[dict[str, t.Any]]:
        """The deletions since the previous run; then the new snapshot goes into the state."""
        state = self.get_context_state(context)
        previous = saved_snapshot(state)
        known = previous or {}
        listed_ids: set[int] = set()
        current: Snapshot = {}
        for contact in super().get_records(context):
            contact_id = int(contact["id"])
            listed_ids.add(contact_id)
            email = first_email(contact)
            if email:
                current[contact_id] = email
        missing = [contact_id for contact_id in known if contact_id not in listed_ids]
        deleted = [
            contact_id for contact_id in missing if not self._still_there(contact_id, current)
        ]
        detected_at = utc_now().isoformat()
        for contact_id in deleted:
            yield {"id": contact_id, "email": known[contact_id], "detected_at": detected_at}
        state[KNOWN_CONTACTS] = snapshot_value(current)
        self._log_counts(len(listed_ids), previous, len(deleted), len(missing) - len(deleted))

    def _still_there(self, contact_id: int, current: Snapshot) -> bool:
        """Whether a contact missing from the list still exists (one call).

        Offsets shift when a contact is deleted while the list is read, so one live contact
        can be missed by a page; asking for it by id tells a deletion from such a miss. A
        contact still there is kept in the snapshot.
        """
        try:
            contact = self.connection.get_json(f"{self.path}/{contact_id}")
        except KeapError as exc:
            if exc.code == NOT_FOUND:
                return False
            raise
        email = first_email(contact or {})
        if email:
            current[contact_id] = email
        return True

    def _log_counts(self, listed: int, known: Snapshot | None, deleted: int, kept: int) -> None:
        if known is None:
            self.logger.info(
                "%s: listed %d contacts; no snapshot from a previous run, so deletions are "
                "tracked from the next run on.",
                self.name,
                listed,
            )
            return
        self.logger.info(
            "%s: listed %d contacts, %d known from the previous run, %d deleted "
            "(%d missing from the list were still there).",
            self.name,
            listed,
            len(known),
            deleted,
            kept,
        )
