"""`multipart/form-data` bodies (CSV uploads), parsed without copying more than the parts.

Shared by every vendor that takes a file upload (配配メール's import, SATORI's bulk API).

The standard library no longer has `cgi`, and `email.parser` builds every part as a
message (slow and memory-hungry for a 60 MB CSV). The body is already in memory, so parts
are found with `bytes.find` on the boundary and sliced out once; only the part headers go
through `email.message.Message` to read `name` and `filename` correctly.
"""

from __future__ import annotations

import typing as t
from dataclasses import dataclass
from email.message import Message
from email.utils import collapse_rfc2231_value

if t.TYPE_CHECKING:
    from collections.abc import Mapping

    from vendor_sandbox.httpio import Request

MULTIPART = "multipart/form-data"
CRLF = b"\r\n"
HEADERS_END = b"\r\n\r\n"


class MultipartError(ValueError):
    """A body that is not well-formed `multipart/form-data`."""


@dataclass(frozen=True)
class Part:
    """One form part: its field name, its file name (None for a plain field), its bytes."""

    name: str
    filename: str | None
    data: bytes


def _parameter(header: str, value: str, name: str) -> str | None:
    """A parameter of a header value (quoted, or RFC 2231 encoded), e.g. `boundary`."""
    message = Message()
    message[header] = value
    found = message.get_param(name, header=header)
    return None if found is None else collapse_rfc2231_value(found)


def boundary_of(content_type: str) -> bytes:
    """The boundary named by a `multipart/form-data` Content-Type header.

    Raises:
        MultipartError: No boundary.
    """
    boundary = _parameter("content-type", content_type, "boundary")
    if not boundary:
        msg = "the Content-Type names no multipart boundary"
        raise MultipartError(msg)
    return boundary.encode("latin-1")


def parse(body: bytes, content_type: str) -> list[Part]:
    """Every part of a `multipart/form-data` body, in order.

    Raises:
        MultipartError: No boundary, a part without headers or name, or no closing boundary.
    """
    delimiter = b"--" + boundary_of(content_type)
    position = body.find(delimiter)
    if position < 0:
        msg = "the body does not contain the multipart boundary"
        raise MultipartError(msg)
    parts: list[Part] = []
    position += len(delimiter)
    while not body.startswith(b"--", position):
        headers_start = body.find(CRLF, position) + len(CRLF)
        headers_end = body.find(HEADERS_END, headers_start)
        end = body.find(CRLF + delimiter, headers_end)
        if headers_start < len(CRLF) or headers_end < 0 or end < 0:
            msg = "a multipart part is not terminated by the boundary"
            raise MultipartError(msg)
        headers = body[headers_start:headers_end].decode("utf-8", errors="replace")
        parts.append(_part(headers, body[headers_end + len(HEADERS_END) : end]))
        position = end + len(CRLF) + len(delimiter)
    return parts


def _part(headers: str, data: bytes) -> Part:
    disposition = ""
    for line in headers.split("\r\n"):
        header, _, value = line.partition(":")
        if header.strip().lower() == "content-disposition":
            disposition = value.strip()
    name = _parameter("content-disposition", disposition, "name")
    filename = _parameter("content-disposition", disposition, "filename")
    if name is None:
        msg = "a multipart part has no Content-Disposition name"
        raise MultipartError(msg)
    return Part(name=name, filename=filename, data=data)


@dataclass(frozen=True)
class Params:
    """The form of a call: text fields, file parts, and why the body could not be read."""

    fields: Mapping[str, str]
    files: Mapping[str, Part]
    problem: str | None = None


def read_form(request: Request, *, unreadable: str) -> Params:
    """The call's urlencoded or multipart form; a broken multipart body gives `problem`.

    Vendors read the body before checking credentials that travel as form fields, and
    report a broken body only once those passed, so the problem is returned, not raised.

    Args:
        request: The call.
        unreadable: The vendor's words for an unreadable body, followed by the reason.
    """
    if request.content_type != MULTIPART:
        return Params({name: values[0] for name, values in request.form().items()}, {})
    try:
        parts = parse(request.body, request.headers.get("content-type", ""))
    except MultipartError as exc:
        return Params({}, {}, f"{unreadable}: {exc}")
    fields = {p.name: p.data.decode("utf-8", errors="replace") for p in parts if p.filename is None}
    return Params(fields, {p.name: p for p in parts if p.filename is not None})
