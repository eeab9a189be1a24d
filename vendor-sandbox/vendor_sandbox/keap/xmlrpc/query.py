"""`queryData` matching, ordering and field selection, as `DataService.query` applies them.

Keap's rules (vendor notes, Domo seed): string matches ignore case; `%` is a wildcard
anywhere (SQL LIKE); `~null~` matches an empty field; an operator prefix `~<>~ ~>~ ~<~ ~<=~
~>=~` compares numbers as numbers and dates as datetimes (`2016-01-20` is that midnight);
`2016-01-20%` is a LIKE on a date's `YYYY-MM-DD HH:MM:SS` text. Every key must be a field.
Empty fields are left out of returned structs.
"""

from __future__ import annotations

import operator
import re
import typing as t
import xmlrpc.client

from vendor_sandbox.keap.xmlrpc import dates
from vendor_sandbox.keap.xmlrpc.faults import invalid_parameter, no_field
from vendor_sandbox.keap.xmlrpc.tables import ID, NUMERIC, TEMPORAL

if t.TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Mapping, Sequence

    from vendor_sandbox.keap.xmlrpc.tables import Field, TableSpec

    Row = dict[str, t.Any]
    Test = Callable[[t.Any], bool]

NULL = "~null~"
NOT_EQUAL = "~<>~"
# Longest first, so `~<=~` is not read as `~<~` followed by "=".
COMPARISONS: dict[str, Callable[[t.Any, t.Any], bool]] = {
    "~<=~": operator.le,
    "~>=~": operator.ge,
    "~<~": operator.lt,
    "~>~": operator.gt,
}
WILDCARD = "%"


def is_empty(value: t.Any) -> bool:
    """Whether Keap treats a stored value as null (and leaves it out of answers)."""
    return value is None or value == ""


def _text(field: Field, value: t.Any) -> str:
    """The text a LIKE pattern sees: dates as `YYYY-MM-DD HH:MM:SS`."""
    if field.kind in TEMPORAL:
        return dates.as_text(value)
    if field.kind == "Integer":
        return str(int(value))
    return str(value)


def _key(field: Field, value: t.Any) -> t.Any:
    """A stored (non-empty) value in the form comparisons and ordering use."""
    if field.kind in NUMERIC:
        return float(value)
    if field.kind in TEMPORAL:
        return value
    return str(value).casefold()


def _operand(field: Field, value: t.Any) -> t.Any:
    """A query value converted to the field's comparable form; None when it cannot be."""
    if isinstance(value, bool):
        value = int(value)
    if field.kind in NUMERIC:
        if isinstance(value, int | float):
            return float(value)
        try:
            return float(str(value).strip())
        except ValueError:
            return None
    if field.kind in TEMPORAL:
        return dates.from_argument(value)
    if isinstance(value, xmlrpc.client.DateTime):
        moment = dates.from_argument(value)
        return None if moment is None else dates.as_text(moment)
    return str(value).casefold()


def _like(field: Field, pattern: str) -> Test:
    parts = (re.escape(part) for part in pattern.split(WILDCARD))
    regex = re.compile(".*".join(parts), re.IGNORECASE | re.DOTALL)
    return lambda value: not is_empty(value) and regex.fullmatch(_text(field, value)) is not None


def _equals(field: Field, value: t.Any) -> Test:
    if isinstance(value, str) and WILDCARD in value:
        return _like(field, value)
    target = _operand(field, value)
    if target is None:
        return lambda _: False
    return lambda value: not is_empty(value) and _key(field, value) == target


def _compare(field: Field, op: str, raw: str) -> Test:
    target = _operand(field, raw)
    if target is None:
        msg = f"Invalid value for {field.name}: {op}{raw} (expected {field.kind})"
        raise invalid_parameter(msg)
    compare = COMPARISONS[op]
    return lambda value: not is_empty(value) and compare(_key(field, value), target)


def matcher(field: Field, value: t.Any) -> Test:
    """The test one `queryData` entry applies to a row's value of `field`.

    Raises:
        XmlRpcError: Fault 12 when an ordered comparison's operand is not of the field's type.
    """
    if value is None or (isinstance(value, str) and value.strip().lower() == NULL):
        return is_empty
    if isinstance(value, str):
        if value.startswith(NOT_EQUAL):
            rest = value[len(NOT_EQUAL) :]
            if rest.strip().lower() == NULL:
                return lambda stored: not is_empty(stored)
            equal = _equals(field, rest)
            return lambda stored: not equal(stored)
        for op in COMPARISONS:
            if value.startswith(op):
                return _compare(field, op, value[len(op) :])
    return _equals(field, value)


def compile_query(spec: TableSpec, query_data: Mapping[str, t.Any]) -> Callable[[Row], bool]:
    """A predicate on rows that is true when every `queryData` entry matches (empty: all).

    Raises:
        XmlRpcError: Fault 10 for a key that is not a field of the table.
    """
    tests = []
    for name, value in query_data.items():
        field = spec.field(name)
        if field is None:
            raise no_field(spec.name, name)
        tests.append((name, matcher(field, value)))
    return lambda row: all(test(row.get(name)) for name, test in tests)


def check_fields(spec: TableSpec, names: Iterable[t.Any], parameter: str) -> list[str]:
    """Validate a list of field names (`selectedFields`, `returnFields`).

    Raises:
        XmlRpcError: Fault 12 when the list is empty or holds a non-string, fault 10 for
            an unknown field.
    """
    chosen = list(names)
    if not chosen or not all(isinstance(name, str) for name in chosen):
        msg = f"{parameter} must be a non-empty array of field names"
        raise invalid_parameter(msg)
    for name in chosen:
        if spec.field(name) is None:
            raise no_field(spec.name, name)
    return chosen


def ordered(
    spec: TableSpec, rows: Sequence[Row], order_by: str | None, *, ascending: bool
) -> list[Row]:
    """Rows sorted by a field (empty values first when ascending, like SQL); default by Id.

    Raises:
        XmlRpcError: Fault 10 when `order_by` is not a field.
    """
    if order_by is None:
        if spec.field(ID) is None:
            return list(rows)
        order_by = ID
    field = spec.field(order_by)
    if field is None:
        raise no_field(spec.name, order_by)

    def sort_key(row: Row) -> tuple[bool, t.Any]:
        value = row.get(order_by)
        return (False, 0) if is_empty(value) else (True, _key(field, value))

    return sorted(rows, key=sort_key, reverse=not ascending)


def project(row: Row, names: Iterable[str]) -> Row:
    """The selected fields that are not empty: Keap omits the others from the struct."""
    return {name: row[name] for name in names if not is_empty(row.get(name))}
