"""The SDK's standard tap tests, run against a seeded Marketo sandbox."""

from __future__ import annotations

import tempfile

from singer_sdk.testing import get_tap_test_class

from tap_marketo_opportunities.tap import TapMarketoOpportunities
from vendor_sandbox.client import SandboxClient
from vendor_sandbox.server import SandboxServer
from vendor_sandbox.vendors import all_vendors

SEEDED = 40
# The standard suite builds its test class at import, so it gets its own sandbox (daemon
# threads, loopback, free port), independent of the per-test `marketo` fixture.
_SERVER = SandboxServer(all_vendors(), host="127.0.0.1", port=0).start()
_SANDBOX = SandboxClient(_SERVER.base_url)
_SANDBOX.marketo.seed(opportunities=SEEDED, roles_per_opportunity=2)

TestTapMarketoOpportunities = get_tap_test_class(
    TapMarketoOpportunities,
    config={
        "base_url": _SANDBOX.marketo.url,
        "client_id": "sandbox-client-id",
        "client_secret": "sandbox-client-secret",
        "filter_values": [f"OPP-{i:08d}" for i in range(SEEDED)],
        "state_dir": tempfile.mkdtemp(prefix="tap-marketo-state-"),
    },
)
