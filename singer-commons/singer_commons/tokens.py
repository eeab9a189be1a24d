"""Access tokens that are fetched once, shared by every thread and renewed before expiry.

Why: a client-credentials token (Marketo's identity service) is valid for an hour and shared
by every stream of a process. Fetching one per call wastes calls; letting one expire mid-run
turns into 601/602 errors and retries. So the provider caches the token, renews it a margin
before its end, makes concurrent callers wait for ONE fetch, and registers every token for
log redaction.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

from singer_commons.redaction import register_secret

if TYPE_CHECKING:
    from collections.abc import Callable

DEFAULT_REFRESH_MARGIN_SECONDS = 60.0

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class TokenGrant:
    """What an identity service returned: the token and its lifetime in seconds."""

    access_token: str
    expires_in: float

    def __repr__(self) -> str:
        # The token must not leak through a repr in a log line or a traceback.
        return f"TokenGrant(access_token='***', expires_in={self.expires_in})"


class ClientCredentialsTokenProvider:
    """Caches one access token and fetches a new one when it is missing or about to expire."""

    def __init__(
        self,
        fetch: Callable[[], TokenGrant],
        *,
        refresh_margin_seconds: float = DEFAULT_REFRESH_MARGIN_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        """Create a provider.

        Args:
            fetch: Asks the identity service for a token (may raise; nothing is cached then).
            refresh_margin_seconds: Renew when less than this remains, so no request leaves
                with a token that dies on the way.
            clock: Monotonic seconds; tests pass a fake clock.
        """
        self._fetch = fetch
        self._margin = refresh_margin_seconds
        self._clock = clock
        self._lock = threading.Lock()
        self._token: str | None = None
        self._expires_at = 0.0

    def token(self) -> str:
        """The cached token, fetching a new one first when needed (one fetch at a time)."""
        with self._lock:
            if self._token is not None and self._expires_at - self._clock() >= self._margin:
                return self._token
            # The lifetime counts from before the request: the token may be older on arrival.
            requested_at = self._clock()
            grant = self._fetch()
            register_secret(grant.access_token)
            self._token = grant.access_token
            self._expires_at = requested_at + grant.expires_in
            logger.info("Fetched a new access token (expires in %d s)", grant.expires_in)
            return self._token

    def invalidate(self, token: str | None = None) -> None:
        """Drop the cached token so the next `token()` fetches a new one.

        Pass the token a failed request carried: when several threads see the same 601, only
        the first drops it, and the others keep the fresh token it fetched.
        """
        with self._lock:
            if token is None or token == self._token:
                self._token = None
                self._expires_at = 0.0
