"""A mocked Keap account for unit tests of this package and of the Keap plugins.

Tests answer these addresses with requests-mock; the configs are complete connection
settings for either authentication mode, with a pace fast enough not to slow the tests.
"""

from __future__ import annotations

import typing as t
from pathlib import Path

BASE = "https://keap.test/crm/rest/v1"
TOKEN_URL = "https://keap.test/token"  # noqa: S105 - a URL, not a secret
XMLRPC_URL = "https://keap.test/crm/xmlrpc/v1"
# Fast enough that the client-side pace never slows a test down.
TEST_CALLS_PER_SECOND = 1000


def api_key_config(state_dir: Path) -> dict[str, t.Any]:
    """Connection settings with the mocked account's API key."""
    return {
        "base_url": BASE,
        "api_key": "pat-secret-123",
        "state_dir": str(state_dir),
        "max_calls_per_second": TEST_CALLS_PER_SECOND,
    }


def oauth_config(state_dir: Path) -> dict[str, t.Any]:
    """Connection settings with the mocked account's OAuth client and refresh token."""
    return {
        "base_url": BASE,
        "token_url": TOKEN_URL,
        "client_id": "client-abc",
        "client_secret": "secret-def",
        "refresh_token": "refresh-0",
        "state_dir": str(state_dir),
        "max_calls_per_second": TEST_CALLS_PER_SECOND,
    }
