"""The write journal of a target: which records it created, so no run creates one twice.

Why: a vendor without an idempotency key (Keap) makes a second record when a create whose
answer was lost (a timeout, a dropped connection, a kill -9) is sent again, and a re-run gets
the same records again because the state did not move past them. So before a create is sent,
the target journals the record's digest as `sending`; once the vendor answered, the id it
got (`created`). A later attempt or run then finds either
- an id: the record exists, nothing is sent (the target reports the journaled id); or
- a digest without an id: the create was sent and never answered, its fate unknown; the
  target looks the record up in the vendor before it sends it again (or refuses to guess).
A create the vendor refused was not applied: `forget` drops its entry.

Storage: one entry log per account in the `state_backend` (`singer_commons.state_store`),
each entry durable before the write it describes goes on: with files, a JSON-lines file under
`state_dir`, each line appended and fsynced under an exclusive lock, the last line of a
digest winning and a line cut short by a crash skipped; with PostgreSQL, one row per digest.
When the journal is opened, entries older than `kept` are dropped (the file rewritten
atomically), so it holds at most the creates of that period.
"""

from __future__ import annotations

import hashlib
import json
import typing as t
from dataclasses import dataclass
from datetime import datetime, timedelta

from singer_commons.clock import utc_now
from singer_commons.ledger import account_slug

if t.TYPE_CHECKING:
    from collections.abc import Callable

    from singer_commons.state_store import JsonObject, StateStore

SENDING = "sending"  # the create is about to be sent: its fate is unknown until answered
CREATED = "created"  # the vendor answered with the record's id
DEFAULT_KEPT = timedelta(days=7)


def record_digest(*parts: t.Any) -> str:
    """A stable digest of JSON values (a stream, an operation, a record), key order ignored."""
    text = json.dumps(parts, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


@dataclass(frozen=True)
class JournalEntry:
    """What the journal knows of one record: the vendor's id, or None while unanswered."""

    vendor_id: str | None
    recorded_at: datetime

    @property
    def unanswered(self) -> bool:
        """Whether the create was sent and its answer never arrived."""
        return self.vendor_id is None


class WriteJournal:
    """Digest → created id of one vendor account, in the state backend (see module doc)."""

    def __init__(
        self,
        store: StateStore,
        account: str,
        *,
        kept: timedelta = DEFAULT_KEPT,
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        """Open the journal of `account`, dropping entries older than `kept`.

        Args:
            store: The plugin's state backend (shared by the runs of one account).
            account: Names the account in the log's name; it must hold no secret.
            kept: How long an entry is kept: a re-run within this time finds it.
            clock: Current aware time; tests pass a fake clock.
        """
        self.log = store.entries(f"write-journal-{account_slug(account)}")
        self._clock = clock
        cutoff = clock() - kept

        def live(_digest: str, value: JsonObject) -> bool:
            entry = _entry(value)
            return entry is not None and entry.recorded_at >= cutoff

        self._entries = {
            digest: t.cast("JournalEntry", _entry(value))
            for digest, value in self.log.load(live).items()
        }

    def __len__(self) -> int:
        return len(self._entries)

    def entry(self, digest: str) -> JournalEntry | None:
        """What an earlier attempt (of this run or an earlier one) left for the record."""
        return self._entries.get(digest)

    def sending(self, digest: str) -> None:
        """Note, durably, that the record's create is about to be sent."""
        self._append(digest, JournalEntry(None, self._clock()))

    def created(self, digest: str, vendor_id: str) -> None:
        """Note, durably, the id the vendor created the record under."""
        self._append(digest, JournalEntry(vendor_id, self._clock()))

    def forget(self, digest: str) -> None:
        """Drop the record's entry: the vendor refused the create, nothing was written."""
        if self._entries.pop(digest, None) is not None:
            self.log.delete(digest)

    def _append(self, digest: str, entry: JournalEntry) -> None:
        self._entries[digest] = entry
        self.log.put(
            digest,
            {
                "state": SENDING if entry.vendor_id is None else CREATED,
                "id": entry.vendor_id,
                "at": entry.recorded_at.isoformat(),
            },
        )


def _entry(value: JsonObject) -> JournalEntry | None:
    """The entry a stored value describes, or None for a value that is not one of ours."""
    try:
        vendor_id = value.get("id")
        return JournalEntry(
            None if vendor_id is None else str(vendor_id), datetime.fromisoformat(value["at"])
        )
    except (ValueError, KeyError, TypeError):
        return None
