"""An SDK `RESTStream` whose requests go through a shared `VendorConnection`.

The SDK decorates each request with `backoff` and its own uniform retry count; vendors need
per-error schedules (Marketo 606 vs 601, Keap's 429 Retry-After, Data Query timeouts), a
daily budget and a process-wide rate limit. Overriding the SDK's documented hooks
(`request_decorator`, `validate_response`, `authenticator`, `requests_session`) hands all of
that to the connection while keeping the SDK's paging, state and metrics.

`request_records` also asks for the next page while the SDK emits this one's records, so
the vendor's answer time and the tap's own work overlap instead of adding up, and records
whose SDK steps change nothing are written directly (`direct_output`).
"""

from __future__ import annotations

import contextlib
import typing as t
from abc import abstractmethod
from concurrent.futures import Future, ThreadPoolExecutor

from singer_sdk.authenticators import APIAuthenticatorBase
from singer_sdk.pagination import SinglePagePaginator
from singer_sdk.streams import RESTStream

from singer_commons.connection import json_body
from singer_commons.sdk.compat import prepare_request, request_sender
from singer_commons.sdk.direct_output import DirectRecordStream, flush_records

if t.TYPE_CHECKING:
    import requests
    from singer_sdk.helpers.types import Context

    from singer_commons.connection import VendorConnection

Fetched = tuple["requests.PreparedRequest", "requests.Response"]


class ConnectionAuthenticator(APIAuthenticatorBase):
    """Lets the SDK authorise requests the same way the connection does."""

    def __init__(self, connection: VendorConnection) -> None:
        super().__init__()
        self.connection = connection

    def authenticate_request(self, request: requests.PreparedRequest) -> requests.PreparedRequest:
        """Authorise with the connection (fresh credentials on every attempt)."""
        return self.connection.authorize(request)


class VendorRESTStream(DirectRecordStream, RESTStream):
    """A REST stream that delegates auth, retries, budget and errors to a connection."""

    @property
    @abstractmethod
    def connection(self) -> VendorConnection:
        """The process-wide connection of the tap."""

    @property
    def url_base(self) -> str:
        """The vendor base URL: the connection's (the `base_url` setting)."""
        return self.connection.base_url

    @property
    def authenticator(self) -> ConnectionAuthenticator:
        """Authorise through the connection (token refresh included)."""
        return ConnectionAuthenticator(self.connection)

    @property
    def requests_session(self) -> requests.Session:
        """Reuse the connection's session (keep-alive across streams)."""
        return self.connection.session

    @property
    def timeout(self) -> int:
        """Seconds to wait for a response, from the connection."""
        return int(self.connection.timeout)

    def request_decorator(self, func: t.Callable) -> t.Callable:
        """Retry with the vendor's table and charge the daily budget, instead of `backoff`."""
        return self.connection.guard(func)

    def validate_response(self, response: requests.Response) -> None:
        """Raise the vendor's error (HTTP status or an error body behind HTTP 200)."""
        self.connection.check_response(response)

    def request_records(self, context: Context | None) -> t.Iterable[dict]:
        """The SDK's paging loop, with the next page requested while this one is emitted.

        The SDK waits for each page only after the previous page's records went out, so the
        tap idles while the vendor answers and the vendor idles while the tap writes. Here
        the next request starts as soon as the paginator knows it: the same requests in the
        same order, through the same gate, retries and budget, never two in flight. The
        SDK's own loop runs where fetching ahead could make a call the run would not make:
        with a record limit (`--test`) or selected child streams (their calls would wait
        behind ours, and they read the parent's records).
        """
        if self.ABORT_AT_RECORD_COUNT is not None or self.has_selected_descendents:
            yield from super().request_records(context)
            return
        paginator = self.get_new_paginator() or SinglePagePaginator()
        send = self.request_decorator(request_sender(self))

        def fetch() -> Fetched:
            prepared = prepare_request(self, context, paginator)
            response = send(prepared, context)
            decode_ahead(response)
            return prepared, response

        with (
            ThreadPoolExecutor(1, thread_name_prefix=f"{self.name}-pages") as pool,
            self.get_http_request_counter() as request_counter,
        ):
            request_counter.with_context(context)
            pages = 0
            pending: Future[Fetched] | None = None if paginator.finished else pool.submit(fetch)
            while pending is not None:
                flush_records(self)  # the last page's records go out while the vendor answers
                prepared, response = pending.result()
                request_counter.increment()
                self.update_sync_costs(prepared, response, context)
                records = list(self.parse_response(response))
                if not records and not paginator.continue_if_empty(response):
                    self.log(
                        "Pagination stopped after %d pages because no records were found in "
                        "the last response",
                        pages,
                    )
                    return
                # Before the records go out: the SDK's processing changes them in place.
                paginator.advance(response)
                pending = None if paginator.finished else pool.submit(fetch)
                pages += bool(records)
                yield from records


def decode_ahead(response: requests.Response) -> None:
    """Parse a JSON answer in the thread that fetched it (`json_body` keeps the result).

    The next request starts only once this page's answer is parsed and the paginator has
    read it; parsed in the main thread, a page of 1,000 Keap contacts held the next request
    back by the time of its decoding. A body that does not parse is left to the stream's
    parser, which raises the same error in the main thread as before.
    """
    if "json" in response.headers.get("Content-Type", ""):
        with contextlib.suppress(ValueError):
            json_body(response)
