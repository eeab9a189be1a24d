"""The `reports` setting: named report instances, checked at start before any call.

Each instance is `{name, report, params}` and becomes a stream called `name`. Every check
that needs no call to Keap runs here, so a typo in the tenth instance stops the run before
the first instance has read anything: unknown report, unknown or missing param, a param of
the wrong type, a Data Query that cannot be read or filters on a field its table lacks,
two date forms at once, a name used twice or taken by a REST stream.
"""

from __future__ import annotations

import json
import re
import typing as t
from dataclasses import dataclass

from singer_commons.errors import config_error
from tap_infusionsoft.reports.catalog import BY_KEY, DATE_PARAMS, ReportKind
from tap_infusionsoft.reports.fields import table_fields
from tap_infusionsoft.reports.params import LAST_SUCCESSFUL_RUN, ReportParams
from tap_infusionsoft.reports.query import QueryError, parse_query, query_combinations

if t.TYPE_CHECKING:
    from collections.abc import Callable, Collection, Iterable

    from singer_sdk.exceptions import ConfigValidationError

STREAM_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
_SINGLE_DAY = ("date", "days_back")
_RANGE = ("start_date", "start_days_back", "end_date", "end_days_back")


def _check_moment(params: ReportParams, name: str) -> None:
    if params.text(name) != LAST_SUCCESSFUL_RUN or name != "start_date":
        params.moment(name)


# How each param is read (and so checked); ids and lists accept `[1, 2]` or `"1,2"`.
_CHECKS: dict[str, Callable[[ReportParams, str], object]] = {
    **dict.fromkeys(
        (
            "affiliate_ids",
            "program_ids",
            "contact_ids",
            "tag_ids",
            "record_ids",
            "discount_ids",
            "trial_ids",
            "file_ids",
            "invoice_ids",
            "product_ids",
            "option_ids",
        ),
        ReportParams.integers,
    ),
    **dict.fromkeys(("emails", "fields"), ReportParams.texts),
    **dict.fromkeys(("table", "saved_search_name", "order_by"), ReportParams.text),
    **dict.fromkeys(
        ("user_id", "saved_search_id", "days_back", "start_days_back", "end_days_back"),
        ReportParams.integer,
    ),
    **dict.fromkeys(("date", "start_date", "end_date"), _check_moment),
    "query": lambda _params, _name: None,  # checked with its table below
}


@dataclass(frozen=True)
class ReportInstance:
    """One configured report: the stream name, the report kind and its params."""

    name: str
    kind: ReportKind
    params: ReportParams


def report_instances(raw: object) -> tuple[ReportInstance, ...]:
    """The checked instances of the `reports` setting's value (a list, or its JSON text).

    Names taken by the tap's REST streams are refused by `refuse_taken_names`, once the
    tap knows its streams.

    Raises:
        ConfigValidationError: naming the instance and what is wrong with it.
    """
    if not raw:
        return ()
    if isinstance(raw, str):
        try:
            raw = json.loads(raw)
        except ValueError as exc:
            msg = f"reports must be a JSON list of {{name, report, params}}: {exc}"
            raise config_error(msg) from None
    if not isinstance(raw, list):
        msg = f"reports must be a list of {{name, report, params}}, got {type(raw).__name__}"
        raise config_error(msg)
    instances: list[ReportInstance] = []
    for position, entry in enumerate(raw, start=1):
        instance = _instance(entry, position)
        if any(seen.name == instance.name for seen in instances):
            raise _name_taken(instance)
        instances.append(instance)
    return tuple(instances)


def refuse_taken_names(instances: Iterable[ReportInstance], taken: Collection[str]) -> None:
    """Refuse an instance named like a stream the tap already has (a REST stream).

    Raises:
        ConfigValidationError: naming the first instance whose name is taken.
    """
    for instance in instances:
        if instance.name in taken:
            raise _name_taken(instance)


def _name_taken(instance: ReportInstance) -> ConfigValidationError:
    msg = f"report '{instance.name}': the stream name is already taken; rename it"
    return config_error(msg)


def _instance(entry: object, position: int) -> ReportInstance:
    if not isinstance(entry, dict):
        msg = f"reports[{position}] must be an object {{name, report, params}}, got {entry!r}"
        raise config_error(msg)
    name = entry.get("name")
    if not isinstance(name, str) or not STREAM_NAME.match(name):
        msg = (
            f"reports[{position}]: name must be a stream name (lowercase letters, digits, _; "
            f"starting with a letter), got {name!r}"
        )
        raise config_error(msg)
    kind = BY_KEY.get(str(entry.get("report")))
    if kind is None:
        msg = (
            f"report '{name}': report must be one of {', '.join(BY_KEY)}; "
            f"got {entry.get('report')!r}"
        )
        raise config_error(msg)
    unknown_keys = set(entry) - {"name", "report", "params"}
    if unknown_keys:
        msg = f"report '{name}': unknown key(s) {', '.join(sorted(unknown_keys))}"
        raise config_error(msg)
    raw_params = entry.get("params") or {}
    if not isinstance(raw_params, dict):
        msg = f"report '{name}': params must be an object, got {raw_params!r}"
        raise config_error(msg)
    params = ReportParams(name, raw_params)
    _check_params(kind, params)
    return ReportInstance(name, kind, params)


def _check_params(kind: ReportKind, params: ReportParams) -> None:
    allowed = kind.required | kind.optional
    unknown = sorted(set(params.values) - allowed)
    if unknown:
        choices = ", ".join(sorted(allowed)) or "none"
        msg = (
            f"report '{params.instance}': {kind.key} takes no param {', '.join(unknown)} "
            f"(it takes: {choices})"
        )
        raise params.error(msg)
    missing = sorted(name for name in kind.required if not params.has(name))
    if missing:
        msg = f"report '{params.instance}': {kind.key} needs param(s) {', '.join(missing)}"
        raise params.error(msg)
    for name in params.values:
        if params.has(name):
            _CHECKS[name](params, name)
    if allowed & DATE_PARAMS:
        _check_date_forms(params)
    if "query" in allowed and params.has("query"):
        _check_query(params)


def _check_date_forms(params: ReportParams) -> None:
    single = [name for name in _SINGLE_DAY if params.has(name)]
    ranged = [name for name in _RANGE if params.has(name)]
    both_ends = [("start_date", "start_days_back"), ("end_date", "end_days_back")]
    clashes = [pair for pair in both_ends if all(params.has(name) for name in pair)]
    if len(single) > 1 or (single and ranged) or clashes:
        names = ", ".join(single + ranged)
        msg = (
            f"report '{params.instance}': choose one date form (one day: date or days_back; "
            f"a range: start_date or start_days_back, end_date or end_days_back), got {names}"
        )
        raise params.error(msg)


def _check_query(params: ReportParams) -> None:
    table = params.text("table")
    try:
        query_combinations(
            parse_query(params.values["query"]),
            last_successful_run="2000-01-01 00:00:00",
            fields=table_fields(table),
        )
    except QueryError as exc:
        raise params.error(f"report '{params.instance}': query: {exc}") from None
