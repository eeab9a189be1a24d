"""A planned action sent to Keap: one call per record, and never a create made twice.

- A create that is not `repeatable` goes through the write journal (state backend): an id
  journaled by an earlier run or attempt means the record exists and nothing is sent; its
  digest is journaled as `sending` before the call and the id once Keap answered. When the
  answer is lost (a timeout, a dropped connection, a 5xx), or an earlier run's create was
  never answered, the resource's look-up decides whether Keap holds the record before it is
  sent again (`KeapConnection.write(confirm=…)`); without a look-up (order payments: a second
  attempt may charge twice) the record is rejected instead of guessed at.
- A delete whose answer was lost is confirmed by reading the record (404: gone) where Keap
  can read it, so a resent delete is not reported as Keap's "not found".
- Updates and upserts are applied once however often they are sent, and are simply retried.
- An update of a singleton (the account profile) reads it first and sends it merged, since
  whether `PUT /account/profile` replaces the whole profile is undocumented.
"""

from __future__ import annotations

import typing as t
from dataclasses import dataclass
from urllib.parse import urlsplit

from keap_client.auth import account_key
from keap_client.errors import KeapRefusal
from singer_commons.errors import RecordRejected
from singer_commons.write_journal import WriteJournal
from target_infusionsoft.fields import absent, sendable
from target_infusionsoft.lookups import dig
from target_infusionsoft.resources import CREATE, DELETE, UPDATE

if t.TYPE_CHECKING:
    from collections.abc import Callable

    from keap_client.connection import KeapAnswer, KeapConnection
    from keap_client.settings import KeapConnectionSettings
    from target_infusionsoft.plan import Action

HTTP_NOT_FOUND = 404
ANSWERED = "answered"  # Keap answered this run's call
FOUND = "found"  # the answer was lost; the look-up found the record in Keap
JOURNALED = "journaled"  # an earlier attempt created it: nothing was sent


def write_journal(settings: KeapConnectionSettings) -> WriteJournal:
    """The journal of what runs with this credential created at this API (state backend).

    Named by the credential and the API's host, so that two Keap APIs reached with one
    credential (a sandbox and Keap itself, or two sandboxes) never share what was created.
    """
    host = urlsplit(settings.base_url).netloc
    return WriteJournal(settings.state, f"{account_key(settings)}-{host}")


@dataclass(frozen=True)
class Written:
    """What a write achieved: Keap's id of the record, where known, and how it was learned."""

    vendor_id: str | None
    how: str = ANSWERED


class KeapWriter:
    """Sends actions through the run's connection and journal (see module doc)."""

    def __init__(self, connection: KeapConnection, journal: WriteJournal) -> None:
        self.connection = connection
        self.journal = journal

    def write(self, action: Action) -> Written:
        """Carry out one action.

        Raises:
            KeapRefusal: when Keap refused the write (400, 403, 404, 409, 413, 414, 422).
            RecordRejected: when the write cannot be carried out safely (a lost answer that
                no look-up can settle).
        """
        if action.operation is CREATE and not action.resource.repeatable:
            return self.create(action)
        if action.operation is DELETE:
            answer = self.connection.write(
                action.call.method, action.path, confirm=self._gone(action)
            )
            return Written(None, FOUND if answer.confirmed else ANSWERED)
        body = action.body
        if action.operation is UPDATE and action.resource.read_path is not None:
            body = self._merged(action)
        answer = self.connection.write(action.call.method, action.path, body)
        return Written(_vendor_id(answer, action))

    def create(self, action: Action, *, looked_up_absent: bool = False) -> Written:
        """A journaled create (see module doc).

        `looked_up_absent`: the caller's look-up has just found no such record in Keap, so a
        journaled id is stale (the record was deleted since, or the journal belongs to
        another account behind the same credential, as a restarted sandbox) and the record
        is created again.
        """
        digest = action.digest
        if digest is None:  # a plan always digests such a create
            msg = f"{action.label}: no journal digest for a create of {action.resource.stream}"
            raise ValueError(msg)
        entry = None if looked_up_absent else self.journal.entry(digest)
        if entry is not None and not entry.unanswered:
            return Written(entry.vendor_id, JOURNALED)
        self.journal.sending(digest)
        try:
            answer = self.connection.write(
                action.call.method,
                action.path,
                action.body,
                confirm=self._found(action),
                unsure=entry is not None,
            )
        except KeapRefusal:
            self.journal.forget(digest)
            raise
        vendor_id = _vendor_id(answer, action)
        self.journal.created(digest, vendor_id or "")
        return Written(vendor_id, FOUND if answer.confirmed else ANSWERED)

    def _found(self, action: Action) -> Callable[[], dict[str, t.Any] | None]:
        """The look-up that settles a lost answer, or a refusal to guess where there is none."""
        lookup = action.resource.lookup
        sent = action.body or {}
        if lookup is not None and lookup.possible(sent):
            return lambda: lookup.find(self.connection, sent, action.path_values)

        harm = "a second copy could not be undone"
        if action.resource.stream == "order_payments":
            harm = "a second payment may be a second charge"

        def unverifiable() -> t.NoReturn:
            msg = (
                f"{action.label}: Keap's answer to its create was lost, and Keap offers no way "
                f"to tell whether it holds the {action.resource.stream} record, so it was not "
                f"sent again ({harm}). Check Keap; to send it anyway, remove the entry of "
                f"digest {action.digest} from {self.journal.log.where}."
            )
            raise RecordRejected(msg)

        return unverifiable

    def _gone(self, action: Action) -> Callable[[], dict[str, t.Any] | None] | None:
        """After a lost answer to a delete: whether Keap still has the record (404: deleted)."""
        if not action.call.readable:
            return None

        def gone() -> dict[str, t.Any] | None:
            try:
                self.connection.get_json(action.path)
            except KeapRefusal as exc:
                if exc.status == HTTP_NOT_FOUND:
                    return {}
                raise
            return None

        return gone

    def _merged(self, action: Action) -> dict[str, t.Any]:
        """The singleton as Keap holds it (its writable fields), with the record's fields."""
        current = self.connection.get_json(str(action.resource.read_path)) or {}
        fields = action.resource.fields
        kept = {
            name: sendable(spec, current[name])
            for name, spec in fields.items()
            if name in current and not absent(current[name], spec)
        }
        return {**kept, **(action.body or {})}


def _vendor_id(answer: KeapAnswer, action: Action) -> str | None:
    """The record's id in Keap's answer (`answer_id`), or the one its path named."""
    found = dig(answer.body, action.resource.answer_id)
    if found is not None:
        return str(found)
    id_property = action.resource.id_property
    return action.path_values.get(id_property) if id_property else None
