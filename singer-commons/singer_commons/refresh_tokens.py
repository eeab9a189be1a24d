"""OAuth2 refresh-token grants whose refresh token ROTATES, persisted so no run is locked out.

Keap (and other vendors) return a new refresh token with every refresh and discard the old
one at once. A connector that refreshes and then crashes before saving the new token, or two
runs that refresh with the same token, lose access until a human re-authorises. So:
- the new refresh token is written to the store (a `state_store` document: a file written
  atomically with mode 0600, or a PostgreSQL row) BEFORE the new access token is handed to
  any caller;
- the document's lock (`flock`, or the row's `SELECT … FOR UPDATE` on every worker sharing
  the database) is held around "read store, refresh, write store", so concurrent runs take
  turns and the second one finds the first one's fresh access token instead of refreshing
  again: no two runs ever present the same refresh token;
- a later run starts from the stored refresh token, not the stale one in its config, unless
  the config carries a different token than the one the store was seeded from (the user
  re-authorised), which then wins.
"""

from __future__ import annotations

import logging
import threading
import time
import typing as t
from dataclasses import dataclass, field

from singer_commons.redaction import register_secret

if t.TYPE_CHECKING:
    from collections.abc import Callable

    from singer_commons.state_store import StateDocument

logger = logging.getLogger(__name__)
DEFAULT_REFRESH_MARGIN_SECONDS = 300.0


@dataclass(frozen=True)
class RefreshGrant:
    """What a refresh returns: a new access token, its lifetime, and the next refresh token."""

    access_token: str = field(repr=False)
    expires_in: float
    refresh_token: str = field(repr=False)


class RotatingRefreshTokenProvider:
    """Access tokens from a rotating refresh token, with the rotation persisted first."""

    def __init__(
        self,
        store: StateDocument,
        *,
        configured_refresh_token: str,
        exchange: Callable[[str], RefreshGrant],
        refresh_margin_seconds: float = DEFAULT_REFRESH_MARGIN_SECONDS,
        clock: Callable[[], float] = time.time,
    ) -> None:
        """Create a provider.

        Args:
            store: The document holding the current tokens (one per client/account).
            configured_refresh_token: The refresh token from the plugin's settings.
            exchange: Trades a refresh token for a `RefreshGrant` (the vendor call); may raise
                (nothing is stored then).
            refresh_margin_seconds: Refresh when less than this remains of the access token
                (or half its life, for tokens living less than twice the margin).
            clock: Wall-clock seconds (the store is shared across processes and runs).
        """
        self.store = store
        self._configured = configured_refresh_token
        self._exchange = exchange
        self._margin = refresh_margin_seconds
        self._clock = clock
        self._thread_lock = threading.Lock()
        self._access_token: str | None = None
        self._refresh_after = 0.0
        register_secret(configured_refresh_token)

    def token(self) -> str:
        """A live access token, refreshing (and persisting the rotation) when needed."""
        with self._thread_lock:
            if self._live(self._access_token, self._refresh_after):
                return t.cast("str", self._access_token)
            with self.store.locked() as held:
                stored = self._registered(held.content)
                if self._live(stored.get("access_token"), stored.get("refresh_after", 0.0)):
                    self._remember(stored["access_token"], stored["refresh_after"])
                    return t.cast("str", self._access_token)
                rotated = self._refresh(self._current_refresh_token(stored))
                # Persist the rotation before anyone can use the new access token.
                held.write(rotated)
            self._remember(rotated["access_token"], rotated["refresh_after"])
            logger.info("Refreshed the access token; rotation saved in %s", self.store.where)
            return t.cast("str", self._access_token)

    def invalidate(self) -> None:
        """Forget the access token (the vendor rejected it); the next call refreshes."""
        with self._thread_lock, self.store.locked() as held:
            self._access_token, self._refresh_after = None, 0.0
            stored = self._registered(held.content)
            if stored:
                held.write({**stored, "access_token": None, "refresh_after": 0.0})

    def _live(self, token: str | None, refresh_after: float) -> bool:
        return token is not None and self._clock() < refresh_after

    @staticmethod
    def _registered(stored: dict[str, t.Any]) -> dict[str, t.Any]:
        """The stored tokens, each registered for log redaction first."""
        for secret in (stored.get("refresh_token"), stored.get("access_token")):
            register_secret(secret)
        return stored

    def _current_refresh_token(self, stored: dict[str, t.Any]) -> str:
        """The stored token, unless the configured one is new (the user re-authorised)."""
        if stored.get("refresh_token") and stored.get("seeded_from") == self._configured:
            return str(stored["refresh_token"])
        return self._configured

    def _refresh(self, refresh_token: str) -> dict[str, t.Any]:
        """Spend `refresh_token`; the store's new content, to write before the token is used."""
        grant = self._exchange(refresh_token)
        register_secret(grant.access_token)
        register_secret(grant.refresh_token)
        # Refresh `margin` before expiry, but never before half the token's life: a token
        # shorter-lived than the margin would otherwise be refreshed before every call.
        refresh_after = self._clock() + max(grant.expires_in - self._margin, grant.expires_in / 2)
        return {
            "seeded_from": self._configured,
            "refresh_token": grant.refresh_token,
            "access_token": grant.access_token,
            "refresh_after": refresh_after,
        }

    def _remember(self, access_token: str, refresh_after: float) -> None:
        self._access_token, self._refresh_after = access_token, refresh_after
