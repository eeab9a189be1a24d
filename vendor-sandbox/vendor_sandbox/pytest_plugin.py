"""pytest fixtures: a sandbox per session; a clean Marketo, Keap, 配配メール or SATORI per test.

Also an emptied SMTP sink (`mail`) and TLS-only sinks of their own (`tls_mail_sink`,
`ssl_mail_sink`) for plugins that send notification mails, and `run_plugin`, which runs a
plugin as a real process in the test's temporary folder.

Loaded through the `pytest11` entry point (and/or `-p vendor_sandbox.pytest_plugin`).
Under pytest-xdist each worker gets its own sandbox on its own port. It switches the plugins'
test hooks on (`SINGER_CONNECTORS_TEST_HOOKS=1`) for the whole test run.
"""

from __future__ import annotations

import os
import typing as t

import pytest

from vendor_sandbox.client import SandboxClient
from vendor_sandbox.mail import (
    DEFAULT_PASSWORD,
    DEFAULT_USERNAME,
    SANDBOX_CERT_FILE,
    SANDBOX_KEY_FILE,
    SmtpSink,
)
from vendor_sandbox.server import SandboxServer
from vendor_sandbox.testing.runner import TEST_HOOKS, PluginRunner
from vendor_sandbox.vendors import all_vendors

if t.TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from vendor_sandbox.client.haihai import HaihaiControl
    from vendor_sandbox.client.keap import KeapControl
    from vendor_sandbox.client.mail import MailControl
    from vendor_sandbox.client.marketo import MarketoControl
    from vendor_sandbox.client.satori import SatoriControl


def pytest_configure(config: pytest.Config) -> None:
    """Switch the plugins' test hooks on for every test, in this process and its children.

    Tests move a plugin's clock (`SINGER_CONNECTORS_NOW`) and cut its retry waits
    (`SINGER_CONNECTORS_RETRY_WAIT_SCALE`), in process or in a plugin process; plugins honour
    those only with the switch, which a production environment never sets.
    """
    del config
    os.environ.update(TEST_HOOKS)


@pytest.fixture(scope="session")
def sandbox() -> Iterator[SandboxClient]:
    """Every emulator on a free loopback port for the session, served by daemon threads."""
    server = SandboxServer(all_vendors(), host="127.0.0.1", port=0).start()
    try:
        yield SandboxClient(server.base_url)
    finally:
        server.stop()


@pytest.fixture
def marketo(sandbox: SandboxClient) -> MarketoControl:
    """Marketo's control client after a reset: each test starts with its defaults, no data."""
    sandbox.reset()
    return sandbox.marketo


@pytest.fixture
def keap(sandbox: SandboxClient) -> KeapControl:
    """Keap's control client after a reset: each test starts with its defaults and seed."""
    sandbox.reset()
    return sandbox.keap


@pytest.fixture
def haihai(sandbox: SandboxClient) -> HaihaiControl:
    """配配メール's control client after a reset: an account with its defaults and seed."""
    sandbox.reset()
    return sandbox.haihai


@pytest.fixture
def satori(sandbox: SandboxClient) -> SatoriControl:
    """SATORI's control client after a reset: a company with its defaults, no customers."""
    sandbox.reset()
    return sandbox.satori


@pytest.fixture
def mail(sandbox: SandboxClient) -> MailControl:
    """The session's SMTP sink, emptied.

    Send to `mail.settings()["host"]` / `["port"]` (plain SMTP, AUTH with
    `DEFAULT_USERNAME` / `DEFAULT_PASSWORD`), then read `mail.messages()`.
    """
    sandbox.mail.clear()
    return sandbox.mail


def _tls_sink(security: str) -> SmtpSink:
    return SmtpSink(
        username=DEFAULT_USERNAME,
        password=DEFAULT_PASSWORD,
        security=security,
        certfile=SANDBOX_CERT_FILE,
        keyfile=SANDBOX_KEY_FILE,
    ).start()


@pytest.fixture
def tls_mail_sink() -> Iterator[SmtpSink]:
    """A separate SMTP sink for this test: STARTTLS with the sandbox certificate, AUTH after it.

    Clients trust it with `SSL_CERT_FILE` (or `cafile`) set to `SANDBOX_CERT_FILE`.
    """
    sink = _tls_sink("starttls")
    try:
        yield sink
    finally:
        sink.stop()


@pytest.fixture
def ssl_mail_sink() -> Iterator[SmtpSink]:
    """A separate SMTP sink for this test: implicit TLS (like port 465), sandbox certificate."""
    sink = _tls_sink("ssl")
    try:
        yield sink
    finally:
        sink.stop()


@pytest.fixture
def run_plugin(tmp_path: Path) -> PluginRunner:
    """Run a plugin executable of this environment as a subprocess in the test's temp dir."""
    return PluginRunner(tmp_path)
