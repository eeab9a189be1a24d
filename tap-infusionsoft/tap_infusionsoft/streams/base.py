"""The base of every Keap stream: body shapes, limit/offset paging and `since` windows.

Keap's list endpoints answer `{"<resource>": [...], "count": N, "next": url}`; a few answer a
bare array, a single object or a code → name map. Pages hold at most 1000 records; the end
of a list is a short page or `offset >= count` (vendor notes: `limit` is weakly documented,
so both are checked). Time-filtered endpoints take `since` (and `until`) on the resource's
last-changed field.
"""

from __future__ import annotations

import re
import typing as t
from dataclasses import dataclass
from datetime import UTC, datetime

from singer_sdk.helpers.conform import TypeConformanceLevel
from singer_sdk.pagination import BaseAPIPaginator, SinglePagePaginator

from keap_client.custom_fields import VALUES_KEY
from keap_client.errors import NOT_FOUND, KeapError
from singer_commons.clock import utc_now
from singer_commons.connection import json_body
from singer_commons.sdk.streams import VendorRESTStream

if t.TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    import requests
    from singer_sdk.helpers.types import Context

    from keap_client.connection import KeapConnection
    from tap_infusionsoft.custom_fields import CustomFieldSet
    from tap_infusionsoft.settings import KeapTapSettings
    from tap_infusionsoft.tap import TapInfusionsoft


# strftime writes a year before 1000 without leading zeros, isoformat with them.
_FOUR_DIGIT_YEARS = 1000


def parse_keap_time(value: str) -> datetime:
    """Parse Keap's ISO 8601 times (`Z`, `+00:00` or `+0000`; naive ones are UTC)."""
    moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def with_custom_fields(schema: dict[str, t.Any], fields: CustomFieldSet) -> dict[str, t.Any]:
    """The schema with one typed property per custom field instead of the raw list."""
    properties = {k: v for k, v in schema["properties"].items() if k != VALUES_KEY}
    for prop in fields.properties():
        properties.update(prop.to_dict())
    return {**schema, "properties": properties}


def keap_timestamp(moment: datetime) -> str:
    """Keap's time format: UTC with milliseconds and `Z` (2017-01-01T22:17:59.039Z)."""
    utc = moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)
    if utc.year >= _FOUR_DIGIT_YEARS:
        # The same text as strftime's below, several times faster (once per record).
        return utc.replace(tzinfo=None).isoformat(timespec="milliseconds") + "Z"
    return utc.strftime("%Y-%m-%dT%H:%M:%S.") + f"{utc.microsecond // 1000:03d}Z"


# A time already in Keap's format but for its zone (`Z`, `+0000`, `+00:00`), with a year
# strftime would also write in four digits.
_UTC_MILLISECONDS = re.compile(
    r"[1-9][0-9]{3}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3}"
)
_UTC_SUFFIXES = frozenset({"Z", "+0000", "+00:00", "-0000", "-00:00"})


def uniform_keap_time(value: str) -> str:
    """`keap_timestamp(parse_keap_time(value))`: a time Keap sent, in Keap's own format.

    Keap's records carry UTC times with milliseconds (`...039+0000`), so for nearly every
    record only the zone's suffix changes; the value is still parsed, so a time that is not
    one raises as before.
    """
    moment = parse_keap_time(value)
    if value[23:] in _UTC_SUFFIXES and _UTC_MILLISECONDS.fullmatch(value, 0, 23):
        return value[:23] + "Z"
    return keap_timestamp(moment)


class OffsetPaginator(BaseAPIPaginator[int]):
    """Keap's limit/offset paging, ending on a short page or once `count` is reached."""

    def __init__(self, page_size: int, count_records: Callable[[requests.Response], int]) -> None:
        super().__init__(0)
        self._page_size = page_size
        self._count_records = count_records

    def get_next(self, response: requests.Response) -> int | None:
        """The next offset, or None at the end of the list."""
        received = self._count_records(response)
        following = self.current_value + received
        total = json_body(response).get("count")
        if received < self._page_size or (isinstance(total, int) and following >= total):
            return None
        return following


