"""The Marketo vendor as the server sees it: `/marketo/...` API, `/_sandbox/marketo/...` control."""

from __future__ import annotations

import typing as t

from vendor_sandbox.emulator_base import ResettableEmulator
from vendor_sandbox.marketo import control
from vendor_sandbox.marketo.instance import MarketoInstance
from vendor_sandbox.marketo.settings import MarketoSettings
from vendor_sandbox.vendor import RequestLimits

if t.TYPE_CHECKING:
    from vendor_sandbox.httpio import Request, Response

# Adobe, "Error Codes" (experienceleague.adobe.com/en/docs/marketo-developer/marketo/rest/
# error-codes): 414 "when the URI of a GET request exceeds 8KB", 413 "if the Request Payload
# exceeds 1MB". The page gives no byte counts; the sandbox enforces the stricter readings
# (8 KiB counts the `/marketo` prefix too; 1 MB is 10**6 bytes), so a plugin that passes here
# passes under either. Adobe documents no body for these answers ("the HTTP reason phrase
# should not be evaluated"): the sandbox answers a plain-text status line.
MAX_URL_BYTES = 8 * 1024
MAX_BODY_BYTES = 1_000_000


class MarketoEmulator(ResettableEmulator[MarketoInstance]):
    """The Marketo Opportunity API, one instance at a time.

    The start state (settings and the number of seeded opportunities, e.g. from the CLI)
    is kept, and a reset builds a fresh instance from it.
    """

    name = "marketo"
    limits = RequestLimits(max_url_bytes=MAX_URL_BYTES, max_body_bytes=MAX_BODY_BYTES)

    def __init__(
        self, settings: MarketoSettings | None = None, *, seed_opportunities: int = 0
    ) -> None:
        """Create the emulator.

        Args:
            settings: The instance's settings after every reset (defaults: Marketo's limits).
            seed_opportunities: Opportunities seeded after every reset (no roles).
        """
        self._settings = settings or MarketoSettings()
        self._seed_opportunities = seed_opportunities
        super().__init__()

    def _fresh(self) -> MarketoInstance:
        instance = MarketoInstance(self._settings)
        instance.store.seed(self._seed_opportunities, 0)
        return instance

    def _control(self, instance: MarketoInstance, action: str, request: Request) -> Response:
        """Settings, seeding, faults, counters and records (see `control.py`)."""
        return control.handle(instance, action, request)
