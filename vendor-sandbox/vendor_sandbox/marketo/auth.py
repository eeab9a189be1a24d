"""Marketo's identity service and Bearer-token check.

Marketo hands out one token per client at a time: asking again before it expires returns the
SAME token with its remaining life. Since 2026 the token is accepted ONLY in the
`Authorization: Bearer` header; the retired `access_token` query parameter counts as no token.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Callable

from vendor_sandbox.marketo.errors import TOKEN_EXPIRED, TOKEN_INVALID, TOKEN_MISSING

BEARER = "bearer"
# Below this much life left a token is not handed out again (its expires_in would read 0).
MIN_REISSUE_SECONDS = 1.0


class TokenIssuer:
    """Issues tokens and tells valid, expired and unknown ones apart."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._expiry: dict[str, float] = {}  # every token ever issued: expired ones say 602
        self._current: str | None = None

    def issue(self, ttl: int) -> tuple[str, int]:
        """The live token and its whole seconds left, or a new one living `ttl` seconds."""
        now = self._clock()
        with self._lock:
            current = self._current
            if current is not None and self._expiry[current] - now >= MIN_REISSUE_SECONDS:
                return current, int(self._expiry[current] - now)
            token = f"{uuid.uuid4()}:sb"
            self._expiry[token] = now + ttl
            self._current = token
            return token, ttl

    def check(self, authorization: str | None) -> str | None:
        """The error code for an Authorization header, or None when its token is valid."""
        scheme, _, token = (authorization or "").strip().partition(" ")
        token = token.strip()
        if scheme.lower() != BEARER or not token:
            return TOKEN_MISSING
        with self._lock:
            expiry = self._expiry.get(token)
        if expiry is None:
            return TOKEN_INVALID
        return TOKEN_EXPIRED if self._clock() >= expiry else None
