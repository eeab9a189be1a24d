"""The PostgreSQL state backend: documents and entry logs as rows, changed in transactions.

Why: N workers on N machines must take turns on one ledger or one refresh token exactly as
processes sharing a `state_dir` do through `flock`. Here a document is one row of
`singer_connectors.state_documents`; `locked()` inserts it if missing, then holds it with
`SELECT … FOR UPDATE` until the transaction that writes it commits (or rolls back on an
error, leaving the row as it was), so a rotating refresh token is read, spent and replaced
under one row lock. An entry log is the rows of `singer_connectors.state_entries` with its
name, each `put` and `delete` committed before it returns. The schema and tables are created
on first use (`CREATE … IF NOT EXISTS` under an advisory lock, so workers starting together
do not collide).

One connection per database per process, shared by the ledger, token store and journals of
the run, one transaction at a time (a re-entrant lock: a nested block becomes a savepoint).
The URI is a secret: it is registered for log redaction and errors name `state_backend` and
the host, never the URI.
"""

from __future__ import annotations

import contextlib
import threading
import typing as t
from dataclasses import dataclass
from urllib.parse import urlsplit

import psycopg
from psycopg.types.json import Jsonb

from singer_commons.errors import FatalConnectorError, TryAgainLater
from singer_commons.redaction import register_secret

if t.TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from singer_commons.state_store import JsonObject

SCHEMA = "singer_connectors"
DOCUMENTS = f"{SCHEMA}.state_documents"
ENTRIES = f"{SCHEMA}.state_entries"
# Any fixed number: the advisory lock that serialises the first CREATEs of concurrent workers.
_DDL_LOCK_KEY = 2_023_110_001
_DDL = (
    f"CREATE SCHEMA IF NOT EXISTS {SCHEMA}",
    f"CREATE TABLE IF NOT EXISTS {DOCUMENTS} ("
    " name text PRIMARY KEY,"
    " content jsonb NOT NULL,"
    " updated_at timestamptz NOT NULL DEFAULT now())",
    f"CREATE TABLE IF NOT EXISTS {ENTRIES} ("
    " log text NOT NULL,"
    " key text NOT NULL,"
    " value jsonb NOT NULL,"
    " updated_at timestamptz NOT NULL DEFAULT now(),"
    " PRIMARY KEY (log, key))",
)


class StateBackendError(FatalConnectorError):
    """The PostgreSQL `state_backend` could not be reached or used (exit 1, one line)."""


class StateBackendLost(TryAgainLater):
    """The connection to the `state_backend` database broke during the run (exit 75).

    A restart, a failover or a network cut, not a setting to fix: what was committed is kept,
    the transaction in hand was rolled back by the server, and the next run resumes from there.
    """


class PostgresDatabase:
    """One lazily opened connection to the `state_backend` database, one transaction at a time."""

    def __init__(self, uri: str) -> None:
        """Remember the URI (registered as a secret); nothing connects until first use."""
        self._uri = uri
        register_secret(uri)
        parts = urlsplit(uri)
        register_secret(parts.password)
        # Where, for messages: host, port and database, without user or password.
        self.name = f"{parts.hostname or 'localhost'}:{parts.port or 5432}{parts.path or '/'}"
        self._lock = threading.RLock()
        self._connection: psycopg.Connection[t.Any] | None = None

    @contextlib.contextmanager
    def transaction(self) -> Iterator[psycopg.Connection[t.Any]]:
        """A transaction on the shared connection, committed when the block exits cleanly.

        Raises:
            StateBackendError: when the database cannot be reached or refuses a statement.
        """
        with self._lock:
            connection = self._connect()
            try:
                with connection.transaction():
                    yield connection
            except psycopg.Error as error:
                if connection.broken:
                    msg = (
                        f"state_backend: PostgreSQL at {self.name}: the connection was lost "
                        f"({_first_line(error)}); what was committed is kept. Run again."
                    )
                    raise StateBackendLost(msg) from None
                raise self._failure("a statement failed", error) from None

    def _connect(self) -> psycopg.Connection[t.Any]:
        if self._connection is not None and not self._connection.broken:
            return self._connection
        try:
            connection = psycopg.connect(self._uri, autocommit=True, connect_timeout=30)
        except psycopg.Error as error:
            raise self._failure("cannot connect", error) from None
        try:
            with connection.transaction():
                connection.execute("SELECT pg_advisory_xact_lock(%s)", (_DDL_LOCK_KEY,))
                for statement in _DDL:
                    connection.execute(statement)
        except psycopg.Error as error:
            connection.close()
            raise self._failure(f"cannot create the schema {SCHEMA}", error) from None
        self._connection = connection
        return connection

    def _failure(self, what: str, error: psycopg.Error) -> StateBackendError:
        return StateBackendError(
            f"state_backend: PostgreSQL at {self.name}: {what} ({_first_line(error)}). Check "
            "the state_backend setting and that the database accepts this worker."
        )


