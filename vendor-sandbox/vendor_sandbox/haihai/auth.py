"""Who may call: the API token, the IP allow-list, and the plan an API needs.

Seed 001 (https://support.haihaimail.jp/manual/setting/api/) fixes the token and the
allow-list of single addresses; where the token travels, and the 401/403 statuses, are
ASSUMED. The plugins send the token both as the form field `api_token` and as
`Authorization: Bearer`; a valid token in either place is enough. The caller's address is
the configured `caller_ip`, not the socket's (always loopback in the sandbox), so a test
can play a caller outside the allow-list.
"""

from __future__ import annotations

import typing as t

from vendor_sandbox.haihai.errors import (
    INVALID_TOKEN,
    IP_NOT_ALLOWED,
    PLAN_NOT_SUPPORTED,
    HaihaiError,
)
from vendor_sandbox.haihai.settings import BRIDGE

if t.TYPE_CHECKING:
    from collections.abc import Mapping

    from vendor_sandbox.haihai.settings import HaihaiSettings

BEARER = "bearer "


def bearer_token(headers: Mapping[str, str]) -> str | None:
    """The token of an `Authorization: Bearer <token>` header (lower-cased header names)."""
    value = headers.get("authorization", "")
    return value[len(BEARER) :].strip() if value.lower().startswith(BEARER) else None


def authorize(form_token: str | None, headers: Mapping[str, str], settings: HaihaiSettings) -> None:
    """Check the token, then the caller's IP.

    Raises:
        HaihaiError: INVALID_TOKEN (401) or IP_NOT_ALLOWED (403).
    """
    if settings.api_token not in (form_token, bearer_token(headers)):
        msg = "APIトークンが指定されていないか、正しくありません"
        raise HaihaiError(INVALID_TOKEN, msg)
    if settings.allowed_ips and settings.caller_ip not in settings.allowed_ips:
        msg = f"接続が許可されていないIPアドレスです({settings.caller_ip})"
        raise HaihaiError(IP_NOT_ALLOWED, msg)


def check_plan(action: str, bridge_only: bool, settings: HaihaiSettings) -> None:
    """Refuse a Bridge-only API on another plan.

    Raises:
        HaihaiError: PLAN_NOT_SUPPORTED (403).
    """
    if bridge_only and settings.plan != BRIDGE:
        msg = f"{action} はBridgeプランのみ利用できます(ご契約のプラン: {settings.plan})"
        raise HaihaiError(PLAN_NOT_SUPPORTED, msg)
