"""The fields Keap's write bodies take, and the check of one value against its field.

Why a table of our own: a record is judged before any call, so that Keap never has to refuse
it and the reject names the field. What a body may hold is Keap's REST v1 OpenAPI (its
`Create…`, `Update…` and `Upsert…` schemas: types, enums, the members a sub-object needs); the
resources table (`resources.py`) writes each body down with the constructors here.

What is sent: only declared fields and members (anything else a record carries, such as the
read-only fields a tap emits, stays behind); no null, and no blank text in a field that is not
text (a blank spreadsheet cell never erases a value in Keap); a number in a text field as text.
"""

from __future__ import annotations

import enum
import math
import re
import typing as t
from dataclasses import dataclass, field
from datetime import date, datetime

from singer_commons.emails import email_problem
from singer_commons.text import text_problem

if t.TYPE_CHECKING:
    from collections.abc import Mapping

# Keap's ids are int64 (its OpenAPI `format: int64`).
MAX_INT64 = 2**63 - 1
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
MAX_QUOTED = 80


class Kind(enum.Enum):
    """What a field holds."""

    TEXT = "text"
    INTEGER = "whole number"
    NUMBER = "number"
    BOOLEAN = "boolean (true or false)"
    DATE = "date (YYYY-MM-DD)"
    DATETIME = "ISO 8601 date-time (e.g. 2026-01-31T09:00:00Z)"
    EMAIL = "email address"
    OBJECT = "object"
    ARRAY = "array"
    ANY = "any JSON value"


@dataclass(frozen=True)
class Field:
    """One field of a body: its kind, allowed values, and an object's or array's members."""

    kind: Kind
    choices: tuple[str | int, ...] = ()
    members: Mapping[str, Field] = field(default_factory=dict)
    required: tuple[str, ...] = ()
    items: Field | None = None


TEXT = Field(Kind.TEXT)
INTEGER = Field(Kind.INTEGER)
NUMBER = Field(Kind.NUMBER)
BOOLEAN = Field(Kind.BOOLEAN)
DATE = Field(Kind.DATE)
DATETIME = Field(Kind.DATETIME)
EMAIL = Field(Kind.EMAIL)
ANY = Field(Kind.ANY)


def one_of(*choices: str | int) -> Field:
    """A text (or whole-number) field that takes only these values, spelled exactly so."""
    kind = Kind.INTEGER if all(isinstance(choice, int) for choice in choices) else Kind.TEXT
    return Field(kind, choices=choices)


def obj(required: tuple[str, ...] = (), /, **members: Field) -> Field:
    """An object with these members, of which those named first must be present."""
    return Field(Kind.OBJECT, members=members, required=required)


def array_of(item: Field) -> Field:
    """An array of `item`s."""
    return Field(Kind.ARRAY, items=item)


def reference() -> Field:
    """`{"id": …}`: how a body points at another record (a company, a stage, a user)."""
    return obj(("id",), id=INTEGER)


def absent(value: t.Any, spec: Field) -> bool:
    """Whether a value counts as not given: null, or blank text where text is not expected."""
    if value is None:
        return True
    return spec.kind not in {Kind.TEXT, Kind.ANY} and isinstance(value, str) and not value.strip()


def value_problem(spec: Field, value: t.Any, where: str) -> str | None:
    """Why `value` cannot be sent in field `spec` (the reason names `where`), or None."""
    problem = _kind_problem(spec, value, where)
    if problem is not None:
        return problem
    if spec.choices and value not in spec.choices:
        allowed = ", ".join(str(choice) for choice in spec.choices)
        return f"{where}: {_quoted(value)} is not one of Keap's values ({allowed})"
    if spec.kind is Kind.OBJECT:
        return _object_problem(spec, value, where)
    if spec.kind is Kind.ARRAY and spec.items is not None:
        for index, item in enumerate(value):
            if absent(item, spec.items):
                return f"{where}[{index}]: an item is null"
            if problem := value_problem(spec.items, item, f"{where}[{index}]"):
                return problem
    return None


def _object_problem(spec: Field, value: Mapping[str, t.Any], where: str) -> str | None:
    for name in spec.required:
        if absent(value.get(name), spec.members[name]):
            return f"{where}: member {name!r} is required by Keap"
    for name, member in spec.members.items():
        item = value.get(name)
        if not absent(item, member) and (
            problem := value_problem(member, item, f"{where}[{name!r}]")
        ):
            return problem
    return None


def _kind_problem(spec: Field, value: t.Any, where: str) -> str | None:  # noqa: PLR0911
    """Whether the value has the field's kind at all."""
    kind = spec.kind
    if kind is Kind.ANY:
        return None
    if kind in {Kind.TEXT, Kind.EMAIL}:
        if _is_number(value) and kind is Kind.TEXT:
            return None
        if not isinstance(value, str):
            return _wrong(where, kind, value)
        if kind is Kind.EMAIL and (problem := email_problem(value)):
            return f"{where}: {problem}"
        problem = text_problem(value, "Keap")
        return f"{where}: {problem}" if problem else None
    if kind is Kind.INTEGER:
        whole = _is_number(value) and float(value).is_integer()
        return None if whole and abs(value) <= MAX_INT64 else _wrong(where, kind, value)
    if kind is Kind.NUMBER:
        return None if _is_number(value) and math.isfinite(value) else _wrong(where, kind, value)
    if kind is Kind.BOOLEAN:
        return None if isinstance(value, bool) else _wrong(where, kind, value)
    if kind is Kind.DATE:
        return None if _is_date(value) else _wrong(where, kind, value)
    if kind is Kind.DATETIME:
        return None if _is_datetime(value) else _wrong(where, kind, value)
    if kind is Kind.OBJECT:
        return None if isinstance(value, dict) else _wrong(where, kind, value)
    return None if isinstance(value, list) else _wrong(where, kind, value)


def sendable(spec: Field, value: t.Any) -> t.Any:
    """The value as Keap gets it: declared members only, no nulls, numbers in text as text.

    The value must have passed `value_problem`.
    """
    if spec.kind is Kind.TEXT and _is_number(value):
        return str(value)
    if spec.kind is Kind.INTEGER and isinstance(value, float):
        return int(value)
    if spec.kind is Kind.OBJECT:
        return {
            name: sendable(member, value[name])
            for name, member in spec.members.items()
            if not absent(value.get(name), member)
        }
    if spec.kind is Kind.ARRAY and spec.items is not None:
        return [sendable(spec.items, item) for item in value]
    return value


def _is_number(value: t.Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _is_date(value: t.Any) -> bool:
    if not isinstance(value, str) or not _DATE.fullmatch(value):
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _is_datetime(value: t.Any) -> bool:
    """ISO 8601 with a time of day (a bare date is a date, not a date-time)."""
    if not isinstance(value, str) or len(value) <= len("YYYY-MM-DD"):
        return False
    try:
        datetime.fromisoformat(value)
    except ValueError:
        return False
    return True


def _wrong(where: str, kind: Kind, value: t.Any) -> str:
    article = "an" if kind.value[0] in "aeiouAEIOU" else "a"
    return f"{where}: must be {article} {kind.value}, got {type(value).__name__} {_quoted(value)}"


def _quoted(value: t.Any) -> str:
    text = repr(value)
    return text if len(text) <= MAX_QUOTED else text[:MAX_QUOTED] + "…"
