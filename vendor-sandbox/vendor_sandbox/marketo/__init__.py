"""Emulator of Adobe Marketo's Opportunity API (opportunities, roles, field metadata)."""

from vendor_sandbox.marketo.emulator import MarketoEmulator
from vendor_sandbox.marketo.settings import MarketoSettings

__all__ = ["MarketoEmulator", "MarketoSettings"]