def _first_line(error: psycopg.Error) -> str:
    """The error's first line (libpq names host, port and user, never the password)."""
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__


@dataclass
class _HeldRow:
    connection: psycopg.Connection[t.Any]
    name: str
    content: JsonObject

    def write(self, content: JsonObject) -> None:
        self.connection.execute(
            f"UPDATE {DOCUMENTS} SET content = %s, updated_at = now() WHERE name = %s",  # noqa: S608
            (Jsonb(content), self.name),
        )
        self.content = content


@dataclass(frozen=True)
class PostgresDocument:
    """One row of `singer_connectors.state_documents`, held with `SELECT … FOR UPDATE`."""

    database: PostgresDatabase
    name: str

    @property
    def where(self) -> str:
        """The table and row, and the database's host (no user, no password)."""
        return f"PostgreSQL {self.database.name} table {DOCUMENTS}, name {self.name!r}"

    def read(self) -> JsonObject:
        """The row's content now ({} when there is no row yet)."""
        with self.database.transaction() as connection:
            row = connection.execute(
                f"SELECT content FROM {DOCUMENTS} WHERE name = %s",  # noqa: S608
                (self.name,),
            ).fetchone()
        return dict(row[0]) if row else {}

    @contextlib.contextmanager
    def locked(self) -> Iterator[_HeldRow]:
        """Hold the row (created empty if missing) until the block's transaction ends."""
        with self.database.transaction() as connection:
            connection.execute(
                f"INSERT INTO {DOCUMENTS} (name, content) VALUES (%s, '{{}}') "  # noqa: S608
                "ON CONFLICT (name) DO NOTHING",
                (self.name,),
            )
            row = connection.execute(
                f"SELECT content FROM {DOCUMENTS} WHERE name = %s FOR UPDATE",  # noqa: S608
                (self.name,),
            ).fetchone()
            yield _HeldRow(connection, self.name, dict(row[0]) if row else {})


@dataclass(frozen=True)
class PostgresEntries:
    """The rows of `singer_connectors.state_entries` whose `log` is this log's name."""

    database: PostgresDatabase
    name: str

    @property
    def where(self) -> str:
        """The table and log name, and the database's host (no user, no password)."""
        return f"PostgreSQL {self.database.name} table {ENTRIES}, log {self.name!r}"

    def load(self, keep: Callable[[str, JsonObject], bool]) -> dict[str, JsonObject]:
        """Every entry; those `keep` refuses are deleted in the same transaction."""
        with self.database.transaction() as connection:
            rows = connection.execute(
                f"SELECT key, value FROM {ENTRIES} WHERE log = %s ORDER BY updated_at, key "  # noqa: S608
                "FOR UPDATE",
                (self.name,),
            ).fetchall()
            entries = {str(key): dict(value) for key, value in rows}
            dropped = [key for key, value in entries.items() if not keep(key, value)]
            if dropped:
                connection.execute(
                    f"DELETE FROM {ENTRIES} WHERE log = %s AND key = ANY(%s)",  # noqa: S608
                    (self.name, dropped),
                )
        for key in dropped:
            del entries[key]
        return entries

    def put(self, key: str, value: JsonObject) -> None:
        """Insert or replace one entry, committed before returning."""
        with self.database.transaction() as connection:
            connection.execute(
                f"INSERT INTO {ENTRIES} (log, key, value) VALUES (%s, %s, %s) "  # noqa: S608
                "ON CONFLICT (log, key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()",
                (self.name, key, Jsonb(value)),
            )

    def delete(self, key: str) -> None:
        """Delete one entry, committed before returning."""
        with self.database.transaction() as connection:
            connection.execute(
                f"DELETE FROM {ENTRIES} WHERE log = %s AND key = %s",  # noqa: S608
                (self.name, key),
            )


@dataclass(frozen=True)
class PostgresStateStore:
    """Documents and entry logs in one PostgreSQL database (see the module doc)."""

    database: PostgresDatabase

    def document(self, name: str) -> PostgresDocument:
        """The row `name` of `singer_connectors.state_documents`."""
        return PostgresDocument(self.database, name)

    def entries(self, name: str) -> PostgresEntries:
        """The rows of log `name` in `singer_connectors.state_entries`."""
        return PostgresEntries(self.database, name)


_databases: dict[str, PostgresDatabase] = {}
_databases_lock = threading.Lock()


def postgres_state_store(uri: str) -> PostgresStateStore:
    """The store of the database at `uri`, sharing one connection per process and URI."""
    with _databases_lock:
        database = _databases.get(uri)
        if database is None:
            database = _databases[uri] = PostgresDatabase(uri)
    return PostgresStateStore(database)
