"""The vendors one sandbox serves: add keap, haihai and satori here as they are written."""

from __future__ import annotations

import typing as t

from vendor_sandbox.marketo import MarketoEmulator

if t.TYPE_CHECKING:
    from vendor_sandbox.marketo import MarketoSettings
    from vendor_sandbox.vendor import Vendor


def all_vendors(
    *, marketo: MarketoSettings | None = None, marketo_opportunities: int = 0
) -> list[Vendor]:
    """Every emulator, each mounted under its own prefix.

    Args:
        marketo: Marketo's start settings (None: its defaults).
        marketo_opportunities: Opportunities Marketo seeds at start and after each reset.
    """
    return [MarketoEmulator(marketo, seed_opportunities=marketo_opportunities)]
