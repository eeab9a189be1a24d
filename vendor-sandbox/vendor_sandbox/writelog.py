"""A per-key write log: every record an emulator wrote, for tests to count writes per key.

No vendor keeps such a log; it is the sandbox's way of showing how often a plugin wrote each
record, so a fault test can tell a write resent after a lost answer from a duplicate. The
Marketo, 配配メール and SATORI emulators keep one (Keap keeps its own, `keap/writelog.py`,
with the request of each call). One entry per record written by an accepted call, or by an
import or bulk job when it is applied; a record the vendor refused or left unchanged (a
skipped sync record, a 失敗 or その他 import row, a failed bulk row) is not written.
"""

from __future__ import annotations

import typing as t


class WriteLog:
    """Written records, oldest first; the emulator's data lock guards every use."""

    def __init__(self) -> None:
        self._entries: list[dict[str, t.Any]] = []
        self._calls = 0

    def next_call(self) -> int:
        """The number of a new accepted write call (1, 2, …), shared by the entries it makes."""
        self._calls += 1
        return self._calls

    def add(
        self,
        resource: str,
        key: dict[str, t.Any],
        operation: str,
        *,
        call: int | str,
        record: dict[str, t.Any],
        answer_lost: str | None = None,
    ) -> None:
        """Log one written record.

        Args:
            resource: What was written (`opportunities`, `customers`, …).
            key: The fields that name the record, as the vendor matches them.
            operation: `create`, `update` or `delete`: what the write did.
            call: The call (a number from `next_call`) or job (an import id, a process
                code) that wrote it.
            record: The record as the plugin sent it (a JSON object, or a CSV row by header).
            answer_lost: The fault kind that held back the answer the plugin waited for, or None.
        """
        self._entries.append(
            {
                "seq": len(self._entries) + 1,
                "resource": resource,
                "key": key,
                "operation": operation,
                "call": call,
                "record": record,
                "answer_lost": answer_lost,
            }
        )

    def size(self) -> int:
        """How many entries there are (to mark the ones a call adds, see `mark_since`)."""
        return len(self._entries)

    def mark_since(self, start: int, answer_lost: str) -> None:
        """Mark the entries from position `start` on as written by a call whose answer was lost."""
        for entry in self._entries[start:]:
            entry["answer_lost"] = answer_lost

    def entries(self, resource: str | None = None) -> list[dict[str, t.Any]]:
        """Copies of the entries, all or those of one resource."""
        return [dict(entry) for entry in self._entries if resource in (None, entry["resource"])]
