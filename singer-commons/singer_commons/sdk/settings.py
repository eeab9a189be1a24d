"""Settings every plugin shares, and how every plugin reads its settings into one object.

The same concept has the same name in every plugin (`base_url`, `start_date`,
`daily_call_budget`, `reject_file`, `state_dir`, `state_backend`). Each builder returns an
SDK property with its description, so `--about` and Meltano show the same words in every
plugin.

Each plugin (and each vendor client, for its connection) turns its validated config into one
frozen settings object at start, through `SettingValues`: a setting's default is stated once,
in its schema property, and every check of a value raises `config_error` naming the setting.
"""

from __future__ import annotations

import copy
import os
import typing as t
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from singer_sdk import typing as th

from singer_commons.errors import config_error
from singer_commons.state_store import FILE_BACKEND, open_state_store

if t.TYPE_CHECKING:
    from collections.abc import Mapping

    from singer_commons.state_store import StateStore

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


def state_backend() -> th.Property:
    """Where that state is kept: files under `state_dir`, or one PostgreSQL database."""
    return th.Property(
        "state_backend",
        th.StringType,
        default=FILE_BACKEND,
        secret=True,
        description=(
            "Where the daily call ledgers, token stores and write journals live: `file` "
            "(files under `state_dir`, locked with flock: one machine) or a PostgreSQL URI "
            "(postgresql://user:password@host:5432/db: rows changed in transactions, so "
            "workers on many machines share one quota and one refresh token). Set the same "
            "value on every worker; tables are created on first use in the schema "
            "singer_connectors."
        ),
    )


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


class SettingValues:
    """A plugin's validated config, read against the schema that declares its settings.

    Why: a setting's default is stated once, in its schema property, which `--about` shows,
    meltano.yml declares (its `settings:` are generated from `--about`) and the SDK applies
    to a setting the config leaves out. A setting given as null gets the same default here,
    so no code restates one. Each accessor checks what JSON Schema does not (blank text, a
    number out of range, an unknown time zone) and raises `config_error` naming the setting.
    Reading a setting the schema does not declare is a `KeyError`: a plugin reads only the
    settings it documents.
    """

    def __init__(self, config: Mapping[str, t.Any], schema: Mapping[str, t.Any]) -> None:
        """Read `config` (the SDK's validated config) against `schema` (a `PropertiesList`)."""
        self._config = config
        self._properties: Mapping[str, Mapping[str, t.Any]] = schema["properties"]

    def value(self, name: str) -> t.Any:
        """The configured value; unset or null, the schema's default (None without one)."""
        value = self._config.get(name)
        if value is None:
            return copy.deepcopy(self._properties[name].get("default"))
        return value

    def default(self, name: str) -> t.Any:
        """The schema's default of a setting (None without one), for messages."""
        return self._properties[name].get("default")

    def text(self, name: str) -> str:
        """A text setting that must have a value.

        Raises:
            ConfigValidationError: when it is unset (without a default) or blank.
        """
        value = self.optional_text(name)
        if value is None:
            msg = f"{name} must not be empty."
            raise config_error(msg)
        return value

    def optional_text(self, name: str) -> str | None:
        """A text setting that may be left out: None when unset or blank."""
        value = self.value(name)
        if value is None or not str(value).strip():
            return None
        return str(value)

    def flag(self, name: str) -> bool:
        """A boolean setting."""
        return bool(self.value(name))

    def integer(self, name: str, *, minimum: int | None = None, maximum: int | None = None) -> int:
        """A whole-number setting, within `minimum`..`maximum` where given.

        Raises:
            ConfigValidationError: when it is unset (without a default) or out of range.
        """
        value = self.optional_integer(name, minimum=minimum, maximum=maximum)
        if value is None:
            msg = f"{name} must be set."
            raise config_error(msg)
        return value

    def optional_integer(
        self, name: str, *, minimum: int | None = None, maximum: int | None = None
    ) -> int | None:
        """A whole-number setting that may be left out (None), within bounds where set.

        Raises:
            ConfigValidationError: naming the setting, the bounds and the value.
        """
        value = self.value(name)
        if value is None:
            return None
        number = int(value)
        if minimum is not None and maximum is not None:
            if not minimum <= number <= maximum:
                msg = f"{name} must be between {minimum} and {maximum}, got {number}."
                raise config_error(msg)
        elif minimum is not None and number < minimum:
            msg = f"{name} must be at least {minimum}, got {number}."
            raise config_error(msg)
        return number

    def positive_number(self, name: str) -> float:
        """A number setting that must be greater than 0 (a duration, a wait).

        Raises:
            ConfigValidationError: when it is unset (without a default) or not above 0.
        """
        value = self.value(name)
        number = float(value) if value is not None else 0.0
        if not number > 0:
            msg = f"{name} must be greater than 0, got {value}."
            raise config_error(msg)
        return number

    def strings(self, name: str) -> tuple[str, ...]:
        """A list-of-text setting: its items as text; unset, no items."""
        return tuple(str(item) for item in self.value(name) or ())

    def mapping(self, name: str) -> dict[str, t.Any]:
        """An object setting: a copy of its members; unset, no members."""
        return dict(self.value(name) or {})

    def time_zone(self, name: str) -> ZoneInfo:
        """The IANA time zone a setting names.

        Raises:
            ConfigValidationError: naming the setting and the value that is not a zone.
        """
        value = str(self.value(name) or "")
        try:
            return ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            msg = f"{name} must be an IANA time zone such as {self.default(name)}, got {value!r}."
            raise config_error(msg) from None

    def state_dir(self) -> Path:
        """The configured `state_dir`, or the per-user default that all plugins share."""
        if configured := self.optional_text("state_dir"):
            return Path(configured).expanduser()
        base = os.environ.get("XDG_STATE_HOME") or Path.home() / ".local" / "state"
        return Path(base) / STATE_DIR_NAME

    def state_store(self) -> StateStore:
        """The store `state_backend` names (files under `state_dir`, or PostgreSQL).

        Raises:
            ConfigValidationError: naming `state_backend` when it is neither `file` nor a
                PostgreSQL URI (the value itself is a secret and never quoted).
        """
        return open_state_store(self.text("state_backend"), self.state_dir())


_REJECT_SCHEMA = th.PropertiesList(reject_file(), fail_on_reject()).to_dict()


@dataclass(frozen=True)
class RejectSettings:
    """Where a target's refused records go, and whether any of them fails the run.

    Every target declares `reject_file()` and `fail_on_reject()` and carries this object as
    its settings' `rejects`, which the base target (`VendorTarget`) reads.
    """

    reject_file: str
    fail_on_reject: bool

    @classmethod
    def from_config(cls, config: Mapping[str, t.Any]) -> RejectSettings:
        """Read `reject_file` and `fail_on_reject` (checked: the file must be named)."""
        values = SettingValues(config, _REJECT_SCHEMA)
        return cls(
            reject_file=values.text("reject_file"), fail_on_reject=values.flag("fail_on_reject")
        )


class TargetSettings(t.Protocol):
    """What the base target reads of a target's settings object."""

    @property
    def rejects(self) -> RejectSettings:
        """The reject file and whether rejects fail the run."""
        ...
