"""The `params` of one report instance, read with checks that name the instance and param.

Settings come from meltano.yml, a JSON config or environment variables, so a list of ids may
arrive as `[1, 2]`, `"1,2"` or `7`; each accessor accepts those forms and nothing else.
"""

from __future__ import annotations

import typing as t
from datetime import date, datetime

from singer_commons.errors import config_error

if t.TYPE_CHECKING:
    from collections.abc import Mapping

    from singer_sdk.exceptions import ConfigValidationError

LAST_SUCCESSFUL_RUN = "LastSuccessfulRun"


class ReportParams:
    """Typed access to one instance's params; errors name the instance and the param."""

    def __init__(self, instance: str, params: Mapping[str, t.Any]) -> None:
        self.instance = instance
        self.values = dict(params)

    def error(self, message: str) -> ConfigValidationError:
        """A settings error (printed in full by the SDK's CLI)."""
        return config_error(message)

    def _fail(self, name: str, expected: str) -> ConfigValidationError:
        value = self.values.get(name)
        return self.error(
            f"report '{self.instance}': param '{name}' must be {expected}, got {value!r}"
        )

    def has(self, name: str) -> bool:
        """Whether the param is set (an empty string or list counts as unset)."""
        return self.values.get(name) not in (None, "", [])

    def text(self, name: str) -> str:
        """A non-empty string."""
        value = self.values.get(name)
        if not isinstance(value, str | int) or isinstance(value, bool) or str(value) == "":
            raise self._fail(name, "a non-empty string")
        return str(value)

    def integer(self, name: str) -> int:
        """A non-negative whole number (a digit string is accepted)."""
        value = self.values.get(name)
        if isinstance(value, bool):
            raise self._fail(name, "a whole number")
        try:
            number = int(value)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            raise self._fail(name, "a whole number") from None
        if number < 0:
            raise self._fail(name, "zero or more")
        return number

    def integers(self, name: str) -> list[int]:
        """One or more whole numbers: `[1, 2]`, `"1,2"` or `7`."""
        items = self.texts(name)
        try:
            return [int(item) for item in items]
        except ValueError:
            raise self._fail(name, 'a list of whole numbers (e.g. [1, 2] or "1,2")') from None

    def texts(self, name: str) -> list[str]:
        """One or more strings: a list, or one comma-separated string."""
        value = self.values.get(name)
        if isinstance(value, list):
            items = [str(item).strip() for item in value]
        elif isinstance(value, str | int) and not isinstance(value, bool):
            items = [item.strip() for item in str(value).split(",")]
        else:
            raise self._fail(name, "a list or a comma-separated string")
        if not items or any(item == "" for item in items):
            raise self._fail(name, "one or more non-empty values")
        return items

    def date(self, name: str) -> date:
        """A calendar date `YYYY-MM-DD`."""
        return self.moment(name).date()

    def moment(self, name: str) -> datetime:
        """A date or date-time (`YYYY-MM-DD[ HH:MM[:SS]]`), naive: Keap's local time."""
        value = self.values.get(name)
        try:
            moment = datetime.fromisoformat(str(value))
        except ValueError:
            raise self._fail(name, "a date YYYY-MM-DD or date-time YYYY-MM-DD HH:MM:SS") from None
        return moment.replace(tzinfo=None)
