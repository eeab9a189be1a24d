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

Storage: one JSON-lines file per account under `state_dir`, each line appended and fsynced
under an exclusive lock (`singer_commons.files`) before the write it describes goes on; the
last line of a digest wins, and a line cut short by a crash is skipped. When the journal is
opened, entries older than `kept` are dropped and the file is rewritten atomically, so it
holds at most the creates of that period.
"""

from __future__ import annotations

import hashlib
import json
import os
import typing as t
from dataclasses import dataclass
from datetime import datetime, timedelta

from singer_commons.clock import utc_now
from singer_commons.files import PRIVATE_FILE_MODE, atomic_write_text, exclusive_lock
from singer_commons.ledger import account_slug

if t.TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

SENDING = "sending"  # the create is about to be sent: its fate is unknown until answered
CREATED = "created"  # the vendor answered with the record's id
FORGOTTEN = "forgotten"  # the vendor refused the create: nothing was written
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
    """Digest → created id of one vendor account, persisted under `state_dir` (see module doc)."""

    def __init__(
        self,
        state_dir: Path,
        account: str,
        *,
        kept: timedelta = DEFAULT_KEPT,
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        """Open the journal of `account`, dropping entries older than `kept`.

        Args:
            state_dir: The plugin's `state_dir` (shared by the runs of one account).
            account: Names the account in the file name; it must hold no secret.
            kept: How long an entry is kept: a re-run within this time finds it.
            clock: Current aware time; tests pass a fake clock.
        """
        slug = account_slug(account)
        self.path = state_dir / f"write-journal-{slug}.jsonl"
        self._lock_path = state_dir / f"write-journal-{slug}.lock"
        self._clock = clock
        with exclusive_lock(self._lock_path):
            self._entries, lines = self._read()
            cutoff = clock() - kept
            live = {
                digest: entry
                for digest, entry in self._entries.items()
                if entry.recorded_at >= cutoff
            }
            if len(live) != lines:
                self._entries = live
                atomic_write_text(self.path, "".join(_line(d, e) for d, e in live.items()))

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
            self._write_line(json.dumps({"digest": digest, "state": FORGOTTEN}) + "\n")

    def _append(self, digest: str, entry: JournalEntry) -> None:
        self._entries[digest] = entry
        self._write_line(_line(digest, entry))

    def _write_line(self, line: str) -> None:
        """Append one line and fsync it before returning (the write it describes waits)."""
        with exclusive_lock(self._lock_path):
            fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, PRIVATE_FILE_MODE)
            try:
                os.write(fd, line.encode("utf-8"))
                os.fsync(fd)
            finally:
                os.close(fd)

    def _read(self) -> tuple[dict[str, JournalEntry], int]:
        """The entries of the file (the last line of a digest wins) and its number of lines."""
        entries: dict[str, JournalEntry] = {}
        try:
            text = self.path.read_text(encoding="utf-8", errors="replace")
        except FileNotFoundError:
            return entries, 0
        lines = text.splitlines()
        for line in lines:
            try:
                raw = json.loads(line)
                digest, state = str(raw["digest"]), raw["state"]
                if state == FORGOTTEN:
                    entries.pop(digest, None)
                    continue
                vendor_id = raw.get("id")
                entries[digest] = JournalEntry(
                    None if vendor_id is None else str(vendor_id),
                    datetime.fromisoformat(raw["at"]),
                )
            except (ValueError, KeyError, TypeError):
                continue  # a line cut short by a crash (or not ours): nothing to learn from it
        return entries, len(lines)


def _line(digest: str, entry: JournalEntry) -> str:
    state = SENDING if entry.vendor_id is None else CREATED
    return (
        json.dumps(
            {
                "digest": digest,
                "state": state,
                "id": entry.vendor_id,
                "at": entry.recorded_at.isoformat(),
            }
        )
        + "\n"
    )
