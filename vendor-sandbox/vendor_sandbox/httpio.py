"""Plain request and response values passed between the HTTP server and the emulators.

Emulators never touch sockets: they receive a parsed `Request` and return a `Response`. The
server keeps every wire concern (size limits, keep-alive, dropping a connection) in one place,
and an emulator stays a pure function of its state and the request.
"""

from __future__ import annotations

import json
import typing as t
from dataclasses import dataclass, field
from urllib.parse import parse_qs

if t.TYPE_CHECKING:
    from collections.abc import Mapping

JSON_TYPE = "application/json"


@dataclass(frozen=True)
class Request:
    """One HTTP request, with the vendor prefix already removed from `path`.

    Attributes:
        method: The HTTP method as sent (`GET`, `POST`, ...).
        path: The path below the vendor prefix, e.g. `/rest/v1/opportunities.json`.
        query: The parsed query string (every value of a repeated parameter kept).
        headers: Header names lower-cased, so lookups need not care about case.
        body: The raw body (empty when none was sent).
    """

    method: str
    path: str
    query: Mapping[str, list[str]] = field(default_factory=dict)
    headers: Mapping[str, str] = field(default_factory=dict)
    body: bytes = b""

    @classmethod
    def parse(
        cls, method: str, target: str, headers: Mapping[str, str], body: bytes = b""
    ) -> Request:
        """Build a request from a request target such as `/rest/x.json?a=1`."""
        path, _, query_string = target.partition("?")
        return cls(
            method=method.upper(),
            path=path,
            query=parse_qs(query_string, keep_blank_values=True),
            headers={name.lower(): value for name, value in headers.items()},
            body=body,
        )

    def param(self, name: str) -> str | None:
        """The first value of a query parameter, or None when it is absent."""
        values = self.query.get(name)
        return values[0] if values else None

    @property
    def content_type(self) -> str:
        """The media type of the body without parameters such as `charset`."""
        return self.headers.get("content-type", "").split(";")[0].strip().lower()

    def json(self) -> t.Any:
        """The body decoded as JSON (an empty body reads as an empty object).

        Raises:
            ValueError: The body is not valid UTF-8 JSON.
        """
        if not self.body.strip():
            return {}
        return json.loads(self.body.decode("utf-8"))

    def form(self) -> dict[str, list[str]]:
        """The body decoded as `application/x-www-form-urlencoded`."""
        return parse_qs(self.body.decode("utf-8", errors="replace"), keep_blank_values=True)


@dataclass(frozen=True)
class Response:
    """What to send back; `drop=True` closes the connection without any response at all.

    Attributes:
        status: The HTTP status.
        body: The raw body.
        content_type: The media type of the body.
        drop: Close the connection without answering (an injected fault).
        close: Answer, then close the connection (no keep-alive).
        headers: Extra headers the vendor sends (Keap's rate-limit headers, `Retry-After`).
    """

    status: int = 200
    body: bytes = b""
    content_type: str = JSON_TYPE
    drop: bool = False
    close: bool = False
    headers: Mapping[str, str] = field(default_factory=dict)


def json_response(payload: t.Any, status: int = 200) -> Response:
    """A JSON response (UTF-8, non-ASCII kept readable as the vendors send it)."""
    return Response(status=status, body=json.dumps(payload, ensure_ascii=False).encode("utf-8"))


def text_response(status: int, text: str, *, close: bool = False) -> Response:
    """A plain-text response, the way gateways and proxies answer in front of an API."""
    return Response(
        status=status, body=text.encode("utf-8"), content_type="text/plain", close=close
    )


def error_response(status: int, message: str) -> Response:
    """A control-API error: `{"error": message}` with the HTTP status that explains it."""
    return json_response({"error": message}, status=status)


DROPPED = Response(drop=True)
