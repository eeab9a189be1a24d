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

    def written(self, object: str | None = None) -> list[dict[str, t.Any]]:
        """The write log, oldest first: all of it, or one object's (`opportunities`, `roles`).

        One entry per record a sync or delete call created, updated or deleted: `seq`,
        `resource`, `key` (the dedupe fields, or `marketoGUID`, with the values it named),
        `operation` (create | update | delete), `call` (the accepted write call, numbered
        from 1), `record` (the input record as sent) and `answer_lost` (`timeout` when an
        injected stall held the call back, so its client had given up; else None). Skipped
        records are not in it; a reset or a `seed` empties it.
        """
        action = "written" if object is None else f"written/{object}"
        return t.cast("list[dict[str, t.Any]]", self._object("GET", action)["written"])
