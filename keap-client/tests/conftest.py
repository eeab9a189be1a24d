"""Fixtures of the client's unit tests: a mocked Keap account and configs for it."""

from __future__ import annotations

import pytest

from keap_client import testing as mocked
from singer_commons.ratelimit import reset_shared_rate_limiters


@pytest.fixture
def keap(requests_mock):
    """The mocked account; each test starts with fresh shared rate limiters."""
    reset_shared_rate_limiters()
    return requests_mock


@pytest.fixture
def key_config(tmp_path) -> dict:
    return mocked.api_key_config(tmp_path / "state")


@pytest.fixture
def oauth_config(tmp_path) -> dict:
    return mocked.oauth_config(tmp_path / "state")
