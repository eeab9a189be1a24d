"""The SDK's standard tap tests, run against a seeded Marketo sandbox."""

from __future__ import annotations

import tempfile

from singer_sdk.testing import get_tap_test_class

from tap_marketo_opportunities.tap import TapMarketoOpportunities
from vendor_sandbox.testing.suites import suite_sandbox

SEEDED = 40
_MARKETO = suite_sandbox().marketo
_MARKETO.seed(opportunities=SEEDED, roles_per_opportunity=2)

TestTapMarketoOpportunities = get_tap_test_class(
    TapMarketoOpportunities,
    config={
        "base_url": _MARKETO.url,
        "client_id": "sandbox-client-id",
        "client_secret": "sandbox-client-secret",
        "filter_values": [f"OPP-{i:08d}" for i in range(SEEDED)],
        "state_dir": tempfile.mkdtemp(prefix="tap-marketo-state-"),
    },
)
