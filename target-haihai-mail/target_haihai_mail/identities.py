"""The first row of each address per operation in a run, so a second one is refused, not sent.

Why refuse the later row: 配配メール's spec does not say what an import does with two rows for
one address (the first wins? the last? one is その他? the row fails?), so sending both leaves
the outcome to chance. Merging them would guess which value the sender meant. Keeping the
first row and rejecting the later one, naming the address and where the first came from, is
deterministic (a re-run builds the same file, so the upload journal still recognises it) and
loses nothing: the rejected row is in the reject file, to be replayed after a look.

Addresses are compared case-insensitively, as 配配メール keys its customers. The register is
a SQLite file in the run's spool directory, not a Python set, so memory stays flat at
millions of rows (see spool.py).
"""

from __future__ import annotations

import sqlite3
import typing as t

if t.TYPE_CHECKING:
    from pathlib import Path


class FirstRows:
    """Remembers, per operation, the first row of each address (and how to name it)."""

    def __init__(self, path: Path) -> None:
        """Create the register in a fresh file (scratch data: no journal, no fsync)."""
        self._db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        self._db.execute("PRAGMA journal_mode = OFF")
        self._db.execute("PRAGMA synchronous = OFF")
        self._db.execute(
            "CREATE TABLE first_rows (operation TEXT, address TEXT, label TEXT, "
            "PRIMARY KEY (operation, address)) WITHOUT ROWID"
        )
        # One transaction for the whole run: no commit per row; pages spill to the file.
        self._db.execute("BEGIN")

    def claim(self, operation: str, address: str, label: str) -> str | None:
        """Record the row `label` as the first of `address`; or the label of an earlier one."""
        key = (operation, address.lower())
        inserted = self._db.execute(
            "INSERT OR IGNORE INTO first_rows VALUES (?, ?, ?)", (*key, label)
        ).rowcount
        if inserted:
            return None
        row = self._db.execute(
            "SELECT label FROM first_rows WHERE operation = ? AND address = ?", key
        ).fetchone()
        return str(row[0])

    def close(self) -> None:
        """Close the file (the plan deletes its directory)."""
        self._db.close()
