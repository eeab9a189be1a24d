"""The vendors one sandbox serves, in the order `vendor-sandbox serve` prints them."""

from __future__ import annotations

import typing as t

from vendor_sandbox.haihai import HaihaiEmulator
from vendor_sandbox.keap import KeapEmulator
from vendor_sandbox.mail import MailVendor
from vendor_sandbox.marketo import MarketoEmulator
from vendor_sandbox.satori import SatoriEmulator

if t.TYPE_CHECKING:
    from vendor_sandbox.haihai import HaihaiSettings
    from vendor_sandbox.keap import KeapSettings
    from vendor_sandbox.mail import MailSettings
    from vendor_sandbox.marketo import MarketoSettings
    from vendor_sandbox.satori import SatoriSettings
    from vendor_sandbox.vendor import Vendor


def all_vendors(
    *,
    marketo: MarketoSettings | None = None,
    marketo_opportunities: int = 0,
    keap: KeapSettings | None = None,
    keap_contacts: int | None = None,
    haihai: HaihaiSettings | None = None,
    mail: MailSettings | None = None,
    satori: SatoriSettings | None = None,
) -> list[Vendor]:
    """Every emulator, each mounted under its own prefix.

    Args:
        marketo: Marketo's start settings (None: its defaults).
        marketo_opportunities: Opportunities Marketo seeds at start and after each reset.
        keap: Keap's start settings (None: its defaults).
        keap_contacts: Contacts Keap seeds at start and after each reset (None: its default).
        haihai: 配配メール's start settings (None: its defaults).
        mail: The SMTP sink's settings (None: 127.0.0.1, a free port, the default
            credentials, no TLS). Its sink starts listening here, and stops with the server.
        satori: SATORI's start settings (None: its defaults).
    """
    keap_counts = {} if keap_contacts is None else {"contacts": keap_contacts}
    return [
        MarketoEmulator(marketo, seed_opportunities=marketo_opportunities),
        KeapEmulator(keap, seed_counts=keap_counts),
        HaihaiEmulator(haihai),
        SatoriEmulator(satori),
        MailVendor(mail),
    ]
