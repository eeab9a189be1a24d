"""Filter values for Marketo queries: where they come from and how they are cut into calls.

Marketo cannot list all opportunities: every query names a `filterType` and at most 300
`filterValues`. Values come from a list setting or a file (one per line), read lazily so a
file of millions of IDs does not sit in memory.

A compound key (the roles' `dedupeFields`: externalOpportunityId, leadId and role) is not a
value but an object with one member per key field (Adobe, "Lead Database", Compound Keys):
given as objects in the list setting, or one JSON object per line of the file.
"""

from __future__ import annotations

import json
import typing as t
from dataclasses import dataclass
from pathlib import Path

from marketo_client.api import MAX_FILTER_VALUES_PER_CALL

if t.TYPE_CHECKING:
    from collections.abc import Iterable, Iterator


FilterValue = str | dict[str, t.Any]


class MissingFilterError(ValueError):
    """No filter values were configured; Marketo has no "list all" for opportunities."""


class BadFilterValueError(ValueError):
    """A compound key value is not an object of the key's fields; the message says where."""


@dataclass(frozen=True)
class FilterSource:
    """Where a stream's filter values come from: a list setting or a file.

    `key_fields` is empty for a simple key (each value a string) and names the fields of a
    compound key (each value an object with exactly those members).
    """

    values: tuple[t.Any, ...] = ()
    file: Path | None = None
    key_fields: tuple[str, ...] = ()
    setting: str = "filter_values"

    @classmethod
    def from_settings(
        cls,
        values: Iterable[t.Any] | None,
        file: str | None,
        *,
        setting: str,
        key_fields: tuple[str, ...] = (),
    ) -> FilterSource:
        """Build the source; exactly one of the list and the file must be given.

        Raises:
            MissingFilterError: when neither or both are set (message names the settings).
        """
        if values and file:
            msg = f"Set either {setting} or {setting}_file, not both."
            raise MissingFilterError(msg)
        if not values and not file:
            msg = (
                f"Marketo can only read opportunities by filter: set {setting} (a list) or "
                f"{setting}_file (a file with one value per line)."
            )
            raise MissingFilterError(msg)
        if file:
            path = Path(file)
            if not path.is_file():
                msg = f"{setting}_file {path} does not exist."
                raise MissingFilterError(msg)
            return cls(file=path, key_fields=key_fields, setting=setting)
        kept = tuple(values or ()) if key_fields else tuple(str(value) for value in values or ())
        return cls(values=kept, key_fields=key_fields, setting=setting)

    def __iter__(self) -> Iterator[FilterValue]:
        """Yield non-blank values in order (file values stripped of whitespace).

        Raises:
            BadFilterValueError: for a compound key value that is not an object of exactly
                the key's fields (named with its position).
        """
        if self.file is None:
            for number, value in enumerate(self.values, start=1):
                if isinstance(value, dict) or value.strip():
                    yield self._key(value, number) if self.key_fields else value
            return
        with self.file.open(encoding="utf-8") as lines:
            for number, line in enumerate(lines, start=1):
                if value := line.strip():
                    yield self._key(value, number) if self.key_fields else value

    def _key(self, value: t.Any, number: int) -> dict[str, t.Any]:
        """A compound key, parsed from its JSON line and checked; `number` places it."""
        key = value
        if isinstance(value, str):
            try:
                key = json.loads(value)
            except ValueError:
                key = None
        fields, where = ", ".join(self.key_fields), self._where(number)
        if not isinstance(key, dict) or set(key) != set(self.key_fields):
            msg = f"{where}: expected a JSON object with exactly {fields}, got {value!r}"
            raise BadFilterValueError(msg)
        if not all(_key_part(key[name]) for name in self.key_fields):
            msg = f"{where}: each of {fields} needs a text or integer value, got {value!r}"
            raise BadFilterValueError(msg)
        return key

    def _where(self, number: int) -> str:
        """Where the value at position `number` was given, for a message."""
        if self.file is None:
            return f"{self.setting} item {number}"
        return f"{self.setting}_file {self.file} line {number}"

    def count(self) -> int:
        """Number of values (streams through a file once, without keeping it)."""
        return sum(1 for _ in self)

    def chunks(self, size: int = MAX_FILTER_VALUES_PER_CALL) -> Iterator[tuple[FilterValue, ...]]:
        """Yield the values in groups of at most `size`, duplicates within a group removed."""
        chunk: dict[t.Any, FilterValue] = {}
        for value in self:
            identity = (
                tuple(value[name] for name in self.key_fields) if isinstance(value, dict) else value
            )
            chunk[identity] = value
            if len(chunk) == size:
                yield tuple(chunk.values())
                chunk = {}
        if chunk:
            yield tuple(chunk.values())


def _key_part(value: t.Any) -> bool:
    """Whether a compound key member is a usable value: non-blank text or an integer."""
    if isinstance(value, str):
        return bool(value.strip())
    return isinstance(value, int) and not isinstance(value, bool)
