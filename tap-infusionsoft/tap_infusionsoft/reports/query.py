"""Domo's Data Query syntax, turned into Keap `queryData` structs.

A query is a mapping (`{"City": "Ogden", "GroupId": "12,30"}`) or Domo's text form
(`'GroupId':'12,30','City':'Ogden'`, straight or typographic quotes). Per value:
- `12,30` (or a list): any of these values. Keap's queryData has no "in", so the query runs
  once per combination; the combinations cannot overlap, so no record comes twice;
- `%` is Keap's wildcard, `'null'` an empty field (Keap's `~null~`);
- `2016-01-20%`, `~>=~2015-12-15 08:15:00` and Keap's other operators pass through;
- `LastSuccessfulRun` (alone or after an operator, e.g. `~>=~LastSuccessfulRun`) becomes the
  start of the stream's last successful run, in Keap's time zone. Alone it means `~>=~`.
Digits for an integer field are sent as integers, as Keap's typed fields expect.
"""

from __future__ import annotations

import itertools
import re
import typing as t

from tap_infusionsoft.reports.fields import CUSTOM_FIELD_PREFIX
from tap_infusionsoft.reports.params import LAST_SUCCESSFUL_RUN

if t.TYPE_CHECKING:
    from collections.abc import Mapping

    from tap_infusionsoft.reports.fields import ReportField

NULL_WORD = "null"
KEAP_NULL = "~null~"
GREATER_OR_EQUAL = "~>=~"
OPERATOR = re.compile(r"^~(<>|>=|<=|>|<|null)~")
# Past this many combinations, a comma list is better written as a wildcard or a range.
MAX_COMBINATIONS = 100
# Typographic quotes, as Domo's documentation prints its examples.
_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})
_PAIR = re.compile(r"""\s*(['"])(?P<key>.*?)\1\s*:\s*(['"])(?P<value>.*?)\3\s*(,|$)""")
INTEGER_TYPES = frozenset({"WholeNumber", "User", "Year"})


class QueryError(ValueError):
    """A Data Query that cannot be sent; the message says which part and why."""


def parse_query(query: str | Mapping[str, t.Any]) -> dict[str, t.Any]:
    """The field → value pairs of a query in either form."""
    if not isinstance(query, str):
        return dict(query)
    text = query.translate(_QUOTES).strip()
    if text.startswith("{") and text.endswith("}"):
        text = text[1:-1]
    pairs: dict[str, t.Any] = {}
    position = 0
    while position < len(text):
        match = _PAIR.match(text, position)
        if match is None or match.end() == position:
            msg = (
                f"cannot read the query at {text[position : position + 30]!r}: write pairs like "
                "'City':'Ogden','GroupId':'12,30'"
            )
            raise QueryError(msg)
        pairs[match["key"]] = match["value"]
        position = match.end()
    return pairs


def query_combinations(
    query: Mapping[str, t.Any],
    *,
    last_successful_run: str,
    fields: Mapping[str, ReportField] | None,
) -> list[dict[str, t.Any]]:
    """The queryData structs to send (one, unless a value lists alternatives).

    Args:
        query: Field → value, as `parse_query` returns it.
        last_successful_run: The replacement of `LastSuccessfulRun` (`YYYY-MM-DD HH:MM:SS`).
        fields: The table's fields (for unknown-field errors and integer values), or None
            for a table the tap has no schema of. Custom fields (`_Name`) are always allowed.
    """
    alternatives: dict[str, list[t.Any]] = {}
    for name, value in query.items():
        known = fields.get(name) if fields is not None else None
        if fields is not None and known is None and not name.startswith(CUSTOM_FIELD_PREFIX):
            msg = f"'{name}' is not a field of the table (custom fields start with _)"
            raise QueryError(msg)
        field_type = known.field_type if known is not None else "Text"
        alternatives[name] = [
            _keap_value(item, field_type, last_successful_run) for item in _choices(value)
        ]
    combinations = [
        dict(zip(alternatives, chosen, strict=True))
        for chosen in itertools.product(*alternatives.values())
    ]
    if len(combinations) > MAX_COMBINATIONS:
        msg = (
            f"the comma lists make {len(combinations)} queries (at most {MAX_COMBINATIONS}); "
            "use a % wildcard or a ~>=~ range instead"
        )
        raise QueryError(msg)
    return combinations


def _choices(value: t.Any) -> list[t.Any]:
    if isinstance(value, list):
        return value or [""]
    if isinstance(value, str) and not OPERATOR.match(value) and "," in value:
        return [item.strip() for item in value.split(",")]
    return [value]


def _keap_value(value: t.Any, field_type: str, last_successful_run: str) -> t.Any:
    if not isinstance(value, str):
        return value
    if value.strip().lower() == NULL_WORD:
        return KEAP_NULL
    operator_match = OPERATOR.match(value)
    operator = operator_match.group(0) if operator_match else ""
    operand = value[len(operator) :]
    if operand.strip() == LAST_SUCCESSFUL_RUN:
        return (operator or GREATER_OR_EQUAL) + last_successful_run
    if not operator and field_type in INTEGER_TYPES and value.strip().lstrip("-").isdigit():
        return int(value)
    return value
