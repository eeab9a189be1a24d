"""The Keap vendor as the server sees it: `/keap/...` API, `/_sandbox/keap/...` control."""

from __future__ import annotations

import typing as t

from vendor_sandbox.clock import SystemClock
from vendor_sandbox.emulator_base import ResettableEmulator
from vendor_sandbox.keap import control
from vendor_sandbox.keap.instance import KeapInstance
from vendor_sandbox.keap.settings import KeapSettings
from vendor_sandbox.vendor import RequestLimits

if t.TYPE_CHECKING:
    from collections.abc import Mapping

    from vendor_sandbox.clock import Clock
    from vendor_sandbox.httpio import Request, Response

# Keap publishes no URL or body limits; these are generous gateway-like defaults.
MAX_URL_BYTES = 16 * 1024
MAX_BODY_BYTES = 10 * 1024 * 1024


class KeapEmulator(ResettableEmulator[KeapInstance]):
    """Keap's REST v1 API and OAuth token endpoint, one account at a time.

    The start state (settings, seed counts, e.g. from the CLI) is kept, and a reset builds
    a fresh account from it.
    """

    name = "keap"
    limits = RequestLimits(max_url_bytes=MAX_URL_BYTES, max_body_bytes=MAX_BODY_BYTES)

    def __init__(
        self,
        settings: KeapSettings | None = None,
        *,
        seed_counts: Mapping[str, int] | None = None,
        clock: Clock | None = None,
    ) -> None:
        """Create the emulator.

        Args:
            settings: The account's settings after every reset (default: Keap's limits).
            seed_counts: Records per resource after every reset, over the defaults.
            clock: Time source (tests pass a manual clock; default: the system's).
        """
        self._settings = settings or KeapSettings()
        self._seed_counts = dict(seed_counts or {})
        self._clock = clock or SystemClock()
        super().__init__()

    def _fresh(self) -> KeapInstance:
        return KeapInstance(self._settings, self._clock, self._seed_counts)

    def _control(self, instance: KeapInstance, action: str, request: Request) -> Response:
        """Settings, seeding, faults, counters and records (see `control.py`)."""
        return control.handle(instance, action, request)
