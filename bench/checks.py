"""A benchmark row: a measured value, the aim it is held to, and whether it met it.

Why objects and not strings: a table of "value | aim" strings side by side cannot fail. Here
each row carries the number measured and an `Aim` (a comparison and its bound), `met` is
computed from them, `make bench` exits non-zero when any row misses, and the report
recomputes `met` from the raw JSON instead of trusting a stored verdict.
"""

from __future__ import annotations

import operator
import typing as t
from dataclasses import dataclass

Number = int | float
Value = Number | list[Number]
COMPARISONS: dict[str, t.Callable[[Number, Number], bool]] = {
    ">=": operator.ge,
    "<=": operator.le,
    "<": operator.lt,
    "==": operator.eq,
}


@dataclass(frozen=True)
class Aim:
    """What a value must be: `op` against `bound`, element by element for lists.

    Attributes:
        op: One of COMPARISONS.
        bound: The number (or one number per element of a list value).
        why: Where the bound comes from (a vendor limit, a README promise, an aim).
    """

    op: str
    bound: Value
    why: str = ""

    def met_by(self, value: Value) -> bool:
        """Whether `value` meets the aim (every element, for a list)."""
        compare = COMPARISONS[self.op]
        if isinstance(value, list):
            bounds = self.bound if isinstance(self.bound, list) else [self.bound] * len(value)
            return len(bounds) == len(value) and all(map(compare, value, bounds))
        if isinstance(self.bound, list):
            return False
        return compare(value, self.bound)


@dataclass(frozen=True)
class Row:
    """One measure of the table.

    Attributes:
        measure: What was measured, in words.
        value: The number (or numbers) measured.
        shown: The value as the table prints it (units, percentages).
        aim: The aim, or None for a measure shown for context only.
        aim_shown: The aim as the table prints it.
    """

    measure: str
    value: Value
    shown: str
    aim: Aim | None = None
    aim_shown: str = ""

    @property
    def met(self) -> bool | None:
        """True or False against the aim; None when the row has no aim."""
        return None if self.aim is None else self.aim.met_by(self.value)

    def as_json(self) -> dict[str, t.Any]:
        """The row as results.json keeps it (the verdict is recomputed when read)."""
        aim = None if self.aim is None else vars(self.aim)
        return {
            "measure": self.measure,
            "value": self.value,
            "shown": self.shown,
            "aim": aim,
            "aim_shown": self.aim_shown,
        }

    @classmethod
    def from_json(cls, data: dict[str, t.Any]) -> Row:
        """The row of `as_json`."""
        aim = None if data["aim"] is None else Aim(**data["aim"])
        return cls(data["measure"], data["value"], data["shown"], aim, data["aim_shown"])


def at_least(measure: str, value: Number, shown: str, bound: Number, aim_shown: str) -> Row:
    """A row whose value must be at least `bound` (a share of a bare loop, of a limit)."""
    return Row(measure, value, shown, Aim(">=", bound), aim_shown)


def below(measure: str, value: Number, shown: str, bound: Number, aim_shown: str) -> Row:
    """A row whose value must stay under `bound` (memory growth)."""
    return Row(measure, value, shown, Aim("<", bound), aim_shown)


def equal(measure: str, value: Value, bound: Value, why: str) -> Row:
    """A row whose value must equal `bound` (calls against the fewest possible, records)."""
    return Row(
        measure, value, _numbers(value), Aim("==", bound, why), f"= {why} = {_numbers(bound)}"
    )


def at_most(measure: str, value: Value, bound: Value, why: str) -> Row:
    """A row whose value must not exceed `bound` (status polls against a schedule's bound)."""
    return Row(
        measure, value, _numbers(value), Aim("<=", bound, why), f"<= {why} = {_numbers(bound)}"
    )


def context(measure: str, value: Value, shown: str) -> Row:
    """A row shown for context, held to no aim."""
    return Row(measure, value, shown)


def misses(rows: t.Iterable[Row]) -> list[Row]:
    """The rows that missed their aim."""
    return [row for row in rows if row.met is False]


def _number(value: Number) -> str:
    return f"{value:,}" if isinstance(value, int) else f"{value:,.2f}"


def _numbers(value: Value) -> str:
    if isinstance(value, list):
        return " / ".join(_number(item) for item in value)
    return _number(value)