@dataclass(frozen=True)
class KeysetPage:
    """A page of a list ordered by its time field: from `since`, skipping `offset` records.

    `offset` only steps over the records stamped exactly `since` that earlier pages held.
    """

    since: str | None
    offset: int = 0


class KeysetPaginator(BaseAPIPaginator[KeysetPage]):
    """Pages a time-ordered list by moving `since` to the last record's time.

    Plain offsets over a list ordered by last change skip records: a record changed during
    the read leaves its place and every later record moves up one, so the first record of
    the next page is never seen, while the bookmark passes it. Restarting each page at the
    last time seen (inclusive, as Keap's `since` is) cannot skip anything.
    """

    def __init__(
        self,
        since: str | None,
        page_size: int,
        time_field: str,
        records_of: Callable[[requests.Response], list[dict[str, t.Any]]],
    ) -> None:
        super().__init__(KeysetPage(since))
        self._page_size = page_size
        self._time_field = time_field
        self._records_of = records_of

    def get_next(self, response: requests.Response) -> KeysetPage | None:
        """The page after this one, or None at the end of the list."""
        records = self._records_of(response)
        total = json_body(response).get("count")  # matches from this page's `since` on
        if len(records) < self._page_size or (
            isinstance(total, int) and self.current_value.offset + len(records) >= total
        ):
            return None
        last = records[-1].get(self._time_field)
        if last is None:
            # Untimed records cannot anchor a keyset: keep counting from this `since`.
            return KeysetPage(self.current_value.since, self.current_value.offset + len(records))
        since = uniform_keap_time(str(last))
        at_last = sum(1 for record in records if record.get(self._time_field) == last)
        if since == self.current_value.since:
            at_last += self.current_value.offset
        return KeysetPage(since, at_last)


