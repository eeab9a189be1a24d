"""Emulator of 配配メール's (Haihai Mail's) API連携: CSV imports and CSV retrieval APIs.

API token and IP allow-list, per-API daily quotas turning at 0:00 JST, Bridge-only APIs,
CP932/CRLF CSV, asynchronous imports polled through 処理待ち → 処理中 → 完了.
"""

from vendor_sandbox.haihai.emulator import HaihaiEmulator
from vendor_sandbox.haihai.settings import HaihaiSettings

__all__ = ["HaihaiEmulator", "HaihaiSettings"]
