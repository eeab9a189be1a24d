"""Settings of the emulated 配配メール account: token, plan, quota, IP allow-list, CSV format.

Defaults make every API usable out of the box: the Bridge plan (the only one with the
visit and form APIs), no IP restriction, and the CSV format the vendor notes expect of
older accounts (CP932 with CRLF). A `configure` call changes them for the current account;
a reset restores these (or the CLI's) start settings.
"""

from __future__ import annotations

import ipaddress
import typing as t
from dataclasses import asdict, dataclass

from vendor_sandbox.settings_checks import (
    Check,
    SettingsError,
    checked_update,
    choice,
    count,
    seconds,
    text,
)

if t.TYPE_CHECKING:
    from collections.abc import Mapping

DEFAULT_API_TOKEN = "sandbox-haihai-token"  # noqa: S105 - a public sandbox credential
STANDARD, BRIDGE, DEDICATED = "standard", "bridge", "dedicated"
# API連携 spec (seed 001): 240 calls a day per API; 86,400 on a dedicated-server plan.
PLAN_QUOTAS = {STANDARD: 240, BRIDGE: 240, DEDICATED: 86_400}
CP932, UTF8 = "cp932", "utf-8"
ENCODINGS = (CP932, UTF8)
LINE_ENDINGS = {"crlf": "\r\n", "lf": "\n"}


@dataclass(frozen=True)
class HaihaiSettings:
    """One account's settings.

    Attributes:
        api_token: The API token generated in the admin screen (基本設定).
        plan: `standard`, `bridge` or `dedicated` (専用サーバープラン).
        daily_quota: Calls per API per day; None takes the plan's (240 or 86,400).
        allowed_ips: The API IP allow-list (one address each, no ranges); empty = anyone.
        caller_ip: The address the account sees the caller at (the socket's is loopback).
        csv_encoding: `cp932` or `utf-8`: CSV answers are encoded and uploads decoded so.
        csv_line_ending: `crlf` or `lf`, between the rows of CSV answers.
        pending_polls: Status calls an import answers 処理待ち before it starts.
        processing_polls: Status calls it then answers 処理中 before 完了.
        processing_seconds_max: When above 0, an import is processed for a random time
            between 0 and this many seconds (the account's clock, from its upload) and
            answers 処理中 until then, however often it is asked (`processing_polls` is
            then not used): what a poll schedule faces at the vendor, which no test scripts.
        processing_seed: Seeds that random time: import N of a seed always takes the same.
    """

    api_token: str = DEFAULT_API_TOKEN
    plan: str = BRIDGE
    daily_quota: int | None = None
    allowed_ips: tuple[str, ...] = ()
    caller_ip: str = "127.0.0.1"
    csv_encoding: str = CP932
    csv_line_ending: str = "crlf"
    pending_polls: int = 1
    processing_polls: int = 1
    processing_seconds_max: float = 0.0
    processing_seed: int = 0

    @property
    def quota(self) -> int:
        """The daily quota every API has on this account."""
        return PLAN_QUOTAS[self.plan] if self.daily_quota is None else self.daily_quota

    @property
    def line_separator(self) -> str:
        """The characters between two rows of a CSV answer."""
        return LINE_ENDINGS[self.csv_line_ending]

    def as_dict(self) -> dict[str, t.Any]:
        """The settings as JSON for control responses (the token included: it is fake)."""
        values = asdict(self)
        values["allowed_ips"] = list(self.allowed_ips)
        values["effective_daily_quota"] = self.quota
        return values

    def updated(self, changes: Mapping[str, t.Any]) -> HaihaiSettings:
        """A copy with `changes` applied, every value checked before any is applied.

        Raises:
            SettingsError: Unknown setting, or a value of the wrong type or range.
        """
        return checked_update(self, changes, _CHECKS, "配配メール")


def _optional_count(name: str, value: t.Any) -> int | None:
    return None if value is None else count(name, value)


def _address(name: str, value: t.Any) -> str:
    try:
        return str(ipaddress.ip_address(value if isinstance(value, str) else ""))
    except ValueError:
        msg = f"'{name}' must be one IP address (no ranges), got {value!r}"
        raise SettingsError(msg) from None


def _addresses(name: str, value: t.Any) -> tuple[str, ...]:
    if not isinstance(value, list):
        msg = f"'{name}' must be a list of IP addresses, got {value!r}"
        raise SettingsError(msg)
    return tuple(_address(name, item) for item in value)


_CHECKS: dict[str, Check] = {
    "api_token": text,
    "plan": choice(PLAN_QUOTAS),
    "daily_quota": _optional_count,
    "allowed_ips": _addresses,
    "caller_ip": _address,
    "csv_encoding": choice(ENCODINGS),
    "csv_line_ending": choice(LINE_ENDINGS),
    "pending_polls": count,
    "processing_polls": count,
    "processing_seconds_max": seconds,
    "processing_seed": count,
}
