"""pytest fixtures: a sandbox per test session, a clean Marketo, Keap or 配配メール per test.

Loaded through the `pytest11` entry point (and/or `-p vendor_sandbox.pytest_plugin`).
Under pytest-xdist each worker gets its own sandbox on its own port.
"""

from __future__ import annotations

import typing as t

import pytest

from vendor_sandbox.client import SandboxClient
from vendor_sandbox.server import SandboxServer
from vendor_sandbox.vendors import all_vendors

if t.TYPE_CHECKING:
    from collections.abc import Iterator


@pytest.fixture(scope="session")
def sandbox() -> Iterator[SandboxClient]:
    """Every emulator on a free loopback port for the session, served by daemon threads."""
    server = SandboxServer(all_vendors(), host="127.0.0.1", port=0).start()
    try:
        yield SandboxClient(server.base_url)
    finally:
        server.stop()


@pytest.fixture
def marketo(sandbox: SandboxClient) -> SandboxClient:
    """The sandbox client after a reset: each test starts with Marketo's defaults, no data."""
    sandbox.reset()
    return sandbox


@pytest.fixture
def keap(sandbox: SandboxClient) -> SandboxClient:
    """The sandbox client after a reset: each test starts with Keap's defaults and seed."""
    sandbox.reset()
    return sandbox


@pytest.fixture
def haihai(sandbox: SandboxClient) -> SandboxClient:
    """The sandbox client after a reset: a 配配メール account with its defaults and seed."""
    sandbox.reset()
    return sandbox
