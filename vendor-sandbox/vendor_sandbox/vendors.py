"""The vendors one sandbox serves: add satori here when it is written."""

from __future__ import annotations

import typing as t

from vendor_sandbox.haihai import HaihaiEmulator
from vendor_sandbox.keap import KeapEmulator
from vendor_sandbox.marketo import MarketoEmulator

if t.TYPE_CHECKING:
    from vendor_sandbox.haihai import HaihaiSettings
    from vendor_sandbox.keap import KeapSettings
    from vendor_sandbox.marketo import MarketoSettings
    from vendor_sandbox.vendor import Vendor


def all_vendors(
    *,
    marketo: MarketoSettings | None = None,
    marketo_opportunities: int = 0,
    keap: KeapSettings | None = None,
    keap_contacts: int | None = None,
    haihai: HaihaiSettings | None = None,
) -> list[Vendor]:
    """Every emulator, each mounted under its own prefix.

    Args:
        marketo: Marketo's start settings (None: its defaults).
        marketo_opportunities: Opportunities Marketo seeds at start and after each reset.
        keap: Keap's start settings (None: its defaults).
        keap_contacts: Contacts Keap seeds at start and after each reset (None: its default).
        haihai: 配配メール's start settings (None: its defaults).
    """
    keap_counts = {} if keap_contacts is None else {"contacts": keap_contacts}
    return [
        MarketoEmulator(marketo, seed_opportunities=marketo_opportunities),
        KeapEmulator(keap, seed_counts=keap_counts),
        HaihaiEmulator(haihai),
    ]
