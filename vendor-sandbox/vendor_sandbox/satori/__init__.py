"""Emulator of SATORI's customer API (`/api/v4/public`): single, bulk CSV and search.

Four API keys as parameters, the `body` and `message` envelopes, errors with or without
their HTTP status, bulk jobs applied when a status call finishes them.
"""

from vendor_sandbox.satori.emulator import SatoriEmulator
from vendor_sandbox.satori.settings import SatoriSettings

__all__ = ["SatoriEmulator", "SatoriSettings"]
