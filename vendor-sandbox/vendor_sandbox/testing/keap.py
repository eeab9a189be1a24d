"""Settings and readers shared by the tests that run tap-infusionsoft against the sandbox."""

from __future__ import annotations

import typing as t

from vendor_sandbox.keap.settings import (
    DEFAULT_API_KEY,
    DEFAULT_CLIENT_ID,
    DEFAULT_CLIENT_SECRET,
    DEFAULT_REFRESH_TOKEN,
)

if t.TYPE_CHECKING:
    from vendor_sandbox.client.keap import KeapControl

TAP = "tap-infusionsoft"
API_KEY = DEFAULT_API_KEY
CLIENT_SECRET = DEFAULT_CLIENT_SECRET
FIRST_REFRESH_TOKEN = DEFAULT_REFRESH_TOKEN


def key_config(keap: KeapControl, state_dir: str, **overrides: t.Any) -> dict[str, t.Any]:
    """A config authenticating with the sandbox's API key."""
    return {
        "base_url": keap.url,
        "api_key": API_KEY,
        "state_dir": state_dir,
        "max_calls_per_second": 200,
        **overrides,
    }


def oauth_config(keap: KeapControl, state_dir: str, **overrides: t.Any) -> dict[str, t.Any]:
    """A config authenticating with the sandbox's OAuth client and first refresh token."""
    return {
        "base_url": keap.url,
        "token_url": keap.token_url,
        "client_id": DEFAULT_CLIENT_ID,
        "client_secret": CLIENT_SECRET,
        "refresh_token": FIRST_REFRESH_TOKEN,
        "state_dir": state_dir,
        "max_calls_per_second": 200,
        **overrides,
    }


def bookmark(states: list[dict[str, t.Any]], stream: str) -> t.Any:
    """The replication value of a stream in the last STATE, if any."""
    if not states:
        return None
    entry = states[-1].get("bookmarks", {}).get(stream, {})
    return entry.get("replication_key_value")
