"""The SDK's standard tap tests, run against a seeded Keap sandbox."""

from __future__ import annotations

import tempfile

from singer_sdk.testing import get_tap_test_class

from tap_infusionsoft.tap import TapInfusionsoft
from vendor_sandbox.testing.suites import suite_sandbox

_KEAP = suite_sandbox().keap
_KEAP.seed(contacts=30, default=3)

_CONFIG = {
    "base_url": _KEAP.url,
    "api_key": "sandbox-keap-api-key",
    "state_dir": tempfile.mkdtemp(prefix="tap-infusionsoft-state-"),
    "max_calls_per_second": 500,
}


def _catalog_selecting_everything() -> dict:
    """The discovered catalog with the streams not selected by default selected too."""
    catalog = TapInfusionsoft(config=_CONFIG).catalog_dict
    for entry in catalog["streams"]:
        for metadata in entry["metadata"]:
            if not metadata["breadcrumb"]:
                metadata["metadata"]["selected"] = True
    return catalog


# A snapshot naming a contact the sandbox does not have, so `deleted_contacts` reports one.
_STATE = {"bookmarks": {"deleted_contacts": {"known_contacts": [[999, "gone@example.com"]]}}}

TestTapInfusionsoft = get_tap_test_class(
    TapInfusionsoft, config=_CONFIG, catalog=_catalog_selecting_everything(), state=_STATE
)
