"""Which fields a report instance emits, and their types, resolved once at discovery.

Table reports (Data Query, Data Record, contacts) take Keap's table schema plus the
account's custom fields (`_Name`, from the DataFormField table, one query per table);
saved searches take their columns from `SearchService.getAllReportColumns`; every other
report has a fixed shape. `fields` narrows a table report to the fields the user needs,
each checked before any data is read.
"""

from __future__ import annotations

import logging
import typing as t
from dataclasses import dataclass

from tap_infusionsoft.reports.fields import (
    CUSTOM_FIELD_FORMS,
    ReportField,
    canonical_table,
    custom_fields_from,
    parse_fields,
    table_fields,
)
from tap_infusionsoft.reports.paging import PAGE_SIZE, pages

if t.TYPE_CHECKING:
    from collections.abc import Collection

    from keap_client.xmlrpc import KeapXmlRpc
    from tap_infusionsoft.reports.params import ReportParams

logger = logging.getLogger(__name__)

CONTACT_JOIN_PREFIX = "Contact."
# Columns of the contacts-by-tag report besides the contact's own fields.
TAG_FIELDS = parse_fields("TagId:int TagName TagAppliedDate:datetime")


@dataclass(frozen=True)
class ReportLayout:
    """The resolved shape of one report instance.

    Attributes:
        fields: Every emitted property and its type.
        table: The Keap table a table report reads (None otherwise).
        selected: The fields requested from Keap (table and saved-search reports).
        saved_search_id: The saved search a saved-search report reads.
    """

    fields: dict[str, ReportField]
    table: str | None = None
    selected: tuple[str, ...] = ()
    saved_search_id: int | None = None


def chosen_fields(params: ReportParams, available: Collection[str], where: str) -> list[str]:
    """The `fields` param checked against what is available (all of it when unset).

    Raises:
        ConfigValidationError: naming the report, the unknown names and what there is.
    """
    names = params.texts("fields") if params.has("fields") else list(available)
    unknown = [name for name in names if name not in available]
    if unknown:
        msg = (
            f"report '{params.instance}': {', '.join(unknown)} not in {where}: "
            f"{', '.join(available)})"
        )
        raise params.error(msg)
    return names


class LayoutResolver:
    """Resolves layouts, fetching each table's custom fields at most once per run."""

    def __init__(self, client: KeapXmlRpc, *, custom_fields: bool = True) -> None:
        self.client = client
        self.custom_fields = custom_fields
        self._custom: dict[str, dict[str, ReportField]] = {}

    def table_layout(self, params: ReportParams, table: str) -> ReportLayout:
        """A table report: built-in + custom fields, narrowed to `fields` if given."""
        table = canonical_table(table)
        known = table_fields(table)
        if known is not None:
            known |= self._custom_fields(table)
        if known is not None:
            where = f"table {table} (custom fields start with _; fields"
            fields = {name: known[name] for name in chosen_fields(params, known, where)}
        elif params.has("fields"):
            fields = {name: ReportField(name) for name in params.texts("fields")}
        else:
            msg = (
                f"report '{params.instance}': table {table} has no built-in schema here; list "
                "the fields to read in param 'fields'"
            )
            raise params.error(msg)
        return ReportLayout(fields=fields, table=table, selected=tuple(fields))

    def tagged_contacts_layout(self, params: ReportParams) -> ReportLayout:
        """Contacts by tag: the contact fields Keap joins into ContactGroupAssign."""
        joined = {
            name.removeprefix(CONTACT_JOIN_PREFIX): field
            for name, field in (table_fields("ContactGroupAssign") or {}).items()
            if name.startswith(CONTACT_JOIN_PREFIX)
        }
        joined["Id"] = ReportField("Id", "WholeNumber")
        names = chosen_fields(params, joined, "the contact fields Keap joins by tag (fields")
        contact_fields = {"Id": joined["Id"]} | {
            name: ReportField(name, joined[name].field_type) for name in names
        }
        return ReportLayout(
            fields=contact_fields | TAG_FIELDS,
            table="ContactGroupAssign",
            selected=tuple(contact_fields),
        )

    def saved_search_layout(
        self, params: ReportParams, saved_search_id: int, user_id: int
    ) -> ReportLayout:
        """A saved search: its report columns (all, or the `fields` asked for)."""
        columns = self.client.call("SearchService.getAllReportColumns", saved_search_id, user_id)
        available = {str(key): str(label) for key, label in (columns or {}).items()}
        where = f"saved search {saved_search_id} (columns"
        names = chosen_fields(params, available, where)
        fields = {
            name: ReportField(name, description=f"Saved search column '{available[name]}'")
            for name in names
        }
        return ReportLayout(fields=fields, selected=tuple(names), saved_search_id=saved_search_id)

    def _custom_fields(self, table: str) -> dict[str, ReportField]:
        form = CUSTOM_FIELD_FORMS.get(table)
        if form is None or not self.custom_fields:
            return {}
        if table not in self._custom:
            rows = [
                row
                for batch in pages(
                    lambda page: self.client.call(
                        "DataService.query",
                        "DataFormField",
                        PAGE_SIZE,
                        page,
                        {"FormId": form},
                        ["Id", "Name", "Label", "DataType"],
                        "Id",
                        True,
                    )
                )
                for row in batch
            ]
            self._custom[table] = custom_fields_from(rows)
            logger.info("%d custom field(s) of table %s", len(self._custom[table]), table)
        return self._custom[table]


LayoutOf = t.Callable[[LayoutResolver, "ReportParams"], ReportLayout]


def table_layout(table: str | None = None) -> LayoutOf:
    """The layout of a report on `table`, or on the instance's `table` param."""

    def layout(resolver: LayoutResolver, params: ReportParams) -> ReportLayout:
        return resolver.table_layout(params, table or params.text("table"))

    return layout


def saved_search_layout(resolver: LayoutResolver, params: ReportParams) -> ReportLayout:
    """A saved search by id, or by name (one SavedFilter query; it must match one search)."""
    user_id = params.integer("user_id")
    if params.has("saved_search_id") == params.has("saved_search_name"):
        msg = f"report '{params.instance}': set saved_search_id or saved_search_name (one)"
        raise params.error(msg)
    if params.has("saved_search_id"):
        search_id = params.integer("saved_search_id")
    else:
        name = params.text("saved_search_name")
        found = resolver.client.call(
            "DataService.query",
            "SavedFilter",
            PAGE_SIZE,
            0,
            {"FilterName": name, "UserId": user_id},
            ["Id", "FilterName"],
            "Id",
            True,
        )
        if len(found) != 1:
            names = ", ".join(f"{row.get('Id')}: {row.get('FilterName')}" for row in found)
            msg = (
                f"report '{params.instance}': saved_search_name {name!r} matches "
                f"{len(found)} saved searches of user {user_id}"
                + (f" ({names}); use saved_search_id" if found else "")
            )
            raise params.error(msg)
        search_id = int(found[0]["Id"])
    return resolver.saved_search_layout(params, search_id, user_id)


def columns_layout(resolver: LayoutResolver, params: ReportParams) -> ReportLayout:
    """The columns report of a saved search: one row per column."""
    saved = saved_search_layout(resolver, params)
    return ReportLayout(
        fields=parse_fields("SavedSearchId:int Column Label Position:int"),
        saved_search_id=saved.saved_search_id,
    )
