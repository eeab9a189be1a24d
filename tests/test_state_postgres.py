"""The PostgreSQL state backend on a real server: documents, entry logs, errors, secrecy.

The concurrency of whole plugins is in `test_state_backend_workers.py`; here each piece the
plugins use is checked against the same server: a ledger's locked read-modify-write from
several processes, a write journal's entries and pruning, and what a worker says when the
database is wrong or out of reach.
"""

from __future__ import annotations

import socket
from datetime import UTC, datetime, timedelta

import psycopg
import pytest

from singer_commons.errors import EXIT_TRY_AGAIN_LATER, exit_code_of
from singer_commons.ledger import CallLedger
from singer_commons.state_postgres import DOCUMENTS, ENTRIES, StateBackendError, StateBackendLost
from singer_commons.state_store import open_state_store
from singer_commons.testing import SHARED_ACCOUNT, SHARED_API, FakeClock, spend_from_processes
from singer_commons.write_journal import WriteJournal

PROCESSES = 4
SPENDS_PER_PROCESS = 40
BUDGET = 100
NOON = datetime(2026, 11, 23, 12, tzinfo=UTC)


def _noon() -> datetime:
    return NOON


def test_processes_sharing_a_ledger_row_spend_exactly_the_budget(state_database, tmp_path):
    exit_codes, refused = spend_from_processes(
        state_database,
        tmp_path,
        budget=BUDGET,
        processes=PROCESSES,
        spends=SPENDS_PER_PROCESS,
        now=NOON,
    )

    assert exit_codes == [0] * PROCESSES
    assert refused == PROCESSES * SPENDS_PER_PROCESS - BUDGET
    ledger = CallLedger(open_state_store(state_database, tmp_path), SHARED_ACCOUNT, clock=_noon)
    assert ledger.used(SHARED_API) == BUDGET
    with psycopg.connect(state_database) as connection:
        (content,) = connection.execute(f"SELECT content FROM {DOCUMENTS}").fetchone()  # noqa: S608
    assert content["calls"] == {SHARED_API: BUDGET}
    assert list(tmp_path.iterdir()) == []  # nothing on this machine's disk


def test_a_write_journal_keeps_its_entries_in_rows_and_prunes_old_ones(state_database, tmp_path):
    clock = FakeClock(NOON)
    store = open_state_store(state_database, tmp_path)
    journal = WriteJournal(store, "keap-0123456789abcdef", clock=clock.now)
    journal.sending("old")
    journal.created("old", "1")
    journal.sending("refused")
    journal.forget("refused")
    clock.advance(timedelta(days=6).total_seconds())
    journal.sending("lost")
    clock.advance(timedelta(days=2).total_seconds())

    reopened = WriteJournal(store, "keap-0123456789abcdef", clock=clock.now)

    assert reopened.entry("old") is None
    assert reopened.entry("refused") is None
    assert reopened.entry("lost").unanswered
    with psycopg.connect(state_database) as connection:
        rows = connection.execute(f"SELECT log, key, value FROM {ENTRIES}").fetchall()  # noqa: S608
    assert [(log, key, value["state"]) for log, key, value in rows] == [
        ("write-journal-keap-0123456789abcdef", "lost", "sending")
    ]


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_an_unreachable_database_is_one_line_naming_the_setting_not_the_password(tmp_path):
    uri = f"postgresql://worker:s3cret-pw@127.0.0.1:{_closed_port()}/state"
    ledger = CallLedger(open_state_store(uri, tmp_path), "x.example", clock=_noon)

    with pytest.raises(StateBackendError) as raised:
        ledger.spend("rest")

    message = str(raised.value)
    assert message.startswith("state_backend: PostgreSQL at 127.0.0.1:")
    assert "s3cret-pw" not in message
    assert uri not in message
    assert "\n" not in message


def test_a_connection_lost_mid_run_stops_with_75_and_the_next_call_reconnects(
    state_database, tmp_path
):
    ledger = CallLedger(open_state_store(state_database, tmp_path), "x.example", clock=_noon)
    ledger.spend("rest")
    with psycopg.connect(state_database, autocommit=True) as admin:
        admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )

    with pytest.raises(StateBackendLost) as raised:
        ledger.spend("rest")

    assert exit_code_of(raised.value) == EXIT_TRY_AGAIN_LATER
    assert str(raised.value).startswith("state_backend: PostgreSQL at 127.0.0.1:")
    ledger.spend("rest")
    assert ledger.used("rest") == 2  # the lost spend was rolled back, not counted
