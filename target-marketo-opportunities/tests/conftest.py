"""Fixtures of the target's unit tests: a mocked Marketo instance (requests-mock)."""

from __future__ import annotations

import typing as t

import pytest

from singer_commons.connection import RETRY_WAIT_SCALE_ENV
from singer_commons.ratelimit import reset_shared_rate_limiters


@pytest.fixture
def mocked_marketo(requests_mock, monkeypatch) -> t.Callable[[str, dict], t.Any]:
    """Mock an instance at a base URL answering a token and the given opportunity describe.

    Retry waits are cut to a thousandth, so a test of retries does not sleep.
    """
    monkeypatch.setenv(RETRY_WAIT_SCALE_ENV, "0.001")
    reset_shared_rate_limiters()

    def answering(base: str, describe: dict) -> t.Any:
        requests_mock.get(
            f"{base}/identity/oauth/token", json={"access_token": "t", "expires_in": 3600}
        )
        requests_mock.get(
            f"{base}/rest/v1/opportunities/describe.json",
            json={"success": True, "result": [describe]},
        )
        return requests_mock

    return answering
