"""The 配配メール vendor as the server sees it: `/haihai/?ac=...` API, `/_sandbox/haihai/...`."""

from __future__ import annotations

import typing as t

from vendor_sandbox.emulator_base import ResettableEmulator
from vendor_sandbox.haihai import control
from vendor_sandbox.haihai.account import HaihaiAccount
from vendor_sandbox.haihai.settings import HaihaiSettings
from vendor_sandbox.vendor import RequestLimits

if t.TYPE_CHECKING:
    from vendor_sandbox.httpio import Request, Response

# 配配メール publishes no limits; the body must hold a million-row CSV upload (~60 MB).
MAX_URL_BYTES = 16 * 1024
MAX_BODY_BYTES = 200 * 1024 * 1024


class HaihaiEmulator(ResettableEmulator[HaihaiAccount]):
    """The API連携 APIs of one 配配メール account (CSV import and retrieval).

    The start settings (e.g. from the CLI) are kept, and a reset builds a fresh account
    from them: default seed, system time, no imports, counters or faults.
    """

    name = "haihai"
    limits = RequestLimits(max_url_bytes=MAX_URL_BYTES, max_body_bytes=MAX_BODY_BYTES)

    def __init__(self, settings: HaihaiSettings | None = None) -> None:
        """Create the emulator.

        Args:
            settings: The account's settings after every reset (default: a Bridge account).
        """
        self._settings = settings or HaihaiSettings()
        super().__init__()

    def _fresh(self) -> HaihaiAccount:
        return HaihaiAccount(self._settings)

    def _control(self, instance: HaihaiAccount, action: str, request: Request) -> Response:
        """Settings, clock, data, imports, counters and faults (see `control.py`)."""
        return control.handle(instance, action, request)
