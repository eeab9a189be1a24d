"""Fixtures of the tap's unit tests: a mocked Marketo instance and a config for it."""

from __future__ import annotations

import pytest
from marketo_mock import BASE, OPPORTUNITY_DESCRIBE, ROLE_DESCRIBE, ok

from singer_commons.ratelimit import reset_shared_rate_limiters


@pytest.fixture
def mocked_marketo(requests_mock):
    """A mocked instance answering identity and both describes."""
    reset_shared_rate_limiters()
    requests_mock.get(
        f"{BASE}/identity/oauth/token",
        json={"access_token": "token-1", "expires_in": 3600, "token_type": "bearer"},
    )
    requests_mock.get(
        f"{BASE}/rest/v1/opportunities/describe.json", json=ok([OPPORTUNITY_DESCRIBE])
    )
    requests_mock.get(f"{BASE}/rest/v1/opportunities/roles/describe.json", json=ok([ROLE_DESCRIBE]))
    return requests_mock


@pytest.fixture
def config(tmp_path) -> dict:
    return {
        "base_url": BASE,
        "client_id": "client-id-123",
        "client_secret": "client-secret-456",
        "state_dir": str(tmp_path / "state"),
        "max_calls_per_20s": 0,
    }
