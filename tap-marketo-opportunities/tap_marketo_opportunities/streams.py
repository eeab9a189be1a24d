"""Marketo opportunity streams: filtered queries of opportunities and roles, and field metadata."""

from __future__ import annotations

import typing as t
from datetime import datetime
from urllib.parse import urlencode

from singer_sdk import typing as th
from singer_sdk.helpers.conform import TypeConformanceLevel

from marketo_client.api import MAX_BATCH_SIZE, MAX_FILTER_VALUES_PER_CALL, OPPORTUNITY_FIELDS_PATH
from marketo_client.connection import LEDGER_API
from marketo_client.errors import ACCESS_DENIED, MarketoError
from singer_commons.connection import json_body
from singer_commons.errors import config_error
from singer_commons.sdk.streams import VendorRESTStream
from tap_marketo_opportunities.filters import BadFilterValueError, FilterSource
from tap_marketo_opportunities.pagination import (
    ChunkedQueryPaginator,
    NextPageTokenPaginator,
    QueryPage,
)

if t.TYPE_CHECKING:
    from collections.abc import Sequence

    import requests
    from singer_sdk import Tap
    from singer_sdk.helpers.types import Context
    from singer_sdk.streams.rest import HTTPRequest, PageContext

    from marketo_client.connection import MarketoConnection
    from marketo_client.describe import ObjectDescription

# Adobe, "Lead Database", Long URIs (experienceleague.adobe.com/en/docs/marketo-developer/
# marketo/rest/lead-database/lead-database): a URI over 8 KB is refused (414), so such a query
# goes as `POST ...?_method=GET` with the other parameters in the body "as an
# application/x-www-form-urlencoded string" (its example: `POST /rest/v1/opportunities.json
# ?_method=GET`). 300 GUIDs do not fit in a URL. Compound Keys: a query by a multi-field
# `dedupeFields` key is a POST `_method=GET` with a JSON body of the same parameters except
# filterValues, plus `input` (one object per key); `batchSize` and `nextPageToken` go in it.
MAX_QUERY_STRING_BYTES = 7_000
COMPOUND_FILTER = "dedupeFields"
REPLICATION_KEY = "updatedAt"
OPPORTUNITIES = "opportunities"


class MarketoStream(VendorRESTStream):
    """A stream of one Marketo instance, sharing the tap's connection."""

    # Marketo answers flat records typed as its describe says, and the schemas are built from
    # that describe, so the SDK's per-value conformance (a third of the tap's CPU) is skipped.
    TYPE_CONFORMANCE_LEVEL = TypeConformanceLevel.NONE

    def __init__(self, tap: Tap, connection: MarketoConnection, **kwargs: t.Any) -> None:
        self._connection = connection
        super().__init__(tap, **kwargs)

    @property
    def connection(self) -> MarketoConnection:
        """The tap's single Marketo connection."""
        return self._connection

    def parse_response(self, response: requests.Response) -> t.Iterable[dict]:
        """Marketo's `result` array, from the body the error check already parsed."""
        yield from json_body(response).get("result", ())