class KeapStream(VendorRESTStream):
    """A Keap REST v1 resource, read through the tap's shared connection.

    Class attributes describe the resource:
        records_key: The body key holding the list; None when the body is the list itself
            (or a single object, read as one record).
        paginated: Whether the endpoint pages with limit/offset.
        since_param / until_param: Query parameters of the endpoint's time filter, when it
            has one (the stream is then incremental on `replication_key`).
        until_needs_since: Whether Keap refuses `until_param` without `since_param` (then a
            read with no start, a first run without `start_date`, sends neither).
        extra_params: Fixed query parameters (ordering, optional properties).
        static_schema: The resource's JSON schema (custom fields are added at discovery).
        child_context_fields: Context key → record field handed to child streams.
        time_ordered: Whether `extra_params` make Keap return the list in ascending order
            of `replication_key`, so pages can follow the time (see `KeysetPaginator`).
    """

    # Keap answers typed JSON (custom fields are typed by `CustomFieldSet`), so the SDK's
    # per-value conformance, over half the tap's CPU on contacts, is skipped; properties the
    # schema does not know are dropped by `known_properties` instead.
    TYPE_CONFORMANCE_LEVEL = TypeConformanceLevel.NONE

    records_key: str | None = None
    paginated: bool = True
    since_param: str | None = None
    until_param: str | None = None
    until_needs_since: bool = False
    extra_params: t.ClassVar[dict[str, str]] = {}
    static_schema: t.ClassVar[dict[str, t.Any]]
    child_context_fields: t.ClassVar[dict[str, str]] = {}
    time_ordered: bool = False

    embedded_fields: t.ClassVar[tuple[str, ...]] = ()
    model_path: t.ClassVar[str | None] = None
    custom_fields_on_request: t.ClassVar[bool] = False

    @classmethod
    def reads_custom_fields(cls, settings: KeapTapSettings) -> bool:
        """Whether the settings ask for the custom fields of a resource with a `model_path`."""
        return settings.custom_fields

    @classmethod
    def schema_for(cls, settings: KeapTapSettings) -> dict[str, t.Any]:
        """The schema before custom fields: `static_schema`, unless a setting adds to it."""
        del settings
        return cls.static_schema

    def __init__(
        self,
        tap: TapInfusionsoft,
        connection: KeapConnection,
        *,
        custom_fields: CustomFieldSet | None = None,
        **kwargs: t.Any,
    ) -> None:
        """Create the stream; `custom_fields` come from the resource's /model (discovery)."""
        self.owner = tap
        self._connection = connection
        self._window_end: datetime | None = None
        self.custom_fields = custom_fields
        self.embedded: dict[str, list[dict[str, t.Any]]] = {}
        self._reported_unknown: set[str] = set()
        schema = self.schema_for(tap.settings)
        if custom_fields is not None:
            schema = with_custom_fields(schema, custom_fields)
        super().__init__(tap, schema=schema, **kwargs)

    @property
    def connection(self) -> KeapConnection:
        """The tap's single Keap connection."""
        return self._connection

    def extract_records(self, body: t.Any) -> list[dict[str, t.Any]]:
        """The records of one response body, whatever its shape."""
        if self.records_key is not None:
            return list((body or {}).get(self.records_key) or [])
        if isinstance(body, list):
            return body
        return [body] if body else []

    def read_by_id(
        self, record: dict[str, t.Any], params: dict[str, str], reading: str
    ) -> dict[str, t.Any]:
        """`GET <path>/<id>` with `params`: one call for what Keap's list leaves out.

        A record deleted since the list was read (404) gives `{}`, with a warning naming it
        and what was being read (`reading`): its record is emitted with that left null.
        """
        try:
            return self.connection.get_json(f"{self.path}/{record['id']}", params) or {}
        except KeapError as exc:
            if exc.code != NOT_FOUND:
                raise
            self.logger.warning(
                "%s record id=%s: gone from Keap (HTTP 404) before its %s could be read; "
                "emitted with null %s",
                self.name,
                record.get("id"),
                reading,
                reading,
            )
            return {}

    def parse_response(self, response: requests.Response) -> Iterable[dict]:
        """The records, from the body the error check already parsed."""
        yield from self.extract_records(json_body(response))

    def page_limit(self) -> int:
        """Records asked for per list call: the `page_size` setting."""
        return self.owner.settings.page_size

    def get_new_paginator(self) -> BaseAPIPaginator:
        """limit/offset pages, or one call for endpoints that do not page."""
        if not self.paginated:
            return SinglePagePaginator()
        if self.time_ordered and self.replication_key:
            return KeysetPaginator(
                self._since(self.context),
                self.page_limit(),
                self.replication_key,
                lambda response: self.extract_records(json_body(response)),
            )
        return OffsetPaginator(
            self.page_limit(),
            lambda response: len(self.extract_records(json_body(response))),
        )

    def _since(self, context: Context | None) -> str | None:
        """The start of this run's window: the bookmark, else `start_date`."""
        if not (self.since_param and self.replication_key):
            return None
        start = self.get_starting_timestamp(context)
        return keap_timestamp(start) if start is not None else None

    def get_url_params(self, context: Context | None, next_page_token: t.Any) -> dict:
        """Paging, the stream's fixed parameters and its `since`/`until` window."""
        params: dict[str, t.Any] = dict(self.extra_params)
        since = self._since(context)
        if self.paginated:
            params["limit"] = self.page_limit()
            if isinstance(next_page_token, KeysetPage):
                since, params["offset"] = next_page_token.since, next_page_token.offset
            else:
                params["offset"] = next_page_token or 0
        if self.since_param and since is not None:
            params[self.since_param] = since
        if (
            self.until_param
            and self._window_end is not None
            and (since is not None or not self.until_needs_since)
        ):
            params[self.until_param] = keap_timestamp(self._window_end)
        if self.custom_fields is not None and self.custom_fields_on_request:
            params["optional_properties"] = VALUES_KEY
        return params

    def post_process(self, row: dict, context: Context | None = None) -> dict | None:
        """Move custom field values into their typed properties; normalise the bookmark time."""
        del context
        if self.custom_fields is not None:
            self.custom_fields.apply(row)
        return self.known_properties(self.with_uniform_replication_value(row))

    def known_properties(self, row: dict[str, t.Any]) -> dict[str, t.Any]:
        """The record without top-level properties its schema lacks (logged once each)."""
        known = self.schema["properties"]
        if row.keys() <= known.keys():
            return row
        unknown = [name for name in row if name not in known]
        new = set(unknown) - self._reported_unknown
        if new:
            self._reported_unknown |= new
            self.logger.info(
                "%s: Keap sent properties the schema does not have, left out: %s",
                self.name,
                ", ".join(sorted(new)),
            )
        return {name: value for name, value in row.items() if name in known}

    def with_uniform_replication_value(self, row: dict[str, t.Any]) -> dict[str, t.Any]:
        """Write the replication key in one format (UTC, milliseconds, `Z`).

        Keap sends `...000+0000` in records and takes `...000Z` in `since`; the SDK keeps the
        greatest value as the bookmark by comparing strings, which is only right when every
        value has the same format. A record without the key gets it as null.
        """
        if self.replication_key:
            value = row.get(self.replication_key)
            row[self.replication_key] = uniform_keap_time(value) if value else None
        return row

    def get_records(self, context: Context | None) -> Iterable[dict[str, t.Any]]:
        """Read with a window closed at the sync's start.

        Records changed while the stream is read fall after `until` and are read next run,
        so the bookmark never passes a change this run did not see.
        """
        self._window_end = utc_now()
        if self.since_param or not self.replication_key:
            yield from super().get_records(context)
            return
        # No time filter at Keap: read everything, emit only what changed since the bookmark.
        start = self.get_starting_timestamp(context)
        for record in super().get_records(context):
            changed = record.get(self.replication_key)
            if start is None or not changed or parse_keap_time(changed) >= start:
                yield record

    def get_child_context(self, record: dict, context: Context | None) -> dict | None:
        """The parent ids children need (e.g. `{"order_id": 12}`); nested lists set aside.

        Nested lists for embedded children (`embedded_fields`) are kept on the stream, not
        in the context: the SDK logs every child context.
        """
        del context
        self.embedded = {field: record.get(field) or [] for field in self.embedded_fields}
        return {key: record.get(field) for key, field in self.child_context_fields.items()}


