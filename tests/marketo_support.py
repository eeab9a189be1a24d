"""Configs and helpers shared by the Marketo process tests."""

from __future__ import annotations

import typing as t

if t.TYPE_CHECKING:
    from vendor_sandbox.client.marketo import MarketoControl

SECRET = "sandbox-client-secret"


def connection_config(
    marketo: MarketoControl, state_dir: str, **overrides: t.Any
) -> dict[str, t.Any]:
    """Settings that point a Marketo plugin at the sandbox."""
    return {
        "base_url": marketo.url,
        "client_id": "sandbox-client-id",
        "client_secret": SECRET,
        "state_dir": state_dir,
        **overrides,
    }


def external_ids(count: int, start: int = 0) -> list[str]:
    """The externalOpportunityIds the sandbox gives seeded opportunities."""
    return [f"OPP-{i:08d}" for i in range(start, start + count)]


def calls_to(counters: dict, method: str, path: str) -> int:
    """Calls the sandbox counted for one endpoint."""
    return int(counters["by_endpoint"].get(f"{method} /rest/v1/{path}", 0))
