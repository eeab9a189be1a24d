"""Fixtures of the tap's unit tests: a mocked Keap account and configs for it."""

from __future__ import annotations

import pytest
from keap_mock import BASE, TOKEN_URL, mock_models

from singer_commons.ratelimit import reset_shared_rate_limiters


@pytest.fixture
def keap(requests_mock):
    """A mocked account answering the custom-field models."""
    reset_shared_rate_limiters()
    mock_models(requests_mock)
    return requests_mock


@pytest.fixture
def key_config(tmp_path) -> dict:
    return {
        "base_url": BASE,
        "api_key": "pat-secret-123",
        "state_dir": str(tmp_path / "state"),
        "max_calls_per_second": 1000,
    }


@pytest.fixture
def oauth_config(tmp_path) -> dict:
    return {
        "base_url": BASE,
        "token_url": TOKEN_URL,
        "client_id": "client-abc",
        "client_secret": "secret-def",
        "refresh_token": "refresh-0",
        "state_dir": str(tmp_path / "state"),
        "max_calls_per_second": 1000,
    }