class ChildStream(KeapStream):
    """A resource read once per parent record (e.g. `/orders/{order_id}/payments`).

    Full-table children keep no state per parent: one partition per order or contact would
    grow the state with every parent ever read, and re-reading a parent's children is what
    a full-table stream does anyway.
    """

    def __init__(self, tap: TapInfusionsoft, connection: KeapConnection, **kwargs: t.Any) -> None:
        super().__init__(tap, connection, **kwargs)
        if self.replication_key is None:
            self.state_partitioning_keys = []

    def post_process(self, row: dict, context: Context | None = None) -> dict | None:
        """Stamp each record with its parent ids, so it can be joined back."""
        return self.known_properties(
            self.with_uniform_replication_value({**(context or {}), **self.flatten(row)})
        )

    def flatten(self, row: dict[str, t.Any]) -> dict[str, t.Any]:
        """Reshape one nested record (e.g. a `{tag: {...}, date_applied}` pair); as-is here."""
        return row


class EmbeddedChildStream(ChildStream):
    """Records a parent already carries (an order's items, a product's plans): no calls.

    The parent stream hands the nested list over through `EmbeddedRecords`; the SDK syncs
    the child right after each parent record, so only one parent's list is held at a time.
    """

    embedded_field: t.ClassVar[str]

    def get_records(self, context: Context | None) -> Iterable[dict[str, t.Any]]:
        """The nested records of the current parent (stamped with its ids in post_process)."""
        del context  # the parent ids are added in post_process
        parent = next(
            stream
            for stream in self.owner.streams.values()
            if isinstance(stream, KeapStream) and type(stream) is self.parent_stream_type
        )
        yield from parent.embedded.pop(self.embedded_field, None) or []
