"""The upload journal: which batches this account was sent, so a re-run never sends one twice.

Why: an upload is queued by 配配メール and answered with an import id; the run then polls until
完了. If the run dies in between (a crash, a kill, the status API's quota), the re-run gets
the same records from the tap (its state did not move) and builds the same CSV. The journal,
keyed by a digest of the CSV bytes and the upload options, says the batch is already queued
(and under which import id) or already applied, so the re-run polls or skips instead of
uploading again. Entries are removed once the run that made them has finished; entries older
than the vendor's 10 days of results are dropped as unusable. The journal is one document of
the `state_backend` (a file under `state_dir`, or a PostgreSQL row), changed under its lock.
"""

from __future__ import annotations

import typing as t
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta

from singer_commons.clock import utc_now
from singer_commons.ledger import account_slug

if t.TYPE_CHECKING:
    from singer_commons.state_store import StateStore

# Seed 001: 処理結果を確認できるのは、過去10日間の一括処理です.
RESULTS_KEPT = timedelta(days=10)
SENDING = "sending"  # the upload was about to be sent; its fate is unknown
QUEUED = "queued"  # 配配メール answered with an import id
APPLIED = "applied"  # 完了 was seen and the results recorded


@dataclass(frozen=True)
class JournalEntry:
    """What the journal knows about one batch."""

    label: str
    rows: int
    state: str
    recorded_at: str
    import_id: str | None = None


class UploadJournal:
    """A locked JSON document of batches by digest, in the state backend, per account."""

    def __init__(self, store: StateStore, account: str) -> None:
        """Use the journal of `account` (the document is written on the first entry)."""
        self.document = store.document(f"upload-journal-{account_slug(account)}")

    def entry(self, digest: str) -> JournalEntry | None:
        """The batch's entry, if an earlier (or this) run recorded it."""
        raw = self.document.read().get("batches", {}).get(digest)
        return JournalEntry(**raw) if raw else None

    def record(self, digest: str, entry: JournalEntry) -> None:
        """Write (or replace) a batch's entry, durably."""
        with self.document.locked() as held:
            entries = _batches(held.content)
            entries[digest] = asdict(entry)
            held.write({"batches": entries})

    def forget(self, digests: t.Iterable[str]) -> None:
        """Drop the entries of a finished run's batches."""
        with self.document.locked() as held:
            entries = _batches(held.content)
            for digest in digests:
                entries.pop(digest, None)
            held.write({"batches": entries})

    def expired(self) -> list[JournalEntry]:
        """Drop and return entries older than the vendor keeps results."""
        with self.document.locked() as held:
            entries = _batches(held.content)
            cutoff = utc_now() - RESULTS_KEPT
            old = {
                digest: raw
                for digest, raw in entries.items()
                if datetime.fromisoformat(raw["recorded_at"]) < cutoff
            }
            if old:
                for digest in old:
                    del entries[digest]
                held.write({"batches": entries})
        return [JournalEntry(**raw) for raw in old.values()]


def _batches(content: dict[str, t.Any]) -> dict[str, dict[str, t.Any]]:
    return dict(content.get("batches", {}))
