"""Fixtures of the target's unit tests: a mocked Keap account (requests-mock)."""

from __future__ import annotations

import pytest

from singer_commons.connection import RETRY_WAIT_SCALE_ENV
from singer_commons.ratelimit import reset_shared_rate_limiters


@pytest.fixture
def mocked_keap(requests_mock, monkeypatch):
    """A mocked Keap account; retry waits are cut to a thousandth, so no test sleeps."""
    monkeypatch.setenv(RETRY_WAIT_SCALE_ENV, "0.001")
    reset_shared_rate_limiters()
    return requests_mock
