"""The write log: every write the account applied, in order, for tests to read back.

Keap keeps no such log; it is the sandbox's way of showing what a plugin really wrote (the
request as sent, the fields Keap ignored, the id it answered) and whether the answer to it
was lost on purpose. Refused writes (4xx) changed nothing and are not logged.
"""

from __future__ import annotations

import typing as t


class WriteLog:
    """Applied writes, oldest first; the store's lock guards every use."""

    def __init__(self) -> None:
        self._entries: list[dict[str, t.Any]] = []

    def add(self, entry: dict[str, t.Any]) -> dict[str, t.Any]:
        """Log one applied write; returns the entry (the caller may mark it later)."""
        entry = {"seq": len(self._entries) + 1, **entry, "answer_lost": None}
        self._entries.append(entry)
        return entry

    def entries(self, resource: str | None = None) -> list[dict[str, t.Any]]:
        """Copies of the entries, all or those of one resource (a stream name)."""
        return [dict(entry) for entry in self._entries if resource in (None, entry["resource"])]
