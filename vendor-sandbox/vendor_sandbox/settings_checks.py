"""Checking a `configure` request, shared by the emulators' settings classes.

Every emulator keeps its start settings in a frozen dataclass and changes them through a
control call; each value is checked before any is applied, so a bad request changes nothing
and its error names the setting.
"""

from __future__ import annotations

import math
import typing as t
from dataclasses import replace

if t.TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Mapping

S = t.TypeVar("S")
Check = t.Callable[[str, t.Any], t.Any]


class SettingsError(ValueError):
    """A configure request the sandbox cannot apply; the message names the setting."""


def checked_update(
    settings: S, changes: Mapping[str, t.Any], checks: Mapping[str, Check], vendor: str
) -> S:
    """A copy of `settings` with `changes` applied, every value checked before any is applied.

    Raises:
        SettingsError: Unknown setting, or a value of the wrong type or range.
    """
    applied: dict[str, t.Any] = {}
    for name, value in changes.items():
        check = checks.get(name)
        if check is None:
            msg = f"unknown {vendor} setting '{name}' (have: {', '.join(checks)})"
            raise SettingsError(msg)
        applied[name] = check(name, value)
    return replace(settings, **applied)  # type: ignore[type-var]


def text(name: str, value: t.Any) -> str:
    """A non-empty string."""
    if isinstance(value, str) and value:
        return value
    msg = f"'{name}' must be a non-empty string, got {value!r}"
    raise SettingsError(msg)


def choice(choices: Iterable[str]) -> Callable[[str, t.Any], str]:
    """One of `choices`."""
    allowed = tuple(choices)

    def check(name: str, value: t.Any) -> str:
        if value in allowed:
            return str(value)
        msg = f"'{name}' must be one of {', '.join(allowed)}, got {value!r}"
        raise SettingsError(msg)

    return check


def flag(name: str, value: t.Any) -> bool:
    """True or false."""
    if isinstance(value, bool):
        return value
    msg = f"'{name}' must be true or false, got {value!r}"
    raise SettingsError(msg)


def count(name: str, value: t.Any) -> int:
    """An integer >= 0."""
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value
    msg = f"'{name}' must be an integer >= 0, got {value!r}"
    raise SettingsError(msg)


def seconds(name: str, value: t.Any) -> float:
    """A finite number of seconds >= 0 (an integer or not)."""
    if isinstance(value, int | float) and not isinstance(value, bool) and 0 <= value < math.inf:
        return float(value)
    msg = f"'{name}' must be a number of seconds >= 0, got {value!r}"
    raise SettingsError(msg)
