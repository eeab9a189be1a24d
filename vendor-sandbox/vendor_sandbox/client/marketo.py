"""`MarketoControl`: the Marketo emulator's control endpoints (`/_sandbox/marketo/...`)."""

from __future__ import annotations

import typing as t

from vendor_sandbox.client.base import VendorControl


class MarketoControl(VendorControl):
    """Drives a Marketo instance: settings, seeded data, faults, counters and what it holds.

    Attributes:
        url: The Marketo API base URL, what a plugin's `base_url` points at.
    """

    prefix = "/marketo"
    api_path = "/marketo"

    def configure(self, **settings: t.Any) -> dict[str, t.Any]:
        """Change settings (client_id, token_ttl, rate_limit_calls, crm_sync, ...)."""
        return self._object("POST", "configure", settings)

    def seed(
        self,
        opportunities: int,
        roles_per_opportunity: int = 0,
        custom_fields: dict[str, t.Any] | None = None,
    ) -> dict[str, t.Any]:
        """Replace the data with lazily seeded opportunities and roles."""
        body: dict[str, t.Any] = {
            "opportunities": opportunities,
            "roles_per_opportunity": roles_per_opportunity,
        }
        if custom_fields is not None:
            body["custom_fields"] = custom_fields
        return self._object("POST", "seed", body)

    def records(
        self, object: str = "opportunities", offset: int = 0, limit: int | None = None
    ) -> list[dict[str, t.Any]]:
        """Records the instance holds (`opportunities` or `roles`), in index order."""
        return self._records(object, offset, limit)
