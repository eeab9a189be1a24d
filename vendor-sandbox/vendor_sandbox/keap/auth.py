"""Keap's credentials: rotating OAuth refresh tokens, expiring access tokens, API keys.

The refresh token ROTATES (vendor notes): each use returns a new one and the used one dies
at once, so a connector that does not persist the new token before its next run is locked
out. Access tokens expire `token_ttl` seconds after issue on the injected monotonic clock.
Personal Access Tokens / Service Account Keys travel in `X-Keap-API-Key`.
"""

from __future__ import annotations

import secrets
import threading
import typing as t
from dataclasses import dataclass

from vendor_sandbox.keap.errors import (
    ACCESS_TOKEN_EXPIRED,
    INVALID_ACCESS_TOKEN,
    INVALID_API_KEY,
    KeapError,
)

if t.TYPE_CHECKING:
    from vendor_sandbox.clock import Clock
    from vendor_sandbox.httpio import Request
    from vendor_sandbox.keap.settings import KeapSettings

API_KEY_HEADER = "x-keap-api-key"
REFRESH_PREFIX = "sandbox-keap-refresh-"
API_KEY_CREDENTIAL = "api_key:"
OAUTH_CREDENTIAL = "oauth:"


@dataclass(frozen=True)
class Grant:
    """What a successful refresh hands out."""

    access_token: str
    refresh_token: str


@dataclass(frozen=True)
class _Issued:
    client_id: str
    expires_at: float


class TokenStore:
    """Refresh tokens that are still valid and every access token ever issued."""

    def __init__(self, clock: Clock, initial_refresh_token: str) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._refresh_tokens = {initial_refresh_token}
        self._access: dict[str, _Issued] = {}
        self._issued = 0

    def replace_refresh_token(self, token: str) -> None:
        """Make `token` the only valid refresh token (a configure of `refresh_token`)."""
        with self._lock:
            self._refresh_tokens = {token}

    def refresh(self, refresh_token: str, client_id: str, ttl: int) -> Grant | None:
        """Spend a refresh token for a new access token and a new refresh token.

        Returns:
            The grant, or None when the refresh token is unknown or already used.
        """
        with self._lock:
            if refresh_token not in self._refresh_tokens:
                return None
            self._refresh_tokens.discard(refresh_token)
            self._issued += 1
            new_refresh = f"{REFRESH_PREFIX}{self._issued}"
            self._refresh_tokens.add(new_refresh)
            access = f"sandbox-keap-access-{self._issued}-{secrets.token_hex(8)}"
            self._access[access] = _Issued(client_id, self._clock.monotonic() + ttl)
            return Grant(access, new_refresh)

    def expire_all(self) -> int:
        """Expire every issued access token now; returns how many there were."""
        now = self._clock.monotonic()
        with self._lock:
            for token, issued in self._access.items():
                self._access[token] = _Issued(issued.client_id, min(issued.expires_at, now))
            return len(self._access)

    def client_of(self, access_token: str) -> str:
        """The OAuth client a live access token belongs to.

        Raises:
            KeapError: 401 "Invalid access token" (unknown) or "Access Token expired".
        """
        with self._lock:
            issued = self._access.get(access_token)
        if issued is None:
            raise KeapError.of(INVALID_ACCESS_TOKEN)
        if self._clock.monotonic() >= issued.expires_at:
            raise KeapError.of(ACCESS_TOKEN_EXPIRED)
        return issued.client_id


def credential_of(request: Request, tokens: TokenStore, settings: KeapSettings) -> str:
    """The credential a call is made with, the key its throttle and quota are kept under.

    An API key counts on its own; every Bearer token counts against its OAuth client.

    Raises:
        KeapError: 401 in Keap's fault shape when neither credential is valid.
    """
    api_key = request.headers.get(API_KEY_HEADER)
    if api_key is not None:
        if api_key.strip() not in settings.api_keys:
            raise KeapError.of(INVALID_API_KEY)
        return f"{API_KEY_CREDENTIAL}{api_key.strip()}"
    scheme, _, token = request.headers.get("authorization", "").strip().partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise KeapError.of(INVALID_ACCESS_TOKEN)
    return f"{OAUTH_CREDENTIAL}{tokens.client_of(token.strip())}"


def is_api_key(credential: str) -> bool:
    """Whether a credential (from `credential_of`) is an API key rather than an OAuth client."""
    return credential.startswith(API_KEY_CREDENTIAL)
