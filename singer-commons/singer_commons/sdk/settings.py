"""Settings every plugin shares, defined once so the same concept has the same name everywhere.

The same concept has the same name in every plugin (`base_url`, `start_date`,
`daily_call_budget`, `reject_file`, `state_dir`). Each builder returns an SDK property with
its description, so `--about` and Meltano show the same words in every plugin.
"""

from __future__ import annotations

import os
import typing as t
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from singer_sdk import typing as th

from singer_commons.errors import config_error

if t.TYPE_CHECKING:
    from collections.abc import Mapping

STATE_DIR_NAME = "singer-connectors"


def base_url(description: str, *, default: str | None = None) -> th.Property:
    """The vendor API's base URL (pointed at the sandbox in the `sandbox` environment)."""
    return th.Property(
        "base_url", th.URIType, required=default is None, default=default, description=description
    )


def state_dir() -> th.Property:
    """Where the call ledger, token stores and upload journals persist between runs."""
    return th.Property(
        "state_dir",
        th.StringType,
        description=(
            "Directory for state that must outlive a run: the daily call ledger (so the "
            "vendor's quota is respected across runs and processes), token stores and upload "
            "journals. Share it between plugins that use the same vendor account. Default: "
            f"$XDG_STATE_HOME/{STATE_DIR_NAME} (~/.local/state/{STATE_DIR_NAME})."
        ),
    )


def resolve_state_dir(config: Mapping[str, t.Any]) -> Path:
    """The configured `state_dir`, or the per-user default that all plugins share."""
    if configured := config.get("state_dir"):
        return Path(configured).expanduser()
    base = os.environ.get("XDG_STATE_HOME") or Path.home() / ".local" / "state"
    return Path(base) / STATE_DIR_NAME


def daily_call_budget(default: int | None, vendor_quota: str) -> th.Property:
    """The most calls a plugin may spend per vendor day, checked before every call.

    `default` None leaves the default to the plugin (e.g. the quota of the account's plan).
    """
    return th.Property(
        "daily_call_budget",
        th.IntegerType,
        default=default,
        description=(
            f"The most API calls this plugin may spend per vendor day ({vendor_quota}). "
            "Checked before every call against a ledger persisted in `state_dir`; at the "
            "budget the run stops cleanly with exit code 75 and says when it can resume."
        ),
    )


def reject_file() -> th.Property:
    """Where a target writes records the vendor (or validation) refused."""
    return th.Property(
        "reject_file",
        th.StringType,
        default="rejects.jsonl",
        description=(
            "JSON-lines file that receives every rejected record with its stream, the reason "
            "and the vendor's response. The run continues past rejected records."
        ),
    )


def fail_on_reject() -> th.Property:
    """Whether rejected records make the run's exit code non-zero."""
    return th.Property(
        "fail_on_reject",
        th.BooleanType,
        default=True,
        description=(
            "Exit with code 1 at the end of the run when any record was rejected (after "
            "writing everything else and the final state). Set false to exit 0 regardless."
        ),
    )


def request_timeout(default: float) -> th.Property:
    """Seconds to wait for one response before the call is retried."""
    return th.Property(
        "request_timeout",
        th.NumberType,
        default=default,
        description="Seconds to wait for a response before treating the call as timed out.",
    )


def time_zone(config: Mapping[str, t.Any], name: str, default: str) -> ZoneInfo:
    """The IANA time zone a setting names (or `default`), checked at start.

    Raises:
        ConfigValidationError: naming the setting and the value that is not a zone.
    """
    value = str(config.get(name) or default)
    try:
        return ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        msg = f"{name} must be an IANA time zone such as {default}, got {value!r}."
        raise config_error(msg) from None
