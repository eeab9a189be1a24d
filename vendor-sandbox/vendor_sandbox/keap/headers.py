"""The `x-keap-*` rate-limit headers every authorised API answer carries.

Keap reports, per credential, the daily quota (`x-keap-product-quota-*`) and the
one-minute throttle (`x-keap-product-throttle-*`), plus the tenant-wide throttle
(`x-keap-tenant-throttle-*`). A connector reads them to pace itself before it hits a 429.
"""

from __future__ import annotations

import typing as t

from vendor_sandbox.keap.clock import iso_seconds
from vendor_sandbox.keap.limits import QUOTA, TENANT_THROTTLE_LIMIT

if t.TYPE_CHECKING:
    from datetime import datetime

    from vendor_sandbox.keap.limits import Usage


def _family(prefix: str, limit: int, unit: str, used: int, expiry: datetime) -> dict[str, str]:
    """One family of headers; none for a limit switched off (0), as if Keap had none."""
    if not limit:
        return {}
    available = max(0, limit - used)
    return {
        f"{prefix}-limit": str(limit),
        f"{prefix}-time-unit": unit,
        f"{prefix}-interval": "1",
        f"{prefix}-available": str(available),
        f"{prefix}-used": str(used),
        f"{prefix}-expiry-time": iso_seconds(expiry),
    }


def limit_headers(usage: Usage, throttle_limit: int, quota_limit: int) -> dict[str, str]:
    """Every rate-limit header for a call's usage (a refused call adds `Retry-After`)."""
    headers = {
        **_family("x-keap-product-quota", quota_limit, "day", usage.quota_used, usage.day_ends),
        **_family(
            "x-keap-product-throttle",
            throttle_limit,
            "minute",
            usage.throttle_used,
            usage.window_ends,
        ),
        **_family(
            "x-keap-tenant-throttle",
            TENANT_THROTTLE_LIMIT,
            "minute",
            usage.tenant_used,
            usage.tenant_ends,
        ),
    }
    if usage.refused == QUOTA:
        headers["x-keap-product-quota-available"] = "0"
    if usage.refused is not None:
        headers["Retry-After"] = str(usage.retry_after)
    return headers
