"""OAuth2 refresh-token grants whose refresh token ROTATES, persisted so no run is locked out.

Keap (and other vendors) return a new refresh token with every refresh and discard the old
one at once. A connector that refreshes and then crashes before saving the new token, or two
runs that refresh with the same token, lose access until a human re-authorises. So:
- the new refresh token is written to the store (atomically, mode 0600) BEFORE the new
  access token is handed to any caller;
- a file lock around "read store, refresh, write store" makes concurrent runs take turns,
  and the second one finds the first one's fresh access token instead of refreshing again;
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
from pathlib import Path

from singer_commons.files import atomic_write_json, exclusive_lock, read_json
from singer_commons.redaction import register_secret

if t.TYPE_CHECKING:
    from collections.abc import Callable

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
        store_path: Path | str,
        *,
        configured_refresh_token: str,
        exchange: Callable[[str], RefreshGrant],
        refresh_margin_seconds: float = DEFAULT_REFRESH_MARGIN_SECONDS,
        clock: Callable[[], float] = time.time,
    ) -> None:
        """Create a provider.

        Args:
            store_path: JSON file holding the current tokens (one per client/account).
            configured_refresh_token: The refresh token from the plugin's settings.
            exchange: Trades a refresh token for a `RefreshGrant` (the vendor call); may raise
                (nothing is stored then).
            refresh_margin_seconds: Refresh when less than this remains of the access token
                (or half its life, for tokens living less than twice the margin).
            clock: Wall-clock seconds (the store is shared across processes and runs).
        """
        self.store_path = Path(store_path)
        self._lock_path = self.store_path.with_name(self.store_path.name + ".lock")
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
            with exclusive_lock(self._lock_path):
                stored = self._read_store()
                if self._live(stored.get("access_token"), stored.get("refresh_after", 0.0)):
                    self._remember(stored["access_token"], stored["refresh_after"])
                    return t.cast("str", self._access_token)
                self._refresh(self._current_refresh_token(stored))
            return t.cast("str", self._access_token)

    def invalidate(self) -> None:
        """Forget the access token (the vendor rejected it); the next call refreshes."""
        with self._thread_lock, exclusive_lock(self._lock_path):
            self._access_token, self._refresh_after = None, 0.0
            stored = self._read_store()
            if stored:
                stored["access_token"], stored["refresh_after"] = None, 0.0
                atomic_write_json(self.store_path, stored)

    def _live(self, token: str | None, refresh_after: float) -> bool:
        return token is not None and self._clock() < refresh_after

    def _read_store(self) -> dict[str, t.Any]:
        stored: dict[str, t.Any] = read_json(self.store_path, {})
        for secret in (stored.get("refresh_token"), stored.get("access_token")):
            register_secret(secret)
        return stored

    def _current_refresh_token(self, stored: dict[str, t.Any]) -> str:
        """The stored token, unless the configured one is new (the user re-authorised)."""
        if stored.get("refresh_token") and stored.get("seeded_from") == self._configured:
            return str(stored["refresh_token"])
        return self._configured

    def _refresh(self, refresh_token: str) -> None:
        grant = self._exchange(refresh_token)
        register_secret(grant.access_token)
        register_secret(grant.refresh_token)
        # Refresh `margin` before expiry, but never before half the token's life: a token
        # shorter-lived than the margin would otherwise be refreshed before every call.
        refresh_after = self._clock() + max(grant.expires_in - self._margin, grant.expires_in / 2)
        # Persist the rotation before anyone can use the new access token.
        atomic_write_json(
            self.store_path,
            {
                "seeded_from": self._configured,
                "refresh_token": grant.refresh_token,
                "access_token": grant.access_token,
                "refresh_after": refresh_after,
            },
        )
        self._remember(grant.access_token, refresh_after)
        logger.info(
            "Refreshed the access token (expires in %d s); rotation saved", grant.expires_in
        )

    def _remember(self, access_token: str, refresh_after: float) -> None:
        self._access_token, self._refresh_after = access_token, refresh_after
