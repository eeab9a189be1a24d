"""`SandboxClient`: one control client per emulator, for tests and scripts.

`sandbox.marketo`, `sandbox.keap` (and `sandbox.keap.xmlrpc`), `sandbox.haihai`,
`sandbox.satori` and `sandbox.mail` each wrap their vendor's control endpoints
(`/_sandbox/<vendor>/...`, modules beside this one); `sandbox.reset()` resets them all.
Standard library only (urllib), so anything that can start the sandbox can also drive it.
"""

from __future__ import annotations

from vendor_sandbox.client.base import ControlClient
from vendor_sandbox.client.haihai import HaihaiControl
from vendor_sandbox.client.keap import KeapControl
from vendor_sandbox.client.mail import MailControl
from vendor_sandbox.client.marketo import MarketoControl
from vendor_sandbox.client.satori import SatoriControl


class SandboxClient(ControlClient):
    """Calls the control API of a running sandbox.

    Attributes:
        base_url: `http://host:port` of the sandbox.
        marketo: Marketo's control client (`MarketoControl`); its `url` is a plugin's `base_url`.
        keap: Keap's (`KeapControl`): `url`, `token_url`, and `xmlrpc` for the XML-RPC tables.
        haihai: 配配メール's (`HaihaiControl`).
        satori: SATORI's (`SatoriControl`).
        mail: The SMTP sink's (`MailControl`).
    """

    def __init__(self, base_url: str, timeout: float = 30.0) -> None:
        super().__init__(base_url, timeout)
        self.marketo = MarketoControl(self.base_url, timeout)
        self.keap = KeapControl(self.base_url, timeout)
        self.haihai = HaihaiControl(self.base_url, timeout)
        self.satori = SatoriControl(self.base_url, timeout)
        self.mail = MailControl(self.base_url, timeout)

    def reset(self) -> None:
        """Reset every vendor: data, settings, tokens, counters and faults; empty the mail sink."""
        self._call("POST", "reset", {})