class FilteredQueryStream(MarketoStream):
    """Reads an object by filterType/filterValues, 300 values a call, following pages.

    Marketo cannot filter by time, so `updatedAt` is a client-side bookmark: records older
    than the bookmark are not emitted. Records stamped in the bookmark's own second are
    emitted again, because Marketo's timestamps have one-second resolution and a change made
    later in that second must not be lost.
    """

    primary_keys = ("marketoGUID",)
    replication_key = REPLICATION_KEY
    is_sorted = False

    def __init__(
        self,
        tap: Tap,
        connection: MarketoConnection,
        *,
        name: str,
        path: str,
        description: ObjectDescription,
        filter_type: str,
        filter_source: FilterSource | None,
        fields: Sequence[str],
        batch_size: int,
    ) -> None:
        """Create the stream of one object; `fields` empty reads every field of its describe."""
        selected = [*fields, REPLICATION_KEY] if fields else None
        # A compound key query is the one Marketo takes only as JSON.
        self.payload_as_json = bool(filter_source and filter_source.key_fields)
        self.object_description = description
        self.filter_type = filter_type
        self.filter_source = filter_source
        self.batch_size = batch_size
        schema = description.json_schema(selected)
        self.query_fields = list(schema["properties"])
        super().__init__(tap, connection, name=name, path=path, schema=schema)

    def planned_calls(self) -> int:
        """The fewest calls a full read needs: one per chunk of filter values."""
        if self.filter_source is None:
            return 0
        values = self.filter_source.count()
        return -(-values // MAX_FILTER_VALUES_PER_CALL)

    def ready_to_query(self) -> bool:
        """Check the filter and the budget before the first query of this stream.

        A stream whose chunks do not fit in what is left of the daily budget does not start
        (exit 75), so no stream is left half-read by the budget.

        Raises:
            ConfigValidationError: for opportunities without filter values, or a compound
                key value that is not an object of the key's fields.
            DailyBudgetExhausted: when the budget cannot cover one call per chunk.
        """
        if self.filter_source is None:
            if self.name == OPPORTUNITIES:
                msg = (
                    "Marketo can only read opportunities by filter: set filter_values or "
                    "filter_values_file (and filter_type if not externalOpportunityId)."
                )
                raise config_error(msg)
            self.logger.warning(
                "Stream '%s' has no filter values (set roles_filter_values or "
                "roles_filter_values_file); it emits nothing this run.",
                self.name,
            )
            return False
        try:
            planned = self.planned_calls()
        except BadFilterValueError as exc:
            raise config_error(str(exc)) from exc
        ledger = self.connection.ledger
        self.logger.info(
            "Call plan for %s: %d query call(s) or more; %s of today's budget remain.",
            self.name,
            planned,
            ledger.remaining(LEDGER_API),
        )
        ledger.ensure(LEDGER_API, planned)
        return True

    def get_new_paginator(self) -> ChunkedQueryPaginator:
        """Walk the filter values chunk by chunk."""
        if self.filter_source is None:
            msg = f"Stream '{self.name}' has no filter values configured."
            raise ValueError(msg)
        return ChunkedQueryPaginator(self.filter_source.chunks())

    def get_http_request(self, *, page: PageContext) -> HTTPRequest:
        """Send the query as GET, or as POST `_method=GET` when the URL would exceed 8 KB.

        A compound key query is always POST `_method=GET`, with a JSON body.
        """
        request = super().get_http_request(page=page)
        query = t.cast("QueryPage", page.next_page_token)
        if self.payload_as_json:
            body: dict[str, t.Any] = {
                "filterType": COMPOUND_FILTER,
                "fields": self.query_fields,
                "input": list(query.values),
                "batchSize": self.batch_size,
            }
            if query.page_token:  # Adobe: resend every input with the token
                body["nextPageToken"] = query.page_token
            request.method = "POST"
            request.params = {"_method": "GET"}
            request.data = body
            return request
        params: dict[str, t.Any] = {
            "filterType": self.filter_type,
            "filterValues": ",".join(t.cast("tuple[str, ...]", query.values)),
            "fields": ",".join(self.query_fields),
            "batchSize": self.batch_size,
        }
        if query.page_token:
            params["nextPageToken"] = query.page_token
        if len(urlencode(params)) > MAX_QUERY_STRING_BYTES:
            request.method = "POST"
            request.params = {"_method": "GET"}
            request.data = params
        else:
            request.params = params
        return request

    def get_records(self, context: Context | None) -> t.Iterable[dict[str, t.Any]]:
        """Yield the query's records, without `seq`, skipping those older than the bookmark."""
        if not self.ready_to_query():
            return
        since = self.get_starting_timestamp(context)
        for row in super().get_records(context):
            row.pop("seq", None)
            updated = row.get(REPLICATION_KEY)
            if since is None or not updated or _parse_time(updated) >= since:
                yield row


class OpportunityFieldsStream(MarketoStream):
    """Field metadata of the opportunity object (schema/fields.json), full table."""

    name = "opportunity_fields"
    path = OPPORTUNITY_FIELDS_PATH
    primary_keys = ("name",)
    replication_key = None
    schema = th.PropertiesList(
        th.Property("name", th.StringType, required=True, description="API name of the field"),
        th.Property("displayName", th.StringType),
        th.Property("description", th.StringType),
        th.Property("dataType", th.StringType, description="Marketo data type"),
        th.Property("length", th.IntegerType),
        th.Property("isHidden", th.BooleanType),
        th.Property("isHtmlEncodingInEmail", th.BooleanType),
        th.Property("isSensitive", th.BooleanType),
        th.Property("isCustom", th.BooleanType),
        th.Property("isApiCreated", th.BooleanType),
    ).to_dict()

    def get_records(self, context: Context | None) -> t.Iterable[dict[str, t.Any]]:
        """The field metadata; an API user without the schema permission gets a warning.

        Marketo requires the Read-Write Schema Standard/Custom Field permission here (603
        otherwise). Data streams do not need it, so a missing permission skips this stream
        instead of failing a run that already read the data.
        """
        try:
            yield from super().get_records(context)
        except MarketoError as exc:
            if exc.code != ACCESS_DENIED:
                raise
            self.logger.warning(
                "Skipping opportunity_fields: [%s] %s. Give the API user's role the "
                "Read-Write Schema Standard Field (and Custom Field) permission to read it.",
                exc.code,
                exc.message,
            )

    def get_new_paginator(self) -> NextPageTokenPaginator:
        """Page with nextPageToken while Marketo says `moreResult`."""
        return NextPageTokenPaginator()

    def get_url_params(self, context: Context | None, next_page_token: t.Any) -> dict:
        """Ask for full pages and pass the page token back."""
        del context
        params: dict[str, t.Any] = {"batchSize": MAX_BATCH_SIZE}
        if next_page_token:
            params["nextPageToken"] = next_page_token
        return params


def _parse_time(value: str) -> datetime:
    """Parse Marketo's ISO 8601 timestamps (`2015-02-03T22:36:24Z` or with an offset)."""
    return datetime.fromisoformat(value.replace("Z", "+00:00"))
