"""Emulator of Keap's (Infusionsoft's) REST v1 API.

OAuth with rotating refresh tokens, API keys, throttle and daily quota headers, lazily
seeded resources, custom fields.
"""

from vendor_sandbox.keap.emulator import KeapEmulator
from vendor_sandbox.keap.settings import KeapSettings

__all__ = ["KeapEmulator", "KeapSettings"]
