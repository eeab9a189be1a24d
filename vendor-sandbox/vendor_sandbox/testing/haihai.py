"""Settings and clocks shared by the tests that run the 配配メール plugins against the sandbox.

Both clocks move together: the emulator's (control endpoint) and the plugins' (the
environment variable SINGER_CONNECTORS_NOW, a test hook honoured with the switch
SINGER_CONNECTORS_TEST_HOOKS=1), so "the next day" is the same day for both.
"""

from __future__ import annotations

import typing as t
from datetime import datetime, timedelta

from vendor_sandbox.haihai.settings import DEFAULT_API_TOKEN
from vendor_sandbox.testing.runner import TEST_HOOKS

if t.TYPE_CHECKING:
    from vendor_sandbox.client.haihai import HaihaiControl

TOKEN = DEFAULT_API_TOKEN
# 10:00 in Tokyo: yesterday is 2026-11-22, the seed covers 2026-11-16 … 2026-11-22.
NOW = datetime.fromisoformat("2026-11-23T10:00:00+09:00")
NOW_ENV = "SINGER_CONNECTORS_NOW"


def at(haihai: HaihaiControl, moment: datetime) -> dict[str, str]:
    """Move the emulator's clock to `moment`; the environment that moves the plugin's."""
    haihai.set_clock(moment.isoformat())
    return {**TEST_HOOKS, NOW_ENV: moment.isoformat()}


def seeded_at_now(haihai: HaihaiControl) -> dict[str, str]:
    """Seed the emulator relative to NOW (7 days of events before it); the plugin's env."""
    env = at(haihai, NOW)
    haihai.seed(days=7)
    return env


def next_day(moment: datetime, days: int = 1) -> datetime:
    """The same time `days` later."""
    return moment + timedelta(days=days)


def connection_config(
    haihai: HaihaiControl, state_dir: str, **overrides: t.Any
) -> dict[str, t.Any]:
    """The connection settings of either plugin for the sandbox account."""
    return {
        "base_url": haihai.url,
        "api_token": TOKEN,
        "plan": "bridge",
        "state_dir": state_dir,
        **overrides,
    }


def calls_on(haihai: HaihaiControl, day: str) -> dict[str, int]:
    """Successful calls per API on a JST day, as the emulator counted them."""
    return dict(haihai.counters()["by_day"].get(day, {}))
