"""Settings and readers shared by the tests that run a Marketo plugin against the sandbox."""

from __future__ import annotations

import typing as t

from vendor_sandbox.marketo.settings import DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET

if t.TYPE_CHECKING:
    from vendor_sandbox.client.marketo import MarketoControl

SECRET = DEFAULT_CLIENT_SECRET


def connection_config(
    marketo: MarketoControl, state_dir: str, **overrides: t.Any
) -> dict[str, t.Any]:
    """Settings that point a Marketo plugin at the sandbox."""
    return {
        "base_url": marketo.url,
        "client_id": DEFAULT_CLIENT_ID,
        "client_secret": SECRET,
        "state_dir": state_dir,
        **overrides,
    }


def external_ids(count: int, start: int = 0) -> list[str]:
    """The externalOpportunityIds the sandbox gives seeded opportunities."""
    return [f"OPP-{i:08d}" for i in range(start, start + count)]


def calls_to(counters: dict[str, t.Any], method: str, path: str) -> int:
    """Calls the sandbox counted for one endpoint."""
    return int(counters["by_endpoint"].get(f"{method} /rest/v1/{path}", 0))
