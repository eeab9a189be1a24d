"""Who first claimed each identity in a run, kept on disk so memory stays flat.

Why: targets refuse a second record for an identity a run already sent (two rows for one
配配メール address in one import, two SATORI customers sharing an email). Remembering every
identity of a million-record run in a Python dict costs hundreds of megabytes; a SQLite file
in a scratch directory costs a few pages of cache whatever the run's size.
"""

from __future__ import annotations

import sqlite3
import tempfile
from pathlib import Path


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
            "CREATE TABLE claims (namespace TEXT, key TEXT, owner TEXT, "
            "PRIMARY KEY (namespace, key)) WITHOUT ROWID"
        )
        self._db.execute("BEGIN")

    def claim(self, namespace: str, key: str, owner: str) -> str | None:
        """Record `owner` as the first of `key`; or return the owner of an earlier claim."""
        inserted = self._db.execute(
            "INSERT OR IGNORE INTO claims VALUES (?, ?, ?)", (namespace, key, owner)
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
