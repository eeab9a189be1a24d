"""An SDK `RESTStream` whose requests go through a shared `VendorConnection`.

The SDK decorates each request with `backoff` and its own uniform retry count; vendors need
per-error schedules (Marketo 606 vs 601, Keap's 429 Retry-After, Data Query timeouts), a
daily budget and a process-wide rate limit. Overriding the SDK's documented hooks
(`request_decorator`, `validate_response`, `authenticator`, `requests_session`) hands all of
that to the connection while keeping the SDK's paging, state and metrics.
"""

from __future__ import annotations

import typing as t
from abc import abstractmethod

from singer_sdk.authenticators import APIAuthenticatorBase
from singer_sdk.streams import RESTStream

if t.TYPE_CHECKING:
    import requests

    from singer_commons.connection import VendorConnection


class ConnectionAuthenticator(APIAuthenticatorBase):
    """Lets the SDK authorise requests the same way the connection does."""

    def __init__(self, connection: VendorConnection) -> None:
        super().__init__()
        self.connection = connection

    def authenticate_request(self, request: requests.PreparedRequest) -> requests.PreparedRequest:
        """Authorise with the connection (fresh credentials on every attempt)."""
        return self.connection.authorize(request)


class VendorRESTStream(RESTStream):
    """A REST stream that delegates auth, retries, budget and errors to a connection."""

    @property
    @abstractmethod
    def connection(self) -> VendorConnection:
        """The process-wide connection of the tap."""

    @property
    def url_base(self) -> str:
        """The vendor base URL from the `base_url` setting."""
        return str(self.config["base_url"]).rstrip("/")

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
