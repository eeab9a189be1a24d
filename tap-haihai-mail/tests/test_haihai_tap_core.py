"""The SDK's standard tap tests, run against a seeded 配配メール sandbox.

The account's clock and the tap's are both at `NOW` (10:00 in Tokyo), so "yesterday" is the
same day for both and the seeded week holds records for every date stream.
"""

from __future__ import annotations

import tempfile

import pytest
from singer_sdk.testing import get_tap_test_class

from singer_commons.clock import NOW_ENV
from tap_haihai_mail.tap import TapHaihaiMail
from vendor_sandbox.testing.haihai import NOW, connection_config, seeded_at_now
from vendor_sandbox.testing.suites import suite_sandbox

_HAIHAI = suite_sandbox().haihai
seeded_at_now(_HAIHAI)


@pytest.fixture(scope="module", autouse=True)
def _tap_clock_at_now():
    """The tap runs in this process: its clock is the environment's for this module's tests."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(NOW_ENV, NOW.isoformat())
        yield


TestTapHaihaiMail = get_tap_test_class(
    TapHaihaiMail,
    config=connection_config(
        _HAIHAI,
        tempfile.mkdtemp(prefix="tap-haihai-state-"),
        start_date="2026-11-20",
        customer_view_emails=["customer001@example.jp"],
    ),
)
