"""How the company answers: the success envelope and the error status, per its settings.

Two envelopes exist in the wild: the live API puts the payload under `body` next to a
text `message`; SATORI's documentation examples put the payload in place of the text as
the value of `message`. Some deployments also send errors with HTTP 200, leaving only the
body's `status` to tell. Plugins must cope with each, so both are settings and every
answer of the API is built here.
"""

from __future__ import annotations

import typing as t

from vendor_sandbox.httpio import json_response
from vendor_sandbox.satori.settings import MESSAGE

if t.TYPE_CHECKING:
    from vendor_sandbox.httpio import Response
    from vendor_sandbox.satori.errors import SatoriError
    from vendor_sandbox.satori.settings import SatoriSettings

OK, ACCEPTED = 200, 202
TEXTS = {OK: "OK", ACCEPTED: "Accepted"}


def success(
    settings: SatoriSettings, payload: dict[str, t.Any] | None = None, status: int = OK
) -> Response:
    """A success answer; without a payload it is `{"status", "message": "OK"}` either way."""
    body: dict[str, t.Any] = {"status": status, "message": TEXTS[status]}
    if payload is not None:
        if settings.envelope == MESSAGE:
            body["message"] = payload
        else:
            body["body"] = payload
    return json_response(body, status=status)


def failure(settings: SatoriSettings, error: SatoriError) -> Response:
    """An error answer: its status in the body, and as the HTTP status unless configured."""
    return json_response(error.body(), status=200 if settings.http_200_errors else error.status)
