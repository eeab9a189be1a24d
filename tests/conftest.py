"""Fixtures of the cross-plugin tests."""

from __future__ import annotations

import typing as t
from pathlib import Path

import pytest
from plugin_runner import PluginRunner
from postgres_server import temporary_server

if t.TYPE_CHECKING:
    from collections.abc import Iterator


@pytest.fixture
def run_plugin(tmp_path: Path) -> PluginRunner:
    """Run a plugin executable from this environment as a subprocess in a temp dir."""
    return PluginRunner(tmp_path)


@pytest.fixture(scope="session")
def postgres_uri() -> Iterator[str]:
    """A real PostgreSQL server of this worker's own, on loopback: its SQLAlchemy-style URI."""
    with temporary_server() as uri:
        yield uri
