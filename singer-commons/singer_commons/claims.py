"""Who first claimed each identity in a run, kept on disk so memory stays flat.

Why: targets refuse a second record for an identity a run already sent (two rows for one
配配メール address in one import, two SATORI customers sharing an email). Remembering every
identity of a million-record run in a Python dict costs hundreds of megabytes; a SQLite file
in a scratch directory costs a few pages of cache whatever the run's size.

Speed: one SQLite statement per record was about a tenth of a target's time. A target that
judges records in batches `prefetch`es the batch's keys (one query per few hundred keys),
claims them in memory, and `flush`es the new claims with one `executemany`; a key claimed
without a prefetch goes to SQLite at once, as before. A batch whose keys are most likely all
new (a clean load) is claimed with `claim_all`: one statement inserting them all, undone
when any key was taken (the target then claims key by key).
"""

from __future__ import annotations

import sqlite3
import tempfile
import typing as t
from pathlib import Path

import msgspec

if t.TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

# Keys per lookup query: well under SQLite's limit of bound parameters.
LOOKUP_CHUNK = 500
_encoder = msgspec.json.Encoder()


class FirstClaims:
    """The first owner of each key, per namespace (e.g. per operation or per stream)."""

    def __init__(self, path: Path | None = None) -> None:
        """Open a fresh register at `path`, or in a scratch directory of its own.

        It is scratch data: no journal, no fsync, one transaction for the whole run.
        """
        self._scratch = None
        if path is None:
            self._scratch = tempfile.TemporaryDirectory(prefix="singer-claims-")
            path = Path(self._scratch.name) / "claims.sqlite"
        self._db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        self._db.execute("PRAGMA journal_mode = OFF")
        self._db.execute("PRAGMA synchronous = OFF")
        self._db.execute(
            "CREATE TABLE claims (namespace TEXT, key TEXT, owner TEXT, batch INTEGER, "
            "PRIMARY KEY (namespace, key)) WITHOUT ROWID"
        )
        self._db.execute("BEGIN")
        # Prefetched keys: their first owner, or None while unclaimed (until `flush`).
        self._prefetched: dict[tuple[str, str], str | None] = {}
        self._unflushed: list[tuple[str, str, str]] = []
        self._batches = 0  # claim_all calls so far: the claims of each carry its number

    def prefetch(self, keys: Iterable[tuple[str, str]]) -> None:
        """Look up the first owners of many (namespace, key) pairs for the claims to come."""
        wanted: dict[str, list[str]] = {}
        for namespace, key in keys:
            if (namespace, key) not in self._prefetched:
                self._prefetched[namespace, key] = None
                wanted.setdefault(namespace, []).append(key)
        for namespace, names in wanted.items():
            for start in range(0, len(names), LOOKUP_CHUNK):
                chunk = names[start : start + LOOKUP_CHUNK]
                marks = ", ".join("?" * len(chunk))
                rows = self._db.execute(
                    f"SELECT key, owner FROM claims WHERE namespace = ? AND key IN ({marks})",  # noqa: S608
                    (namespace, *chunk),
                )
                for key, owner in rows:
                    self._prefetched[namespace, key] = str(owner)

    def flush(self) -> None:
        """Write the claims made since the last flush, and forget the prefetched keys."""
        if self._unflushed:
            self._db.executemany("INSERT INTO claims VALUES (?, ?, ?, 0)", self._unflushed)
            self._unflushed.clear()
        self._prefetched.clear()

    def claim_all(self, namespace: str, keys: Sequence[str], owners: Sequence[str]) -> bool:
        """Claim every key for its owner if no key is claimed yet nor repeated; else none.

        False leaves the register as it was: claim the keys one by one to learn which.
        The pairs go to SQLite as one JSON array (one statement, no binding per key).
        """
        self.flush()
        pairs = _encoder.encode(list(zip(keys, owners, strict=True)))
        self._batches += 1
        before = self._db.total_changes
        self._db.execute(
            "INSERT OR IGNORE INTO claims SELECT ?, value ->> 0, value ->> 1, ? FROM json_each(?)",
            (namespace, self._batches, pairs),
        )
        if self._db.total_changes - before == len(keys):
            return True
        self._db.execute(  # the batch's own claims, found by key (the primary key's index)
            "DELETE FROM claims WHERE namespace = ? AND batch = ? AND key IN "
            "(SELECT value ->> 0 FROM json_each(?))",
            (namespace, self._batches, pairs),
        )
        return False

    def claim(self, namespace: str, key: str, owner: str) -> str | None:
        """Record `owner` as the first of `key`; or return the owner of an earlier claim."""
        if (namespace, key) in self._prefetched:
            earlier = self._prefetched[namespace, key]
            if earlier is None:
                self._prefetched[namespace, key] = owner
                self._unflushed.append((namespace, key, owner))
            return earlier
        inserted = self._db.execute(
            "INSERT OR IGNORE INTO claims VALUES (?, ?, ?, 0)", (namespace, key, owner)
        ).rowcount
        if inserted:
            return None
        row = self._db.execute(
            "SELECT owner FROM claims WHERE namespace = ? AND key = ?", (namespace, key)
        ).fetchone()
        return str(row[0])

    def close(self) -> None:
        """Close the register and delete its scratch directory, if it made one."""
        self._db.close()
        if self._scratch is not None:
            self._scratch.cleanup()
