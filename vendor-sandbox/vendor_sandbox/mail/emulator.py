"""`MailVendor`: the SMTP sink mounted in the sandbox server, for its control endpoints.

The sink speaks SMTP on its own port; the HTTP server only carries `/_sandbox/mail/...`
so `vendor-sandbox serve` users, the demo and the fixtures read and clear the mailbox with
the same client as every other vendor. The sink starts with the vendor and stops in
`close()`, which `SandboxServer.shutdown()` calls once when the server stops.
"""

from __future__ import annotations

import typing as t

from vendor_sandbox.httpio import error_response, json_response
from vendor_sandbox.mail import control
from vendor_sandbox.mail.settings import MailSettings
from vendor_sandbox.mail.sink import SmtpSink
from vendor_sandbox.vendor import RequestLimits

if t.TYPE_CHECKING:
    from vendor_sandbox.httpio import Request, Response

# Nothing is served under /mail but a 404, so refuse anything larger than a small request.
LIMITS = RequestLimits(max_url_bytes=8 * 1024, max_body_bytes=64 * 1024)


class MailVendor:
    """The SMTP sink as a sandbox vendor named `mail`.

    Args:
        settings: Where and how the sink listens (None: `MailSettings()` defaults).
    """

    name = "mail"
    limits = LIMITS

    def __init__(self, settings: MailSettings | None = None) -> None:
        settings = settings or MailSettings()
        self.sink = SmtpSink(
            settings.host,
            settings.port,
            username=settings.username,
            password=settings.password,
            security=settings.security,
            certfile=settings.certfile,
            keyfile=settings.keyfile,
        ).start()

    def handle(self, request: Request) -> Response:
        """Any HTTP call under `/mail`: a 404 that says where the sink really listens."""
        del request
        return error_response(404, f"the mail sink speaks SMTP, not HTTP: {self.sink.url}")

    def control(self, action: str, request: Request) -> Response:
        """`reset` here; `messages`, `clear` and `settings` in the control module."""
        if action == "reset":
            if request.method != "POST":
                return error_response(405, "use POST to reset")
            self.reset()
            return json_response({"reset": [self.name]})
        return control.handle(self.sink, action, request)

    def reset(self) -> None:
        """Forget every message (the sink keeps its port and settings)."""
        self.sink.clear()

    def close(self) -> None:
        """Stop the sink: the server calls this once, when it stops."""
        self.sink.stop()
