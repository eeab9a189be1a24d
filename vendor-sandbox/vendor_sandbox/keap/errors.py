"""Keap's error vocabulary: the Apigee-style `fault` bodies and the plain `message` ones.

Keap's gateway answers auth and rate-limit failures as
`{"fault": {"faultstring": ..., "detail": {"errorcode": ...}}}`; the API behind it answers
bad requests and unknown records as `{"message": ...}`. Endpoints raise `KeapError` and the
call pipeline turns it into a response, so the shapes live in one place.
"""

from __future__ import annotations

import typing as t
from dataclasses import dataclass, field

if t.TYPE_CHECKING:
    from collections.abc import Mapping


@dataclass(frozen=True)
class Fault:
    """One gateway fault: its HTTP status, `faultstring` and `errorcode`."""

    status: int
    faultstring: str
    errorcode: str

    def body(self) -> dict[str, t.Any]:
        """The JSON body Keap sends for this fault."""
        return {"fault": {"faultstring": self.faultstring, "detail": {"errorcode": self.errorcode}}}


INVALID_ACCESS_TOKEN = Fault(
    401, "Invalid access token", "keymanagement.service.invalid_access_token"
)
ACCESS_TOKEN_EXPIRED = Fault(
    401, "Access Token expired", "keymanagement.service.access_token_expired"
)
INVALID_API_KEY = Fault(401, "Invalid API key", "oauth.v2.InvalidApiKey")
THROTTLED = Fault(
    429, "Rate limit quota violation. Quota limit exceeded.", "policies.ratelimit.QuotaViolation"
)
DAILY_QUOTA_EXCEEDED = Fault(429, "Daily quota exceeded", "policies.ratelimit.QuotaViolation")


@dataclass
class KeapError(Exception):
    """A failed API call: status, JSON body and any extra headers (e.g. `Retry-After`)."""

    status: int
    body: t.Any
    headers: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, fault: Fault, headers: Mapping[str, str] | None = None) -> KeapError:
        """The error for a gateway fault."""
        return cls(fault.status, fault.body(), headers or {})


def not_found(message: str = "Not Found") -> KeapError:
    """404 for an unknown path or record."""
    return KeapError(404, {"message": message})


def bad_request(message: str) -> KeapError:
    """400 for a parameter Keap cannot use; the message names it."""
    return KeapError(400, {"message": message})
