"""How each report reads its rows: per id, per page, per query combination.

Reports that take ids (`affiliate_ids`, `invoice_ids`, …) call Keap once per id and put the
id in each row, so rows say what they belong to. Paged methods read from page 0: Data Query
1000 rows a page until a short page, saved searches (no documented page size) until an
empty page (see `paging`).
"""

from __future__ import annotations

import logging
import typing as t
from dataclasses import dataclass

from keap_client.errors import RECORD_NOT_FOUND, KeapFault
from tap_infusionsoft.reports.fields import ReportField, table_fields
from tap_infusionsoft.reports.paging import PAGE_SIZE, pages, rows_of
from tap_infusionsoft.reports.query import QueryError, parse_query, query_combinations
from tap_infusionsoft.reports.timing import QUERY_DATETIME_FORMAT, date_window

if t.TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from keap_client.xmlrpc import KeapXmlRpc
    from tap_infusionsoft.reports.layout import ReportLayout
    from tap_infusionsoft.reports.params import ReportParams
    from tap_infusionsoft.reports.timing import RunClock

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ReportRun:
    """What a fetcher needs for one run of one instance."""

    client: KeapXmlRpc
    params: ReportParams
    layout: ReportLayout
    clock: RunClock
    method: str

    def call(self, *args: t.Any) -> t.Any:
        """Call the report's method."""
        return self.client.call(self.method, *args)


Fetch = t.Callable[[ReportRun], "Iterator[dict[str, t.Any]]"]


def listing(run: ReportRun) -> Iterator[dict[str, t.Any]]:
    """A method without parameters that returns rows."""
    yield from rows_of(run.call())


def mapping(key_name: str, value_name: str) -> Fetch:
    """A method that returns a `{key: value}` struct: one row per entry."""

    def fetch(run: ReportRun) -> Iterator[dict[str, t.Any]]:
        for key, value in (run.call() or {}).items():
            yield {key_name: key, value_name: value}

    return fetch


def per_id(
    param: str,
    id_field: str,
    *,
    value_field: str | None = None,
    before: Callable[[ReportRun], tuple[t.Any, ...]] = lambda _run: (),
    after: Callable[[ReportRun], tuple[t.Any, ...]] = lambda _run: (),
) -> Fetch:
    """One call per id of `param` (between `before` and `after` args); rows gain the id.

    A method that returns a plain value (an amount, a count, a file) gives one row with the
    value in `value_field`. An id Keap does not have is logged and skipped.
    """

    def fetch(run: ReportRun) -> Iterator[dict[str, t.Any]]:
        for ident in run.params.integers(param):
            try:
                result = run.call(*before(run), ident, *after(run))
            except KeapFault as fault:
                if fault.code != RECORD_NOT_FOUND:
                    raise
                logger.warning("%s: %s %s not found in Keap; skipped", run.method, param, ident)
                continue
            rows = [{value_field: result}] if value_field else rows_of(result)
            for row in rows:
                yield {**row, id_field: ident}

    return fetch


def window_args(run: ReportRun) -> tuple[t.Any, ...]:
    """The report's date window as the (start, end) arguments of Keap's dated methods."""
    window = date_window(run.params, run.clock)
    return (window.start, window.end)


def selected(run: ReportRun) -> tuple[t.Any, ...]:
    """The selected fields, as the argument that follows an id (ContactService.load)."""
    return (list(run.layout.selected),)


def affiliate_list(*, dated: bool) -> Fetch:
    """One call for all `affiliate_ids` (summary, running totals)."""

    def fetch(run: ReportRun) -> Iterator[dict[str, t.Any]]:
        ids = run.params.integers("affiliate_ids")
        yield from rows_of(run.call(ids, *(window_args(run) if dated else ())))

    return fetch


def data_query(run: ReportRun) -> Iterator[dict[str, t.Any]]:
    """Pages of 1000 per queryData combination, ordered by Id when the table has one."""
    layout = run.layout
    table = query_fields(layout)
    try:
        combinations = query_combinations(
            parse_query(run.params.values.get("query") or {}),
            last_successful_run=run.clock.last_run_local().strftime(QUERY_DATETIME_FORMAT),
            fields=table,
        )
    except QueryError as exc:
        raise run.params.error(f"report '{run.params.instance}': query: {exc}") from None
    # A stable order keeps a row changed mid-read on its page; Id is, even when not selected.
    order_by = run.params.values.get("order_by") or ("Id" if "Id" in (table or {}) else None)
    order = (order_by, True) if order_by else ()
    for query_data in combinations:
        for rows in _query_pages(run, layout.table, query_data, list(layout.selected), order):
            yield from rows


def _query_pages(
    run: ReportRun,
    table: str | None,
    query_data: dict[str, t.Any],
    selected: list[str],
    order: tuple[t.Any, ...],
) -> Iterator[list[dict[str, t.Any]]]:
    """The pages of one `DataService.query`."""
    return pages(lambda page: run.call(table, PAGE_SIZE, page, query_data, selected, *order))


def query_fields(layout: ReportLayout) -> dict[str, ReportField] | None:
    """The fields a query may filter on: the whole table, not only those selected."""
    builtin = table_fields(layout.table or "")
    return None if builtin is None else builtin | layout.fields


def tagged_contacts(run: ReportRun) -> Iterator[dict[str, t.Any]]:
    """Contacts holding each tag, from ContactGroupAssign joined with Contact."""
    contact_fields = [f"Contact.{name}" for name in run.layout.selected if name != "Id"]
    selected = ["ContactId", "GroupId", "ContactGroup", "DateCreated", *contact_fields]
    for tag in run.params.integers("tag_ids"):
        tag_query = {"GroupId": tag}
        for rows in _query_pages(
            run, "ContactGroupAssign", tag_query, selected, ("ContactId", True)
        ):
            for row in rows:
                contact = {
                    name.removeprefix("Contact."): value
                    for name, value in row.items()
                    if name.startswith("Contact.")
                }
                yield {
                    "Id": row.get("ContactId"),
                    **contact,
                    "TagId": row.get("GroupId", tag),
                    "TagName": row.get("ContactGroup"),
                    "TagAppliedDate": row.get("DateCreated"),
                }


def contacts_by_email(run: ReportRun) -> Iterator[dict[str, t.Any]]:
    """Contacts whose Email, Email 2 or Email 3 is one of `emails`."""
    for email in run.params.texts("emails"):
        yield from rows_of(run.call(email, list(run.layout.selected)))


def table(run: ReportRun) -> tuple[t.Any, ...]:
    """The table, as the argument before an id (DataService.load)."""
    return (run.layout.table,)


def saved_search(*, all_fields: bool) -> Fetch:
    """A saved search's rows, until an empty page; the partial form asks for `fields` only."""

    def fetch(run: ReportRun) -> Iterator[dict[str, t.Any]]:
        user_id = run.params.integer("user_id")
        after = () if all_fields else (list(run.layout.selected),)
        for rows in pages(
            lambda page: run.call(run.layout.saved_search_id, user_id, page, *after), limit=None
        ):
            yield from rows

    return fetch


def report_columns(run: ReportRun) -> Iterator[dict[str, t.Any]]:
    """The columns of a saved search, one row each."""
    user_id = run.params.integer("user_id")
    columns = run.call(run.layout.saved_search_id, user_id) or {}
    for position, (column, label) in enumerate(columns.items()):
        yield {
            "SavedSearchId": run.layout.saved_search_id,
            "Column": column,
            "Label": label,
            "Position": position,
        }
