"""Fixtures of the cross-plugin tests."""

from __future__ import annotations

import typing as t

import pytest
from postgres_server import new_database, temporary_server

if t.TYPE_CHECKING:
    from collections.abc import Iterator


@pytest.fixture(scope="session")
def postgres_uri() -> Iterator[str]:
    """A real PostgreSQL server of this worker's own, on loopback: its SQLAlchemy-style URI."""
    with temporary_server() as uri:
        yield uri


@pytest.fixture
def state_database(postgres_uri: str) -> str:
    """A database of this test's own on the worker's PostgreSQL server: its URI."""
    return new_database(postgres_uri, "state")
