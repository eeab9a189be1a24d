"""The SATORI vendor as the server sees it: `/satori/api/v4/public/...`, `/_sandbox/satori/...`."""

from __future__ import annotations

import typing as t

from vendor_sandbox.emulator_base import ResettableEmulator
from vendor_sandbox.satori import control
from vendor_sandbox.satori.company import SatoriCompany
from vendor_sandbox.satori.settings import SatoriSettings
from vendor_sandbox.vendor import RequestLimits

if t.TYPE_CHECKING:
    from vendor_sandbox.httpio import Request, Response

# SATORI publishes no limits; the body must hold a 10,000-row bulk CSV (a few MB).
MAX_URL_BYTES = 16 * 1024
MAX_BODY_BYTES = 64 * 1024 * 1024


class SatoriEmulator(ResettableEmulator[SatoriCompany]):
    """The customer APIs of one SATORI company (single, bulk and search).

    The start settings (e.g. from the CLI) are kept, and a reset builds a fresh company
    from them: default custom fields, no customers, no jobs, counters or faults.
    """

    name = "satori"
    limits = RequestLimits(max_url_bytes=MAX_URL_BYTES, max_body_bytes=MAX_BODY_BYTES)

    def __init__(self, settings: SatoriSettings | None = None) -> None:
        """Create the emulator.

        Args:
            settings: The company's settings after every reset (default: the sandbox keys).
        """
        self._settings = settings or SatoriSettings()
        super().__init__()

    def _fresh(self) -> SatoriCompany:
        return SatoriCompany(self._settings)

    def _control(self, instance: SatoriCompany, action: str, request: Request) -> Response:
        """Settings, clock, customers, fields, extra standard fields, jobs, counters, faults."""
        return control.handle(instance, action, request)
