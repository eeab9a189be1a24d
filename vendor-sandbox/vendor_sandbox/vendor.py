"""The contract between the server and one vendor emulator.

The server owns one port and routes by the first path segment: `/<name>/...` to the vendor's
API and `/_sandbox/<name>/...` to its control endpoints. Adding a vendor (keap, haihai,
satori) means writing one class with this shape and listing it in `vendors.py`.
"""

from __future__ import annotations

import typing as t
from dataclasses import dataclass

if t.TYPE_CHECKING:
    from vendor_sandbox.httpio import Request, Response


@dataclass(frozen=True)
class RequestLimits:
    """Size limits the vendor's front end enforces before its API sees a request.

    Attributes:
        max_url_bytes: Longest request target (path and query) accepted; longer gets HTTP 414.
        max_body_bytes: Largest body accepted; larger gets HTTP 413 and is never read.
    """

    max_url_bytes: int
    max_body_bytes: int


class Vendor(t.Protocol):
    """One emulated vendor API mounted under `/<name>`."""

    @property
    def name(self) -> str:
        """The URL prefix of the vendor (`marketo` serves `/marketo/...`)."""
        ...

    @property
    def limits(self) -> RequestLimits:
        """The request size limits of the vendor's API."""
        ...

    def handle(self, request: Request) -> Response:
        """Answer one API request (path relative to the vendor prefix)."""
        ...

    def control(self, action: str, request: Request) -> Response:
        """Answer one control request `/_sandbox/<name>/<action>`."""
        ...

    def reset(self) -> None:
        """Return to the start state: data, settings, tokens, counters and faults."""
        ...

    def close(self) -> None:
        """Release requests stalled on purpose, so the server can stop at once."""
        ...
