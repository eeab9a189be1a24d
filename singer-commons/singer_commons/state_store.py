"""Where state that must outlive a run is kept: files under `state_dir`, or PostgreSQL.

Why one abstraction: the call ledgers, the rotating refresh-token stores and the write
journals must be read-modified-written by one run at a time across every run of an account.
On one machine a `flock` on a file in `state_dir` does that; across machines it does not
(network file systems), so `state_backend` may name a PostgreSQL database instead, where the
same operations are rows updated in transactions (`singer_commons.state_postgres`). The
users see two shapes, whatever the backend:

- a document: one small JSON object (a ledger, a token store, an upload journal), read
  freely and changed only inside `locked()`, which holds the lock (file: `flock`;
  PostgreSQL: the row's `SELECT … FOR UPDATE`) from the read until the write is durable;
- an entry log: JSON values by key (a write journal's records by digest), each `put` or
  `delete` durable on its own, loaded whole (and pruned) when a run opens it.

The file backend keeps the layout it always had: `<name>.json` (a document, replaced
atomically) or `<name>.jsonl` (an entry log, one line appended and fsynced per change, the
last line of a key winning) beside a `<name>.lock` file, all with mode 0600.
"""

from __future__ import annotations

import contextlib
import json
import os
import typing as t
from dataclasses import dataclass
from pathlib import Path

from singer_commons.errors import config_error
from singer_commons.files import (
    PRIVATE_FILE_MODE,
    atomic_write_json,
    atomic_write_text,
    exclusive_lock,
    read_json,
)

if t.TYPE_CHECKING:
    from collections.abc import Callable, Iterator

FILE_BACKEND = "file"
POSTGRES_SCHEMES = ("postgresql://", "postgres://")

JsonObject = dict[str, t.Any]
# An entry log's lines (the format write journals have always had on disk).
KEY_FIELD = "digest"
DELETED: JsonObject = {"state": "forgotten"}


class LockedDocument(t.Protocol):
    """A document while its lock is held: its content as read, and a way to replace it."""

    @property
    def content(self) -> JsonObject:
        """The content when the lock was taken ({} for a document never written)."""
        ...

    def write(self, content: JsonObject) -> None:
        """Replace the content; durable once the `locked()` block exits without an error."""
        ...


class StateDocument(t.Protocol):
    """One JSON object shared by every run of an account (see the module doc)."""

    @property
    def where(self) -> str:
        """Where it is kept, for messages (a path or a table and key; never a password)."""
        ...

    def read(self) -> JsonObject:
        """The content now, without the lock ({} for a document never written)."""
        ...

    def locked(self) -> contextlib.AbstractContextManager[LockedDocument]:
        """Hold the document's lock for a read-modify-write (released on exit or crash)."""
        ...


class StateEntries(t.Protocol):
    """JSON values by key, each change durable on its own (see the module doc)."""

    @property
    def where(self) -> str:
        """Where they are kept, for messages."""
        ...

    def load(self, keep: Callable[[str, JsonObject], bool]) -> dict[str, JsonObject]:
        """Every entry, after dropping for good (under the lock) those `keep` refuses."""
        ...

    def put(self, key: str, value: JsonObject) -> None:
        """Set one entry durably before returning."""
        ...

    def delete(self, key: str) -> None:
        """Drop one entry durably before returning."""
        ...


class StateStore(t.Protocol):
    """The documents and entry logs of one backend, each named without secrets."""

    def document(self, name: str) -> StateDocument:
        """The document `name` (file-name-safe: letters, digits, `.`, `_`, `-`)."""
        ...

    def entries(self, name: str) -> StateEntries:
        """The entry log `name` (file-name-safe, as for documents)."""
        ...


@dataclass(frozen=True)
class FileStateStore:
    """State kept in files under one directory, locked with `flock` (one machine)."""

    directory: Path

    def document(self, name: str) -> FileDocument:
        """`<directory>/<name>.json`, locked through `<name>.lock`."""
        return FileDocument(self.directory / f"{name}.json", self.directory / f"{name}.lock")

    def entries(self, name: str) -> FileEntries:
        """`<directory>/<name>.jsonl`, locked through `<name>.lock`."""
        return FileEntries(self.directory / f"{name}.jsonl", self.directory / f"{name}.lock")


