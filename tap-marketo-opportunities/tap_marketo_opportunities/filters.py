"""Filter values for Marketo queries: where they come from and how they are cut into calls.

Marketo cannot list all opportunities: every query names a `filterType` and at most 300
`filterValues`. Values come from a list setting or a file (one per line), read lazily so a
file of millions of IDs does not sit in memory.
"""

from __future__ import annotations

import typing as t
from dataclasses import dataclass
from pathlib import Path

if t.TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

# Marketo: "filterValues" accepts at most 300 values per call (Opportunity API, Query).
MAX_FILTER_VALUES_PER_CALL = 300


class MissingFilterError(ValueError):
    """No filter values were configured; Marketo has no "list all" for opportunities."""


@dataclass(frozen=True)
class FilterSource:
    """Where a stream's filter values come from: a list setting or a file."""

    values: tuple[str, ...] = ()
    file: Path | None = None

    @classmethod
    def from_settings(
        cls, values: Iterable[str] | None, file: str | None, *, setting: str
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
            return cls(file=path)
        return cls(values=tuple(str(value) for value in values or ()))

    def __iter__(self) -> Iterator[str]:
        """Yield non-blank values in order (file values stripped of whitespace)."""
        if self.file is None:
            yield from (value for value in self.values if value.strip())
            return
        with self.file.open(encoding="utf-8") as lines:
            for line in lines:
                if value := line.strip():
                    yield value

    def count(self) -> int:
        """Number of values (streams through a file once, without keeping it)."""
        return sum(1 for _ in self)

    def chunks(self, size: int = MAX_FILTER_VALUES_PER_CALL) -> Iterator[tuple[str, ...]]:
        """Yield the values in groups of at most `size`, duplicates within a group removed."""
        chunk: dict[str, None] = {}
        for value in self:
            chunk[value] = None
            if len(chunk) == size:
                yield tuple(chunk)
                chunk = {}
        if chunk:
            yield tuple(chunk)
