"""The `x-keap-*` rate-limit headers every authorised API answer carries.

Keap reports, per credential, the daily quota (`x-keap-product-quota-*`) and the
one-minute throttle (`x-keap-product-throttle-*`), plus the tenant-wide throttle
(`x-keap-tenant-throttle-*`): `limit`, `time-unit`, `interval`, `available` and `used` each
(Keap's "Throttles and Quotas" page,
https://developer.infusionsoft.com/api-token-quota-and-usage-measurements/). Only the quota
has an `expiry-time`, in epoch milliseconds (public clients divide it by 1000, e.g.
toddstoker/keap-sdk `src/KeapResponse.php`); the throttles have none, so a client paces
from the `available` counts alone.
"""

from __future__ import annotations

import typing as t

from vendor_sandbox.keap.clock import epoch_millis
from vendor_sandbox.keap.limits import QUOTA, TENANT_THROTTLE_LIMIT

if t.TYPE_CHECKING:
    from vendor_sandbox.keap.limits import Usage


def _family(prefix: str, limit: int, unit: str, used: int) -> dict[str, str]:
    """One family of headers; none for a limit switched off (0), as if Keap had none."""
    if not limit:
        return {}
    return {
        f"{prefix}-limit": str(limit),
        f"{prefix}-time-unit": unit,
        f"{prefix}-interval": "1",
        f"{prefix}-available": str(max(0, limit - used)),
        f"{prefix}-used": str(used),
    }


def limit_headers(usage: Usage, throttle_limit: int, quota_limit: int) -> dict[str, str]:
    """Every rate-limit header for a call's usage (a refused call adds `Retry-After`)."""
    headers = _family("x-keap-product-quota", quota_limit, "day", usage.quota_used)
    if headers:
        headers["x-keap-product-quota-expiry-time"] = str(epoch_millis(usage.day_ends))
    headers |= _family("x-keap-product-throttle", throttle_limit, "minute", usage.throttle_used)
    headers |= _family("x-keap-tenant-throttle", TENANT_THROTTLE_LIMIT, "minute", usage.tenant_used)
    if usage.refused == QUOTA:
        headers["x-keap-product-quota-available"] = "0"
    if usage.refused is not None:
        headers["Retry-After"] = str(usage.retry_after)
    return headers
