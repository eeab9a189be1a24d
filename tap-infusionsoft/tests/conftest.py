"""Fixtures of the tap's unit tests: a mocked Keap account and configs for it."""

from __future__ import annotations

import pytest
from keap_mock import mock_models

from keap_client.testing import api_key_config
from singer_commons.ratelimit import reset_shared_rate_limiters


@pytest.fixture
def mocked_keap(requests_mock):
    """A mocked account answering the custom-field models."""
    reset_shared_rate_limiters()
    mock_models(requests_mock)
    return requests_mock


@pytest.fixture
def key_config(tmp_path) -> dict:
    return api_key_config(tmp_path / "state")
