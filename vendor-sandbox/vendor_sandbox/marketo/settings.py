"""Settings of the emulated Marketo instance: credentials, token life, limits, CRM sync, latency.

Defaults are Marketo's documented limits (vendor notes): 100 calls per 20 s, 10 concurrent
calls, 50,000 calls a day, tokens valid 3600 s. A limit set to 0 (or null) is disabled, so
benchmarks can run flat out.
"""

from __future__ import annotations

import typing as t
from dataclasses import asdict, dataclass, fields, replace

if t.TYPE_CHECKING:
    from collections.abc import Mapping

DEFAULT_CLIENT_ID = "sandbox-client-id"
DEFAULT_CLIENT_SECRET = "sandbox-client-secret"  # noqa: S105 - a public sandbox credential


class SettingsError(ValueError):
    """A configure request the sandbox cannot apply; the message names the setting."""


@dataclass(frozen=True)
class MarketoSettings:
    """One instance's settings (custom fields live with the data, in the store).

    Attributes:
        client_id: The LaunchPoint client id the identity service accepts.
        client_secret: Its secret.
        token_ttl: Seconds an access token lives.
        rate_limit_calls: Calls allowed per window (606 beyond); 0 disables.
        rate_limit_window: The sliding window of the rate limit, in seconds.
        max_concurrency: Calls allowed in flight at once (615 beyond); 0 disables.
        daily_quota: Calls charged per day (607 beyond); 0 disables.
        crm_sync: Salesforce/Dynamics sync on: opportunities read-only, no roles.
        latency_ms: Added to every API call, outside any lock (slow-instance emulation).
    """

    client_id: str = DEFAULT_CLIENT_ID
    client_secret: str = DEFAULT_CLIENT_SECRET
    token_ttl: int = 3600
    rate_limit_calls: int = 100
    rate_limit_window: float = 20.0
    max_concurrency: int = 10
    daily_quota: int = 50_000
    crm_sync: bool = False
    latency_ms: int = 0

    def as_dict(self) -> dict[str, t.Any]:
        """The settings as JSON for control responses (the secret included: it is fake)."""
        return asdict(self)

    def updated(self, changes: Mapping[str, t.Any]) -> MarketoSettings:
        """A copy with `changes` applied; null switches a limit off.

        Raises:
            SettingsError: Unknown setting or value of the wrong type.
        """
        kinds = {item.name: item.type for item in fields(self)}
        applied: dict[str, t.Any] = {}
        for name, value in changes.items():
            kind = kinds.get(name)
            if kind is None:
                msg = f"unknown Marketo setting '{name}'"
                raise SettingsError(msg)
            applied[name] = _convert(name, kind, value)
        if applied.get("token_ttl", self.token_ttl) < 1:
            msg = "'token_ttl' must be at least 1 second"
            raise SettingsError(msg)
        if applied.get("rate_limit_window", self.rate_limit_window) <= 0:
            msg = "'rate_limit_window' must be positive"
            raise SettingsError(msg)
        return replace(self, **applied)


def _convert(name: str, kind: t.Any, value: t.Any) -> t.Any:
    """Check one value against the setting's annotated type (kept as a string by PEP 563)."""
    if kind == "str":
        valid = isinstance(value, str) and bool(value)
    elif kind == "bool":
        valid = isinstance(value, bool)
    elif value is None:
        return 0
    else:
        valid = (
            isinstance(value, int | float)
            and not isinstance(value, bool)
            and value >= 0
            and (kind != "int" or float(value).is_integer())
        )
        if valid:
            value = int(value) if kind == "int" else float(value)
    if not valid:
        msg = f"invalid value for '{name}': {value!r}"
        raise SettingsError(msg)
    return value
