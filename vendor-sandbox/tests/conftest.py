"""Fixtures of the sandbox's own tests (`sandbox`, `marketo`, `keap` come from the plugin)."""

from __future__ import annotations

import typing as t
from dataclasses import dataclass

import pytest
from sandbox_helpers import MarketoApi
from sandbox_keap_helpers import KeapApi, ManualClock

from vendor_sandbox import SandboxClient, SandboxServer
from vendor_sandbox.keap import KeapEmulator

if t.TYPE_CHECKING:
    from collections.abc import Iterator

    from vendor_sandbox.client.keap import KeapControl


@pytest.fixture
def api(marketo) -> MarketoApi:
    """A Marketo REST client for the clean instance of this test."""
    return MarketoApi(marketo.url)


@pytest.fixture
def keap_api(keap) -> KeapApi:
    """A Keap REST client for the clean account of this test."""
    return KeapApi(keap.url, keap.token_url)


@dataclass
class ClockedKeap:
    """A Keap-only sandbox whose time moves only when the test advances `clock`."""

    clock: ManualClock
    keap: KeapControl
    api: KeapApi


@pytest.fixture
def clocked_keap() -> Iterator[ClockedKeap]:
    """Keap on its own loopback port with a manual clock (token expiry, windows, days)."""
    clock = ManualClock()
    server = SandboxServer([KeapEmulator(clock=clock)], host="127.0.0.1", port=0).start()
    keap = SandboxClient(server.base_url).keap
    try:
        yield ClockedKeap(clock, keap, KeapApi(keap.url, keap.token_url))
    finally:
        server.stop()