@dataclass
class _HeldFile:
    path: Path
    content: JsonObject

    def write(self, content: JsonObject) -> None:
        atomic_write_json(self.path, content)
        self.content = content


@dataclass(frozen=True)
class FileDocument:
    """A JSON file written atomically (mode 0600) under an exclusive `flock`."""

    path: Path
    lock_path: Path

    @property
    def where(self) -> str:
        """The file's path."""
        return str(self.path)

    def read(self) -> JsonObject:
        """The file's content ({} when it does not exist yet).

        Raises:
            ValueError: when the file is not valid JSON (starting over would forget state).
        """
        return dict(read_json(self.path, {}))

    @contextlib.contextmanager
    def locked(self) -> Iterator[_HeldFile]:
        """Hold the `flock` of the lock file for the block."""
        with exclusive_lock(self.lock_path):
            yield _HeldFile(self.path, self.read())


@dataclass(frozen=True)
class FileEntries:
    """A JSON-lines file: `{"digest": key, **value}` per put, `DELETED` after the key per delete.

    The last line of a key wins and a line cut short by a crash is skipped; `load` rewrites
    the file atomically when it holds lines that are not kept entries.
    """

    path: Path
    lock_path: Path

    @property
    def where(self) -> str:
        """The file's path."""
        return str(self.path)

    def load(self, keep: Callable[[str, JsonObject], bool]) -> dict[str, JsonObject]:
        """The entries of the file, compacted when it holds more lines than kept entries."""
        with exclusive_lock(self.lock_path):
            entries, lines = self._read()
            kept = {key: value for key, value in entries.items() if keep(key, value)}
            if len(kept) != lines:
                atomic_write_text(self.path, "".join(self._line(k, v) for k, v in kept.items()))
        return kept

    def put(self, key: str, value: JsonObject) -> None:
        """Append the entry's line and fsync it."""
        self._append(self._line(key, value))

    def delete(self, key: str) -> None:
        """Append a delete line and fsync it."""
        self._append(json.dumps({KEY_FIELD: key, **DELETED}) + "\n")

    @staticmethod
    def _line(key: str, value: JsonObject) -> str:
        return json.dumps({KEY_FIELD: key, **value}) + "\n"

    def _append(self, line: str) -> None:
        with exclusive_lock(self.lock_path):
            fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, PRIVATE_FILE_MODE)
            try:
                os.write(fd, line.encode("utf-8"))
                os.fsync(fd)
            finally:
                os.close(fd)

    def _read(self) -> tuple[dict[str, JsonObject], int]:
        """The entries (the last line of a key wins) and the file's number of lines."""
        entries: dict[str, JsonObject] = {}
        try:
            text = self.path.read_text(encoding="utf-8", errors="replace")
        except FileNotFoundError:
            return entries, 0
        lines = text.splitlines()
        for line in lines:
            try:
                raw = json.loads(line)
                key = str(raw.pop(KEY_FIELD))
            except (ValueError, KeyError, TypeError, AttributeError):
                continue  # a line cut short by a crash (or not ours): nothing to learn from it
            if raw == DELETED:
                entries.pop(key, None)
            else:
                entries[key] = raw
        return entries, len(lines)


def open_state_store(backend: str, state_dir: Path) -> StateStore:
    """The store `state_backend` names: files in `state_dir`, or a PostgreSQL database.

    Raises:
        ConfigValidationError: naming `state_backend` (never its value, which may hold a
            password) when it is neither `file` nor a PostgreSQL URI.
    """
    if backend.strip() == FILE_BACKEND:
        return FileStateStore(state_dir)
    if backend.strip().startswith(POSTGRES_SCHEMES):
        # Imported here: the driver is the optional `postgres` extra, and file users skip it.
        try:
            from singer_commons.state_postgres import postgres_state_store  # noqa: PLC0415
        except ImportError as missing:
            msg = (
                "state_backend names a PostgreSQL database, but its driver is not installed "
                f"({missing}): install the plugin with its `postgres` extra, e.g. "
                "pip install 'hashiwatashi-tap-infusionsoft[postgres]'."
            )
            raise config_error(msg) from None
        return postgres_state_store(backend.strip())
    msg = (
        f"state_backend must be {FILE_BACKEND!r} or a PostgreSQL URI starting with "
        f"{' or '.join(POSTGRES_SCHEMES)}; the value set is neither."
    )
    raise config_error(msg)
